import './style.css';
import { Api } from './api';
import { h, fill, message } from './dom';
import { session } from './session';
import { checkKey } from './sign-in';
import { explore } from './pages/explore';
import { jobs } from './pages/jobs';
import { models } from './pages/models';
import { overview } from './pages/overview';
import type { Page, Role } from './pages/page';

const BASE = '/console';
const app = document.getElementById('app')!;

interface Route {
  path: string;
  title: string;
  page: Page;
  adminOnly?: boolean;
}

/** The explorer is loaded only when opened: GraphiQL is most of the console's weight. */
const explorer: Page = (ctx) => {
  let stop: (() => void) | undefined;
  let gone = false;
  ctx.root.append(message('Loading the GraphQL explorer…'));
  import('./explorer')
    .then(({ mountExplorer }) => {
      if (!gone) stop = mountExplorer(ctx.root, session.key() ?? '');
    })
    .catch((e: Error) => fill(ctx.root, message(`The explorer could not be loaded: ${e.message}`, 'error')));
  return () => {
    gone = true;
    stop?.();
  };
};

const ROUTES: Route[] = [
  { path: '/', title: 'Overview', page: overview },
  { path: '/models', title: 'Models', page: models, adminOnly: true },
  { path: '/jobs', title: 'Jobs', page: jobs, adminOnly: true },
  { path: '/explore', title: 'Explore', page: explore },
  { path: '/graphql', title: 'GraphQL explorer', page: explorer },
];

function routeOf(pathname: string): Route {
  const path = pathname.replace(/^\/console/, '').replace(/\/$/, '') || '/';
  return ROUTES.find((r) => r.path === path) ?? ROUTES[0];
}

function signInForm(notice?: string): void {
  document.title = 'Sign in · Recommendations console';
  const input = h('input', { id: 'key', type: 'password', name: 'key', autocomplete: 'off', required: true, spellcheck: 'false' });
  const status = h('div', { 'aria-live': 'polite' }, notice ? message(notice, 'error') : null);
  const button = h('button', { type: 'submit' }, 'Sign in');
  const form = h(
    'form',
    { class: 'sign-in card', 'aria-labelledby': 'sign-in-title' },
    h('h1', { id: 'sign-in-title' }, 'Recommendations console'),
    h('p', {}, 'Sign in with an API key of the admin or service role. It is kept in this browser tab only.'),
    h('label', { for: 'key' }, 'API key'),
    input,
    button,
    status,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const key = input.value.trim();
    button.disabled = true;
    fill(status, message('Checking the key…'));
    void checkKey(key).then((result) => {
      button.disabled = false;
      if ('refused' in result) {
        fill(status, message(result.refused, 'error'));
        input.focus();
        return;
      }
      session.save(key);
      openConsole(key, result.role);
    });
  });
  fill(app, h('main', { class: 'centre' }, form));
  input.focus();
}

function openConsole(key: string, role: Role): void {
  let stop: (() => void) | void;
  const api = new Api(key, (reason) => signOut(`Signed out: the key is no longer accepted (${reason}).`));
  const main = h('main', { id: 'main', tabindex: -1 });
  const nav = h('nav', { 'aria-label': 'Console pages' });
  const signOut = (notice?: string) => {
    stop?.();
    api.close();
    session.clear();
    window.removeEventListener('popstate', show);
    history.replaceState(null, '', location.pathname);
    signInForm(notice);
  };
  const navigate = (path: string) => {
    history.pushState(null, '', `${BASE}${path}`);
    show();
  };
  function show(): void {
    stop?.();
    const route = routeOf(location.pathname);
    document.title = `${route.title} · Recommendations console`;
    fill(
      nav,
      ...ROUTES.map((r) =>
        h('a', { href: `${BASE}${r.path === '/' ? '/' : r.path}`, 'aria-current': r === route ? 'page' : null, onclick: (e: Event) => {
          const me = e as MouseEvent;
          if (me.ctrlKey || me.metaKey || me.shiftKey || me.button !== 0) return;
          e.preventDefault();
          navigate(r.path);
        } }, r.title),
      ),
      h('button', { type: 'button', class: 'link', onclick: () => signOut() }, 'Sign out'),
    );
    const root = h('div', { class: route.path === '/graphql' ? 'page page-explorer' : 'page' });
    fill(main, h('h1', { class: route.path === '/graphql' ? 'visually-hidden' : null }, route.title), root);
    if (route.adminOnly && role !== 'admin') {
      root.append(message(`${route.title} needs an admin key; this one has the service role.`));
      stop = undefined;
      return;
    }
    stop = route.page({ api, role, root, navigate });
  }
  window.addEventListener('popstate', show);
  fill(
    app,
    h('a', { href: '#main', class: 'skip' }, 'Skip to content'),
    h('header', {}, h('span', { class: 'brand' }, 'Recs console'), nav, h('span', { class: 'role' }, `${role} key`)),
    main,
  );
  show();
}

const saved = session.key();
if (!saved) signInForm();
else {
  void checkKey(saved).then((result) => {
    if ('role' in result) openConsole(saved, result.role);
    else {
      session.clear();
      signInForm(result.refused);
    }
  });
}
