import type { Api } from '../api';

export type Role = 'admin' | 'service';

export interface PageContext {
  api: Api;
  role: Role;
  root: HTMLElement;
  navigate(path: string): void;
}

/** Renders into ctx.root; returns what stops its timers and subscriptions when another page opens. */
export type Page = (ctx: PageContext) => (() => void) | void;
