// Artifacts browser: a lazy tree (artifacts/list per folder), download links through the artifact
// proxy, and previews of text, images and CSV (as a table). Previews are fetched as text and shown
// with textContent; an HTML or SVG artifact is shown as source, never rendered as a page.
import { api, artifactUrl, fetchArtifact, currentToken } from './api.js';
import { h, mount, errorBox, empty } from './dom.js';
import { fmtBytes } from './format.js';

// Larger files get a download link instead of a preview, as in MLflow's UI (which stops at 50 MB for
// every kind): a text preview is one <pre> the browser lays out whole, so it stops far sooner; an
// image is held in memory as a blob while shown, and tens of MB of it would stall the page.
const PREVIEW_MAX_BYTES = 2 * 1024 * 1024;
const IMAGE_PREVIEW_MAX_BYTES = 10 * 1024 * 1024;
const CSV_MAX_ROWS = 500;
const IMAGE = /\.(png|jpe?g|gif|webp|bmp)$/i;
const CSV = /\.(csv|tsv)$/i;
const TEXT = /\.(txt|log|json|ya?ml|md|py|java|kt|scala|sql|xml|html?|svg|ipynb|properties|toml|ini|cfg|sh|r|jsonl|mlmodel)$|(^|\/)(MLmodel|requirements\.txt|conda\.yaml|Dockerfile|LICENSE|README)$/i;

export function artifactsBrowser(run) {
  const info = run.info;
  const preview = h('div', { class: 'artifact-preview' }, h('p', { class: 'muted' }, 'Select a file to preview it.'));
  const tree = h('div', { class: 'artifact-tree' }, h('p', { class: 'muted' }, 'Loading…'));
  const root = h('div', { class: 'artifacts' }, tree, preview);
  // The preview being loaded or shown: a click on another file aborts it, so a slow answer for a
  // file clicked earlier can never replace the one clicked last.
  let previewing = null;
  const previewFile = (f, url) => {
    if (previewing) previewing.abort();
    previewing = new AbortController();
    showPreview(preview, f, url, previewing.signal);
  };

  /** Lists a folder into `container`, unless `signal` aborts first (the folder was closed). */
  const listInto = async (container, path, signal) => {
    const show = (...content) => {
      if (!signal || !signal.aborted) mount(container, ...content);
    };
    let files;
    try {
      const res = await api.listArtifacts(info.run_id, path);
      files = res.files || [];
    } catch (err) {
      show(errorBox(err));
      return;
    }
    if (files.length === 0) {
      show(empty(path ? 'Empty folder.' : 'No artifacts logged for this run.'));
      return;
    }
    files.sort((a, b) => (b.is_dir === true) - (a.is_dir === true) || a.path.localeCompare(b.path));
    show(h('ul', { class: 'tree' }, files.map((f) => entry(f))));
  };

  const entry = (f) => {
    const name = f.path.split('/').pop();
    if (f.is_dir) {
      const children = h('div', { class: 'tree-children' });
      let listing = null; // while the folder is open; closing aborts it, so a late answer lands nowhere
      const toggle = h('button', { type: 'button', class: 'link', onclick: () => {
        if (listing) {
          listing.abort();
          listing = null;
          children.replaceChildren();
        } else {
          listing = new AbortController();
          listInto(children, f.path, listing.signal);
        }
        toggle.textContent = (listing ? '▾ ' : '▸ ') + name + '/';
      } }, '▸ ' + name + '/');
      return h('li', null, toggle, children);
    }
    const url = artifactUrl(info.artifact_uri, f.path);
    return h('li', null,
      h('button', { type: 'button', class: 'link artifact-file', onclick: () => previewFile(f, url) }, name),
      h('span', { class: 'muted' }, ' ' + fmtBytes(f.file_size) + ' '),
      download(url, name));
  };

  // The server serves only mlflow-artifacts: URIs; it lists any other run's artifacts as none.
  if (artifactUrl(info.artifact_uri, '') === null) {
    mount(tree, empty('This run keeps its artifacts at ' + (info.artifact_uri || 'no known location')
      + ', which this server does not serve: they cannot be listed or previewed here.'));
    return root;
  }
  listInto(tree, '');
  return root;
}

