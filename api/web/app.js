// sanctions-kg explorer: a question → the REST API's answers → a Cytoscape.js network, evidence and a timeline.
// Plain ES module, no build step; the library comes from api/web/node_modules (npm ci), served at /vendor/.
import cytoscape from '/vendor/cytoscape.esm.mjs';
import { createReview } from '/static/review.js';

const HAS_FCOSE = typeof window.cytoscapeFcose === 'function';
if (HAS_FCOSE) cytoscape.use(window.cytoscapeFcose);

// -- vocabulary ---------------------------------------------------------------------------------------------------
const STATUSES = ['delivered', 'ordered', 'alleged', 'denied'];
const DEFAULT_STATUSES = ['delivered', 'ordered', 'alleged'];
const STRENGTH = { delivered: 3, ordered: 2, alleged: 1, denied: 0 };
const STATUS_COLOR = { delivered: '#243b53', ordered: '#1d5fd1', alleged: '#b45309', denied: '#8291a3' };
const ISSUERS = ['UN', 'EU', 'US', 'UK', 'OSCE', 'ECOWAS', 'AU', 'LAS', 'OTHER'];
// The filters each question takes (issuer and as-of also choose which embargoes mark the nodes).
const ALL_FILTERS = ['since', 'until', 'issuer', 'as_of', 'status', 'conf'];
const FILTERS = {
  suppliers: ALL_FILTERS, sanctioned: ALL_FILTERS, paths: ALL_FILTERS,
  violations: ['since', 'until', 'issuer', 'as_of', 'conf'], // the API counts every affirmative status
};
// The fields each question needs.
const VERDICT_LABEL = { violation: 'Breaches', possible: 'Possibly breaches', compliant: 'Compliant with' };
const NEEDS = { suppliers: ['recipient'], sanctioned: ['recipient'], paths: ['source', 'target'], violations: [] };
// The URL is the state: these keys, omitted when default, so a view can be shared or reloaded.
const DEFAULTS = {
  q: '', recipient: '', supplier: '', source: '', target: '', hops: '3', ordered: '', since: '', until: '',
  as_of: '', issuer: '', status: DEFAULT_STATUSES.join(','), conf: '0', width: 'count', layout: 'auto',
  from: '', to: '', sel: '',
};

// -- small helpers ------------------------------------------------------------------------------------------------
const $ = (sel) => document.querySelector(sel);
const $$ = (sel) => [...document.querySelectorAll(sel)];

/** An element: h('a', {href, class: 'x', onclick}, 'text', child, ...); strings become text nodes (never HTML). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}
const svgEl = (tag, attrs = {}) => {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
};
const pct = (x) => `${Math.round(x * 100)}%`;
const uniq = (xs) => [...new Set(xs)];
const yearOf = (d) => (d ? Number(String(d).slice(0, 4)) : null);
const safeUrl = (u) => (typeof u === 'string' && /^https?:\/\//i.test(u) ? u : null);
const byIssuer = (a, b) => ISSUERS.indexOf(a) - ISSUERS.indexOf(b);
const cap = (s) => (s ? s[0].toUpperCase() + s.slice(1) : s);
const human = (s) => String(s ?? '').replaceAll('_', ' ');

// -- API ----------------------------------------------------------------------------------------------------------
class ApiError extends Error {}

async function api(path, params = {}) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    if (Array.isArray(v)) v.forEach((x) => qs.append(k, x));
    else qs.set(k, String(v));
  }
  const query = qs.toString();
  const url = query ? `${path}?${query}` : path;
  let res;
  try {
    res = await fetch(url, { headers: { Accept: 'application/json' } });
  } catch (e) {
    throw new ApiError(`The API did not answer (${e.message}).`);
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const msg = body?.error?.message || `HTTP ${res.status}`;
    throw new ApiError(`${msg} (${path}, ${res.status})`);
  }
  return body;
}

/** Every page of a paginated answer (`next_cursor`), up to `max` rows. */
async function apiPages(path, params, key, max = 5000) {
  let first = null;
  const rows = [];
  let cursor = null;
  do {
    const body = await api(path, { ...params, limit: 500, cursor });
    first ??= body;
    rows.push(...body[key]);
    cursor = body.next_cursor;
  } while (cursor && rows.length < max);
  return { ...first, [key]: rows };
}

// -- actor names: answers carry some; states fall back to the browser's region names; others from /actors/{id} ----
const regionNames = (() => {
  try { return new Intl.DisplayNames(['en'], { type: 'region' }); } catch { return null; }
})();
const names = new Map();
const kinds = new Map();
const profiles = new Map();

const isState = (id) => /^[A-Z]{2}$/.test(id);
function nameOf(id) {
  if (names.has(id)) return names.get(id);
  if (isState(id)) {
    try { return regionNames?.of(id) ?? id; } catch { return id; }
  }
  return id;
}
function learn(id, name, kind) {
  if (name) names.set(id, name);
  if (kind) kinds.set(id, kind);
}

async function profile(id, asOf) {
  const key = `${id}|${asOf || ''}`;
  if (!profiles.has(key)) {
    profiles.set(key, api(`/actors/${encodeURIComponent(id)}`, { as_of: asOf }).then((p) => {
      learn(p.actor.id, p.actor.name, p.actor.kind);
      return p;
    }));
  }
  try {
    return await profiles.get(key);
  } catch (e) {
    profiles.delete(key);
    throw e;
  }
}

/** Names for ids no answer named: one /actors call per non-state actor, 8 at a time. */
async function ensureNames(ids) {
  const todo = ids.filter((id) => !names.has(id) && !isState(id));
  for (let i = 0; i < todo.length; i += 8) {
    await Promise.all(todo.slice(i, i + 8).map((id) => profile(id).catch(() => null)));
  }
  for (const id of ids) if (isState(id) && !kinds.has(id)) kinds.set(id, 'state');
  refreshActorList();
}

const sanctionedCache = new Map();
/** id → regimes in force on `asOf` (of `issuer`): marks nodes as sanctioned, by issuer. */
async function sanctionedIndex(asOf, issuer) {
  const key = `${asOf}|${issuer}`;
  if (!sanctionedCache.has(key)) {
    sanctionedCache.set(key, apiPages('/sanctioned', { as_of: asOf, issuer }, 'actors').then((body) => {
      const index = new Map();
      for (const a of body.actors) {
        learn(a.id, a.name, a.kind);
        index.set(a.id, a.regimes);
      }
      refreshActorList();
      return { index, asOf: body.as_of };
    }));
  }
  return sanctionedCache.get(key);
}

function refreshActorList() {
  const list = $('#actor-list');
  const have = new Set([...list.options].map((o) => o.value));
  for (const [id, name] of [...names].sort((a, b) => a[1].localeCompare(b[1]))) {
    if (!have.has(id)) list.append(h('option', { value: id }, name));
  }
}

/** What the analyst typed: an id ("RU", "grp-…") or a known name ("Russia"). */
function actorId(text) {
  const t = (text || '').trim();
  if (!t) return '';
  if (/^[a-z]{2}$/i.test(t)) return t.toUpperCase();
  const lower = t.toLowerCase();
  for (const [id, name] of names) if (name.toLowerCase() === lower) return id;
  if (regionNames) {
    for (let a = 65; a < 91; a++) {
      for (let b = 65; b < 91; b++) {
        const code = String.fromCharCode(a, b);
        try { if (regionNames.of(code).toLowerCase() === lower) return code; } catch { /* not a region */ }
      }
    }
  }
  return t;
}

// -- state <-> URL <-> form -----------------------------------------------------------------------------------------
let state = readUrl();

function readUrl() {
  const p = new URLSearchParams(location.search);
  const s = { ...DEFAULTS };
  for (const k of Object.keys(DEFAULTS)) if (p.has(k)) s[k] = p.get(k);
  if (!s.status) s.status = DEFAULTS.status;
  return s;
}

