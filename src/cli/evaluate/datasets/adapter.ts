import type { Dataset } from '../dataset';

/** Reads a file of the dataset's folder by name. */
export type ReadFile = (file: string, encoding?: 'utf8' | 'latin1') => string;

/** Maps one public dataset (as laid out in ../shared/data/NAME, see its SOURCE.md) to our records. */
export interface DatasetAdapter {
  name: string;
  /** One line for --help: what is read and how it maps. */
  summary: string;
  parse(read: ReadFile): Dataset;
}
