import { Migration20261128032339_Initial } from './Migration20261128032339_Initial';

// Applied in this order; add each new migration class here.
export const migrationsList = [
  { name: 'Migration20261128032339_Initial', class: Migration20261128032339_Initial },
];