function writeUrl(push = false) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(state)) if (v !== '' && v !== DEFAULTS[k]) p.set(k, v);
  const query = p.toString();
  const url = `${location.pathname}${query ? `?${query}` : ''}`;
  if (url !== `${location.pathname}${location.search}`) history[push ? 'pushState' : 'replaceState'](null, '', url);
}

function stateToForm() {
  $('#q').value = state.q || 'sanctioned';
  for (const k of ['recipient', 'supplier', 'source', 'target', 'hops', 'since', 'until', 'as_of', 'issuer', 'conf']) {
    $(`#${k}`).value = state[k];
  }
  $('#ordered').checked = state.ordered === '1';
  const statuses = state.status.split(',');
  for (const box of $$('input[name=status]')) box.checked = statuses.includes(box.value);
  $('#width').value = state.width;
  $('#layout').value = state.layout;
  updateForm();
}

function formToState() {
  const q = $('#q').value;
  const statuses = $$('input[name=status]:checked').map((b) => b.value);
  state = {
    ...state,
    q,
    recipient: actorId($('#recipient').value),
    supplier: actorId($('#supplier').value),
    source: actorId($('#source').value),
    target: actorId($('#target').value),
    hops: $('#hops').value || '3',
    ordered: $('#ordered').checked ? '1' : '',
    since: $('#since').value,
    until: $('#until').value,
    as_of: $('#as_of').value,
    issuer: $('#issuer').value,
    status: (statuses.length ? statuses : DEFAULT_STATUSES).join(','),
    conf: $('#conf').value,
  };
}

function updateForm() {
  const q = $('#q').value;
  for (const el of $$('[data-for]')) el.hidden = !el.dataset.for.split(' ').includes(q);
  const allowed = FILTERS[q] ?? [];
  for (const el of $$('[data-filter]')) {
    const off = !allowed.includes(el.dataset.filter);
    el.classList.toggle('off', off);
    for (const input of el.querySelectorAll('input, select')) input.disabled = off;
  }
  $('#recipient').required = q === 'suppliers' || q === 'sanctioned';
  $('#source').required = $('#target').required = q === 'paths';
  $('#conf-out').value = Number($('#conf').value).toFixed(2);
}

// -- questions: each returns a view -------------------------------------------------------------------------------
const statusList = () => state.status.split(',').filter(Boolean);
const confParam = () => (Number(state.conf) > 0 ? state.conf : undefined);

async function askSuppliers(sanctioned) {
  const recipient = state.recipient;
  const [answer, viol] = await Promise.all([
    api('/suppliers', {
      recipient, sanctioned, as_of: state.as_of, issuer: state.issuer, since: state.since, until: state.until,
      status: statusList(), min_confidence: confParam(),
      // the drawing needs every transfer of each supplier (the API's default lists the newest few)
      per_supplier: 1000, limit: 500,
    }),
    apiPages('/violations', {
      recipient, since: state.since, until: state.until, issuer: state.issuer, min_confidence: confParam(),
    }, 'violations').catch(() => ({ violations: [] })),
    profile(recipient, state.as_of).catch(() => null),
  ]);
  const transfers = [];
  const regimes = [];
  const rows = answer.suppliers.map((s) => {
    learn(s.id, s.name, s.kind);
    transfers.push(...s.transfers);
    regimes.push(...s.sanctioned_by);
    const cats = uniq(s.transfers.map((t) => human(t.designation || t.category)));
    const count = s.transfer_count;
    return {
      key: `e:${s.id}>${recipient}`,
      title: s.name,
      sub: `${count} transfer${count === 1 ? '' : 's'} · ${cats.join(', ')}`,
      status: strongest(s.transfers),
      issuers: uniq(s.sanctioned_by.map((r) => r.issuer)).sort(byIssuer),
    };
  });
  regimes.push(...viol.violations.map((v) => v.regime));
  const n = answer.total;
  const shown = answer.suppliers.length < n ? ` (${answer.suppliers.length} biggest shown)` : '';
  return {
    title: `${sanctioned ? 'Sanctioned suppliers' : 'Suppliers'} of ${nameOf(recipient)}`,
    sub: `${n} supplier${n === 1 ? '' : 's'}${shown} · ${transfers.length} transfer${transfers.length === 1 ? '' : 's'}`
      + (state.issuer ? ` · ${state.issuer} embargoes only` : ''),
    focus: [recipient],
    transfers,
    violations: viol.violations,
    regimes,
    rows,
    cypher: answer.cypher,
    layout: 'concentric',
    empty: sanctioned ? 'No sanctioned supplier matches these filters.' : 'No supplier matches these filters.',
  };
}

async function askViolations() {
  const answer = await apiPages('/violations', {
    recipient: state.recipient, supplier: state.supplier, since: state.since, until: state.until,
    issuer: state.issuer, min_confidence: confParam(),
  }, 'violations');
  const byTransfer = new Map();
  for (const v of answer.violations) {
    if (!byTransfer.has(v.transfer.id)) byTransfer.set(v.transfer.id, { t: v.transfer, regimes: [] });
    byTransfer.get(v.transfer.id).regimes.push(v.regime);
  }
  const transfers = [...byTransfer.values()].map((x) => x.t);
  await ensureNames(uniq(transfers.flatMap((t) => [t.supplier, t.recipient])));
  const rows = [...byTransfer.values()].map(({ t, regimes }) => ({
    key: `e:${t.supplier}>${t.recipient}`,
    tid: t.id,
    title: `${nameOf(t.supplier)} → ${nameOf(t.recipient)}`,
    sub: `${cap(human(t.designation || t.category))} · ${t.date_from ?? 'undated'} · ${t.status}`,
    status: t.status,
    issuers: uniq(regimes.map((r) => r.issuer)).sort(byIssuer),
  }));
  const who = [state.supplier && `by ${nameOf(state.supplier)}`, state.recipient && `to ${nameOf(state.recipient)}`];
  return {
    title: `Violations${who.filter(Boolean).length ? ` ${who.filter(Boolean).join(' ')}` : ''}`,
    sub: `${transfers.length} transfer${transfers.length === 1 ? '' : 's'} inside an embargo in force on their date`
      + ` · ${answer.violations.length} breach${answer.violations.length === 1 ? '' : 'es'}`,
    focus: [state.recipient, state.supplier].filter(Boolean),
    transfers,
    violations: answer.violations,
    regimes: answer.violations.map((v) => v.regime),
    rows,
    cypher: answer.cypher,
    layout: 'fcose',
    empty: 'No violation matches these filters.',
  };
}

async function askPaths() {
  const answer = await api('/paths', {
    source: state.source, target: state.target, max_hops: state.hops, time_ordered: state.ordered === '1',
    status: statusList(), min_confidence: confParam(), since: state.since, until: state.until,
  });
  const transfers = new Map();
  for (const p of answer.paths) for (const hop of p.hops) transfers.set(hop.transfer.id, hop.transfer);
  await ensureNames(uniq([state.source, state.target, ...answer.paths.flatMap((p) => p.actors)]));
  const rows = answer.paths.map((p, i) => ({
    key: `p:${i}`,
    title: p.actors.map(nameOf).join(' → '),
    sub: `${p.hops.length} hop${p.hops.length === 1 ? '' : 's'} · weakest confidence ${pct(p.min_confidence)}`,
    status: strongest(p.hops.map((x) => x.transfer)),
    issuers: [],
  }));
  return {
    title: `Paths from ${nameOf(state.source)} to ${nameOf(state.target)}`,
    sub: `${answer.paths.length} path${answer.paths.length === 1 ? '' : 's'} of at most ${answer.max_hops} hops`
      + (answer.time_ordered ? ', time-ordered' : ''),
    focus: [state.source, state.target],
    transfers: [...transfers.values()],
    violations: [],
    regimes: [],
    rows,
    paths: answer.paths,
    cypher: answer.cypher,
    layout: 'breadthfirst',
    empty: 'No path within these hops and filters.',
  };
}

function strongest(transfers) {
  return transfers.reduce((best, t) => (STRENGTH[t.status] > STRENGTH[best] ? t.status : best), 'denied');
}

