// Registered models: the list, searchable by name.
import { api, filterString } from '../api.js';
import { h, mount, errorBox, empty } from '../dom.js';
import { fmtTime } from '../format.js';

export async function modelsPage(app, _params, query) {
  const q = query.get('q') || '';
  const input = h('input', { type: 'search', value: q, placeholder: 'Name contains…', 'aria-label': 'Search models by name', id: 'model-search' });
  const form = h('form', { class: 'inline-form', onsubmit: (e) => {
    e.preventDefault();
    const v = input.value.trim();
    location.hash = '#/models' + (v ? '?q=' + encodeURIComponent(v) : '');
  } }, input, h('button', { type: 'submit' }, 'Search'));
  const list = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  mount(app, h('h1', null, 'Models'), form, list);

  let models = [];
  try {
    // % and _ in the text stay LIKE wildcards
    const filter = q ? 'name ILIKE ' + filterString('%' + q + '%') : undefined;
    let token;
    do {
      const res = await api.searchModels(filter, token);
      models = models.concat(res.registered_models || []);
      token = res.next_page_token;
    } while (token && models.length < 5000);
  } catch (err) {
    mount(list, errorBox(err));
    return;
  }
  if (models.length === 0) {
    mount(list, empty(q ? 'No registered models match “' + q + '”.'
      : 'No registered models yet. Register one with %register in a notebook or any MLflow client.'));
    return;
  }
  mount(list, h('table', { class: 'grid', id: 'models-table' },
    h('thead', null, h('tr', null, ['Name', 'Latest version', 'Aliases', 'Last updated', 'Description'].map((t) => h('th', null, t)))),
    h('tbody', null, models.map(modelRow))));
}

function modelRow(m) {
  const versions = (m.latest_versions || []).map((v) => Number(v.version));
  const latest = versions.length ? Math.max(...versions) : null;
  return h('tr', null,
    h('td', null, h('a', { class: 'model-link', href: '#/models/' + encodeURIComponent(m.name) }, m.name)),
    h('td', { class: 'num' }, latest === null ? '—' : 'v' + latest),
    h('td', null, (m.aliases || []).map((a) => h('span', { class: 'badge alias' }, '@' + a.alias + ' → v' + a.version))),
    h('td', { class: 'nowrap' }, fmtTime(m.last_updated_timestamp)),
    h('td', { class: 'value' }, m.description || ''));
}
