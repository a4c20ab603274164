import { ApiKeyEntity } from '../features/auth/api-key.entity';
import { ModelArtifactChunkEntity, ModelVersionEntity, RetrainJobEntity } from '../features/model-lifecycle/entities';
import { CategoryEntity, ProductEntity, UserEntity } from '../features/catalog/entities';
import {
  CartItemEntity,
  IdempotencyKeyEntity,
  InteractionEntity,
  OrderEntity,
  OrderItemEntity,
  ReviewEntity,
} from '../features/telemetry/entities';

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
