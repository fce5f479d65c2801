// sanctions-kg explorer: the review loop. Decisions on claims (accept, reject with a reason, correct, note, undo)
// from a transfer's evidence panel and from the review queue, with keyboard shortcuts, and merges and splits of a
// transfer from its evidence panel (graph/review_apply.py applies them); the reviewer's key is asked
// once and kept in sessionStorage (this tab only), sent as X-API-Key as the API expects (api/auth.py).
// Every button and key writes a new decision: an undo is one more decision, the log stays append-only.

export const REASONS = [
  ['not_a_transfer', 'not a transfer'], ['wrong_parties', 'wrong parties'], ['wrong_direction', 'wrong direction'],
  ['wrong_item', 'wrong item'], ['wrong_date', 'wrong date'], ['duplicate', 'duplicate'], ['not_arms', 'not arms'],
  ['other', 'other (say why)'],
];
const FIELDS = ['status', 'category', 'quantity', 'ordered', 'delivered', 'supplier', 'recipient'];
const KEY_STORE = 'skg-reviewer-key';
const STATE_WORD = { accepted: 'Accepted', rejected: 'Rejected', corrected: 'Corrected', open: 'Not reviewed' };

/**
 * The review loop, wired to the page: `h` builds elements, `details(...)` fills the details pane, `changed()` is
 * called after every decision (the page re-asks its question: a rejected claim leaves the answer).
 */
