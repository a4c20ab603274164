import { h } from './dom';

/**
 * Keyset paging over a newest-first list: each page asks for items before the last one of the page
 * before it, so a 10,000-row list costs one page at a time.
 */
export class Pager<C> {
  private readonly stack: Array<C | null> = [null];

  get cursor(): C | null {
    return this.stack[this.stack.length - 1];
  }

  get first(): boolean {
    return this.stack.length === 1;
  }

  controls(hasMore: boolean, last: C | undefined, reload: () => void): HTMLElement {
    return h('div', { class: 'pager' },
      h('button', { type: 'button', class: 'secondary', disabled: this.first, onclick: () => { this.stack.pop(); reload(); } }, 'Newer'),
      h('span', { class: 'muted' }, `page ${this.stack.length}`),
      h('button', { type: 'button', class: 'secondary', disabled: !hasMore || last === undefined, onclick: () => { this.stack.push(last!); reload(); } }, 'Older'),
    );
  }
}
