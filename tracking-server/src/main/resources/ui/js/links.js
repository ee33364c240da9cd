// Links to an experiment or a run by id that show its name once the server answers; until then,
// or when it cannot (deleted for good, no access), the id. Once named, the id is the link's tooltip.
import { api, filterString } from './api.js';
import { h } from './dom.js';

// runs/search filters by at most this many ids at once, so a page of many runs asks a few times
// with filters of a few kB, not once per run.
const RUNS_PER_SEARCH = 100;

/** A link to an experiment's runs page; `attrs` as h() takes them (id, class). */
export function experimentLink(experimentId, attrs = {}) {
  const names = new LinkNames();
  const link = names.experimentLink(experimentId, attrs);
  names.fill();
  return link;
}

/** A link to a run's page; `attrs` as h() takes them (id, class). */
export function runLink(runId, attrs = {}) {
  const names = new LinkNames();
  const link = names.runLink(runId, undefined, attrs);
  names.fill();
  return link;
}

/**
 * Run and experiment links for a page with many of them (a model's versions): each shows its id
 * until fill() names them all, with one runs/search per RUNS_PER_SEARCH runs of known experiments
 * and one experiments/get per distinct experiment, instead of a request per link.
 */
export class LinkNames {
  constructor() {
    this.runs = new Map(); // run id -> { experimentId, links }
    this.experiments = new Map(); // experiment id -> links
  }

  /** A link to a run; `experimentId` (when known) lets fill() find it by search. */
  runLink(runId, experimentId, attrs = {}) {
    const link = h('a', { ...attrs, href: '#/runs/' + encodeURIComponent(runId) }, runId);
    if (!this.runs.has(runId)) this.runs.set(runId, { experimentId, links: [] });
    const entry = this.runs.get(runId);
    entry.experimentId = entry.experimentId || experimentId;
    entry.links.push(link);
    return link;
  }

  experimentLink(experimentId, attrs = {}) {
    const link = h('a', { ...attrs, href: '#/experiments/' + encodeURIComponent(experimentId) }, 'Experiment ' + experimentId);
    if (!this.experiments.has(experimentId)) this.experiments.set(experimentId, []);
    this.experiments.get(experimentId).push(link);
    return link;
  }

  /** Asks the server for the names; a link it cannot name keeps its id. Never rejects. */
  async fill() {
    await Promise.all([this.fillRuns(), this.fillExperiments()]);
  }

  async fillExperiments() {
    await Promise.all([...this.experiments].map(async ([id, links]) => {
      try {
        const name = (await api.getExperiment(id)).experiment.name;
        links.forEach((link) => named(link, name, 'Experiment ' + id));
      } catch (e) {
        /* the id stays as the link text */
      }
    }));
  }

  async fillRuns() {
    const byExperiment = new Map();
    const unplaced = [];
    for (const [id, { experimentId }] of this.runs) {
      if (!experimentId) unplaced.push(id);
      else byExperiment.set(experimentId, [...(byExperiment.get(experimentId) || []), id]);
    }
    const searches = [];
    for (const [experimentId, ids] of byExperiment) {
      for (let i = 0; i < ids.length; i += RUNS_PER_SEARCH) searches.push([experimentId, ids.slice(i, i + RUNS_PER_SEARCH)]);
    }
    await Promise.all([
      ...searches.map(async ([experimentId, ids]) => {
        try {
          const res = await api.searchRuns({
            experimentIds: [experimentId], maxResults: ids.length, viewType: 'ALL',
            filter: 'attributes.run_id IN (' + ids.map(filterString).join(', ') + ')',
          });
          (res.runs || []).forEach((run) => this.nameRun(run.info));
        } catch (e) {
          /* the ids stay as the link texts */
        }
      }),
      // a run whose experiment the page does not know (a single link) is asked for by id
      ...unplaced.map(async (id) => {
        try {
          this.nameRun((await api.getRun(id)).run.info);
        } catch (e) {
          /* the id stays as the link text */
        }
      }),
    ]);
  }

  nameRun(info) {
    const entry = this.runs.get(info.run_id);
    if (entry && info.run_name) entry.links.forEach((link) => named(link, info.run_name, 'Run ' + info.run_id));
  }
}

function named(link, name, tooltip) {
  link.textContent = name;
  link.title = tooltip;
}
