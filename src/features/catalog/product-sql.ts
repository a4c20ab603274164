// The one projection of a product row into the Product shape, shared by every product query.
export const PRODUCT_COLUMNS = `p.id::text as "id", p.sku, p.name, p.description,
  p.category_id::text as "categoryId", c.name as "categoryName", p.price::float8 as "price",
  p.gender, p.color, p.material, p.size, p.created_at as "createdAt"`;

export const PRODUCT_FROM = `product p join category c on c.id = p.category_id`;
