import { lineChart, type Chart } from '../chart';
import { h, fill, message } from '../dom';
import * as f from '../format';
import { ModelRetrainedDocument, OverviewDocument, RatesDocument, type InteractionType, type OverviewQuery, type RatesQuery } from '../generated/graphql';
import type { Page } from './page';

const MINUTES = 15;
const RATE_REFRESH_MS = 5000;
const TYPES: Array<{ type: InteractionType; label: string; stroke: string }> = [
  { type: 'VIEW', label: 'views', stroke: '#2563eb' },
  { type: 'ADD_TO_CART', label: 'add to cart', stroke: '#d97706' },
  { type: 'PURCHASE', label: 'purchases', stroke: '#059669' },
  { type: 'RATE', label: 'ratings', stroke: '#9333ea' },
];

function columns(rates: RatesQuery['interactionRates']): [number[], ...number[][]] {
  const minutes = [...new Set(rates.map((r) => r.minute))];
  const at = new Map(minutes.map((m, i) => [m, i]));
  const series = TYPES.map(() => minutes.map(() => 0));
  for (const r of rates) series[TYPES.findIndex((t) => t.type === r.type)][at.get(r.minute)!] = r.count;
  return [minutes.map((m) => Date.parse(m) / 1000), ...series];
}

function modelCard(m: OverviewQuery['modelInfo']): HTMLElement {
  if (m.status === 'UNTRAINED') return h('section', { class: 'card' }, h('h2', {}, 'Live model'), message('No model is trained yet: retrain from the Jobs page once products and events exist.'));
  const e = m.evaluation;
  return h(
    'section',
    { class: 'card', 'data-testid': 'live-model' },
    h('h2', {}, 'Live model'),
    h('dl', {},
      h('dt', {}, 'Version'), h('dd', { 'data-testid': 'live-version' }, m.version),
      h('dt', {}, 'Trained at'), h('dd', {}, f.when(m.trainedAt)),
      h('dt', {}, 'Trigger'), h('dd', {}, m.trigger),
      h('dt', {}, 'Window'), h('dd', {}, `${m.windowDays} days`),
      h('dt', {}, 'Training took'), h('dd', {}, f.ms(m.trainingDurationMs)),
      ...(e
        ? [
            h('dt', {}, 'NDCG@10'), h('dd', {}, `${f.metric(e.ndcgAt10)} (popularity ${f.metric(e.baselineNdcgAt10)}, lift ${f.lift(e.ndcgAt10, e.baselineNdcgAt10)})`),
            h('dt', {}, 'Recall@10'), h('dd', {}, `${f.metric(e.recallAt10)} (popularity ${f.metric(e.baselineRecallAt10)})`),
            h('dt', {}, 'HR@10'), h('dd', {}, `${f.metric(e.hitRateAt10)} (popularity ${f.metric(e.baselineHitRateAt10)})`),
            h('dt', {}, 'Coverage'), h('dd', {}, `${f.percent(e.coverage)} (popularity ${f.percent(e.baselineCoverage)})`),
            h('dt', {}, 'Evaluated users'), h('dd', {}, f.count(e.evaluatedUsers)),
          ]
        : [h('dt', {}, 'Evaluation'), h('dd', {}, m.evaluationSkippedReason ?? 'none')]),
    ),
  );
}

export const overview: Page = ({ api, root }) => {
  const cards = h('div', { class: 'grid' });
  const chartBox = h('div', { class: 'chart' });
  const rateSummary = h('p', { class: 'muted', 'aria-live': 'polite' });
  const rateError = h('div');
  fill(root, cards, h('section', { class: 'card wide' }, h('h2', {}, `Events per minute, last ${MINUTES} minutes`), chartBox, rateSummary, rateError));
  let chart: Chart | undefined;
  let stopped = false;
  // totals over the live model's training window (30 days until there is a model)
  let days = 30;

  const loadOverview = async (): Promise<void> => {
    try {
      const data = await api.ok(OverviewDocument, { days });
      if (stopped) return;
      const t = data.trainingData.metadata;
      const m = data.modelInfo;
      if (m.windowDays && m.windowDays !== days) {
        days = m.windowDays;
        return loadOverview();
      }
      fill(
        cards,
        modelCard(m),
        h('section', { class: 'card' }, h('h2', {}, 'Totals'), h('dl', {},
          h('dt', {}, 'Products'), h('dd', { 'data-testid': 'total-products' }, f.count(t.totalProducts)),
          h('dt', {}, 'Users'), h('dd', { 'data-testid': 'total-users' }, f.count(t.totalUsers)),
          h('dt', {}, `Interactions, last ${t.dateRangeDays} days`), h('dd', { 'data-testid': 'total-interactions' }, f.count(t.totalInteractions)),
        )),
        h('section', { class: 'card' }, h('h2', {}, 'Next scheduled retrain'), h('p', { class: 'big' }, m.nextScheduledRetrainAt ? f.when(m.nextScheduledRetrainAt) : 'none known (no schedule, or the job queue is unreachable)')),
      );
    } catch (e) {
      fill(cards, message(`The overview could not be loaded: ${(e as Error).message}`, 'error'));
    }
  };

  const loadRates = async () => {
    try {
      const { interactionRates } = await api.ok(RatesDocument, { minutes: MINUTES });
      if (stopped) return;
      const data = columns(interactionRates);
      chart ??= lineChart(chartBox, TYPES, data, { time: true, y: 'events' });
      chart.update(data);
      const sums = TYPES.map((t, i) => `${f.count(data[i + 1].reduce((a, b) => a + b, 0))} ${t.label}`);
      fill(rateSummary, `In the last ${MINUTES} minutes: ${sums.join(', ')}.`);
      fill(rateError);
    } catch (e) {
      fill(rateError, message(`Event rates could not be loaded: ${(e as Error).message}`, 'error'));
    }
  };

  void loadOverview();
  void loadRates();
  const timer = setInterval(() => void loadRates(), RATE_REFRESH_MS);
  const unsubscribe = api.subscribe(ModelRetrainedDocument, {}, () => void loadOverview());
  return () => {
    stopped = true;
    clearInterval(timer);
    unsubscribe();
    chart?.destroy();
  };
};
