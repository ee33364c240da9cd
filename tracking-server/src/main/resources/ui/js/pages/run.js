// A run: overview, note (safe markdown), params, latest metrics, metric charts, tags, provenance,
// datasets and artifacts. While the run is RUNNING the page polls it, and its charts poll their
// samples, so a training loop can be watched live: params, tags, the note and charts of new metric
// keys show up as they are logged. A poll redraws a part only when what it shows changed (the
// duration ticks in place), and waits while text in the page's parts is selected, so a user
// copying the run id or a value keeps the selection.
import { api, kv, filterString, PARENT_RUN_TAG } from '../api.js';
import { h, mount, errorBox, empty, section, kvTable, selectingIn } from '../dom.js';
import { fmtTime, runDuration, fmtNumber } from '../format.js';
import { renderMarkdown } from '../markdown.js';
import { metricChart } from '../chart.js';
import { artifactsBrowser } from '../artifacts.js';
import { experimentLink, runLink } from '../links.js';

const NOTE_TAG = 'mlflow.note.content';
const POLL_MS = 5000;
// Tags that say where a run came from: MLflow's source tags and everything Trackbook's kernel and
// client record (notebook path, cell hashes, git commit, JDK...).
const isProvenance = (k) => k.startsWith('mlflow.source.') || k.startsWith('trackbook.') || k === 'mlflow.user' || k === PARENT_RUN_TAG;

export async function runPage(app, [runId], _query, page) {
  let run;
  try {
    run = (await api.getRun(runId)).run;
  } catch (err) {
    mount(app, h('p', null, h('a', { href: '#/' }, '← Experiments')), errorBox(err));
    return;
  }
  let live = run.info.status === 'RUNNING';
  const parentId = kv(run.data.tags).get(PARENT_RUN_TAG);
  // MLflow's run page links a nested run to its parent
  const parentLink = parentId ? runLink(parentId, { id: 'parent-run-link' }) : null;

  // The parts a poll may change: each is drawn from what `input` picks out of the run, and drawn
  // again only when that changed (compared as JSON), so what the user selected or focused in an
  // unchanged part stays put.
  const parts = [];
  const part = (input, draw) => {
    const box = h('div');
    parts.push({ box, input, draw, shown: null });
    return box;
  };
  const tagsOf = () => kv(run.data.tags);
  const header = part(() => [run.info, tagsOf().get('mlflow.user')], () => overview(run, parentLink));
  const noteBox = part(() => tagsOf().get(NOTE_TAG), () => {
    const note = tagsOf().get(NOTE_TAG);
    return note ? renderMarkdown(note) : empty('No note. Add one with Tracking.note(...) or %note.');
  });
  const paramsBox = part(() => run.data.params || [],
    () => kvTable(kv(run.data.params), 'params-table', 'No parameters logged.'));
  const metricsBox = part(() => run.data.metrics || [], () => metricsTable(run));
  const provenanceBox = part(() => [...filterMap(tagsOf(), isProvenance)],
    () => kvTable(filterMap(tagsOf(), isProvenance), 'provenance-table', 'No provenance tags recorded.'));
  const userTags = () => filterMap(tagsOf(), (k) => !isProvenance(k) && k !== NOTE_TAG && !k.startsWith('mlflow.'));
  const tagsBox = part(() => [...userTags()], () => kvTable(userTags(), 'tags-table', 'No tags.'));
  // A chart per metric key; one for a key that appears while the run is watched joins the others,
  // which keep their element (and zoom).
  const chartsByKey = new Map();
  const chartsBox = part(() => (run.data.metrics || []).map((m) => m.key).sort(), () => {
    const keys = (run.data.metrics || []).map((m) => m.key).sort();
    if (keys.length === 0) return empty('No metrics logged yet.');
    return h('div', { class: 'charts' }, keys.map((key) => {
      if (!chartsByKey.has(key)) {
        chartsByKey.set(key, metricChart({
          runs: [{ id: run.info.run_id, label: run.info.run_name || run.info.run_id }], key, page, live: () => live,
        }));
      }
      return chartsByKey.get(key);
    }));
  });
  const render = () => {
    for (const p of parts) {
      const now = JSON.stringify(p.input());
      if (now !== p.shown) {
        p.shown = now;
        mount(p.box, p.draw());
      }
    }
    const duration = header.querySelector('dd.duration'); // a running run's counts on in place
    if (duration) duration.textContent = runDuration(run.info);
  };
  render();

  mount(app,
    h('p', { class: 'crumbs' }, h('a', { href: '#/' }, 'Experiments'), ' / ', experimentLink(run.info.experiment_id), ' / '),
    header,
    section('Note', noteBox, 'note'),
    h('div', { class: 'two-col' },
      section('Parameters', paramsBox, 'params'),
      section('Metrics (latest)', metricsBox, 'metrics')),
    section('Charts', chartsBox, 'charts'),
    section('Provenance', provenanceBox, 'provenance'),
    section('Tags', tagsBox, 'tags'),
    section('Datasets', datasets(run), 'datasets'),
    section('Registered model versions', modelVersions(run.info.run_id), 'model-versions'),
    section('Artifacts', artifactsBrowser(run), 'artifacts'));

  // Each poll is asked after the last one's answer was handled, so a slow answer never lands
  // after a newer one.
  let timer = null;
  const poll = async () => {
    if (!page.active) return;
    if (document.hidden) { // a background tab asks nothing; it catches up at its next turn
      timer = setTimeout(poll, POLL_MS);
      return;
    }
    try {
      run = (await api.getRun(runId)).run;
    } catch (err) {
      /* keep the last good view; the next poll retries */
    }
    if (!page.active) return;
    // text being selected or copied: the next turn redraws (and sees the end of the run, if so)
    if (!parts.some((p) => selectingIn(p.box))) {
      live = run.info.status === 'RUNNING';
      render();
    }
    if (live) timer = setTimeout(poll, POLL_MS);
  };
  if (live) {
    timer = setTimeout(poll, POLL_MS);
    page.onDispose(() => clearTimeout(timer));
  }
}

