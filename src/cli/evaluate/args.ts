import { parseArgs } from 'node:util';
import { EASE_MAX_ITEMS } from '../../recommender/baselines';
import { InputError } from './csv';
import { DATASETS } from './datasets';

export type EvaluateSource =
  | { kind: 'csv'; interactions: string; products: string }
  | { kind: 'dataset'; name: string; dataDir: string };

export interface EvaluateArgs {
  source: EvaluateSource;
  testFraction: number;
  minInteractions: number;
  neighbours: number;
  easeLambda: number;
  easeMaxItems: number;
  json: boolean;
}

export const DEFAULT_DATA_DIR = '../shared/data';

export const USAGE = `usage: npm run evaluate -- (--interactions FILE.csv --products FILE.csv | --dataset NAME [--data-dir DIR]) [options]

Offline evaluation with the service's own protocol (per-user chronological holdout, NDCG/Recall/HR@10):
the service's model (train() of the recommender core) beside most-popular, ItemKNN and EASE.

Input, either
  --interactions FILE   CSV with a header row: user_id, product_id, type, rating, occurred_at
                          type: VIEW | ADD_TO_CART | PURCHASE | RATE; rating: empty, or 1-5 (needed for RATE);
                          occurred_at: ISO-8601, or epoch seconds (below 1e11) or milliseconds
  --products FILE       CSV with a header row: id, name, category, price (required), gender, color, material,
                          size, avg_rating, review_count (optional columns, empty cells allowed); products that
                          only the interactions name are added without attributes
or
  --dataset NAME        a public dataset read in place from DIR/NAME (never copied):
${DATASETS.map((d) => `                          ${d.name}: ${d.summary}`).join('\n')}
  --data-dir DIR        the folder holding the datasets' folders (default ${DEFAULT_DATA_DIR})

Options
  --test-fraction F     share of each user's events held out, latest first (default 0.2)
  --min-interactions N  users with fewer events are not evaluated (default 5)
  --neighbours K        ItemKNN neighbours kept per item (default 100)
  --ease-lambda L       EASE regularisation (default 500)
  --ease-max-items N    EASE is skipped above this many training items (default ${EASE_MAX_ITEMS})
  --json                one JSON line per row instead of the table
Product ratings (avg_rating, review_count) that the input does not give come from the training part's
RATE events, so nothing held out leaks into the model. The model's recency is measured from the latest
training event. k is 10. Everything is deterministic.`;

export function parseEvaluateArgs(argv: string[]): EvaluateArgs | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      help: { type: 'boolean', short: 'h' },
      json: { type: 'boolean' },
      interactions: { type: 'string' },
      products: { type: 'string' },
      dataset: { type: 'string' },
      'data-dir': { type: 'string' },
      'test-fraction': { type: 'string' },
      'min-interactions': { type: 'string' },
      neighbours: { type: 'string' },
      'ease-lambda': { type: 'string' },
      'ease-max-items': { type: 'string' },
    },
  });
  if (values.help) return 'help';
  let source: EvaluateSource;
  if (values.dataset !== undefined) {
    if (values.interactions !== undefined || values.products !== undefined) {
      throw new InputError('give either --dataset or --interactions with --products, not both');
    }
    if (!DATASETS.some((d) => d.name === values.dataset)) {
      throw new InputError(`unknown --dataset "${values.dataset}"; known: ${DATASETS.map((d) => d.name).join(', ')}`);
    }
    source = { kind: 'dataset', name: values.dataset, dataDir: values['data-dir'] ?? DEFAULT_DATA_DIR };
  } else {
    if (values.interactions === undefined || values.products === undefined) {
      throw new InputError('give --interactions FILE and --products FILE, or --dataset NAME');
    }
    if (values['data-dir'] !== undefined) throw new InputError('--data-dir goes with --dataset');
    source = { kind: 'csv', interactions: values.interactions, products: values.products };
  }
  const number = (name: string, fallback: number, ok: (x: number) => boolean, expected: string) => {
    const raw = values[name as keyof typeof values] as string | undefined;
    if (raw === undefined) return fallback;
    const x = Number(raw);
    if (raw.trim() === '' || !ok(x)) throw new InputError(`--${name} must be ${expected}, got "${raw}"`);
    return x;
  };
  const whole = (min: number) => (x: number) => Number.isInteger(x) && x >= min;
  return {
    source,
    testFraction: number('test-fraction', 0.2, (x) => x > 0 && x < 1, 'a number between 0 and 1 (exclusive)'),
    minInteractions: number('min-interactions', 5, whole(2), 'a whole number >= 2'),
    neighbours: number('neighbours', 100, whole(1), 'a whole number >= 1'),
    easeLambda: number('ease-lambda', 500, (x) => Number.isFinite(x) && x > 0, 'a number > 0'),
    easeMaxItems: number('ease-max-items', EASE_MAX_ITEMS, whole(0), 'a whole number >= 0'),
    json: values.json === true,
  };
}
