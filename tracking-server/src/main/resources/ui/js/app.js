// Hash router of the single-page UI. Each page is `render(container, params, query, page)`; `page`
// collects disposers (timers, listeners) that run when the user navigates away, so a live chart of
// a run left behind stops polling.
import { mount, errorBox } from './dom.js';
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
      const params = m.slice(1).map(decodeURIComponent);
      Promise.resolve()
        .then(() => render(app, params, query, current))
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

window.addEventListener('hashchange', route);
route();
