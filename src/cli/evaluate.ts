// `npm run evaluate`: the offline evaluation of the service's model beside baselines, from CSV files
// or a public dataset read in place. The table (or JSON lines) goes to stdout, notes to stderr.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEvaluateArgs, USAGE, type EvaluateArgs } from './evaluate/args';
import { InputError } from './evaluate/csv';
import { csvDataset } from './evaluate/csv-input';
import type { Dataset } from './evaluate/dataset';
import { findDataset } from './evaluate/datasets';
import { formatTable, jsonLines, summaryLine } from './evaluate/report';
import { evaluateDataset } from './evaluate/run';

export function loadDataset(source: EvaluateArgs['source']): Dataset {
  const read = (path: string, encoding: 'utf8' | 'latin1' = 'utf8') => {
    if (!existsSync(path)) throw new InputError(`${path}: no such file`);
    return readFileSync(path, encoding);
  };
  if (source.kind === 'csv') {
    return csvDataset(source.interactions, read(source.interactions), source.interactions, read(source.products), source.products);
  }
  const adapter = findDataset(source.name)!;
  const dir = existsSync(join(source.dataDir, source.name)) ? join(source.dataDir, source.name) : source.dataDir;
  return adapter.parse((file, encoding) => read(join(dir, file), encoding));
}

function main(): void {
  let args: EvaluateArgs | 'help';
  try {
    args = parseEvaluateArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    process.exit(1);
  }
  if (args === 'help') {
    console.log(USAGE);
    return;
  }
  const dataset = loadDataset(args.source);
  for (const note of dataset.notes) console.error(`[evaluate] ${note}`);
  const report = evaluateDataset(dataset, args);
  console.error(`[evaluate] ${summaryLine(report)}`);
  if (report.evaluatedUsers === 0) console.error('[evaluate] no user has a held-out relevant item: every metric is 0');
  console.log(args.json ? jsonLines(report).join('\n') : formatTable(report));
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    console.error(e instanceof InputError ? e.message : e);
    process.exit(1);
  }
}