// -- the graph ----------------------------------------------------------------------------------------------------
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const STYLE = [
  {
    selector: 'node',
    style: {
      shape: 'ellipse', width: 'data(size)', height: 'data(size)', 'background-color': '#e3ebf6',
      'border-color': '#486581', 'border-width': 1.5, label: 'data(label)', 'font-family': FONT, 'font-size': 'data(font)',
      color: '#102a43', 'text-valign': 'bottom', 'text-halign': 'center', 'text-margin-y': 5, 'text-wrap': 'wrap',
      'text-max-width': 150, 'text-background-color': '#ffffff', 'text-background-opacity': 0.8,
      'text-background-padding': 1, 'text-background-shape': 'roundrectangle', 'min-zoomed-font-size': 7,
    },
  },
  { selector: 'node[kind != "state"]', style: { shape: 'round-diamond', 'background-color': '#ece4f7', 'border-color': '#5f4b8b' } },
  { selector: 'node.sanctioned', style: { 'background-color': '#fde4e2', 'border-color': '#b42318', 'border-width': 4, color: '#7a1a12' } },
  { selector: 'node.focus', style: { 'font-weight': 700, 'border-style': 'double', 'border-width': 6 } },
  {
    selector: 'edge',
    style: {
      width: 'data(w)', 'curve-style': 'bezier', 'control-point-step-size': 30, 'target-arrow-shape': 'triangle',
      'arrow-scale': 1.15, 'line-color': 'data(color)', 'target-arrow-color': 'data(color)', label: 'data(label)',
      'font-family': FONT, 'font-size': 10, color: '#243b53', 'text-rotation': 'autorotate',
      'text-background-color': '#ffffff', 'text-background-opacity': 0.85, 'text-background-padding': 2,
      'text-background-shape': 'roundrectangle', 'min-zoomed-font-size': 8,
    },
  },
  { selector: 'edge.s-ordered', style: { 'line-style': 'dashed', 'line-dash-pattern': [10, 5] } },
  { selector: 'edge.s-alleged', style: { 'line-style': 'dashed', 'line-dash-pattern': [3, 4] } },
  { selector: 'edge.s-denied', style: { 'line-style': 'dashed', 'line-dash-pattern': [1, 7], opacity: 0.75 } },
  { selector: 'edge.violation', style: { 'underlay-color': '#e12d39', 'underlay-opacity': 0.22, 'underlay-padding': 5 } },
  // a person's decision shows on the arrow: a green outline when every transfer on it was reviewed (✓ in the label)
  { selector: 'edge.reviewed', style: { 'line-outline-width': 2.5, 'line-outline-color': '#1a7f37' } },
  { selector: 'edge.part-reviewed', style: { 'line-outline-width': 1.5, 'line-outline-color': '#6fbf73' } },
  { selector: 'edge.quiet', style: { label: '' } },
  { selector: '.dim', style: { opacity: 0.14 } },
  { selector: '.hidden', style: { display: 'none' } },
  { selector: 'node:selected', style: { 'overlay-color': '#1d5fd1', 'overlay-opacity': 0.16, 'overlay-padding': 7 } },
  { selector: 'edge:selected', style: { 'overlay-color': '#1d5fd1', 'overlay-opacity': 0.2, 'overlay-padding': 5 } },
];

const cy = cytoscape({
  container: $('#cy'), style: STYLE, minZoom: 0.1, maxZoom: 4,
  boxSelectionEnabled: false, selectionType: 'single',
});
window.cy = cy; // for the end-to-end tests and the curious analyst's console

let view = null;

function volumeOf(t) {
  const a = t.attributes || {};
  const tiv = a.tiv_delivered ?? a.tiv_total;
  if (typeof tiv === 'number' && tiv > 0) return tiv;
  const q = t.quantity;
  if (q && (q.low || q.high)) return Math.sqrt((q.low || q.high) * (q.high || q.low));
  return 1;
}

function buildElements(v, sanctionedIdx) {
  const violating = new Set(v.violations.map((x) => x.transfer.id));
  const pairs = new Map();
  for (const t of v.transfers) {
    const id = `${t.supplier}>${t.recipient}`;
    if (!pairs.has(id)) pairs.set(id, { id, source: t.supplier, target: t.recipient, transfers: [] });
    pairs.get(id).transfers.push(t);
  }
  const degree = new Map();
  for (const p of pairs.values()) {
    for (const end of [p.source, p.target]) degree.set(end, (degree.get(end) || 0) + p.transfers.length);
  }
  const nodeIds = uniq([...v.focus, ...degree.keys()]);
  const nodes = nodeIds.map((id) => {
    const regimes = sanctionedIdx.get(id) || [];
    const issuers = uniq(regimes.map((r) => r.issuer)).sort(byIssuer);
    const kind = kinds.get(id) || (isState(id) ? 'state' : 'unknown');
    const classes = [issuers.length ? 'sanctioned' : '', v.focus.includes(id) ? 'focus' : ''].filter(Boolean);
    return {
      group: 'nodes',
      data: {
        id, name: nameOf(id), kind, issuers,
        label: issuers.length ? `${nameOf(id)}\n${issuers.join(' · ')}` : nameOf(id),
        size: Math.min(72, 26 + 7 * Math.sqrt(degree.get(id) || 0)),
        // Hubs keep a legible label when a large network is zoomed out to fit.
        font: Math.min(20, 12 + Math.sqrt(degree.get(id) || 0)),
        degree: degree.get(id) || 0,
      },
      classes: classes.join(' '),
    };
  });
  const volumes = [...pairs.values()].map((p) => p.transfers.reduce((s, t) => s + volumeOf(t), 0));
  const maxVol = Math.max(1, ...volumes);
  const edges = [...pairs.values()].map((p, i) => {
    const status = strongest(p.transfers);
    const years = uniq(p.transfers.map((t) => [yearOf(t.date_from), yearOf(t.date_to)]).flat().filter(Boolean));
    const cats = uniq(p.transfers.map((t) => human(t.category)));
    const count = p.transfers.length;
    const w = state.width === 'volume'
      ? 1.5 + 9 * Math.sqrt(volumes[i] / maxVol)
      : Math.min(12, 1.6 + 2.4 * Math.log2(1 + count));
    const span = years.length ? `${Math.min(...years)}${Math.max(...years) > Math.min(...years) ? `–${Math.max(...years)}` : ''}` : '';
    const reviewed = p.transfers.filter((t) => t.review && t.review.state !== 'rejected').length;
    const restructured = structureMarks(p.transfers);
    const label = `${reviewed === count ? '✓ ' : ''}${restructured}${cats.slice(0, 2).join(', ')}${cats.length > 2 ? ` +${cats.length - 2}` : ''}`
      + `${count > cats.length ? ` (${count})` : ''}`;
    return {
      group: 'edges',
      data: {
        id: p.id, source: p.source, target: p.target, tids: p.transfers.map((t) => t.id), count, status, w, label, span,
        color: STATUS_COLOR[status], volume: volumes[i], reviewed, restructured: restructured.trim(),
        undated: p.transfers.some((t) => !t.date_from),
        years: uniq(p.transfers.flatMap((t) => yearsBetween(t.date_from, t.date_to))),
      },
      classes: [`s-${status}`, p.transfers.some((t) => violating.has(t.id)) ? 'violation' : '',
        reviewed === count ? 'reviewed' : reviewed ? 'part-reviewed' : ''].join(' ').trim(),
    };
  });
  return { nodes, edges };
}

/** The label's marks for merges (⊕) and splits (✂) reviewers made among an arrow's transfers. */
function structureMarks(transfers) {
  const states = new Set(transfers.map((t) => t.review?.state));
  return `${states.has('merged') ? '⊕ ' : ''}${states.has('split') ? '✂ ' : ''}`;
}

function yearsBetween(from, to) {
  const a = yearOf(from);
  const b = yearOf(to) ?? a;
  if (a === null) return [];
  const out = [];
  for (let y = a; y <= Math.min(b, a + 60); y++) out.push(y);
  return out;
}

