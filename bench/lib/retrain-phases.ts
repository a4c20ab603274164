// The phases of one retrain, from the events retrain-probe.js prints (kept apart from the probe itself,
// which installs its hooks when loaded).

export const PROBE_PREFIX = '@@probe ';

export type Probe = { ev: string; thread: 'main' | 'worker'; [k: string]: unknown };

export interface RetrainPhases {
  /** spawn -> first training query (node start-up, ORM init, the retrain_job row). */
  startupMs: number;
  /** Reading from PostgreSQL: snapshot + products + every interaction page, including building the columns. */
  readMs: number;
  readProductsMs: number;
  readInteractionsMs: number;
  /** Of readInteractionsMs: summed page-query round trips (PostgreSQL + pg row parsing) and column building. */
  pageQueryMs: number;
  columnsAddMs: number;
  pages: number;
  interactionRows: number;
  /** Training thread, from the end of the reads to the artifact back on the main thread. */
  trainSerializeMs: number;
  /** Of trainSerializeMs: columns.build + cloning the products into the new Worker (main thread). */
  prepareMs: number;
  /** Thread start and module loading until train() starts. */
  workerStartMs: number;
  trainMs: number;
  serializeMs: number;
  transferMs: number;
  artifactMB: number;
  /** Storing: retire the old version, insert the new one and its chunks, NOTIFY, commit. */
  storeMs: number;
  chunkInsertMs: number;
  chunks: number;
  /** Commit of the new version -> process exit (retrain_job SUCCEEDED, ORM closed). */
  exitMs: number;
  /** Epoch ms when the new version's transaction committed (the NOTIFY is delivered then). */
  committedAt: number;
  /** Epoch ms when the artifact reached the main thread (training done, storing starts). */
  trainedAt: number;
  /** VmHWM of the process at exit and RSS at the end of train() / serialize() (same process, all threads). */
  hwmMB: number;
  /** User + system CPU seconds of the whole process (all threads). */
  cpuSec: number;
  rssAfterTrainMB: number;
  rssAfterSerializeMB: number;
}

const r1 = (x: number) => Math.round(x * 10) / 10;

/** Derives the phases; throws when an event is missing (e.g. the retrain failed). */
export function retrainPhases(probes: Probe[], spawnedAt: number): RetrainPhases {
  const one = (ev: string, tag?: string): Probe => {
    const p = probes.find((x) => x.ev === ev && (tag === undefined || x.tag === tag));
    if (!p) throw new Error(`retrain probe: no ${tag ?? ev} event`);
    return p;
  };
  const n = (p: Probe, k: string) => p[k] as number;
  const snapshot = one('query', 'snapshot');
  const products = one('query', 'products');
  const pages = probes.filter((p) => p.ev === 'query' && p.tag === 'page');
  const lastPage = pages.length ? pages[pages.length - 1] : products;
  const columns = one('columns');
  const ctor = one('worker-ctor');
  const train = one('train');
  const ser = one('serialize');
  const message = one('worker-message');
  const notify = one('query', 'notify');
  const commit = probes.find((p) => p.ev === 'query' && p.tag === 'commit' && n(p, 't0') >= n(notify, 't1'));
  if (!commit) throw new Error('retrain probe: no commit after the NOTIFY');
  const chunks = probes.filter((p) => p.ev === 'query' && p.tag === 'chunk');
  const exit = one('exit');
  return {
    startupMs: r1(n(snapshot, 't0') - spawnedAt),
    readMs: r1(n(lastPage, 't1') - n(snapshot, 't0')),
    readProductsMs: r1(n(products, 't1') - n(snapshot, 't0')),
    readInteractionsMs: r1(n(lastPage, 't1') - n(products, 't1')),
    pageQueryMs: r1(pages.reduce((s, p) => s + n(p, 't1') - n(p, 't0'), 0)),
    columnsAddMs: n(columns, 'addMs'),
    pages: pages.length,
    interactionRows: pages.reduce((s, p) => s + (n(p, 'rows') ?? 0), 0),
    trainSerializeMs: r1(n(message, 't') - n(lastPage, 't1')),
    prepareMs: r1(n(ctor, 't1') - n(lastPage, 't1')),
    workerStartMs: r1(n(train, 't0') - n(ctor, 't1')),
    trainMs: r1(n(train, 't1') - n(train, 't0')),
    serializeMs: r1(n(ser, 't1') - n(ser, 't0')),
    transferMs: r1(n(message, 't') - n(ser, 't1')),
    artifactMB: r1(n(ser, 'bytes') / 1048576),
    storeMs: r1(n(commit, 't1') - n(message, 't')),
    chunkInsertMs: r1(chunks.reduce((s, p) => s + n(p, 't1') - n(p, 't0'), 0)),
    chunks: chunks.length,
    exitMs: r1(n(exit, 't') - n(commit, 't1')),
    committedAt: n(commit, 't1'),
    trainedAt: n(message, 't'),
    hwmMB: n(exit, 'hwmMB'),
    cpuSec: n(exit, 'cpuSec'),
    rssAfterTrainMB: n(train, 'rssMB'),
    rssAfterSerializeMB: n(ser, 'rssMB'),
  };
}
