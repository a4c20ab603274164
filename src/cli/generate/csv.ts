import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { generateCatalog, generateInteractions } from '../../synthetic';
import type { GenerateArgs } from './args';

// --out DIR: the same seeded data as CSV files in the format `npm run evaluate` reads, with no database.
// products.csv has no avg_rating / review_count: the evaluation derives them from the training
// part's RATE events, so held-out ratings never reach the model.

export interface CsvResult {
  products: number;
  users: number;
  interactions: number;
  files: string[];
  seconds: number;
}

const CHUNK = 5_000;

export function generateCsv(o: GenerateArgs & { out: string; now?: Date | number }): CsvResult {
  const started = performance.now();
  const now = o.now === undefined ? Date.now() : new Date(o.now).getTime();
  mkdirSync(o.out, { recursive: true });
  const catalog = generateCatalog({ products: o.products, seed: o.seed });
  const productsFile = join(o.out, 'products.csv');
  const interactionsFile = join(o.out, 'interactions.csv');

  writeLines(productsFile, 'id,name,category,price,gender,color,material,size', function* () {
    for (const p of catalog) yield [p.sku, p.name, p.category, p.price.toFixed(2), p.gender, p.color, p.material, p.size].map(cell).join(',');
  });
  let interactions = 0;
  writeLines(interactionsFile, 'user_id,product_id,type,rating,occurred_at', function* () {
    for (const e of generateInteractions({ products: catalog, users: o.users, interactions: o.interactions, days: o.days, seed: o.seed, now })) {
      interactions++;
      yield `user-${e.userIndex + 1},${catalog[e.productIndex].sku},${e.type},${e.rating ?? ''},${e.occurredAt.toISOString()}`;
    }
  });
  return {
    products: catalog.length,
    users: o.users,
    interactions,
    files: [productsFile, interactionsFile],
    seconds: Math.round((performance.now() - started) / 10) / 100,
  };
}

function writeLines(file: string, header: string, lines: () => Iterable<string>): void {
  const fd = openSync(file, 'w');
  try {
    let chunk: string[] = [header];
    for (const line of lines()) {
      chunk.push(line);
      if (chunk.length >= CHUNK) {
        writeSync(fd, chunk.join('\n') + '\n');
        chunk = [];
      }
    }
    if (chunk.length > 0) writeSync(fd, chunk.join('\n') + '\n');
  } finally {
    closeSync(fd);
  }
}

function cell(value: string | null): string {
  if (value === null) return '';
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
