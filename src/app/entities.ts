// Every MikroORM entity, from every feature: the one list the ORM is initialised with (platform/db takes it
// as a parameter, so platform names no feature).
import { ApiKeyEntity } from '../features/auth';
import { ModelArtifactChunkEntity, ModelVersionEntity, RetrainJobEntity } from '../features/model-lifecycle';
import { CategoryEntity, ProductEntity, UserEntity } from '../features/catalog';
import {
  CartItemEntity,
  IdempotencyKeyEntity,
  InteractionEntity,
  OrderEntity,
  OrderItemEntity,
  ReviewEntity,
} from '../features/telemetry';

export const entities = [
  CategoryEntity,
  ProductEntity,
  UserEntity,
  InteractionEntity,
  ReviewEntity,
  CartItemEntity,
  OrderEntity,
  OrderItemEntity,
  IdempotencyKeyEntity,
  ModelVersionEntity,
  ModelArtifactChunkEntity,
  RetrainJobEntity,
  ApiKeyEntity,
];
