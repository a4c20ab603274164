import { Migration20261128032339_Initial } from './Migration20261128032339_Initial';
import { Migration20261128033301_ModelVersions } from './Migration20261128033301_ModelVersions';
import { Migration20261203125314_ModelEvaluation } from './Migration20261203125314_ModelEvaluation';
import { Migration20261203140000_ApiKeys } from './Migration20261203140000_ApiKeys';

// Applied in this order; add each new migration class here.
export const migrationsList = [
  { name: 'Migration20261128032339_Initial', class: Migration20261128032339_Initial },
  { name: 'Migration20261128033301_ModelVersions', class: Migration20261128033301_ModelVersions },
  { name: 'Migration20261203125314_ModelEvaluation', class: Migration20261203125314_ModelEvaluation },
  { name: 'Migration20261203140000_ApiKeys', class: Migration20261203140000_ApiKeys },
];