function layoutOptions(name, v) {
  const base = { animate: false, padding: 48, fit: true };
  switch (name) {
    case 'concentric':
      return {
        ...base, name, minNodeSpacing: 46, levelWidth: () => 1, startAngle: Math.PI * 1.25,
        concentric: (n) => (n.hasClass('focus') ? 3 : n.hasClass('sanctioned') ? 2 : 1),
        spacingFactor: cy.nodes().length < 8 ? 1.8 : 1.1,
      };
    case 'breadthfirst': {
      const roots = cy.collection(v.focus.slice(0, 1).map((id) => cy.getElementById(id)).filter((n) => n.length));
      return {
        ...base, name, directed: true, roots: roots.length ? roots : undefined, spacingFactor: 1.15,
        transform: (_node, p) => ({ x: p.y * 1.9, y: p.x * 0.8 }),
      };
    }
    case 'circle':
      return { ...base, name, avoidOverlap: true };
    default:
      return HAS_FCOSE
        ? {
          ...base, name: 'fcose', quality: 'default', randomize: true, nodeRepulsion: 9000,
          idealEdgeLength: cy.nodes().length < 15 ? 70 : 110,
          nodeSeparation: 90, edgeElasticity: 0.35, gravity: 0.3, numIter: 2500, nodeDimensionsIncludeLabels: true,
        }
        : { ...base, name: 'cose', nodeRepulsion: 9000, idealEdgeLength: 110 };
  }
}

function runLayout() {
  if (!view || cy.elements().empty()) return;
  let name = state.layout === 'auto' ? view.layout : state.layout;
  if (state.layout === 'auto' && name === 'concentric' && cy.nodes().length > 80) name = 'fcose';
  const layout = cy.layout(layoutOptions(name, view));
  layout.one('layoutstop', () => {
    // Force-directed drawings come out in any orientation: turn a tall one to suit the wide canvas.
    const bb = cy.nodes().boundingBox({ includeLabels: false });
    if (name === 'fcose' && bb.h > bb.w * 1.2 && cy.width() > cy.height()) {
      const [mx, my] = [(bb.x1 + bb.x2) / 2, (bb.y1 + bb.y2) / 2];
      cy.nodes().positions((n) => ({ x: mx + (n.position('y') - my), y: my - (n.position('x') - mx) }));
      cy.fit(undefined, 48);
    }
    // A few nodes should not fill the screen: cap the zoom, keep the drawing centred.
    if (cy.zoom() > 1.3) {
      cy.zoom(1.3);
      cy.center();
    }
    scaleHubLabels();
  });
  layout.run();
}

function drawGraph(sanctionedIdx) {
  const { nodes, edges } = buildElements(view, sanctionedIdx);
  cy.batch(() => {
    cy.elements().remove();
    cy.add([...nodes, ...edges]);
    cy.edges().toggleClass('quiet', edges.length > 60);
    // The breach marking only says something when some arrows do not breach (not in the Violations view).
    if (cy.edges('.violation').length === cy.edges().length) cy.edges().removeClass('violation');
    // In a large network the best-connected actors keep a readable label at any zoom (see scaleHubLabels).
    if (nodes.length > 30) cy.nodes().sort((a, b) => b.data('degree') - a.data('degree')).slice(0, 8).addClass('hub');
  });
  runLayout();
  $('#welcome').hidden = true;
  $('#cy').setAttribute('aria-label',
    `Network of ${nodes.length} actors and ${edges.length} supplier-to-recipient links; the result list gives keyboard access.`);
}

/** Hub labels keep about the same size on screen when zoomed out; the others appear as one zooms in. */
function scaleHubLabels() {
  const z = cy.zoom();
  cy.batch(() => cy.nodes('.hub').forEach((n) => {
    const onScreen = Math.min(14, 11 + Math.sqrt(n.data('degree')) / 3); // px
    const size = Math.max(n.data('font'), onScreen / z);
    n.style({ 'font-size': size, 'text-max-width': Math.max(160, 220 / z), 'min-zoomed-font-size': 0 });
  }));
}
let hubFrame = 0;
cy.on('zoom', () => {
  cancelAnimationFrame(hubFrame);
  hubFrame = requestAnimationFrame(scaleHubLabels);
});

function reweight() {
  if (!view) return;
  const maxVol = Math.max(1, ...cy.edges().map((e) => e.data('volume')));
  cy.edges().forEach((e) => {
    e.data('w', state.width === 'volume'
      ? 1.5 + 9 * Math.sqrt(e.data('volume') / maxVol)
      : Math.min(12, 1.6 + 2.4 * Math.log2(1 + e.data('count'))));
  });
}

// -- running a question -------------------------------------------------------------------------------------------
let runToken = 0;

async function run() {
  const token = ++runToken;
  clearError();
  if (!state.q) {
    showWelcome();
    document.body.dataset.state = 'idle';
    return;
  }
  const missing = NEEDS[state.q]?.filter((k) => !state[k]);
  if (!NEEDS[state.q] || missing.length) {
    showError(NEEDS[state.q] ? `Fill in: ${missing.join(', ')}.` : `Unknown question ${state.q}.`);
    document.body.dataset.state = 'error';
    return;
  }
  document.body.dataset.state = 'loading';
  $('#main').setAttribute('aria-busy', 'true');
  setStatus('Asking the API…');
  try {
    const ask = { suppliers: () => askSuppliers(false), sanctioned: () => askSuppliers(true), violations: askViolations, paths: askPaths };
    const [v, sanc] = await Promise.all([ask[state.q](), sanctionedIndex(state.as_of, state.issuer)]);
    if (token !== runToken) return;
    await ensureNames(uniq([...v.focus, ...v.transfers.flatMap((t) => [t.supplier, t.recipient])]));
    view = v;
    // Texts first: they may change the graph container's size and place, which the layout and clicks depend on.
    $('#view-title').textContent = v.title;
    $('#view-sub').replaceChildren(`${v.sub} · `, h('span', { class: 'nowrap' }, `embargoes as of ${sanc.asOf}`));
    document.title = `${v.title} · sanctions-kg explorer`;
    renderResults(v.rows, v.empty);
    setStatus(v.rows.length ? '' : v.empty);
    $('#welcome').hidden = true;
    cy.resize();
    drawGraph(sanc.index);
    for (const id of cy.nodes().map((n) => n.id())) view.regimes.push(...(sanc.index.get(id) || []));
    renderTimeline();
    if (!review.isOpen() && !restoreSelection()) showViewSummary();
    await nextFrames(); // the first frame drawn: 'ready' means clickable
    if (token !== runToken) return;
    document.body.dataset.state = 'ready';
  } catch (e) {
    if (token !== runToken) return;
    showError(e.message);
    document.body.dataset.state = 'error';
  } finally {
    if (token === runToken) $('#main').removeAttribute('aria-busy');
  }
}

const nextFrames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

function showWelcome() {
  view = null;
  cy.elements().remove();
  $('#welcome').hidden = false;
  $('#view-title').textContent = 'Start from a question';
  $('#view-sub').textContent = 'Pick one above or fill in the form.';
  renderResults([], 'Results appear here.');
  renderTimeline();
  setStatus('');
}

function setStatus(text) {
  $('#status').textContent = text;
  $('#status').hidden = !text;
}
function showError(text) {
  setStatus('');
  $('#error').textContent = text;
  $('#error').hidden = false;
}
function clearError() {
  $('#error').hidden = true;
  $('#error').textContent = '';
}

// -- result list: a listbox, keyboard first ---------------------------------------------------------------------
let activeRow = -1;

