// The escalation feed (events, newest first, drawn in batches) and today's figures in the header.
import { t } from '../shared/i18n.js';
import { formatTime } from '../shared/format.js';
import { apiOrNull } from '../shared/api.js';
import { $, el } from '../shared/dom.js';
import { cellName } from './model.js';

const FEED_ROWS = 100;
const FEED_KEPT = 200;
// At most one reload of the figures per FIGURES_MS while events keep coming (a debounce would
// starve it under a steady stream), and one shortly after the last.
const FIGURES_MS = 1200;

/** What a feed line says about event ev: {cls, kind, text}. cells: code -> {name} for the place. */
export function feedText(ev, cells) {
  const d = ev.data || {};
  const type = String(ev.type);
  if (type.startsWith('deadline.')) {
    return { cls: type.replace('.', '-'), kind: t(`event.${type}`),
      text: `${d.caseNo || '#' + d.caseId} ${d.kind ? t(`kind.${d.kind}`) : ''}` };
  }
  const action = type.startsWith('case.') ? type.slice(5) : type;
  return { cls: 'case', kind: t('event.case', { action: t(`action.${action}`) }),
    text: `${d.caseNo || '#' + d.caseId} ${d.category ? t(`category.${d.category}`) : ''} ${cellName(cells, ev.cellCode)}` };
}

export function createFeed(w) {
  const state = w.state;
  const pace = state.pace;

  /** An event for the feed: kept, and drawn with the panels' next update. */
  function addFeed(ev) {
    state.feed.unshift(ev);
    if (state.feed.length > FEED_KEPT) state.feed.length = FEED_KEPT;
    state.feedWaiting.push(ev);
    pace.feedDirty = true;
    w.schedulePanels();
  }

  function feedRow(ev) {
    const f = feedText(ev, state.cells);
    const li = el('li', f.cls);
    li.dataset.seq = ev.seq;
    if (ev.data && ev.data.caseId) li.dataset.caseId = ev.data.caseId;
    li.append(el('span', 'f-time', ev.at ? formatTime(ev.at).split(' ').pop() : ''), el('span', 'f-kind', f.kind),
      el('span', 'f-text', f.text));
    return li;
  }

  /** The whole feed again (language switch, start). */
  function renderFeed() {
    state.feedWaiting = [];
    const ol = $('feed');
    if (!state.feed.length) {
      ol.replaceChildren(el('li', 'empty', t('feed.empty')));
      return;
    }
    ol.replaceChildren(...state.feed.slice(0, FEED_ROWS).map(feedRow));
  }

  /** Puts the events that came since the last time on top, and drops what falls off the bottom. */
  function renderNewFeed() {
    const ol = $('feed');
    const rows = state.feedWaiting.slice(-FEED_ROWS).reverse().map(feedRow);
    state.feedWaiting = [];
    if (!rows.length) return;
    if (ol.firstElementChild && !ol.firstElementChild.dataset.seq) ol.firstElementChild.remove(); // "no events yet"
    ol.prepend(...rows);
    while (ol.children.length > FEED_ROWS) ol.lastElementChild.remove();
  }

  function scheduleFigures() {
    if (pace.figuresTimer) return;
    pace.figuresTimer = setTimeout(() => { pace.figuresTimer = null; refreshFigures(); }, FIGURES_MS);
  }

  async function refreshFigures() {
    const s = await apiOrNull('/api/stats/summary');
    const show = (k, v) => { $(`fig-${k}`).textContent = v ?? '—'; };
    if (!s) {
      ['received', 'registered', 'closed', 'open', 'overdue', 'onTimeRate', 'parked'].forEach(k => show(k, '—'));
      return;
    }
    ['received', 'registered', 'closed', 'open', 'overdue', 'parked'].forEach(k => show(k, s[k]));
    show('onTimeRate', s.onTimeRate === null || s.onTimeRate === undefined ? '—' : `${(s.onTimeRate * 100).toFixed(1)}%`);
  }

  return { addFeed, renderFeed, renderNewFeed, scheduleFigures, refreshFigures };
}