export function createReview({ h, details, changed, nameOf, openTransfer, closed, pairTransfers }) {
  const $ = (sel) => document.querySelector(sel);
  let items = [];
  let cursor = -1;
  let total = 0;
  const undoable = []; // targets decided in this tab, newest last: `u` withdraws the newest
  let keyWaiter = null;

  // -- the key: asked once, kept for the tab --------------------------------------------------------------------
  function askKey() {
    const dialog = $('#key-dialog');
    $('#key-error').hidden = true;
    $('#reviewer-key').value = '';
    dialog.showModal();
    $('#reviewer-key').focus();
    return new Promise((resolve) => { keyWaiter = resolve; });
  }
  $('#key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const key = $('#reviewer-key').value.trim();
    if (!key) { $('#key-error').hidden = false; return; }
    sessionStorage.setItem(KEY_STORE, key);
    $('#key-dialog').close();
    keyWaiter?.(key);
    keyWaiter = null;
  });
  $('#key-dialog').addEventListener('close', () => { keyWaiter?.(null); keyWaiter = null; });
  $('#key-cancel').addEventListener('click', () => $('#key-dialog').close());
  $('#key-forget').addEventListener('click', () => {
    sessionStorage.removeItem(KEY_STORE);
    showWho();
  });

  function showWho(author) {
    if (author) sessionStorage.setItem(`${KEY_STORE}-name`, author);
    const has = Boolean(sessionStorage.getItem(KEY_STORE));
    if (!has) sessionStorage.removeItem(`${KEY_STORE}-name`);
    const name = sessionStorage.getItem(`${KEY_STORE}-name`);
    $('#reviewer-who').textContent = has ? `Reviewing as ${name || 'key holder'}` : 'No reviewer key yet';
    $('#key-forget').hidden = !has;
  }

  async function send(body, retried = false) {
    let key = sessionStorage.getItem(KEY_STORE);
    if (!key) key = await askKey();
    if (!key) throw new Error('A reviewer key is needed to record a decision.');
    const res = await fetch('/review/decisions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-API-Key': key },
      body: JSON.stringify(body),
    });
    const answer = await res.json().catch(() => null);
    if (res.status === 401 && !retried) { // a wrong or stale key: ask again once
      sessionStorage.removeItem(KEY_STORE);
      return send(body, true);
    }
    if (!res.ok) throw new Error(answer?.error?.message || `HTTP ${res.status}`);
    showWho(answer.author);
    return answer;
  }

  /** Record one decision; the page and the queue are asked again. Returns the decision or null (refused). */
  async function decide(body, where) {
    const say = (text, bad = false) => {
      if (!where) return;
      where.textContent = text;
      where.classList.toggle('error-text', bad);
    };
    say('Saving…');
    try {
      const d = await send(body);
      if (body.kind !== 'undo') undoable.push(body.target);
      else if (undoable.at(-1) === body.target) undoable.pop();
      announce('Saved; asking again…');
      await changed();
      if (isOpen()) await loadQueue(body.kind === 'undo' ? body.target : null); // an undone claim is current again
      say(`${d.kind} recorded by ${d.author}`);
      announce(`${cap(d.kind)} recorded on ${d.target} by ${d.author}.`); // said once the answers are fresh
      return d;
    } catch (e) {
      say(e.message, true);
      announce(e.message);
      return null;
    }
  }

  const cap = (s) => (s ? s[0].toUpperCase() + s.slice(1) : s);
  function announce(text) { $('#queue-status').textContent = text; }

  // -- the controls under a claim (evidence panel and queue) ---------------------------------------------------------
  /** Accept / reject with a reason / correct / note / undo for `target`, showing its standing `review`. */
  function controls(target, review) {
    const state = review?.state || 'open';
    const d = review?.decision;
    const said = h('span', { class: 'review-said small', role: 'status' });
    const reason = h('select', { class: 'reason', 'aria-label': 'Reason to reject' },
      REASONS.map(([v, label], i) => h('option', { value: v }, `${i + 1} ${label}`)));
    const comment = h('input', { class: 'comment', type: 'text', placeholder: 'Comment (optional; required for other)',
      'aria-label': 'Comment', maxlength: 4000 });
    const field = h('select', { class: 'field-name', 'aria-label': 'Field to correct' }, FIELDS.map((f) => h('option', { value: f }, f)));
    const value = h('input', { class: 'field-value', type: 'text', placeholder: 'value, e.g. delivered, 24, 2023-11, RU',
      'aria-label': 'Corrected value' });
    const correctForm = h('div', { class: 'review-form', hidden: true }, field, value,
      h('button', { type: 'button', class: 'small primary', onclick: () => correct() }, 'Save correction'));
    const box = h('div', { class: `review review-${state}`, dataset: { target, state } },
      h('p', { class: 'review-state small' },
        h('span', { class: `rv rv-${state}` }, STATE_WORD[state] || state),
        d ? ` by ${d.author} on ${String(d.at).slice(0, 10)}${d.reason ? ` · ${d.reason.replaceAll('_', ' ')}` : ''}`
          + `${d.comment ? ` · “${d.comment}”` : ''}` : '',
        review?.decisions ? h('span', { class: 'muted' }, ` · ${review.decisions} decision${review.decisions === 1 ? '' : 's'} logged`) : null),
      h('div', { class: 'review-actions' },
        h('button', { type: 'button', class: 'small act-accept', title: 'Accept (a)', onclick: () => run({ kind: 'accept' }) }, 'Accept'),
        reason,
        h('button', { type: 'button', class: 'small act-reject', title: 'Reject with the reason chosen (r, then 1–8)', onclick: () => reject() }, 'Reject'),
        h('button', { type: 'button', class: 'small act-correct', title: 'Correct a field (c)', onclick: () => { correctForm.hidden = !correctForm.hidden; value.focus(); } }, 'Correct…'),
        h('button', { type: 'button', class: 'small act-note', title: 'Add a note (n): the comment field holds its text', onclick: () => note() }, 'Note'),
        h('button', { type: 'button', class: 'small act-undo', title: 'Undo the standing decision (u)', disabled: state === 'open', onclick: () => run({ kind: 'undo' }) }, 'Undo')),
      comment, correctForm, said);

    let pending = null; // what Enter in the comment field does: a reject for "other" or a note waiting for its text
    comment.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && pending) { e.preventDefault(); pending(); }
    });
    value.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') { e.preventDefault(); correct(); }
    });

    function run(extra) {
      pending = null;
      const c = comment.value.trim();
      return decide({ target, ...extra, ...(c ? { comment: c } : {}) }, said);
    }
    function reject(r = reason.value) {
      reason.value = r;
      if (r === 'other' && !comment.value.trim()) {
        pending = () => reject('other');
        said.textContent = 'Say why in the comment, then Enter.';
        comment.focus();
        return null;
      }
      return run({ kind: 'reject', reason: r });
    }
    function correct() {
      const raw = value.value.trim();
      if (!raw) { value.focus(); return null; }
      const v = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
      return run({ kind: 'correct', corrections: { [field.value]: v } });
    }
    function note() {
      if (!comment.value.trim()) {
        pending = note;
        said.textContent = 'Write the note in the comment field, then Enter.';
        comment.focus();
        return null;
      }
      return run({ kind: 'note' });
    }
    box.review = { accept: () => run({ kind: 'accept' }), reject, undo: () => run({ kind: 'undo' }),
      correct: () => { correctForm.hidden = false; value.focus(); }, note };
    return box;
  }

  // -- merges and splits of a transfer (evidence panel) -------------------------------------------------------------
  /**
   * Split… (pick claims of the transfer that report another one) and Merge with… (pick another transfer of the same
   * supplier → recipient pair) for the transfer of an evidence `answer`; on a copy a merge or split made, what it
   * came from and Undo (an undo on the transfer withdraws its merges and splits).
   */
  function structure(answer) {
    const t = answer.transfer;
    const r = t.review;
    const said = h('span', { class: 'review-said small', role: 'status' });
    const comment = h('input', { class: 'structure-comment', type: 'text', placeholder: 'Comment (optional)', 'aria-label': 'Comment on the merge or split', maxlength: 4000, hidden: true });
    const send = (extra, target = t.id) => {
      const c = comment.value.trim();
      return decide({ target, ...extra, ...(c ? { comment: c } : {}) }, said);
    };
    const undo = (target) => h('button', { type: 'button', class: 'small act-undo-structure',
      title: 'Undo: withdraws the merges and splits of the transfer (one more decision, the log keeps both)',
      onclick: () => send({ kind: 'undo' }, target) }, 'Undo');
    if (r?.moved_from) { // a copy: decisions target the transfer it came from
      if (!['merged', 'split'].includes(r.state)) return null;
      return h('div', { class: `structure structure-${r.state}`, dataset: { transfer: t.id, state: r.state, from: r.moved_from } },
        h('p', { class: 'small' }, h('span', { class: 'rv rv-structure' }, r.state === 'merged' ? 'Merged transfer' : 'Split off'),
          ` ${r.state === 'merged' ? 'carries the evidence of' : 'from'} `, h('span', { class: 'mono' }, r.moved_from),
          r.state === 'merged' ? ' and the transfer merged into it' : ''),
        h('div', { class: 'review-actions' }, undo(r.moved_from)), said);
    }
    const splitForm = splitPicker(answer, (claims) => send({ kind: 'split', claims }), said);
    const mergeForm = h('div', { class: 'review-form merge-form', hidden: true });
    const toggled = () => { comment.hidden = splitForm.hidden && mergeForm.hidden; }; // the comment goes with a form
    const restructured = r && (Object.keys(r.splits || {}).length || Object.keys(r.merges || {}).length);
    return h('div', { class: 'structure', dataset: { transfer: t.id, state: restructured ? r.state : 'open' } },
      h('div', { class: 'review-actions' },
        h('button', { type: 'button', class: 'small act-split', title: 'Pick the claims that report another transfer',
          disabled: splitForm.dataset.claims < 2, onclick: () => { splitForm.hidden = !splitForm.hidden; toggled(); } }, 'Split…'),
        h('button', { type: 'button', class: 'small act-merge', title: 'Pick another transfer of the same pair: one deal',
          onclick: () => openMerge(mergeForm, t, (other) => send({ kind: 'merge', other }), said).then(toggled) }, 'Merge with…'),
        restructured ? undo(t.id) : null),
      splitForm, mergeForm, comment, said);
  }

  /** Checkboxes for the transfer's claims (register rows are reviewed through the transfer: not offered). */
  function splitPicker(answer, split, said) {
    const r = answer.transfer.review;
    const away = new Set([...(r?.rejected_claims || []), ...Object.values(r?.splits || {}).flat()]);
    const claims = answer.history.map((e, i) => [e, answer.targets?.[i]])
      .filter(([, c]) => c?.startsWith('cl-') && !away.has(c));
    const boxes = claims.map(([e, c]) => h('label', { class: 'small claim-pick' },
      h('input', { type: 'checkbox', value: c }), ` ${e.quote.slice(0, 90)}${e.quote.length > 90 ? '…' : ''} (${e.source_id})`));
    const form = h('fieldset', { class: 'split-form', hidden: true, dataset: { claims: claims.length } },
      h('legend', { class: 'small' }, 'Claims that report another transfer'), boxes,
      h('button', { type: 'button', class: 'small primary act-split-save', onclick: () => {
        const picked = boxes.map((b) => b.querySelector('input')).filter((x) => x.checked).map((x) => x.value);
        if (!picked.length || picked.length === claims.length) {
          said.textContent = 'Pick at least one claim, and leave at least one with the transfer.';
          return null;
        }
        return split(picked);
      } }, 'Split off'));
    return form;
  }

  /** The pair's other transfers (not copies, not merged away) in a list; Merge records the chosen one. */
  async function openMerge(form, t, merge, said) {
    if (!form.hidden) { form.hidden = true; return; }
    said.textContent = 'Loading the transfers of this pair…';
    let others;
    try {
      others = (await pairTransfers(t.supplier, t.recipient))
        .filter((x) => x.id !== t.id && !x.review?.moved_from && !x.review?.merged_into);
    } catch (e) {
      said.textContent = e.message;
      return;
    }
    said.textContent = '';
    const pick = h('select', { class: 'merge-other', 'aria-label': 'Transfer to merge with' },
      others.map((x) => h('option', { value: x.id },
        `${x.category.replaceAll('_', ' ')} · ${x.date_from ? `${x.date_from} – ${x.date_to}` : 'undated'} · ${x.status}`
        + ` · ${x.evidence.length} report${x.evidence.length === 1 ? '' : 's'} · ${x.id}`)));
    form.replaceChildren(...(others.length
      ? [pick, h('button', { type: 'button', class: 'small primary act-merge-save', onclick: () => merge(pick.value) }, 'Merge')]
      : [h('span', { class: 'small muted' }, 'No other transfer of this pair to merge with.')]));
    form.hidden = false;
    pick.focus();
  }

  // -- the queue ----------------------------------------------------------------------------------------------------
  const isOpen = () => !$('#queue-panel').hidden;

  async function loadQueue(prefer = null) {
    const actor = $('#queue-actor').value.trim();
    const qs = new URLSearchParams({ limit: '100' });
    if (actor) qs.set('actor', actor);
    const res = await fetch(`/review/queue?${qs}`, { headers: { Accept: 'application/json' } });
    const body = await res.json().catch(() => null);
    if (!res.ok) { announce(body?.error?.message || `HTTP ${res.status}`); return; }
    const keep = prefer || items[cursor]?.target;
    items = body.items;
    total = body.total;
    $('#queue-count').textContent = `(${total})`;
    renderQueue();
    let at = items.findIndex((x) => x.target === keep);
    if (at < 0) at = Math.min(Math.max(cursor, 0), items.length - 1); // the decided one left: the next takes its place
    choose(at, { focusList: false });
    $('#queue-panel').dataset.loaded = 'true';
  }

  function renderQueue() {
    const list = $('#queue');
    list.replaceChildren();
    list.removeAttribute('aria-activedescendant');
    if (!items.length) {
      list.append(h('li', { class: 'empty', role: 'presentation' }, 'Nothing waits for review.'));
      return;
    }
    items.forEach((x, i) => list.append(h('li', {
      id: `q-${i}`, role: 'option', 'aria-selected': 'false', dataset: { target: x.target },
      onclick: () => { choose(i); list.focus(); },
    },
    h('span', { class: 'row-main' },
      h('span', { class: `prio p-${x.priority}` }, x.priority.replaceAll('_', ' ')),
      h('span', { class: 'row-title' }, `${nameOf(x.supplier)} → ${nameOf(x.recipient)}`)),
    h('span', { class: 'row-sub' }, `${x.category.replaceAll('_', ' ')} · ${x.status} · ${Math.round(x.confidence * 100)}% · ${x.quote}`))));
  }

  function choose(i, { focusList = true } = {}) {
    const list = $('#queue');
    cursor = i;
    [...list.querySelectorAll('[role=option]')].forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    if (i < 0 || !items[i]) {
      list.removeAttribute('aria-activedescendant');
      details(h('p', { class: 'kicker' }, 'Review queue'), h('h2', {}, 'Nothing waits for review'),
        h('p', { class: 'muted' }, 'Every claim the filters select has a decision. Press u to undo the last one.'));
      setShown('queue:none');
      return;
    }
    list.setAttribute('aria-activedescendant', `q-${i}`);
    list.querySelector(`#q-${i}`).scrollIntoView({ block: 'nearest' });
    if (focusList) list.focus();
    showItem(items[i], i);
  }

  function showItem(x, i) {
    const ctl = controls(x.target, null);
    details(
      h('p', { class: 'kicker' }, `Review queue · ${i + 1} of ${total}`),
      h('h2', {}, `${nameOf(x.supplier)} → ${nameOf(x.recipient)}`),
      h('p', {}, h('span', { class: `prio p-${x.priority}` }, x.priority.replaceAll('_', ' ')), ' ', h('span', { class: 'small' }, x.why)),
      h('p', { class: 'meta' }, `${x.category.replaceAll('_', ' ')} · ${x.status} · confidence ${Math.round(x.confidence * 100)}%`
        + `${x.reported ? ` · reported ${x.reported}` : ''}${x.language ? ` · ${x.language}` : ''}`),
      h('blockquote', { lang: x.language || null }, h('mark', { class: 'quote' }, x.quote)),
      h('p', { class: 'ev-meta' }, 'Claimed by ', h('strong', { class: 'claimant' }, x.claimant || 'not stated'),
        ` · source ${x.source_id} · rule ${x.extractor}`),
      ctl,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'small', onclick: () => openTransfer(x) }, 'Show on the graph'),
        h('span', { class: 'muted small mono' }, x.target)),
      h('p', { class: 'muted small keys-help' },
        'j / k next / previous · a accept · r then 1–8 reject with a reason · c correct · n note · u undo the last decision · Esc close'),
    );
    setShown(`queue:${x.target}`);
  }

  function setShown(key) {
    Object.assign($('#details').dataset, { shows: key, loaded: 'true' });
  }

  function current() { return document.querySelector('#details .review'); }

  let rejecting = false;
  function onKey(e) {
    if (!isOpen() || e.ctrlKey || e.metaKey || e.altKey) return;
    const tag = (e.target.tagName || '').toLowerCase();
    if (tag === 'input' || tag === 'textarea' || tag === 'select' || $('#key-dialog').open || $('#cypher-dialog').open) return;
    const ctl = current();
    if (rejecting) {
      rejecting = false;
      $('#queue-panel').classList.remove('rejecting');
      const n = Number(e.key);
      if (ctl && n >= 1 && n <= REASONS.length) { e.preventDefault(); ctl.review.reject(REASONS[n - 1][0]); }
      return;
    }
    const act = {
      j: () => choose(Math.min(items.length - 1, cursor + 1)),
      ArrowDown: () => choose(Math.min(items.length - 1, cursor + 1)),
      k: () => choose(Math.max(0, cursor - 1)),
      ArrowUp: () => choose(Math.max(0, cursor - 1)),
      a: () => ctl?.review.accept(),
      r: () => { if (ctl) { rejecting = true; $('#queue-panel').classList.add('rejecting'); announce('Reason: 1–8 (see the list), any other key cancels.'); } },
      c: () => ctl?.review.correct(),
      n: () => ctl?.review.note(),
      u: () => (undoable.length ? decide({ kind: 'undo', target: undoable.at(-1) }, null) : announce('Nothing to undo in this tab.')),
      Escape: () => close(),
    }[e.key];
    if (act) { e.preventDefault(); act(); }
  }
  document.addEventListener('keydown', onKey);

  async function open() {
    $('#queue-panel').hidden = false;
    $('#review-open').setAttribute('aria-expanded', 'true');
    document.body.classList.add('reviewing');
    showWho();
    await loadQueue();
    $('#queue').focus();
  }
  function close() {
    $('#queue-panel').hidden = true;
    $('#review-open').setAttribute('aria-expanded', 'false');
    document.body.classList.remove('reviewing');
    $('#queue-panel').dataset.loaded = 'false';
    closed();
  }
  $('#review-open').addEventListener('click', () => (isOpen() ? close() : open()));
  $('#queue-close').addEventListener('click', close);
  $('#queue-filter').addEventListener('submit', (e) => { e.preventDefault(); cursor = 0; loadQueue(); });

  return { controls, structure, open, close, isOpen };
}