function renderResults(rows, empty) {
  const list = $('#results');
  list.replaceChildren();
  activeRow = -1;
  list.removeAttribute('aria-activedescendant');
  $('#result-count').textContent = rows.length ? `(${rows.length})` : '';
  if (!rows.length) {
    list.append(h('li', { class: 'empty', role: 'presentation' }, empty || 'Nothing to show.'));
    return;
  }
  rows.forEach((r, i) => {
    list.append(h('li', {
      id: `row-${i}`, role: 'option', 'aria-selected': 'false', dataset: { key: r.key },
      onclick: () => { chooseRow(i); list.focus(); },
    },
    h('span', { class: 'row-main' },
      h('span', { class: `sw s-${r.status}`, title: r.status, 'aria-hidden': 'true' }),
      h('span', { class: 'row-title' }, r.title),
      h('span', { class: 'issuers' }, r.issuers.map((x) => h('span', { class: `issuer i-${x}` }, x)))),
    h('span', { class: 'row-sub' }, r.sub)));
  });
}

function markRow(i) {
  const list = $('#results');
  $$('#results [role=option]').forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
  activeRow = i;
  if (i >= 0) {
    list.setAttribute('aria-activedescendant', `row-${i}`);
    $(`#row-${i}`).scrollIntoView({ block: 'nearest' });
  } else list.removeAttribute('aria-activedescendant');
}

function chooseRow(i) {
  if (!view || !view.rows[i]) return;
  markRow(i);
  select(view.rows[i].key, { fromList: true, tid: view.rows[i].tid });
}

$('#results').addEventListener('keydown', (e) => {
  const n = view?.rows.length || 0;
  if (!n) return;
  const moves = { ArrowDown: activeRow + 1, ArrowUp: activeRow - 1, Home: 0, End: n - 1, PageDown: activeRow + 5, PageUp: activeRow - 5 };
  if (e.key in moves) {
    e.preventDefault();
    chooseRow(Math.max(0, Math.min(n - 1, activeRow < 0 && e.key === 'ArrowUp' ? 0 : moves[e.key])));
  } else if ((e.key === 'Enter' || e.key === ' ') && activeRow >= 0) {
    e.preventDefault();
    chooseRow(activeRow);
    $('#details').focus();
  }
});

// -- selection: e:<supplier>><recipient>, n:<actor>, p:<path index> ----------------------------------------------
let selectToken = 0;

function select(key, { fromList = false, tid = null } = {}) {
  if (!view) return;
  const [kind, id] = [key.slice(0, 1), key.slice(2)];
  cy.elements().removeClass('dim');
  cy.elements().unselect();
  state.sel = key;
  writeUrl(false);
  Object.assign($('#details').dataset, { shows: key, loaded: 'false' });
  if (!fromList) markRow(view.rows.findIndex((r) => r.key === key));
  if (kind === 'e') return showEdge(id, tid);
  if (kind === 'n') return showNode(id);
  if (kind === 'p') return showPath(Number(id));
  return null;
}

function restoreSelection() {
  if (!state.sel) return false;
  const [kind, id] = [state.sel.slice(0, 1), state.sel.slice(2)];
  const ok = kind === 'p' ? Boolean(view.paths?.[Number(id)]) : cy.getElementById(id).length > 0;
  if (ok) select(state.sel);
  else state.sel = '';
  return ok;
}

cy.on('tap', 'edge', (e) => select(`e:${e.target.id()}`));
cy.on('tap', 'node', (e) => select(`n:${e.target.id()}`));
cy.on('tap', (e) => {
  if (e.target !== cy || !view) return;
  cy.elements().removeClass('dim');
  state.sel = '';
  writeUrl(false);
  markRow(-1);
  showViewSummary();
});

function details(...children) {
  const pane = $('#details');
  pane.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  pane.scrollTop = 0;
}

function loading(title) {
  details(h('h2', {}, title), h('p', { class: 'muted' }, 'Loading…'));
  $('#details').dataset.loaded = 'false';
}

function cypherButton(c, title) {
  return h('button', { type: 'button', class: 'small', onclick: () => openCypher(c, title) }, 'Cypher');
}

function showViewSummary() {
  if (!view) return;
  const byStatus = STATUSES.map((s) => [s, view.transfers.filter((t) => t.status === s).length]).filter(([, n]) => n);
  details(
    h('h2', {}, view.title),
    h('p', { class: 'muted' }, view.sub),
    h('dl', { class: 'facts' }, byStatus.map(([s, n]) => [h('dt', {}, cap(s)), h('dd', {}, String(n))])),
    h('p', {}, 'Click an arrow for its evidence or a node for its profile; the list on the left does the same from the keyboard.'),
    h('div', { class: 'actions' }, cypherButton(view.cypher, view.title)),
  );
  Object.assign($('#details').dataset, { shows: 'view', loaded: 'true' });
}

// -- edge: the evidence -------------------------------------------------------------------------------------------
const evidenceCache = new Map();
function evidence(tid) {
  if (!evidenceCache.has(tid)) evidenceCache.set(tid, api(`/transfers/${encodeURIComponent(tid)}/evidence`));
  return evidenceCache.get(tid).catch((e) => { evidenceCache.delete(tid); throw e; });
}

async function showEdge(id, tid = null) {
  const edge = cy.getElementById(id);
  if (!edge.length) return;
  edge.select();
  const token = ++selectToken;
  const title = `${nameOf(edge.data('source'))} → ${nameOf(edge.data('target'))}`;
  loading(title);
  let answers;
  try {
    answers = await Promise.all(edge.data('tids').map(evidence));
  } catch (e) {
    if (token === selectToken) details(h('h2', {}, title), h('p', { class: 'error-text' }, e.message));
    return;
  }
  if (token !== selectToken) return;
  answers.sort((a, b) => String(b.transfer.date_from).localeCompare(String(a.transfer.date_from)));
  const nViol = answers.reduce((n, a) => n + a.violations.length, 0);
  details(
    h('p', { class: 'kicker' }, 'Transfers'),
    h('h2', {}, title),
    h('p', { class: 'muted' },
      `${answers.length} transfer${answers.length === 1 ? '' : 's'} · strongest status ${edge.data('status')}`
      + (nViol ? ` · breaches ${nViol} embargo measure${nViol === 1 ? '' : 's'}` : ' · no embargo breached')),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'small', onclick: () => select(`n:${edge.data('source')}`) }, `Profile: ${nameOf(edge.data('source'))}`),
      h('button', { type: 'button', class: 'small', onclick: () => select(`n:${edge.data('target')}`) }, `Profile: ${nameOf(edge.data('target'))}`)),
    answers.map(renderTransfer),
  );
  const chosen = tid && $(`#details article.transfer[data-transfer="${CSS.escape(tid)}"]`);
  if (chosen) {
    chosen.classList.add('chosen');
    chosen.scrollIntoView({ block: 'start' });
  }
  $('#details').dataset.loaded = 'true';
}

function renderTransfer(a) {
  const t = a.transfer;
  const sources = new Map(a.sources.map((s) => [s.id, s]));
  const q = t.quantity;
  const qty = q ? (q.text || [q.low, q.high].filter((x) => x !== null).join('–')) + (q.estimated ? ' (estimated)' : '') : null;
  const when = [t.ordered && `ordered ${t.ordered}`, t.delivered && `delivered ${t.delivered}`,
    t.delivery_years?.length && `deliveries ${t.delivery_years.join(', ')}`].filter(Boolean).join(' · ');
  const facts = [
    when || (t.date_from ? `${t.date_from} – ${t.date_to}` : 'undated'),
    qty && `quantity: ${qty}`,
    `confidence ${pct(t.confidence)}`,
    t.first_reported && `first reported ${t.first_reported}`,
  ].filter(Boolean);
  return h('article', { class: 'transfer', dataset: { transfer: t.id } },
    h('header', {},
      h('h3', {}, cap(human(t.designation || t.category)),
        t.designation ? h('span', { class: 'muted cat' }, ` · ${human(t.category)}`) : null),
      h('span', { class: `badge s-${t.status}` }, t.status)),
    h('p', { class: 'meta' }, facts.join(' · ')),
    t.description ? h('p', { class: 'small' }, t.description) : null,
    t.review ? h('p', { class: 'review-state small transfer-review' }, h('span', { class: `rv rv-${t.review.state}` }, cap(t.review.state)),
      ` by ${t.review.by.join(', ')}`
      + (t.review.rejected_claims.length ? ` · ${t.review.rejected_claims.length} claim${t.review.rejected_claims.length === 1 ? '' : 's'} rejected` : '')) : null,
    review.structure(a),
    a.history.map((e, i) => renderEvidence(e, sources.get(e.source_id), a.targets?.[i], a.reviews?.[a.targets?.[i]])),
    // every verdict on the transfer: a violation, a possible one (what decides it), or compliant (why)
    a.violations.map((v) => h('section', { class: `violation verdict-${v.verdict || 'violation'}`, 'aria-label': `${VERDICT_LABEL[v.verdict || 'violation']} ${v.regime.name}` },
      h('h4', {}, h('span', { class: `issuer i-${v.regime.issuer}` }, v.regime.issuer), ` ${VERDICT_LABEL[v.verdict || 'violation']}: ${v.regime.name}`),
      h('p', { class: 'explanation' }, v.explanation),
      h('p', { class: 'muted small' }, `${cap(v.clause)} · overlap ${v.overlap_from} – ${v.overlap_to}`))),
    h('div', { class: 'actions' }, cypherButton(a.cypher, `Evidence for ${t.id}`),
      h('span', { class: 'muted small mono' }, t.id)));
}

