import { h, fill, message, table } from '../dom';
import * as f from '../format';
import { ForUserDocument, NeighboursDocument, UserByEmailDocument, UserByIdDocument, type NeighboursQuery, type RecommendedFragment, type ShopperFragment } from '../generated/graphql';
import type { Page } from './page';

type Listed = { id: string; name: string; category: { name: string } };

function searchForm(id: string, label: string, placeholder: string, onSearch: (value: string) => void): { form: HTMLFormElement; input: HTMLInputElement } {
  const input = h('input', { id, type: 'search', placeholder, required: true, autocomplete: 'off' });
  const form = h('form', { class: 'inline', role: 'search' }, h('label', { for: id }, label), input, h('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    onSearch(input.value.trim());
  });
  return { form, input };
}

export const explore: Page = ({ api, root }) => {
  const userOut = h('div', { 'aria-live': 'polite' });
  const productOut = h('div', { 'aria-live': 'polite' });
  const params = new URLSearchParams(location.search);
  const remember = (name: string, value: string) => {
    params.set(name, value);
    history.replaceState(null, '', `${location.pathname}?${params.toString()}`);
  };

  /** A product name that opens its neighbours below. */
  const productLink = (p: Listed) =>
    h('button', { type: 'button', class: 'link', 'data-product': p.id, onclick: () => { product.input.value = p.id; void showProduct(p.id); } }, p.name);

  const recList = (caption: string, recs: RecommendedFragment[], testid: string) =>
    h('div', { 'data-testid': testid }, table(caption, ['#', 'Product', 'Score', 'Reason'], recs.map((r, i) => [i + 1, productLink(r.product), r.score.toFixed(3), r.reason ?? '']), 'No recommendations.'));

  async function showUser(query: string): Promise<void> {
    if (!query) return;
    remember('user', query);
    fill(userOut, message('Looking up…'));
    try {
      const user: ShopperFragment | null | undefined = query.includes('@')
        ? (await api.ok(UserByEmailDocument, { email: query })).userByEmail
        : (await api.ok(UserByIdDocument, { id: query })).user;
      if (!user) {
        fill(userOut, message(`No user with ${query.includes('@') ? 'email' : 'id'} ${query}.`, 'error'));
        return;
      }
      const { recommendationsForUser } = await api.ok(ForUserDocument, { userId: user.id });
      fill(
        userOut,
        h('p', {}, h('strong', {}, user.name ?? user.email), user.name ? ` · ${user.email}` : '', ` · id ${user.id} · since ${f.when(user.createdAt)}`),
        h('div', { class: 'columns' },
          h('div', { 'data-testid': 'history' }, h('h3', {}, 'Recent history'),
            table('Latest interactions, newest first', ['When', 'Event', 'Product'], user.interactions.map((i) => [f.when(i.createdAt), i.type + (i.rating ? ` ${i.rating}★` : ''), productLink(i.product)]), 'No interactions yet.')),
          h('div', {}, h('h3', {}, 'Recommended for this user'), recList('recommendationsForUser', recommendationsForUser, 'recommendations')),
        ),
      );
    } catch (e) {
      fill(userOut, message((e as Error).message, 'error'));
    }
  }

  const attributes = (p: NonNullable<NeighboursQuery['product']>) =>
    h('dl', { class: 'attributes' },
      ...(
        [['Name', p.name], ['SKU', p.sku], ['Category', p.category.name], ['Price', p.price.toFixed(2)], ['Gender', p.gender], ['Color', p.color],
          ['Material', p.material], ['Size', p.size], ['Rating', p.avgRating == null ? null : `${p.avgRating.toFixed(1)} (${p.reviewCount} reviews)`]] as Array<[string, string | null]>
      ).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '–')]));

  async function showProduct(id: string): Promise<void> {
    if (!id) return;
    remember('product', id);
    fill(productOut, message('Looking up…'));
    try {
      const data = await api.ok(NeighboursDocument, { id });
      if (!data.product) {
        fill(productOut, message(`No product with id ${id}.`, 'error'));
        return;
      }
      fill(
        productOut,
        attributes(data.product),
        h('div', { class: 'columns three' },
          h('div', {}, h('h3', {}, 'CONTENT'), recList('Content neighbours (attributes)', data.content, 'content')),
          h('div', {}, h('h3', {}, 'BEHAVIOUR'), recList('Behaviour neighbours (shoppers)', data.behaviour, 'behaviour')),
          h('div', {}, h('h3', {}, 'HYBRID'), recList('Hybrid neighbours (served by default)', data.hybrid, 'hybrid')),
        ),
      );
    } catch (e) {
      fill(productOut, message((e as Error).message, 'error'));
    }
  }

  const user = searchForm('user-query', 'User id or email', 'e.g. 42 or ada@example.com', (v) => void showUser(v));
  const product = searchForm('product-query', 'Product id', 'e.g. 17', (v) => void showProduct(v));
  fill(
    root,
    h('section', { class: 'card wide' }, h('h2', {}, 'A user'), user.form, userOut),
    h('section', { class: 'card wide' }, h('h2', {}, 'A product and its neighbours'), product.form, productOut),
  );
  const [u, p] = [params.get('user'), params.get('product')];
  if (u) {
    user.input.value = u;
    void showUser(u);
  }
  if (p) {
    product.input.value = p;
    void showProduct(p);
  }
};