/** Shows a file in the preview box until `signal` aborts; from then on it shows nothing more. */
async function showPreview(box, f, url, signal) {
  const title = h('h3', null, f.path);
  const show = (...content) => {
    if (!signal.aborted) mount(box, title, ...content);
  };
  const tooLarge = (max) => {
    if (!(Number(f.file_size) > max)) return false;
    show(h('div', { class: 'muted too-large' }, `Too large to preview (${fmtBytes(f.file_size)}): `,
      download(url, f.path.split('/').pop())));
    return true;
  };
  if (IMAGE.test(f.path)) {
    if (tooLarge(IMAGE_PREVIEW_MAX_BYTES)) return;
    // Fetched, then shown from a blob: URL, rather than an <img src>: the request carries the
    // token, and a failure shows the server's message instead of a broken-image icon.
    show(h('p', { class: 'muted' }, 'Loading…'));
    try {
      const img = h('img', { alt: f.path, class: 'artifact-image', onerror: () =>
        show(errorBox(new Error('The browser cannot show this file as an image; use download.'))) });
      const blob = await fetchBlob(url, signal);
      if (signal.aborted) return;
      img.src = URL.createObjectURL(blob);
      // the bytes stay in memory until revoked: free them once another file replaces this one
      signal.addEventListener('abort', () => URL.revokeObjectURL(img.src), { once: true });
      show(img);
    } catch (err) {
      show(errorBox(err));
    }
    return;
  }
  if (!CSV.test(f.path) && !TEXT.test(f.path)) {
    show(h('p', { class: 'muted' }, 'No preview for this file type; use download.'));
    return;
  }
  if (tooLarge(PREVIEW_MAX_BYTES)) return;
  show(h('p', { class: 'muted' }, 'Loading…'));
  let text;
  try {
    text = await (await fetchArtifact(url, signal)).text();
  } catch (err) {
    show(errorBox(err));
    return;
  }
  // The extension only guesses: a NUL byte means binary (git's test), which as text is noise.
  if (text.includes('\u0000')) {
    show(h('p', { class: 'muted' }, 'This file is binary; no preview, use download.'));
    return;
  }
  if (text === '') {
    show(empty('Empty file.'));
    return;
  }
  if (CSV.test(f.path)) {
    show(csvTable(text, /\.tsv$/i.test(f.path) ? '\t' : ','));
  } else {
    show(h('pre', { class: 'artifact-text' }, text));
  }
}

async function fetchBlob(url, signal) {
  return (await fetchArtifact(url, signal)).blob();
}

/**
 * A file's download control: a link without a token, a button with one (a link cannot send it).
 * A failed download (file gone, token refused, server unreachable) says why in the file's row.
 */
function download(url, name) {
  const status = h('div', { class: 'download-status' });
  const start = async (event) => {
    event.preventDefault();
    status.replaceChildren();
    try {
      await saveArtifact(url, name);
    } catch (err) {
      mount(status, errorBox(new Error('Download failed: ' + err.message)));
    }
  };
  const control = currentToken()
    ? h('button', { type: 'button', class: 'link small', onclick: start }, 'download')
    : h('a', { href: url, download: name, class: 'small', onclick: start }, 'download');
  return [control, status];
}

async function saveArtifact(url, name) {
  if (currentToken()) {
    const blobUrl = URL.createObjectURL(await fetchBlob(url));
    saveAs(blobUrl, name);
    setTimeout(() => URL.revokeObjectURL(blobUrl), 10000);
    return;
  }
  // Asks first, reading only the answer's headers, so a failure can be shown here; the browser's
  // own download then streams the file to disk instead of holding it in memory.
  const probe = new AbortController();
  await fetchArtifact(url, probe.signal);
  probe.abort();
  saveAs(url, name);
}

function saveAs(href, name) {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.click();
}

/** RFC 4180 CSV (quoted fields, doubled quotes, newlines inside quotes) to a table. */
export function parseCsv(text, sep = ',') {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      rows.push(row); row = [];
      // the header, the rows shown and one more, which tells that the file goes on
      if (rows.length > CSV_MAX_ROWS + 1) break;
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

function csvTable(text, sep) {
  const rows = parseCsv(text, sep);
  const [header, ...body] = rows;
  const shown = body.slice(0, CSV_MAX_ROWS);
  return h('div', { class: 'csv' },
    h('table', { class: 'grid csv-table' },
      h('thead', null, h('tr', null, header.map((c) => h('th', null, c)))),
      h('tbody', null, shown.map((r) => h('tr', null, r.map((c) => h('td', null, c)))))),
    body.length > CSV_MAX_ROWS ? h('p', { class: 'muted' }, `First ${CSV_MAX_ROWS} rows shown; download for the rest.`) : null);
}