function renderEvidence(e, src, target, standing) {
  const url = safeUrl(src?.url);
  const title = src?.title || src?.url || e.source_id;
  const published = [src?.publisher, src?.published].filter(Boolean).join(', ');
  const where = [
    e.start !== null && e.start !== undefined ? `characters ${e.start}–${e.end}` : null,
    e.language, `rule ${e.extractor}`,
  ].filter(Boolean).join(' · ');
  return h('article', { class: 'evidence' },
    h('header', {},
      h('span', { class: 'source-title' }, title),
      url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', class: 'original' }, 'Original ↗') : null),
    h('p', { class: 'muted small' }, [human(e.source_kind), published].filter(Boolean).join(' · ')),
    h('blockquote', { lang: e.language || null }, h('mark', { class: 'quote' }, e.quote)),
    h('p', { class: 'ev-meta' },
      'Claimed by ', h('strong', { class: 'claimant' }, e.claimant || 'not stated'), ' · ',
      h('span', { class: `badge s-${e.status}` }, e.status),
      ` · dated ${e.when || 'not stated'} · reported ${e.reported || 'unknown'} · ${pct(e.confidence)}`),
    h('p', { class: 'muted small' }, where),
    target ? review.controls(target, standing) : null);
}

// -- node: the profile --------------------------------------------------------------------------------------------
async function showNode(id) {
  const node = cy.getElementById(id);
  if (node.length) node.select();
  const token = ++selectToken;
  loading(nameOf(id));
  let p;
  try {
    p = await profile(id, state.as_of);
  } catch (e) {
    if (token === selectToken) details(h('h2', {}, nameOf(id)), h('p', { class: 'error-text' }, e.message));
    return;
  }
  if (token !== selectToken) return;
  const a = p.actor;
  const inForce = new Set(p.sanctioned_by.map((r) => r.id));
  const actorButton = (x) => h('button', { type: 'button', class: 'chip', onclick: () => focusActor(x) }, nameOf(x));
  await ensureNames([...p.suppliers, ...p.recipients]);
  if (token !== selectToken) return;
  const timelineBox = h('div', { class: 'events' });
  details(
    h('p', { class: 'kicker' }, `${human(a.kind)}${a.country && a.country !== a.id ? ` · ${nameOf(a.country)}` : ''}`),
    h('h2', {}, a.name, h('span', { class: 'muted mono' }, ` ${a.id}`)),
    a.aliases?.length ? h('p', { class: 'aliases' }, h('strong', {}, 'Also known as: '), a.aliases.join(', ')) : null,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'small', onclick: () => go({ q: 'suppliers', recipient: a.id }) }, `Suppliers of ${a.name}`),
      h('button', { type: 'button', class: 'small', onclick: () => go({ q: 'violations', supplier: a.id }) }, 'Its violations as supplier'),
      h('button', { type: 'button', class: 'small', onclick: () => go({ q: 'violations', recipient: a.id }) }, 'as recipient'),
      cypherButton(p.cypher, `Profile of ${a.name}`)),
    h('h3', {}, p.sanctioned_by.length ? `Under an arms embargo on ${p.as_of}` : `No arms embargo in force on ${p.as_of}`),
    p.regimes.length
      ? h('ul', { class: 'regimes' }, p.regimes.map((r) => h('li', { class: inForce.has(r.id) ? 'in-force' : 'past' },
        h('span', { class: `issuer i-${r.issuer}` }, r.issuer), ' ', h('span', {}, r.name),
        h('span', { class: 'muted small block' }, `${r.start} – ${r.end || 'in force'} · ${r.legal_basis.join('; ')}`))))
      : h('p', { class: 'muted' }, 'No regime in the curated list targets this actor.'),
    p.designations?.length ? [h('h3', {}, 'Listings'), h('ul', { class: 'regimes' }, p.designations.map((d) =>
      h('li', { class: d.active ? 'in-force' : 'past' }, h('span', {}, d.list), d.program ? ` · ${d.program}` : '',
        h('span', { class: 'muted small block' }, `${d.start || '?'} – ${d.end ? `delisted ${d.end}` : 'listed'}`))))] : null,
    h('h3', {}, 'Transfers by year'),
    p.by_year.length ? yearBars(p.by_year) : h('p', { class: 'muted' }, 'No dated transfer.'),
    p.suppliers.length ? [h('h3', {}, 'Supplied by'), h('div', { class: 'chips' }, p.suppliers.map(actorButton))] : null,
    p.recipients.length ? [h('h3', {}, 'Supplies'), h('div', { class: 'chips' }, p.recipients.map(actorButton))] : null,
    h('h3', {}, `Sources (${p.sources.length})`),
    p.sources.length ? h('ul', { class: 'sources' }, p.sources.map((s) => h('li', {},
      safeUrl(s.url) ? h('a', { href: s.url, target: '_blank', rel: 'noopener noreferrer' }, s.title || s.url) : (s.title || s.id),
      h('span', { class: 'muted small' }, ` · ${human(s.kind)}${s.published ? ` · ${s.published}` : ''}`)))) : null,
    h('h3', {}, 'Timeline'),
    h('button', { type: 'button', class: 'small', onclick: (ev) => loadTimeline(a.id, timelineBox, ev.currentTarget) }, 'Show events'),
    timelineBox,
  );
  $('#details').dataset.loaded = 'true';
}

async function loadTimeline(id, box, button) {
  button.disabled = true;
  try {
    const body = await apiPages(`/actors/${encodeURIComponent(id)}/timeline`, {}, 'events');
    const list = h('div', { class: 'known-list' }, eventList(body.events));
    box.replaceChildren(knownReplay(id, body.events, list), list);
    button.remove();
  } catch (e) {
    box.replaceChildren(h('p', { class: 'error-text' }, e.message));
    button.disabled = false;
  }
}

function eventList(events) {
  if (!events.length) return h('p', { class: 'muted' }, 'Nothing was known yet.');
  return h('ol', { class: 'event-list' }, events.map((e) => h('li', { class: `ev-${e.kind}` },
    h('time', { datetime: e.date }, e.date), ' ',
    e.transfer_id
      ? h('button', { type: 'button', class: 'link', onclick: () => selectTransfer(e.transfer_id) }, e.text)
      : h('span', {}, e.text))));
}

