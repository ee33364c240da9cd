// Experiments list: create, rename, delete and restore.
import { api } from '../api.js';
import { h, mount, errorBox, empty } from '../dom.js';
import { fmtTime } from '../format.js';

export async function experimentsPage(app, _params, query) {
  const showDeleted = query.get('deleted') === '1';
  const status = h('div', { class: 'status-line' });
  const nameInput = h('input', { type: 'text', placeholder: 'New experiment name', 'aria-label': 'New experiment name', id: 'new-experiment-name' });
  const createForm = h('form', { class: 'inline-form', onsubmit: async (e) => {
    e.preventDefault();
    const name = nameInput.value.trim();
    if (!name) {
      mount(status, errorBox(new Error('Give the experiment a name.')));
      return;
    }
    try {
      const res = await api.createExperiment(name);
      location.hash = '#/experiments/' + encodeURIComponent(res.experiment_id);
    } catch (err) {
      mount(status, errorBox(err));
    }
  } }, nameInput, h('button', { type: 'submit' }, 'Create experiment'));

  const toggle = h('a', { href: showDeleted ? '#/experiments' : '#/experiments?deleted=1' },
    showDeleted ? 'Show active experiments' : 'Show deleted experiments');
  const list = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  mount(app, h('h1', null, showDeleted ? 'Deleted experiments' : 'Experiments'),
    showDeleted ? null : createForm, status, h('p', null, toggle), list);

  const reload = () => load(list, status, showDeleted, reload);
  await reload();
}

async function load(list, status, showDeleted, reload) {
  let experiments = [];
  try {
    let token;
    // Experiments are few; fetch every page so the list is complete.
    do {
      const res = await api.searchExperiments(showDeleted ? 'DELETED_ONLY' : 'ACTIVE_ONLY', token);
      experiments = experiments.concat(res.experiments || []);
      token = res.next_page_token;
    } while (token);
  } catch (err) {
    mount(list, errorBox(err));
    return;
  }
  if (experiments.length === 0) {
    mount(list, empty(showDeleted ? 'No deleted experiments.'
      : 'No experiments yet. Create one above, or log a run from a notebook or any MLflow client.'));
    return;
  }
  const rows = experiments.map((e) => experimentRow(e, status, showDeleted, reload));
  mount(list, h('table', { class: 'grid', id: 'experiments-table' },
    h('thead', null, h('tr', null, h('th', null, 'Name'), h('th', null, 'ID'), h('th', null, 'Created'),
      h('th', null, 'Last updated'), h('th', null, ''))),
    h('tbody', null, rows)));
}

function experimentRow(e, status, showDeleted, reload) {
  const nameCell = h('td', null, h('a', { href: '#/experiments/' + encodeURIComponent(e.experiment_id), class: 'experiment-link' }, e.name));
  const act = async (fn) => {
    try {
      await fn();
      status.replaceChildren();
      await reload();
    } catch (err) {
      mount(status, errorBox(err));
    }
  };
  const actions = h('td', { class: 'actions' });
  if (showDeleted) {
    actions.append(h('button', { type: 'button', onclick: () => act(() => api.restoreExperiment(e.experiment_id)) }, 'Restore'));
  } else {
    const rename = h('button', { type: 'button', onclick: () => {
      const input = h('input', { type: 'text', value: e.name, 'aria-label': 'New name' });
      const form = h('form', { class: 'inline-form', onsubmit: (ev) => {
        ev.preventDefault();
        act(() => api.renameExperiment(e.experiment_id, input.value.trim()));
      } }, input, h('button', { type: 'submit' }, 'Save'),
      h('button', { type: 'button', onclick: () => reload() }, 'Cancel'));
      mount(nameCell, form);
      input.focus();
    } }, 'Rename');
    // Two clicks to delete: the first arms the button, so a stray click loses nothing (and a
    // deleted experiment can be restored anyway).
    const del = h('button', { type: 'button', class: 'danger', onclick: () => {
      if (del.dataset.armed) act(() => api.deleteExperiment(e.experiment_id));
      else {
        del.dataset.armed = '1';
        del.textContent = 'Confirm delete';
      }
    } }, 'Delete');
    actions.append(rename, del);
  }
  return h('tr', null, nameCell, h('td', { class: 'mono' }, e.experiment_id), h('td', null, fmtTime(e.creation_time)),
    h('td', null, fmtTime(e.last_update_time)), actions);
}
