import type { DatasetAdapter } from './adapter';
import { amazon5core, hmFashion } from './catalogues';
import { diginetica, rees46, taobao } from './events';
import { movielens100k, movielensLatestSmall } from './movielens';

export type { DatasetAdapter, ReadFile } from './adapter';

// Not adapted: otto-recsys-sample (20 sessions, a format fixture), fashion-product-images-styles and
// myntra-fashion-catalog (catalogues without interactions).
export const DATASETS: readonly DatasetAdapter[] = [movielens100k, movielensLatestSmall, rees46, taobao, amazon5core, hmFashion, diginetica];

export function findDataset(name: string): DatasetAdapter | undefined {
  return DATASETS.find((d) => d.name === name);
}
