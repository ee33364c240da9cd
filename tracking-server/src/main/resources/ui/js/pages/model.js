// One registered model: description, tags, aliases and every version with its stage, validation
// result and lineage (run, notebook and its hash, pipeline version, dataset digests, git commit),
// which the server captured from the version's run as trackbook.lineage.* tags.
import { api, kv, filterString } from '../api.js';
import { h, mount, errorBox, empty, section, kvTable } from '../dom.js';
import { fmtTime } from '../format.js';
import { LinkNames } from '../links.js';

const LINEAGE = 'trackbook.lineage.';
const VALIDATION = 'trackbook.validation.';

export async function modelPage(app, [name, version]) {
  const crumbs = h('p', { class: 'crumbs' }, h('a', { href: '#/models' }, 'Models'), ' / ');
  let model;
  let versions = [];
  try {
    model = (await api.getModel(name)).registered_model;
    let token;
    do {
      const res = await api.searchVersions('name = ' + filterString(name), token);
      versions = versions.concat(res.model_versions || []);
      token = res.next_page_token;
    } while (token);
  } catch (err) {
    mount(app, crumbs, errorBox(err));
    return;
  }
  versions.sort((a, b) => Number(b.version) - Number(a.version));
  const tags = kv(model.tags);
  // the versions' runs and experiments by name, asked for all at once
  const names = new LinkNames();
  mount(app, crumbs,
    h('h1', { id: 'model-name' }, model.name),
    h('dl', { class: 'facts' },
      h('dt', null, 'Created'), h('dd', null, fmtTime(model.creation_timestamp)),
      h('dt', null, 'Last updated'), h('dd', null, fmtTime(model.last_updated_timestamp)),
      h('dt', null, 'Description'), h('dd', { class: 'value' }, model.description || '—')),
    section('Aliases', aliases(model), 'aliases'),
    section('Versions', versionsTable(versions, names), 'versions'),
    section('Lineage', versions.length === 0 ? empty('No versions yet.') : versions.map((v) => lineage(v, names)), 'lineage'),
    section('Tags', tagsTable(tags), 'model-tags'));
  names.fill();
  if (version !== undefined) focusVersion(app, model.name, version);
}

// A version's own link (#/models/<name>/versions/<v>, as MLflow's clients print it and the run page
// links): its row and lineage are marked and scrolled to.
function focusVersion(app, name, version) {
  const lineageBox = document.getElementById('version-' + version);
  if (!lineageBox) {
    app.querySelector('#model-name').after(errorBox(new Error(`Model ${name} has no version ${version}.`)));
    return;
  }
  lineageBox.classList.add('focused');
  const row = [...app.querySelectorAll('#versions-table tbody tr')].find((tr) => tr.dataset.version === version);
  if (row) row.classList.add('focused');
  lineageBox.scrollIntoView();
}

function aliases(model) {
  const list = model.aliases || [];
  if (list.length === 0) return empty('No aliases.');
  return h('table', { class: 'grid kv', id: 'aliases-table' },
    h('tbody', null, list.map((a) => h('tr', null, h('th', null, '@' + a.alias),
      h('td', null, versionJump(a.version, 'Version ' + a.version))))));
}

// In-page jump to a version's lineage; a '#version-N' link would go through the hash router.
function versionJump(version, label) {
  return h('button', { type: 'button', class: 'link', onclick: () => {
    const target = document.getElementById('version-' + version);
    if (target) target.scrollIntoView();
  } }, label);
}

function versionsTable(versions, names) {
  if (versions.length === 0) return empty('No versions yet.');
  return h('table', { class: 'grid', id: 'versions-table' },
    h('thead', null, h('tr', null, ['Version', 'Stage', 'Aliases', 'Validation', 'Status', 'Created', 'Run', 'Source', 'Description'].map((t) => h('th', null, t)))),
    h('tbody', null, versions.map((v) => {
      const tags = kv(v.tags);
      return h('tr', { dataset: { version: v.version } },
        h('td', null, versionJump(v.version, 'v' + v.version)),
        h('td', null, h('span', { class: 'badge stage-' + String(v.current_stage || 'None').toLowerCase() }, v.current_stage || 'None')),
        h('td', null, (v.aliases || []).map((a) => h('span', { class: 'badge alias' }, '@' + a))),
        h('td', null, validation(tags)),
        h('td', null, v.status || ''),
        h('td', { class: 'nowrap' }, fmtTime(v.creation_timestamp)),
        h('td', null, v.run_id ? names.runLink(v.run_id, tags.get(LINEAGE + 'experiment_id'), { class: 'run-link' }) : '—'),
        h('td', { class: 'value mono' }, v.source || ''),
        h('td', { class: 'value' }, v.description || ''));
    })));
}

function validation(tags) {
  const status = tags.get(VALIDATION + 'status');
  if (!status) return h('span', { class: 'muted' }, 'not validated');
  const detail = tags.get(VALIDATION + 'detail');
  const at = tags.get(VALIDATION + 'at');
  return h('span', { class: 'badge validation-' + (status === 'passed' ? 'passed' : 'failed'), title: [detail, at].filter(Boolean).join(' — ') }, status);
}

function lineage(v, names) {
  const tags = kv(v.tags);
  const get = (k) => tags.get(LINEAGE + k);
  const rows = [];
  const row = (label, value) => rows.push(h('tr', null, h('th', null, label), h('td', { class: 'value' }, value)));
  const runId = get('run_id') || v.run_id;
  if (runId) row('Run', names.runLink(runId, get('experiment_id'), { class: 'lineage-run' }));
  if (get('experiment_id')) row('Experiment', names.experimentLink(get('experiment_id'), { class: 'lineage-experiment' }));
  if (get('notebook')) row('Notebook', h('span', { class: 'mono lineage-notebook' }, get('notebook')));
  if (get('notebook_sha256')) row('Notebook sha256', h('span', { class: 'mono' }, get('notebook_sha256')));
  if (get('pipeline_script')) row('Pipeline script', h('span', { class: 'mono' }, get('pipeline_script')));
  if (get('pipeline_version')) row('Pipeline version', get('pipeline_version'));
  if (get('git_commit')) row('Git commit', h('span', { class: 'mono lineage-commit' }, get('git_commit') + (get('git_dirty') === 'true' ? ' (uncommitted changes)' : '')));
  const datasets = parseDatasets(get('datasets'));
  if (datasets.length) {
    row('Datasets', h('ul', { class: 'plain lineage-datasets' }, datasets.map((d) =>
      h('li', null, String(d.name ?? ''), ' ', h('span', { class: 'mono' }, String(d.digest ?? '')), d.context ? ' (' + d.context + ')' : ''))));
  }
  const other = [...tags].filter(([k]) => !k.startsWith(LINEAGE));
  return h('div', { class: 'version-lineage', id: 'version-' + v.version },
    h('h3', null, 'Version ' + v.version),
    rows.length ? h('table', { class: 'grid kv' }, h('tbody', null, rows)) : empty('No lineage: this version was registered without a run.'),
    other.length ? h('details', null, h('summary', null, 'Tags (' + other.length + ')'), tagsTable(new Map(other))) : null);
}

function parseDatasets(json) {
  if (!json) return [];
  try {
    const list = JSON.parse(json);
    return Array.isArray(list) ? list.filter((d) => d && typeof d === 'object') : [];
  } catch (e) {
    return [];
  }
}

function tagsTable(map) {
  return kvTable(map, undefined, 'No tags.');
}