function overview(run, parentLink) {
  const i = run.info;
  return h('div', { class: 'run-head' },
    h('h1', null, i.run_name || i.run_id, ' ', h('span', { class: 'badge status-' + String(i.status || '').toLowerCase() }, i.status || ''),
      // A deleted run (or one of a deleted experiment) still opens from a link; say so.
      i.lifecycle_stage === 'deleted' ? h('span', { class: 'badge deleted' }, 'deleted') : null),
    h('dl', { class: 'facts' },
      h('dt', null, 'Run ID'), h('dd', { class: 'mono' }, i.run_id),
      parentLink ? [h('dt', null, 'Parent run'), h('dd', null, parentLink)] : null,
      h('dt', null, 'Started'), h('dd', null, fmtTime(i.start_time)),
      h('dt', null, 'Ended'), h('dd', null, i.end_time ? fmtTime(i.end_time) : '—'),
      h('dt', null, 'Duration'), h('dd', { class: 'duration' }, runDuration(i)),
      h('dt', null, 'User'), h('dd', null, i.user_id || kv(run.data.tags).get('mlflow.user') || ''),
      h('dt', null, 'Artifact URI'), h('dd', { class: 'mono' }, i.artifact_uri || '')));
}

function filterMap(map, pred) {
  return new Map([...map].filter(([k]) => pred(k)));
}

function metricsTable(run) {
  const metrics = run.data.metrics || [];
  if (metrics.length === 0) return empty('No metrics logged.');
  return h('table', { class: 'grid kv', id: 'metrics-table' },
    h('thead', null, h('tr', null, h('th', null, 'Key'), h('th', null, 'Value'), h('th', null, 'Step'), h('th', null, 'Logged'))),
    h('tbody', null, [...metrics].sort((a, b) => a.key.localeCompare(b.key)).map((m) =>
      h('tr', null, h('th', null, m.key), h('td', { class: 'num' }, fmtNumber(m.value)), h('td', { class: 'num' }, String(m.step ?? 0)), h('td', { class: 'nowrap' }, fmtTime(m.timestamp))))));
}

// The model versions registered from this run, filled in when the registry answers.
function modelVersions(runId) {
  const box = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  api.searchVersions('run_id = ' + filterString(runId))
    .then((res) => {
      const versions = res.model_versions || [];
      if (versions.length === 0) {
        mount(box, empty('No model versions were registered from this run.'));
        return;
      }
      mount(box, h('ul', { class: 'plain', id: 'run-model-versions' }, versions.map((v) =>
        h('li', null, h('a', { class: 'model-version-link', href: '#/models/' + encodeURIComponent(v.name) + '/versions/' + encodeURIComponent(v.version) }, v.name + ' v' + v.version),
          ' ', h('span', { class: 'badge' }, v.current_stage || 'None'),
          (v.aliases || []).map((a) => [' ', h('span', { class: 'badge alias' }, '@' + a)])))));
    })
    .catch((err) => mount(box, errorBox(err)));
  return box;
}

function datasets(run) {
  const inputs = (run.inputs && run.inputs.dataset_inputs) || [];
  if (inputs.length === 0) return empty('No datasets logged.');
  return h('table', { class: 'grid', id: 'datasets-table' },
    h('thead', null, h('tr', null, ['Name', 'Digest', 'Source type', 'Source', 'Context', 'Schema'].map((t) => h('th', null, t)))),
    h('tbody', null, inputs.map((di) => {
      const d = di.dataset || {};
      const context = kv(di.tags).get('mlflow.data.context') || '';
      return h('tr', null, h('td', null, d.name || ''), h('td', { class: 'mono' }, d.digest || ''), h('td', null, d.source_type || ''),
        h('td', { class: 'value' }, d.source || ''), h('td', null, context),
        h('td', null, d.schema ? h('details', null, h('summary', null, 'schema'), h('pre', null, d.schema)) : ''));
    })));
}
