import type { Model } from '../../../recommender';
import { type EventBus, Topic } from '../../../platform/events/pubsub';
import { PgListener } from '../../../platform/db/pg-listener';
import type { Logger } from '../../../platform/logger';
import { MODEL_ACTIVATED_CHANNEL, type ModelStore } from '../store/model-store';
import type { ModelRetrainedEvent, ModelVersionInfo } from '../types';
import type { ModelLoader } from './model-loader';

export interface ServingModel {
  info: ModelVersionInfo;
  model: Model;
}

/**
 * The model this process serves. It loads the active version at start-up, hears about a change of the
 * active version (a new one, or an older one activated again) through PostgreSQL LISTEN/NOTIFY (with a
 * slow poll as a safety net), loads it in the background while the old one keeps answering, swaps the
 * reference, and only then announces modelRetrained to this process's subscribers: so every subscriber
 * on every replica hears once, at the moment its replica serves the new model.
 */
export class ActiveModel {
  private current?: ServingModel;
  private refreshing: Promise<void> = Promise.resolve();
  private readonly listener: PgListener;
  private pollTimer?: NodeJS.Timeout;
  private readonly servingListeners: Array<(serving: ServingModel) => void> = [];

  constructor(
    private readonly store: ModelStore,
    private readonly load: ModelLoader,
    private readonly events: EventBus,
    private readonly log: Logger,
    databaseUrl: string,
    private readonly pollIntervalMs: number,
  ) {
    this.listener = new PgListener({
      databaseUrl,
      channel: MODEL_ACTIVATED_CHANNEL,
      onNotify: () => void this.refresh(true),
      onReconnect: () => void this.refresh(true), // a NOTIFY may have been missed meanwhile
      log,
    });
  }

  get(): ServingModel | undefined {
    return this.current;
  }

  /** Calls `listener` with every model this process starts to serve, and now with the one it serves. */
  onServing(listener: (serving: ServingModel) => void): void {
    this.servingListeners.push(listener);
    if (this.current) listener(this.current);
  }

  async start(): Promise<void> {
    await this.refresh(false);
    await this.listener.start();
    this.pollTimer = setInterval(() => void this.refresh(true), this.pollIntervalMs);
    this.pollTimer.unref();
  }

  /** Loads the active version if it is not the one served; refreshes run one at a time. */
  refresh(announce = true): Promise<void> {
    this.refreshing = this.refreshing.then(() => this.loadIfChanged(announce)).catch((e: Error) => {
      this.log.error({ err: e.message }, 'loading the active model failed; still serving the previous one');
    });
    return this.refreshing;
  }

  async stop(): Promise<void> {
    clearInterval(this.pollTimer);
    await this.listener.stop();
    await this.refreshing;
  }

  private async loadIfChanged(announce: boolean): Promise<void> {
    const info = await this.store.active();
    if (!info || info.version === this.current?.info.version) return;
    const started = Date.now();
    const model = await this.load(info.version);
    this.current = { info, model };
    this.log.info({ version: info.version, loadMs: Date.now() - started }, 'serving model version');
    for (const listener of this.servingListeners) listener(this.current);
    if (announce) this.events.publish(Topic.ModelRetrained, toEvent(info));
  }
}

export function toEvent(info: ModelVersionInfo): ModelRetrainedEvent {
  return {
    version: info.version,
    trainedAt: info.trainedAt,
    numProducts: info.numProducts,
    numUsers: info.numUsers,
    numInteractions: info.numInteractions,
    windowDays: info.windowDays,
    trainingDurationMs: info.trainingDurationMs,
    trigger: info.trigger,
    evaluation: info.evaluation,
  };
}
