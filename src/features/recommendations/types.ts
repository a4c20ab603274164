import { Field, Float, ObjectType, registerEnumType } from 'type-graphql';
import { Product } from '../catalog';

/** Where similar products come from: the recommender core's SimilarityKind, for GraphQL. */
export enum SimilarityKind {
  CONTENT = 'CONTENT',
  BEHAVIOUR = 'BEHAVIOUR',
  HYBRID = 'HYBRID',
}
registerEnumType(SimilarityKind, {
  name: 'SimilarityKind',
  valuesConfig: {
    CONTENT: { description: 'Products with similar attributes (category, colour, material, price, rating)' },
    BEHAVIOUR: { description: 'Shoppers who interacted with this product also interacted with these' },
    HYBRID: { description: 'Behaviour where there is enough of it, attributes otherwise' },
  },
});

// simpleResolvers: no middleware around score and reason (up to 100 of each per list).
@ObjectType({ simpleResolvers: true })
export class Recommendation {
  productId!: string;

  @Field(() => Product)
  product!: Product;

  @Field(() => Float)
  score!: number;

  @Field(() => String, { nullable: true, description: 'Why this product is recommended' })
  reason!: string | null;
}
