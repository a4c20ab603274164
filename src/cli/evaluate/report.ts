import type { EvaluationReport, ResultRow } from './run';

const HEADER = ['model', 'NDCG@10', 'Recall@10', 'HR@10', 'coverage', 'users', 'train ms'];

/** The rows as an aligned plain-text table (numbers right-aligned, 4 decimals). */
export function formatTable(report: EvaluationReport): string {
  const cells = report.rows.map((r) => cellsOf(r));
  // A skipped row is [model, reason]: the reason spans the metric columns and sets no width.
  const widths = HEADER.map((h, c) => Math.max(h.length, ...cells.filter((row) => c === 0 || row.length > 2).map((row) => row[c].length)));
  const line = (row: string[]) =>
    row.map((cell, c) => (c === 0 ? cell.padEnd(widths[0]) : row.length === 2 ? cell : cell.padStart(widths[c]))).join(' | ').trimEnd();
  return [line(HEADER), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join('\n');
}

function cellsOf(r: ResultRow): string[] {
  if (r.skipped !== null) return [r.model, `skipped: ${r.skipped}`];
  const f = (x: number) => x.toFixed(4);
  return [r.model, f(r.ndcgAt10), f(r.recallAt10), f(r.hitRateAt10), f(r.coverage), String(r.evaluatedUsers), String(r.trainMs)];
}

/** One JSON object per row, each naming the dataset. */
export function jsonLines(report: EvaluationReport): string[] {
  return report.rows.map((r) => JSON.stringify({ dataset: report.dataset, ...r }));
}

export function summaryLine(report: EvaluationReport): string {
  return (
    `${report.dataset}: ${report.products} products, ${report.users} users, ${report.interactions} interactions; ` +
    `${report.trainInteractions} train, ${report.evaluatedUsers} users evaluated`
  );
}
