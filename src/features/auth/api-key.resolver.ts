import { GraphQLDateTime } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Field, ID, Mutation, ObjectType, Query, registerEnumType, Resolver } from 'type-graphql';
import type { AuthContext } from './context';
import { ApiKeyRole } from './api-key.entity';

registerEnumType(ApiKeyRole, { name: 'ApiKeyRole', description: 'admin: everything; service: server-to-server (telemetry, commerce and recommendations for any user)' });

@ObjectType({ simpleResolvers: true })
export class ApiKey {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => ApiKeyRole)
  role!: ApiKeyRole;

  @Field({ description: 'The first characters of the secret, to recognise the key' })
  prefix!: string;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;

  @Field(() => GraphQLDateTime, { nullable: true })
  revokedAt!: Date | null;
}

@ObjectType({ simpleResolvers: true })
export class CreatedApiKey {
  @Field(() => ApiKey)
  key!: ApiKey;

  @Field({ description: 'Send as `Authorization: Bearer <secret>`. Shown only here, once: only its hash is stored' })
  secret!: string;
}

@Resolver()
export class ApiKeyResolver {
  @Authorized()
  @Query(() => [ApiKey], { description: 'Every API key, revoked ones included (never their secrets)' })
  apiKeys(@Ctx() ctx: AuthContext) {
    return ctx.apiKeys.list();
  }

  @Authorized()
  @Mutation(() => CreatedApiKey, { description: 'A new API key; its secret is returned once' })
  createApiKey(@Arg('name') name: string, @Arg('role', () => ApiKeyRole) role: ApiKeyRole, @Ctx() ctx: AuthContext) {
    return ctx.apiKeys.create(name, role);
  }

  @Authorized()
  @Mutation(() => ApiKey, { description: 'Revokes a key at once on every replica; revoking a revoked key changes nothing' })
  revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: AuthContext) {
    return ctx.apiKeys.revoke(id);
  }
}