/** Month-end days from the first event's month to this month: the steps of the "what was known" replay. */
function knownMonths(events) {
  const now = new Date();
  const first = events.length ? events[0].date : now.toISOString().slice(0, 10);
  let y = Math.max(Number(first.slice(0, 4)), now.getUTCFullYear() - 40);
  let m = y === Number(first.slice(0, 4)) ? Number(first.slice(5, 7)) : 1;
  const out = [];
  while (y < now.getUTCFullYear() || (y === now.getUTCFullYear() && m <= now.getUTCMonth() + 1)) {
    const end = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    out.push(end > now.toISOString().slice(0, 10) ? now.toISOString().slice(0, 10) : end);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return out;
}

/** A slider and step buttons that ask the API for the timeline as the graph knew it at each month's end
 *  (`known_as_of`): evidence published or ingested later, and later delistings, are left out. */
function knownReplay(id, events, list) {
  const months = knownMonths(events);
  const label = h('output', { class: 'known-label', 'aria-live': 'polite' }, 'Known today');
  const slider = h('input', { type: 'range', min: 0, max: months.length - 1, value: months.length - 1, step: 1,
    'aria-label': 'What was known at the end of month', id: 'known-as-of' });
  slider.dataset.months = JSON.stringify(months);
  let token = 0;
  const show = async () => {
    const i = Number(slider.value);
    const day = months[i];
    const mine = ++token;
    const latest = i === months.length - 1;
    label.textContent = latest ? 'Known today' : `Known on ${day}`;
    try {
      const body = await apiPages(`/actors/${encodeURIComponent(id)}/timeline`, latest ? {} : { known_as_of: day }, 'events');
      if (mine !== token) return;
      list.replaceChildren(eventList(body.events));
      list.dataset.knownAsOf = latest ? '' : day;
      list.dataset.count = String(body.events.length);
    } catch (e) {
      if (mine === token) list.replaceChildren(h('p', { class: 'error-text' }, e.message));
    }
  };
  const step = (d) => () => { slider.value = String(Math.min(months.length - 1, Math.max(0, Number(slider.value) + d))); show(); };
  slider.addEventListener('change', show);
  return h('div', { class: 'known-replay' },
    h('button', { type: 'button', class: 'small', 'aria-label': 'One month earlier', onclick: step(-1) }, '‹'),
    slider,
    h('button', { type: 'button', class: 'small', 'aria-label': 'One month later', onclick: step(1) }, '›'),
    label);
}

function selectTransfer(tid) {
  const edge = cy.edges().filter((e) => e.data('tids').includes(tid));
  if (edge.length) select(`e:${edge[0].id()}`);
  else setStatus('That transfer is not in the current view.');
}

/** An actor named in a profile: select it when drawn, else ask for its suppliers. */
function focusActor(id) {
  if (cy.getElementById(id).length) select(`n:${id}`);
  else go({ q: 'suppliers', recipient: id });
}

function yearBars(rows) {
  const w = 300;
  const hgt = 84;
  const max = Math.max(1, ...rows.map((r) => Math.max(r.transfers_in, r.transfers_out)));
  const band = w / rows.length;
  const bw = Math.max(2, Math.min(14, band / 2 - 2));
  const svg = svgEl('svg', { viewBox: `0 0 ${w} ${hgt + 18}`, class: 'year-bars', role: 'img',
    'aria-label': rows.map((r) => `${r.year}: ${r.transfers_in} in, ${r.transfers_out} out`).join('; ') });
  rows.forEach((r, i) => {
    const x = i * band + band / 2;
    for (const [v, dx, cls] of [[r.transfers_in, -bw - 1, 'in'], [r.transfers_out, 1, 'out']]) {
      const bh = (v / max) * hgt;
      const rect = svgEl('rect', { x: x + dx, y: hgt - bh, width: bw, height: Math.max(bh, v ? 1 : 0), class: `bar-${cls}` });
      rect.append(svgEl('title'));
      rect.lastChild.textContent = `${r.year}: ${v} ${cls === 'in' ? 'received' : 'supplied'}`;
      svg.append(rect);
    }
    if (rows.length <= 14 || i % Math.ceil(rows.length / 10) === 0) {
      const t = svgEl('text', { x, y: hgt + 13, 'text-anchor': 'middle', class: 'axis' });
      t.textContent = String(r.year);
      svg.append(t);
    }
  });
  return h('figure', { class: 'year-figure' }, svg,
    h('figcaption', { class: 'muted small' }, h('i', { class: 'key in' }), 'received ', h('i', { class: 'key out' }), 'supplied'));
}

// -- path ---------------------------------------------------------------------------------------------------------
function showPath(i) {
  const p = view.paths?.[i];
  if (!p) return;
  const keys = p.hops.map((x) => `${x.supplier}>${x.recipient}`);
  const onPath = cy.collection(keys.map((k) => cy.getElementById(k))).union(cy.collection(p.actors.map((a) => cy.getElementById(a))));
  cy.elements().difference(onPath).addClass('dim');
  onPath.edges().select();
  details(
    h('p', { class: 'kicker' }, `Path ${i + 1} of ${view.paths.length}`),
    h('h2', {}, p.actors.map(nameOf).join(' → ')),
    h('p', { class: 'muted' }, `${p.hops.length} hop${p.hops.length === 1 ? '' : 's'} · weakest confidence ${pct(p.min_confidence)}`),
    h('ol', { class: 'hops' }, p.hops.map((x) => h('li', {},
      h('button', { type: 'button', class: 'link', onclick: () => select(`e:${x.supplier}>${x.recipient}`) },
        `${nameOf(x.supplier)} → ${nameOf(x.recipient)}`),
      h('span', { class: 'muted small block' },
        `${cap(human(x.transfer.designation || x.transfer.category))} · ${x.transfer.date_from ?? 'undated'} · ${x.transfer.status}`
        + ` · ${pct(x.transfer.confidence)}`)))),
    h('div', { class: 'actions' }, cypherButton(view.cypher, view.title)),
  );
  $('#details').dataset.loaded = 'true';
}

// -- timeline: transfers per year by status, embargo starts and ends; the window hides arrows outside it ---------
function timelineDomain() {
  const years = view ? view.transfers.flatMap((t) => [yearOf(t.date_from), yearOf(t.date_to)]).filter(Boolean) : [];
  if (!years.length) return null;
  let lo = Math.min(...years);
  let hi = Math.max(...years);
  if (hi - lo < 4) { lo -= Math.ceil((4 - (hi - lo)) / 2); hi = lo + 4; }
  return [lo, hi];
}

function renderTimeline() {
  const svg = $('#timeline-chart');
  svg.replaceChildren();
  const domain = timelineDomain();
  const from = $('#from');
  const to = $('#to');
  for (const el of [from, to, $('#window-reset')]) el.disabled = !domain;
  if (!domain) {
    $('#window-out').value = '';
    const t = svgEl('text', { x: 12, y: 30, class: 'axis' });
    t.textContent = view ? 'No dated transfer in this view.' : 'The timeline of the current view appears here.';
    svg.append(t);
    return;
  }
  const [lo, hi] = domain;
  for (const el of [from, to]) { el.min = lo; el.max = hi; }
  from.value = state.from && Number(state.from) >= lo && Number(state.from) <= hi ? state.from : lo;
  to.value = state.to && Number(state.to) >= lo && Number(state.to) <= hi ? state.to : hi;
  const width = svg.clientWidth || 600;
  const height = svg.clientHeight || 96;
  const pad = { l: 30, r: 10, t: 14, b: 18 };
  const n = hi - lo + 1;
  const band = (width - pad.l - pad.r) / n;
  const counts = new Map();
  for (const t of view.transfers) {
    const y = yearOf(t.date_from);
    if (!y) continue;
    const c = counts.get(y) || {};
    c[t.status] = (c[t.status] || 0) + 1;
    counts.set(y, c);
  }
  const max = Math.max(1, ...[...counts.values()].map((c) => Object.values(c).reduce((a, b) => a + b, 0)));
  const plotH = height - pad.t - pad.b;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const grid = svgEl('line', { x1: pad.l, x2: width - pad.r, y1: height - pad.b, y2: height - pad.b, class: 'baseline' });
  svg.append(grid);
  const maxLabel = svgEl('text', { x: pad.l - 6, y: pad.t + 8, 'text-anchor': 'end', class: 'axis' });
  maxLabel.textContent = String(max);
  svg.append(maxLabel);
  const step = Math.max(1, Math.ceil(n / Math.max(1, Math.floor((width - 40) / 44))));
  for (let y = lo; y <= hi; y++) {
    const x = pad.l + (y - lo) * band;
    const g = svgEl('g', { class: 'year', 'data-year': y });
    let base = height - pad.b;
    const c = counts.get(y) || {};
    for (const s of STATUSES) {
      if (!c[s]) continue;
      const bh = (c[s] / max) * plotH;
      base -= bh;
      g.append(svgEl('rect', { x: x + band * 0.18, y: base, width: Math.max(2, band * 0.64), height: bh, fill: STATUS_COLOR[s] }));
    }
    const title = svgEl('title');
    title.textContent = `${y}: ${STATUSES.filter((s) => c[s]).map((s) => `${c[s]} ${s}`).join(', ') || 'no transfer'}`;
    g.append(svgEl('rect', { x, y: pad.t, width: band, height: plotH, fill: 'transparent' }), title);
    if ((y - lo) % step === 0) {
      const label = svgEl('text', { x: x + band / 2, y: height - 4, 'text-anchor': 'middle', class: 'axis' });
      label.textContent = String(y);
      g.append(label);
    }
    svg.append(g);
  }
  // Embargo starts (▲) and ends (▼) of the regimes on the actors drawn, within the domain.
  const seen = new Set();
  for (const r of view.regimes) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    for (const [d, kind] of [[r.start, 'start'], [r.end, 'end']]) {
      const y = yearOf(d);
      if (!y || y < lo || y > hi) continue;
      const day = (Date.parse(d) - Date.UTC(y, 0, 1)) / (365.25 * 864e5);
      const x = pad.l + (y - lo + day) * band;
      const mark = svgEl('g', { class: `regime regime-${kind}` });
      mark.append(svgEl('line', { x1: x, x2: x, y1: pad.t, y2: height - pad.b }));
      mark.append(svgEl('path', { d: kind === 'start' ? `M${x - 5},${pad.t} L${x + 5},${pad.t} L${x},${pad.t - 8} Z` : `M${x - 5},${pad.t - 8} L${x + 5},${pad.t - 8} L${x},${pad.t} Z` }));
      const t = svgEl('title');
      t.textContent = `${r.issuer}: ${r.name} ${kind === 'start' ? 'in force from' : 'ended'} ${d}`;
      mark.append(t);
      svg.append(mark);
    }
  }
  applyWindow();
}

