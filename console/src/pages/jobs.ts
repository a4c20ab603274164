import { h, fill, message, table } from '../dom';
import * as f from '../format';
import { JobsDocument, JobUpdatedDocument, RetrainDocument, type JobFragment, type JobsQuery } from '../generated/graphql';
import { Pager } from '../pager';
import type { Page } from './page';

const PAGE = 20;

function scheduleCard(s: JobsQuery['retrainSchedule']): HTMLElement {
  return h('section', { class: 'card', 'data-testid': 'schedule' }, h('h2', {}, 'Schedule'),
    s
      ? h('dl', {},
          h('dt', {}, 'Cron'), h('dd', {}, h('code', {}, s.cron)),
          h('dt', {}, 'Time zone'), h('dd', {}, s.timeZone),
          h('dt', {}, 'Window'), h('dd', {}, `${s.days} days`),
          h('dt', {}, 'Next run'), h('dd', {}, f.when(s.nextRunAt)))
      : message('No repeating retrain is stored (RETRAIN_SCHEDULE_ENABLED off), or the job queue is unreachable.'));
}

function progressCell(j: JobFragment): HTMLElement {
  const label = `${j.phase} ${f.percent(j.progress)}`;
  return h('span', { class: 'progress' },
    h('progress', { max: 1, value: j.progress, 'aria-label': `job ${j.id} progress` }),
    h('span', { 'data-testid': 'phase' }, label));
}

function row(j: JobFragment) {
  return [
    h('span', { 'data-testid': 'job-id' }, j.id),
    j.trigger,
    h('span', { class: `status ${j.status.toLowerCase()}`, 'data-testid': 'job-status' }, j.status),
    `${j.days} d`,
    h('span', { class: 'nowrap' }, f.when(j.queuedAt)),
    f.between(j.startedAt, j.finishedAt),
    progressCell(j),
    j.modelVersion ?? '–',
    h('span', { class: 'reason' }, j.error ?? j.rejectionReason ?? ''),
  ];
}

export const jobs: Page = ({ api, root }) => {
  const schedule = h('div');
  const days = h('input', { id: 'days', type: 'number', min: 1, max: 3650, value: 30, required: true, inputmode: 'numeric' });
  const formStatus = h('div', { 'aria-live': 'polite' });
  const button = h('button', { type: 'submit' }, 'Retrain now');
  const form = h('form', { class: 'card', 'aria-labelledby': 'retrain-title' },
    h('h2', { id: 'retrain-title' }, 'Retrain now'),
    h('label', { for: 'days' }, 'Window in days (1-3650)'),
    h('div', { class: 'inline' }, days, button),
    formStatus);
  const list = h('div');
  fill(root, h('div', { class: 'grid' }, form, schedule), list);
  const pager = new Pager<string>();
  let shown: JobFragment[] = [];
  let stopped = false;

  const render = () => {
    fill(
      list,
      table('Retrain jobs, newest first', ['Job', 'Trigger', 'Status', 'Window', 'Queued at', 'Took', 'Progress', 'Version', 'Error or reason'], shown.map(row), 'No retrain has run yet.'),
      pager.controls(shown.length === PAGE, shown.at(-1)?.id, () => void load()),
    );
  };

  async function load(): Promise<void> {
    try {
      const data = await api.ok(JobsDocument, { limit: PAGE, before: pager.cursor });
      if (stopped) return;
      fill(schedule, scheduleCard(data.retrainSchedule));
      shown = data.retrainJobs;
      render();
    } catch (e) {
      fill(list, message(`Retrain jobs could not be loaded: ${(e as Error).message}`, 'error'));
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    button.disabled = true;
    void api.send(RetrainDocument, { days: Number(days.value) }).then(({ data, errors }) => {
      button.disabled = false;
      if (errors?.length || !data) {
        fill(formStatus, message(`Not queued: ${errors?.map((x) => x.message).join('; ') ?? 'no answer'}`, 'error'));
        return;
      }
      const j = data.retrainModel;
      fill(formStatus, message(j.status === 'QUEUED' && j.days === Number(days.value) ? `Job ${j.id} queued.` : `Job ${j.id} is already ${j.status.toLowerCase()}; it runs first.`));
      void load();
    });
  });

  void load();
  const unsubscribe = api.subscribe(JobUpdatedDocument, {}, ({ retrainJobUpdated: j }) => {
    const at = shown.findIndex((s) => s.id === j.id);
    if (at >= 0) shown[at] = j;
    else if (pager.first && (shown.length === 0 || BigInt(j.id) > BigInt(shown[0].id))) shown = [j, ...shown].slice(0, PAGE);
    else return;
    render();
  });
  return () => {
    stopped = true;
    unsubscribe();
  };
};
