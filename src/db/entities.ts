import { ApiKeyEntity } from '../auth/api-key.entity';
import { ModelArtifactChunkEntity, ModelVersionEntity, RetrainJobEntity } from '../model-lifecycle/entities';
import { CategoryEntity, ProductEntity, UserEntity } from '../catalog/entities';
import {
  CartItemEntity,
  IdempotencyKeyEntity,
  InteractionEntity,
  OrderEntity,
  OrderItemEntity,
  ReviewEntity,
} from '../telemetry/entities';

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
