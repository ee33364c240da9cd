// Hash router of the single-page UI. Each page is `render(container, params, query, page)`; `page`
// collects disposers (timers, listeners) that run when the user navigates away, so a live chart of
// a run left behind stops polling.
import { h, mount, errorBox } from './dom.js';
import { saveToken } from './api.js';
import { experimentsPage } from './pages/experiments.js';
import { runsPage } from './pages/runs.js';
import { runPage } from './pages/run.js';
import { comparePage } from './pages/compare.js';
import { modelsPage } from './pages/models.js';
import { modelPage } from './pages/model.js';

const ROUTES = [
  [/^\/?$/, experimentsPage],
  [/^\/experiments\/?$/, experimentsPage],
  [/^\/experiments\/([^/]+)$/, runsPage],
  [/^\/runs\/([^/]+)$/, runPage],
  [/^\/compare$/, comparePage],
  [/^\/models\/?$/, modelsPage],
  [/^\/models\/([^/]+)$/, modelPage],
  // MLflow's own links, which its clients print ("View run ... at: <server>/#/experiments/1/runs/<id>").
  [/^\/experiments\/[^/]+\/runs\/([^/]+)(?:\/.*)?$/, runPage],
  [/^\/models\/([^/]+)\/versions\/([^/]+)$/, modelPage],
];

let current = null;

function route() {
  if (current) current.dispose();
  current = new PageLifecycle();
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, queryString] = raw.split('?');
  const query = new URLSearchParams(queryString || '');
  const app = document.getElementById('app');
  for (const [re, render] of ROUTES) {
    const m = re.exec(path);
    if (m) {
      // Inside the promise: a malformed escape in a pasted link (%E0%A4%A) is the page's error
      // box, not an uncaught URIError that left the page on "Loading...".
      Promise.resolve()
        .then(() => render(app, m.slice(1).map(decodeURIComponent), query, current))
        .catch((e) => mount(app, errorBox(e)));
      return;
    }
  }
  mount(app, errorBox(new Error('No such page: ' + path)));
}

class PageLifecycle {
  constructor() {
    this.disposers = [];
    this.active = true;
  }
  onDispose(fn) {
    this.disposers.push(fn);
  }
  dispose() {
    this.active = false;
    this.disposers.forEach((fn) => {
      try {
        fn();
      } catch (e) {
        /* a failing cleanup must not block navigation */
      }
    });
  }
}

// --auth mode: api.js reports a 401 here; the page is hidden behind a token form until a token is
// given. The form never submits anywhere (preventDefault), so the token cannot reach a URL.
function askForToken(event) {
  const app = document.getElementById('app');
  // Pages call the API in parallel: the first 401 asks (and knows whether a token was refused),
  // the others find the form already up.
  if (document.getElementById('auth')) return;
  const panel = h('section', { id: 'auth', class: 'auth-panel' });
  app.before(panel);
  app.hidden = true;
  const { hadToken } = event.detail || {};
  const input = h('input', { type: 'password', id: 'token-input', autocomplete: 'off', spellcheck: 'false',
    'aria-label': 'Access token', placeholder: 'tbk_…' });
  const form = h('form', { class: 'inline-form token-form', method: 'post', onsubmit: (e) => {
    e.preventDefault();
    const token = input.value.trim();
    if (!token) return;
    saveToken(token);
    panel.remove();
    app.hidden = false;
    route();
  } }, input, h('button', { type: 'submit' }, 'Use token'));
  mount(panel,
    h('h1', null, 'This server requires an access token'),
    hadToken
      ? h('div', { class: 'error', role: 'alert', id: 'token-error' },
        'The token was not accepted (unknown or revoked). Enter another one.')
      : h('p', { class: 'muted' }, 'Paste a token (read scope is enough to browse); create one with ',
        h('code', null, 'trackbook token create --name NAME --scope read'), '. It is kept in this tab only.'),
    form);
  input.focus();
}

window.addEventListener('trackbook:unauthorized', askForToken);
window.addEventListener('hashchange', route);
route();
