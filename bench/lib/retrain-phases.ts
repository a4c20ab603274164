import type { LogLine } from '../../test/support/log-lines';
import type { CliResult } from './cli';

// The phases of one retrain CLI run, from its own log lines: the runner logs 'retrain trained; storing
// the version' when the trainer hands back the artifact (reading, training, evaluating and serializing
// done) and 'retrain succeeded; ...' at the end; with the spawn and exit times seen here and the moment
// the new version's NOTIFY arrived (when known), that splits the run without looking inside it.

export const TRAINED = 'retrain trained; storing the version';
const SUCCEEDED = 'retrain succeeded; the new version is live';

export interface RetrainPhases {
  version: number;
  /** spawn -> the trainer starts (node start-up, ORM init, the retrain_job row). */
  startupMs: number;
  /** The trainer: reading the window, training and evaluating (worker thread), serializing. */
  trainMs: number;
  /** Artifact handed back -> the new version committed (its NOTIFY) or, without a NOTIFY time, the run's last line. */
  storeMs: number;
  /** Commit -> process exit (retrain_job SUCCEEDED, pruning, ORM closed). */
  exitMs: number;
  artifactMB: number;
  /** Date.now() when the artifact was handed back (storing starts). */
  trainedAt: number;
}

const r1 = (x: number) => Math.round(x * 10) / 10;

function line(logs: LogLine[], msg: string): LogLine {
  const l = logs.find((x) => x.msg === msg);
  if (!l) throw new Error(`the retrain CLI logged no '${msg}' line`);
  return l;
}

/** Derives the phases; `committedAt` is Date.now() when the NOTIFY arrived. Throws when the run did not succeed. */
export function retrainPhases(run: CliResult, committedAt?: number): RetrainPhases {
  const trained = line(run.logs, TRAINED);
  const succeeded = line(run.logs, SUCCEEDED);
  const trainMs = trained.ms as number;
  const stored = committedAt ?? succeeded.time;
  return {
    version: succeeded.version as number,
    startupMs: r1(trained.time - trainMs - run.spawnedAt),
    trainMs,
    storeMs: r1(stored - trained.time),
    exitMs: r1(run.exitedAt - stored),
    artifactMB: r1((trained.artifactBytes as number) / 1048576),
    trainedAt: trained.time,
  };
}
