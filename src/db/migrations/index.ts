import { Migration20261128032339_Initial } from './Migration20261128032339_Initial';
import { Migration20261128033301_ModelVersions } from './Migration20261128033301_ModelVersions';

// Applied in this order; add each new migration class here.
export const migrationsList = [
  { name: 'Migration20261128032339_Initial', class: Migration20261128032339_Initial },
  { name: 'Migration20261128033301_ModelVersions', class: Migration20261128033301_ModelVersions },
];
