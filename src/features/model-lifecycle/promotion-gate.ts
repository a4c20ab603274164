import type { Evaluation } from '../../recommender';

export interface GateDecision {
  promote: boolean;
  /** Human-readable, stored with the version (as its promotion or rejection reason). */
  reason: string;
}

export interface LiveVersion {
  version: number;
  evaluation: Evaluation | null;
}

/**
 * Whether a newly trained version may replace the live one. The first version always goes live; so
 * does one that cannot be compared (either side not evaluated). Otherwise the candidate is rejected
 * when its NDCG@10 falls more than `tolerance` (relative, 0..1) below the live version's.
 */
export function promotionDecision(candidate: Evaluation | null, live: LiveVersion | null, tolerance: number): GateDecision {
  if (!live) return { promote: true, reason: 'the first model version always goes live' };
  if (!candidate) return { promote: true, reason: `not evaluated (too little data), so not compared with live version ${live.version}` };
  if (!live.evaluation) return { promote: true, reason: `live version ${live.version} has no evaluation to compare with` };
  const floor = live.evaluation.ndcgAt10 * (1 - tolerance);
  const comparison = `NDCG@10 ${fixed(candidate.ndcgAt10)} against ${fixed(live.evaluation.ndcgAt10)} of live version ${live.version}`;
  const allowed = `${+(tolerance * 100).toFixed(2)}%`;
  if (candidate.ndcgAt10 < floor) {
    return { promote: false, reason: `${comparison}: more than ${allowed} lower (at least ${fixed(floor)} needed)` };
  }
  return { promote: true, reason: `${comparison}: within the ${allowed} tolerance` };
}

function fixed(x: number): string {
  return x.toFixed(4);
}