function applyWindow() {
  const from = Number($('#from').value);
  const to = Number($('#to').value);
  if (from > to) {
    if (document.activeElement === $('#from')) $('#to').value = from; else $('#from').value = to;
    return applyWindow();
  }
  const domain = timelineDomain();
  $('#window-out').value = domain ? `${from} – ${to}` : '';
  if (!domain) return undefined;
  const full = from === domain[0] && to === domain[1];
  state.from = full ? '' : String(from);
  state.to = full ? '' : String(to);
  cy.batch(() => {
    cy.edges().forEach((e) => {
      const inside = e.data('undated') || e.data('years').some((y) => y >= from && y <= to);
      e.toggleClass('hidden', !inside);
    });
    cy.nodes().forEach((n) => n.toggleClass('hidden', !n.hasClass('focus') && n.connectedEdges(':visible').empty()));
  });
  for (const g of $$('#timeline-chart g.year')) g.classList.toggle('outside', Number(g.dataset.year) < from || Number(g.dataset.year) > to);
  return undefined;
}

for (const el of [$('#from'), $('#to')]) {
  el.addEventListener('input', applyWindow);
  el.addEventListener('change', () => writeUrl(false));
}
$('#window-reset').addEventListener('click', () => {
  $('#from').value = $('#from').min;
  $('#to').value = $('#to').max;
  applyWindow();
  writeUrl(false);
});

// -- exports ------------------------------------------------------------------------------------------------------
/** `:params {...}` for Neo4j Browser: a Cypher map literal with bare keys and JSON values. */
function cypherParams(params) {
  return `:params {${Object.entries(params || {}).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')}}`;
}

function cypherText(c, title) {
  return [
    `// sanctions-kg: ${title}`,
    `// View: ${location.href}`,
    '// In Neo4j Browser run the :params line first, then the statement.',
    cypherParams(c.params),
    '',
    c.query.trim(),
    '',
  ].join('\n');
}

let dialogText = '';
function openCypher(c, title) {
  if (!c) { setStatus('Run a question first.'); return; }
  dialogText = cypherText(c, title);
  $('#cypher-title').textContent = `Cypher: ${title}`;
  $('#cypher-text').textContent = dialogText;
  $('#cypher-dialog').showModal();
}

function download(blob, filename) {
  const a = h('a', { href: URL.createObjectURL(blob), download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 30_000);
}

const slug = () => (view?.title || 'view').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

$('#export-png').addEventListener('click', async () => {
  if (!view || cy.elements().empty()) { setStatus('Nothing to export yet.'); return; }
  const blob = await cy.png({ output: 'blob-promise', full: true, scale: 2, bg: '#ffffff', maxWidth: 6000, maxHeight: 6000 });
  download(blob, `sanctions-kg-${slug()}.png`);
  setStatus('PNG downloaded.');
});
$('#export-cypher').addEventListener('click', () => openCypher(view?.cypher, view?.title || ''));
$('#cypher-download').addEventListener('click', () => download(new Blob([dialogText], { type: 'text/plain' }), `sanctions-kg-${slug()}.cypher`));
$('#cypher-copy').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(dialogText);
    $('#cypher-copy').textContent = 'Copied';
  } catch {
    const range = document.createRange();
    range.selectNodeContents($('#cypher-text'));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    $('#cypher-copy').textContent = 'Selected: press Ctrl+C';
  }
  setTimeout(() => { $('#cypher-copy').textContent = 'Copy'; }, 2000);
});
$('#copy-link').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(location.href);
    setStatus('Link to this view copied.');
  } catch {
    setStatus(`Link to this view: ${location.href}`);
  }
});

// -- wiring -------------------------------------------------------------------------------------------------------
function go(partial) {
  state = { ...DEFAULTS, width: state.width, as_of: state.as_of, issuer: '', ...partial };
  stateToForm();
  writeUrl(true);
  run();
}

$('#question-form').addEventListener('submit', (e) => {
  e.preventDefault();
  formToState();
  state.sel = '';
  state.from = state.to = '';
  writeUrl(true);
  run();
});
$('#q').addEventListener('change', updateForm);
$('#conf').addEventListener('input', updateForm);
for (const b of $$('[data-quick]')) {
  b.addEventListener('click', () => go(Object.fromEntries(new URLSearchParams(b.dataset.quick))));
}
$('#width').addEventListener('change', () => { state.width = $('#width').value; writeUrl(false); reweight(); });
$('#layout').addEventListener('change', () => { state.layout = $('#layout').value; writeUrl(false); runLayout(); });
$('#fit').addEventListener('click', () => cy.fit(cy.elements(':visible'), 48));
window.addEventListener('popstate', () => { state = readUrl(); stateToForm(); run(); });
let resizeTimer = 0;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => { if (view) renderTimeline(); }, 150);
});

// -- review: buttons under each claim, the queue, keyboard shortcuts (api/web/review.js) ----------------------------
const review = createReview({
  h,
  details,
  nameOf,
  // after a decision: the evidence and the answers are asked again (a rejected claim leaves them)
  changed: async () => {
    evidenceCache.clear();
    if (view) await run();
  },
  openTransfer: (x) => {
    review.close();
    go({ q: 'suppliers', recipient: x.recipient, sel: `e:${x.supplier}>${x.recipient}`, status: 'delivered,ordered,alleged,denied' });
  },
  // the transfers a merge may pick from: the pair's, as the default question sees them
  pairTransfers: (supplier, recipient) => api('/transfers', { supplier, recipient, limit: 200 }).then((b) => b.transfers),
  closed: () => {
    if (!view) details(h('h2', {}, 'Details'), h('p', { class: 'muted' }, 'Click a node or an arrow.'));
    else if (!restoreSelection()) showViewSummary();
  },
});

stateToForm();
sanctionedIndex('', '').catch(() => null); // names for the actor inputs' suggestions
run();
