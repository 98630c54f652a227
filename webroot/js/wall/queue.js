// The wall's queue: the open cases, nearest deadline first, with a live countdown. Rows are kept
// per case (w.state.queueRows) and refilled only when what they show changed; an event re-sorts
// the cases but moves only the rows whose place changed; the countdowns tick only for the rows in
// the list's scrolled view (an IntersectionObserver keeps w.state.visibleRows).
import { t, language } from '../shared/i18n.js';
import { duration, formatTime } from '../shared/format.js';
import { $, el } from '../shared/dom.js';
import { CATEGORY_COLOURS } from '../shared/map.js';
import { supervisionBadge, supervisionKey } from './supervision.js';
import { isMass, nextDeadline, timerColour, sortQueue, cellName } from './model.js';

const QUEUE_ROWS = 80;

export function createQueue(w) {
  const state = w.state;

  function observeRows() {
    state.rowObserver = new IntersectionObserver((entries) => {
      const now = Date.now();
      for (const e of entries) {
        if (e.isIntersecting) {
          state.visibleRows.add(e.target);
          const c = state.cases.get(Number(e.target.dataset.caseId));
          if (c) updateTimer(e.target, c, now);
        } else {
          state.visibleRows.delete(e.target);
        }
      }
    }, { root: $('queue') });
  }

  function rowKey(c, now) {
    return [language(), c.caseNo, c.category, isMass(c), c.newUntil > now, c.cellCode,
      c.employer && c.employer.name, c.workersInvolved, c.status, supervisionKey(c)].join('|');
  }

  function fillRow(li, c, now) {
    const r1 = el('div', 'q-row1');
    r1.append(el('span', 'q-no', c.caseNo));
    const cat = el('span', 'q-cat', t(`category.${c.category}`));
    cat.style.color = CATEGORY_COLOURS[c.category] || '#b0bec5';
    r1.append(cat);
    if (isMass(c)) r1.append(el('span', 'q-badge', t('case.mass')));
    if (c.newUntil && c.newUntil > now) r1.append(el('span', 'q-badge new', t('case.new')));
    const sup = supervisionBadge(c);
    if (sup) r1.append(sup);
    r1.append(el('span', 'q-timer'));
    const r2 = el('div', 'q-row2');
    r2.append(el('span', null, cellName(state.cells, c.cellCode)));
    r2.append(el('span', 'q-emp', c.employer && c.employer.name));
    r2.append(el('span', null, t('unit.people', { n: c.workersInvolved ?? '?' })));
    r2.append(el('span', null, t(`status.${c.status}`)));
    li.replaceChildren(r1, r2);
    li.classList.toggle('is-new', Boolean(c.newUntil && c.newUntil > now));
    li.gwTimer = null;
    updateTimer(li, c, now);
  }

  function renderQueue() {
    const ol = $('queue');
    const list = sortQueue(state.cases.values());
    $('queue-count').textContent = `(${list.length})`;
    if (!list.length) {
      dropRows(new Set());
      ol.replaceChildren(el('li', 'empty', t('queue.empty')));
      return;
    }
    const now = Date.now();
    // A deadline counted over a year whose holiday notice is missing or unchecked is a guess: say so.
    $('provisional-warning').hidden = !list.some(c => c.provisionalDeadlines || nextDeadline(c)?.provisional);
    const top = list.slice(0, QUEUE_ROWS);
    dropRows(new Set(top.map(c => c.caseId)));
    for (const e of [...ol.children]) if (!e.dataset.caseId) e.remove(); // the "empty" and "more" lines
    top.forEach((c, i) => {
      let row = state.queueRows.get(c.caseId);
      const key = rowKey(c, now);
      if (!row) {
        const li = el('li');
        li.dataset.caseId = c.caseId;
        li.tabIndex = -1; // the arrow keys move the focus between rows (wall/keys.js)
        row = { li, key: null };
        state.queueRows.set(c.caseId, row);
        if (state.rowObserver) state.rowObserver.observe(li);
      }
      if (row.key !== key) {
        fillRow(row.li, c, now);
        row.key = key;
      } else if (row.deadline !== nextDeadline(c)) {
        updateTimer(row.li, c, now);
      }
      row.deadline = nextDeadline(c);
      const at = ol.children[i];
      if (at !== row.li) ol.insertBefore(row.li, at || null);
    });
    if (list.length > QUEUE_ROWS) ol.append(el('li', 'empty', t('queue.more', { n: list.length - QUEUE_ROWS })));
  }

  /** Removes the rows of cases not in keep. */
  function dropRows(keep) {
    for (const [id, row] of state.queueRows) {
      if (keep.has(id)) continue;
      if (state.rowObserver) state.rowObserver.unobserve(row.li);
      state.visibleRows.delete(row.li);
      row.li.remove();
      state.queueRows.delete(id);
    }
  }

  /** The row's colour and countdown; the DOM is written only where the text or colour changed. */
  function updateTimer(li, c, now) {
    const d = nextDeadline(c);
    const colour = `timer-${timerColour(c, now) || 'none'}`;
    if (li.gwTimer !== colour) {
      li.classList.remove('timer-green', 'timer-yellow', 'timer-red', 'timer-none');
      li.classList.add(colour);
      li.gwTimer = colour;
    }
    const span = li.querySelector('.q-timer');
    let text;
    let title = '';
    if (!d) {
      text = c.createdAt ? t('queue.age', { t: duration(now - Date.parse(c.createdAt)) }) : t('queue.noDeadline');
    } else {
      const left = Date.parse(d.dueAt) - now;
      text = `${t(`kind.${d.kind}`)} ${left >= 0 ? t('queue.left', { t: duration(left) })
        : t('queue.over', { t: duration(-left) })}${d.provisional ? ` · ${t('deadline.provisional')}` : ''}`;
      title = d.provisional ? `${formatTime(d.dueAt)} · ${t('deadline.provisionalWhy')}` : formatTime(d.dueAt);
    }
    if (span.textContent !== text) span.textContent = text;
    if (span.title !== title) span.title = title;
  }

  /** Every second: the clock, and the countdowns of the rows in view. */
  function tick() {
    const now = Date.now();
    $('clock').textContent = formatTime(new Date(now).toISOString());
    for (const li of state.visibleRows) {
      const c = state.cases.get(Number(li.dataset.caseId));
      if (c) updateTimer(li, c, now);
    }
  }

  /** The case ids in the queue, top first (tests). */
  function queueIds() {
    return [...$('queue').querySelectorAll('li[data-case-id]')].map(li => Number(li.dataset.caseId));
  }

  return { observeRows, renderQueue, tick, queueIds };
}
