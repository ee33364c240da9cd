// Links to an experiment or a run by id that show its name once the server answers; until then,
// or when it cannot (deleted for good, no access), the id.
import { api } from './api.js';
import { h } from './dom.js';

/** A link to an experiment's runs page; `attrs` as h() takes them (id, class). */
export function experimentLink(experimentId, attrs = {}) {
  const link = h('a', { ...attrs, href: '#/experiments/' + encodeURIComponent(experimentId) }, 'Experiment ' + experimentId);
  api.getExperiment(experimentId)
    .then((res) => { link.textContent = res.experiment.name; })
    .catch(() => { /* the id stays as the link text */ });
  return link;
}

/** A link to a run's page; `attrs` as h() takes them (id, class). */
export function runLink(runId, attrs = {}) {
  const link = h('a', { ...attrs, href: '#/runs/' + encodeURIComponent(runId) }, runId);
  api.getRun(runId)
    .then((res) => { link.textContent = res.run.info.run_name || runId; })
    .catch(() => { /* the id stays as the link text */ });
  return link;
}
