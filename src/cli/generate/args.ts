import { MAX_DAYS, MIN_DAYS } from '../../platform/days';
import { parseArgs } from 'node:util';

export interface GenerateArgs {
  products: number;
  users: number;
  interactions: number;
  days: number;
  seed: number;
  /** Reviews wanted in total; undefined: exactly those the RATE events imply. */
  reviews?: number;
  /** Write CSV files for `npm run evaluate` into this folder instead of filling the database. */
  out?: string;
}

export const USAGE = `usage: npm run generate -- [--products N] [--users N] [--interactions N] [--days D] [--seed S] [--reviews N | --out DIR]
  --products      products in the catalogue, upserted by sku             (default 1000)
  --users         users, inserted by e-mail when new                     (default 500)
  --interactions  interactions appended, spread over the last D days     (default 20000)
  --days          window of the interaction timestamps, in days          (default 30)
  --seed          seed of the generator; the same seed gives the same data (default 42)
  --reviews       reviews wanted in total: every RATE event already implies one; the rest are
                  added as reviews (each with its RATE interaction) of purchased products
  --out           no database: write DIR/products.csv and DIR/interactions.csv, the input of
                  npm run evaluate -- --products DIR/products.csv --interactions DIR/interactions.csv
Shoppers have taste: each belongs to a tribe with favourite categories, a price band and outfits
(products viewed and bought together), so a collaborative model beats most-popular on this data.
The database is DATABASE_URL; it is created and migrated when needed.`;

// name -> [default, minimum, maximum]
const LIMITS = {
  products: [1000, 1, 10_000_000],
  users: [500, 1, 10_000_000],
  interactions: [20_000, 0, 1_000_000_000],
  days: [30, MIN_DAYS, MAX_DAYS],
  seed: [42, 0, 0xffffffff],
  reviews: [undefined, 0, 100_000_000],
} as const;

type Name = keyof typeof LIMITS;

/** Parses and checks the command line; throws an Error whose message says what is wrong. */
export function parseGenerateArgs(argv: string[]): GenerateArgs | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      help: { type: 'boolean', short: 'h' },
      out: { type: 'string' },
      ...(Object.fromEntries(Object.keys(LIMITS).map((k) => [k, { type: 'string' }])) as Record<Name, { type: 'string' }>),
    },
  });
  if (values.help) return 'help';
  const out: Partial<Record<Name, number>> = {};
  for (const name of Object.keys(LIMITS) as Name[]) {
    const [fallback, min, max] = LIMITS[name];
    const raw = values[name];
    if (raw === undefined) {
      if (fallback !== undefined) out[name] = fallback;
      continue;
    }
    if (!/^\d+$/.test(raw)) throw new Error(`--${name} must be a whole number, got "${raw}"`);
    const n = Number(raw);
    if (n < min || n > max) throw new Error(`--${name} must be between ${min} and ${max}, got ${raw}`);
    out[name] = n;
  }
  if (values.out !== undefined) {
    if (values.out === '') throw new Error('--out needs a folder');
    if (out.reviews !== undefined) throw new Error('--reviews fills the database\'s review table: it does not go with --out');
    return { ...(out as GenerateArgs), out: values.out };
  }
  return out as GenerateArgs;
}
