import { lineChart, type Chart } from '../chart';
import { confirmDialog } from '../confirm';
import { h, fill, message, table } from '../dom';
import * as f from '../format';
import { ActivateDocument, JobUpdatedDocument, ModelRetrainedDocument, ModelsDocument, type ModelsQuery, type VersionFragment } from '../generated/graphql';
import { Pager } from '../pager';
import type { Page } from './page';

const PAGE = 20;

/** NDCG@10 of the model and of the popularity baseline per evaluated version, oldest first. */
function plotData(versions: ModelsQuery['plot']): [number[], number[], number[]] {
  const evaluated = versions.filter((v) => v.evaluation).reverse();
  return [evaluated.map((v) => v.version), evaluated.map((v) => v.evaluation!.ndcgAt10), evaluated.map((v) => v.evaluation!.baselineNdcgAt10)];
}

export const models: Page = ({ api, root }) => {
  const status = h('div', { 'aria-live': 'polite' });
  const chartBox = h('div', { class: 'chart', 'data-testid': 'ndcg-plot' });
  const plotNote = h('p', { class: 'muted' });
  const list = h('div');
  fill(root, status, h('section', { class: 'card wide' }, h('h2', {}, 'NDCG@10 across versions, beside the popularity baseline'), chartBox, plotNote), list);
  const pager = new Pager<number>();
  let chart: Chart | undefined;
  let stopped = false;

  const activate = async (v: VersionFragment, verb: string) => {
    const ok = await confirmDialog(`${verb} version ${v.version}?`, `Every API process will load version ${v.version} and serve it instead of the live version.`, verb);
    if (!ok) return;
    fill(status, message(`Activating version ${v.version}…`));
    try {
      await api.ok(ActivateDocument, { version: v.version });
      fill(status, message(`Version ${v.version} is live.`));
    } catch (e) {
      fill(status, message(`Version ${v.version} was not activated: ${(e as Error).message}`, 'error'));
    }
    await load();
  };

  const action = (v: VersionFragment, live: number | undefined) => {
    if (v.status === 'ACTIVE') return h('strong', {}, 'live');
    if (v.artifactPrunedAt) return h('span', { class: 'muted' }, 'artifact pruned');
    const verb = v.status === 'REJECTED' ? 'Force live' : live !== undefined && v.version < live ? 'Roll back' : 'Activate';
    return h('button', { type: 'button', class: 'secondary', onclick: () => void activate(v, verb) }, `${verb}${verb === 'Roll back' ? ' to' : ''} v${v.version}`);
  };

  async function load(): Promise<void> {
    try {
      const data = await api.ok(ModelsDocument, { limit: PAGE, before: pager.cursor });
      if (stopped) return;
      const live = data.plot.find((v) => v.status === 'ACTIVE')?.version;
      const points = plotData(data.plot);
      chart ??= lineChart(chartBox, [{ label: 'model NDCG@10', stroke: '#2563eb' }, { label: 'popularity NDCG@10', stroke: '#9ca3af', dash: [6, 4] }], points, { time: false, x: 'version', y: 'NDCG@10' });
      chart.update(points);
      chartBox.dataset.points = String(points[0].length);
      fill(plotNote, `${points[0].length} evaluated versions of the latest ${data.plot.length}.`);
      const rows = data.page.map((v) => {
        const e = v.evaluation;
        return [
          h('span', { 'data-testid': 'version' }, v.version),
          h('span', { class: `status ${v.status.toLowerCase()}` }, v.status),
          h('span', { class: 'nowrap' }, f.when(v.trainedAt)),
          f.ms(v.trainingDurationMs),
          `${f.count(v.numProducts)} / ${f.count(v.numUsers)} / ${f.count(v.numInteractions)}`,
          f.metric(e?.ndcgAt10), f.metric(e?.recallAt10), f.metric(e?.hitRateAt10), e ? f.percent(e.coverage) : '–',
          e ? `${f.metric(e.baselineNdcgAt10)} / ${f.metric(e.baselineRecallAt10)} / ${f.metric(e.baselineHitRateAt10)} / ${f.percent(e.baselineCoverage)}` : '–',
          h('span', { class: 'reason' }, v.rejectionReason ?? v.evaluationSkippedReason ?? v.promotionReason ?? ''),
          action(v, live),
        ];
      });
      fill(
        list,
        table('Model versions, newest first', ['Version', 'Status', 'Trained at', 'Took', 'Products / users / interactions', 'NDCG@10', 'Recall@10', 'HR@10', 'Coverage', 'Popularity NDCG / Recall / HR / coverage', 'Gate', ''], rows, 'No model version yet.'),
        pager.controls(data.page.length === PAGE, data.page.at(-1)?.version, () => void load()),
      );
    } catch (e) {
      fill(list, message(`Model versions could not be loaded: ${(e as Error).message}`, 'error'));
    }
  }

  void load();
  // a new live version, and a finished training the gate rejected (no modelRetrained for that one)
  const stopRetrained = api.subscribe(ModelRetrainedDocument, {}, () => void load());
  const stopJobs = api.subscribe(JobUpdatedDocument, {}, ({ retrainJobUpdated: j }) => j.phase === 'DONE' && void load());
  return () => {
    stopped = true;
    stopRetrained();
    stopJobs();
    chart?.destroy();
  };
};
