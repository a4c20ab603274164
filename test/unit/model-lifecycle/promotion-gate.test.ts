import { promotionDecision } from '../../../src/features/model-lifecycle/promotion-gate';
import type { Evaluation } from '../../../src/recommender';

const evaluation = (ndcgAt10: number): Evaluation => ({
  ndcgAt10,
  recallAt10: 0.5,
  hitRateAt10: 0.6,
  coverage: 0.4,
  evaluatedUsers: 100,
  baselineNdcgAt10: 0.1,
  baselineRecallAt10: 0.2,
  baselineHitRateAt10: 0.3,
  baselineCoverage: 0.05,
});
const live = (ndcgAt10: number | null) => ({ version: 7, evaluation: ndcgAt10 === null ? null : evaluation(ndcgAt10) });

describe('promotionDecision', () => {
  it('lets the first version go live, evaluated or not', () => {
    expect(promotionDecision(evaluation(0.01), null, 0.1)).toEqual({ promote: true, reason: 'the first model version always goes live' });
    expect(promotionDecision(null, null, 0.1).promote).toBe(true);
  });

  it('promotes when either side has no evaluation, and says which', () => {
    expect(promotionDecision(null, live(0.5), 0.1)).toEqual({
      promote: true,
      reason: 'not evaluated (too little data), so not compared with live version 7',
    });
    expect(promotionDecision(evaluation(0.01), live(null), 0.1)).toEqual({
      promote: true,
      reason: 'live version 7 has no evaluation to compare with',
    });
  });

  it('promotes a candidate within the relative tolerance, better or a little worse', () => {
    expect(promotionDecision(evaluation(0.6), live(0.5), 0.1)).toEqual({
      promote: true,
      reason: 'NDCG@10 0.6000 against 0.5000 of live version 7: within the 10% tolerance',
    });
    expect(promotionDecision(evaluation(0.46), live(0.5), 0.1).promote).toBe(true);
    expect(promotionDecision(evaluation(0.45), live(0.5), 0.1).promote).toBe(true); // exactly at the floor
  });

  it('rejects a candidate more than the tolerance below the live version, naming the figures', () => {
    expect(promotionDecision(evaluation(0.44), live(0.5), 0.1)).toEqual({
      promote: false,
      reason: 'NDCG@10 0.4400 against 0.5000 of live version 7: more than 10% lower (at least 0.4500 needed)',
    });
  });

  it('tolerance 0 accepts only no loss; tolerance 1 accepts anything', () => {
    expect(promotionDecision(evaluation(0.5), live(0.5), 0).promote).toBe(true);
    expect(promotionDecision(evaluation(0.4999), live(0.5), 0).promote).toBe(false);
    expect(promotionDecision(evaluation(0), live(0.9), 1).promote).toBe(true);
  });

  it('a live version with NDCG 0 accepts any candidate', () => {
    expect(promotionDecision(evaluation(0), live(0), 0.1).promote).toBe(true);
  });
});
