import { Migration20261128032339_Initial } from './Migration20261128032339_Initial';
import { Migration20261128033301_ModelVersions } from './Migration20261128033301_ModelVersions';
import { Migration20261203125314_ModelEvaluation } from './Migration20261203125314_ModelEvaluation';
import { Migration20261203133000_AnonymousSessions } from './Migration20261203133000_AnonymousSessions';
import { Migration20261203133100_IdempotencyKeys } from './Migration20261203133100_IdempotencyKeys';
import { Migration20261203133200_RetrainRecovery } from './Migration20261203133200_RetrainRecovery';
import { Migration20261203140000_ApiKeys } from './Migration20261203140000_ApiKeys';
import { Migration20261204013408_RetrainProgress } from './Migration20261204013408_RetrainProgress';

// Applied in this order; add each new migration class here.
export const migrationsList = [
  { name: 'Migration20261128032339_Initial', class: Migration20261128032339_Initial },
  { name: 'Migration20261128033301_ModelVersions', class: Migration20261128033301_ModelVersions },
  { name: 'Migration20261203125314_ModelEvaluation', class: Migration20261203125314_ModelEvaluation },
  { name: 'Migration20261203133000_AnonymousSessions', class: Migration20261203133000_AnonymousSessions },
  { name: 'Migration20261203133100_IdempotencyKeys', class: Migration20261203133100_IdempotencyKeys },
  { name: 'Migration20261203133200_RetrainRecovery', class: Migration20261203133200_RetrainRecovery },
  { name: 'Migration20261203140000_ApiKeys', class: Migration20261203140000_ApiKeys },
  { name: 'Migration20261204013408_RetrainProgress', class: Migration20261204013408_RetrainProgress },
];
