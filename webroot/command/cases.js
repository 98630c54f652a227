// The command screen's case lists: cases listed for supervision (挂牌督办) and supervised (督办),
// from GET /api/cases?supervision=LISTED|SUPERVISED&open=true, and the overdue open cases
// (GET /api/cases?overdue=true&open=true&sort=nextDue). A list item's `supervision` is a level
// ("LISTED") or an object ({level, unit, dueAt, ...}): both are read.
import { t } from '../js/shared/i18n.js';
import { get, ApiError } from '../js/shared/api.js';
import { $, el } from '../js/shared/dom.js';
import { countdown, duration, formatTime } from '../js/shared/format.js';

const ROWS = 40;

/**
 * {level, unit, dueAt, overdue, source} of a case's supervision, whichever shape the server sends
 * (docs/supervision.md: the object; older servers and events: the level alone); null when none.
 */
export function supervisionOf(c) {
  const s = c && c.supervision;
  if (!s) return null;
  if (typeof s === 'string') return { level: s, unit: null, dueAt: null, overdue: false, source: null };
  if (typeof s === 'object' && s.level) {
    return { level: s.level, unit: s.unit || null, dueAt: s.dueAt || null, overdue: s.overdue === true, source: s.source || null };
  }
  return null;
}

/** The deadline a case row counts to: the supervision's own, else the case's next deadline. */
function dueOf(c) {
  const s = supervisionOf(c);
  if (s && s.dueAt) return { at: s.dueAt, supervision: true };
  const d = c.nextDeadline || (Array.isArray(c.deadlines) ? c.deadlines.find(x => !x.metAt) : null);
  return d && d.dueAt ? { at: d.dueAt, supervision: false } : null;
}

/** ctx: {cellName(code)}. Returns {load(), tick(now)}. */
export function createCaseLists(ctx) {
  const lists = { supervised: [], overdue: [] };
  const errors = { supervised: null, overdue: null };

  async function fetchList(query) {
    const body = await get('/api/cases', { open: 'true', limit: ROWS, ...query });
    return (body && body.items) || [];
  }

  async function load() {
    const [listed, supervised, overdue] = await Promise.allSettled([
      fetchList({ supervision: 'LISTED' }),
      fetchList({ supervision: 'SUPERVISED' }),
      fetchList({ overdue: 'true', sort: 'nextDue' }),
    ]);
    if (listed.status === 'fulfilled' && supervised.status === 'fulfilled') {
      // Listed first (the graver level), then by the nearest due time.
      const all = [...listed.value, ...supervised.value];
      const seen = new Set();
      lists.supervised = all.filter(c => !seen.has(c.caseId) && seen.add(c.caseId));
      errors.supervised = null;
    } else {
      errors.supervised = [listed, supervised].find(r => r.status === 'rejected').reason;
    }
    if (overdue.status === 'fulfilled') {
      lists.overdue = overdue.value;
      errors.overdue = null;
    } else {
      errors.overdue = overdue.reason;
    }
    render();
  }

  function errorText(e) {
    return e instanceof ApiError && e.status === 403 ? t('cmd.noAccess') : t('cmd.unavailable');
  }

  function render() {
    fill('supervised', 'cmd.supervised.none');
    fill('overdue', 'cmd.overdue.none');
  }

  function fill(name, emptyKey) {
    const ol = $(name);
    ol.replaceChildren();
    const items = lists[name];
    $(`${name}-count`).textContent = errors[name] ? '' : String(items.length);
    if (errors[name]) {
      ol.append(el('li', 'empty', errorText(errors[name])));
      return;
    }
    if (!items.length) ol.append(el('li', 'empty', t(emptyKey)));
    const now = Date.now();
    for (const c of items) ol.append(row(c, now));
  }

  function row(c, now) {
    const li = el('li', 'case');
    li.dataset.caseId = String(c.caseId);
    const r1 = el('div', 'c-row1');
    const sup = supervisionOf(c);
    if (sup) {
      const badge = el('span', `sup sup-${String(sup.level).toLowerCase()}`, t(`cmd.sup.${sup.level}`));
      badge.dataset.level = sup.level;
      r1.append(badge);
    }
    r1.append(el('span', 'c-no', c.caseNo || `#${c.caseId}`), el('span', 'c-due'));
    const r2 = el('div', 'c-row2');
    r2.append(el('span', 'c-employer', (c.employer && c.employer.name) || '—'),
      el('span', 'c-cell', ctx.cellName(c.cellCode) || c.cellCode || '—'));
    if (sup && sup.unit) r2.append(el('span', 'c-unit', sup.unit));
    li.append(r1, r2);
    updateDue(li, c, now);
    return li;
  }

  function updateDue(li, c, now) {
    const span = li.querySelector('.c-due');
    const due = dueOf(c);
    if (!due) { span.textContent = ''; return; }
    const cd = countdown(due.at, now);
    const sup = supervisionOf(c);
    // Past the supervision's due time by this machine's clock, or by the server's word (overdue).
    const over = cd.over || !!(due.supervision && sup && sup.overdue);
    const text = due.supervision ? t(over ? 'cmd.sup.overdue' : 'cmd.sup.due', { t: formatTime(due.at) })
      : t(cd.over ? 'cmd.case.over' : 'cmd.case.left', { t: duration(cd.ms) });
    if (span.textContent !== text) span.textContent = text;
    li.classList.toggle('over', over);
  }

  function tick(now = Date.now()) {
    for (const name of ['supervised', 'overdue']) {
      const byId = new Map(lists[name].map(c => [String(c.caseId), c]));
      for (const li of $(name).querySelectorAll('li[data-case-id]')) {
        const c = byId.get(li.dataset.caseId);
        if (c) updateDue(li, c, now);
      }
    }
  }

  return { load, tick, render, lists };
}
