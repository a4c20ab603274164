import type { Loaded } from '@mikro-orm/core';
import type { CategoryEntity, ProductEntity, UserEntity } from './entities';
import type { Category, Product, User } from './types';

// The one mapping of each catalog entity to its GraphQL type.

export function toProduct(p: Loaded<ProductEntity, 'category'>): Product {
  const category = p.category.$;
  return {
    id: p.id,
    sku: p.sku,
    name: p.name,
    description: p.description,
    categoryId: category.id,
    categoryName: category.name,
    // numeric(12,2) arrives as a string; a double holds every such value as closely as float8 does.
    price: Number(p.price),
    gender: p.gender,
    color: p.color,
    material: p.material,
    size: p.size,
    createdAt: p.createdAt,
  };
}

export function toCategory(c: CategoryEntity): Category {
  return { id: c.id, name: c.name };
}

export function toUser(u: UserEntity): User {
  return { id: u.id, email: u.email, name: u.name, createdAt: u.createdAt };
}
