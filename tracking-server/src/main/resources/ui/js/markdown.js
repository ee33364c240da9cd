// A tiny markdown subset for run notes (MLflow's tag mlflow.note.content), rendered safely: the
// parser builds DOM nodes and puts every piece of text in with textContent; no HTML in a note is
// ever interpreted. Supported: # headings, paragraphs, - / * / 1. lists, ``` code blocks,
// `code`, **bold**, *italic*, [text](http(s) URL).
import { h } from './dom.js';

export function renderMarkdown(src) {
  const root = h('div', { class: 'markdown' });
  const lines = String(src).replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (/^```/.test(line)) {
      const code = [];
      i++;
      while (i < lines.length && !/^```/.test(lines[i])) code.push(lines[i++]);
      i++;
      root.append(h('pre', null, h('code', { text: code.join('\n') })));
      continue;
    }
    const heading = /^(#{1,4})\s+(.*)$/.exec(line);
    if (heading) {
      root.append(h('h' + (heading[1].length + 2), null, inline(heading[2])));
      i++;
      continue;
    }
    if (/^\s*([-*]|\d+\.)\s+/.test(line)) {
      const ordered = /^\s*\d+\./.test(line);
      const list = h(ordered ? 'ol' : 'ul');
      while (i < lines.length && /^\s*([-*]|\d+\.)\s+/.test(lines[i])) {
        list.append(h('li', null, inline(lines[i].replace(/^\s*([-*]|\d+\.)\s+/, ''))));
        i++;
      }
      root.append(list);
      continue;
    }
    if (line.trim() === '') {
      i++;
      continue;
    }
    const para = [];
    while (i < lines.length && lines[i].trim() !== '' && !/^(```|#{1,4}\s|\s*([-*]|\d+\.)\s+)/.test(lines[i])) {
      para.push(lines[i++]);
    }
    const p = h('p');
    para.forEach((l, n) => {
      if (n > 0) p.append(h('br'));
      p.append(...inline(l));
    });
    root.append(p);
  }
  return root;
}

// Inline spans, longest-match first; everything between matches is plain text.
const INLINE = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\*[^*\s][^*]*\*)|(\[[^\]]+\]\([^)\s]+\))/g;

function inline(text) {
  const out = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) out.push(document.createTextNode(text.slice(last, m.index)));
    const t = m[0];
    if (m[1]) out.push(h('code', { text: t.slice(1, -1) }));
    else if (m[2]) out.push(h('strong', { text: t.slice(2, -2) }));
    else if (m[3]) out.push(h('em', { text: t.slice(1, -1) }));
    else {
      const link = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(t);
      // Only absolute http(s) links become anchors; javascript:, data: and the rest stay text.
      if (/^https?:\/\//i.test(link[2])) {
        out.push(h('a', { href: link[2], text: link[1], rel: 'noopener noreferrer', target: '_blank' }));
      } else {
        out.push(document.createTextNode(t));
      }
    }
    last = m.index + t.length;
  }
  if (last < text.length) out.push(document.createTextNode(text.slice(last)));
  return out;
}
