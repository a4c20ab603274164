import { ApiKeyEntity } from '../auth/api-key.entity';
import { ModelArtifactChunkEntity, ModelVersionEntity, RetrainJobEntity } from '../model-lifecycle/entities';
import { CategoryEntity, ProductEntity, UserEntity } from '../catalog/entities';
import {
  CartItemEntity,
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
  ModelVersionEntity,
  ModelArtifactChunkEntity,
  RetrainJobEntity,
  ApiKeyEntity,
];
