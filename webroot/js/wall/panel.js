// The wall's detail panel: a cell (its figures, open cases and employers) or a case (details,
// supervision, the console's actions, deadlines and timeline). Esc and the close button give the
// focus back where it came from (w.state.panelReturn).
import { t } from '../shared/i18n.js';
import { formatTime } from '../shared/format.js';
import { api, apiOrNull } from '../shared/api.js';
import { $, el } from '../shared/dom.js';
import { supervisionSection } from './supervision.js';
import { MASS_WORKERS, timerColour, sortQueue, casesIn, cellName } from './model.js';

function kv(pairs) {
  const dl = el('dl', 'kv');
  for (const [k, v] of pairs) dl.append(el('dt', null, t(k)), el('dd', null, v ?? '—'));
  return dl;
}

const rate = (r) => (r === null || r === undefined ? '—' : `${(r * 100).toFixed(1)}%`);

export function createPanel(w) {
  const state = w.state;

  function openPanel(nodes) {
    $('panel-body').replaceChildren(...nodes);
    $('panel').hidden = false;
  }

  function closePanel() {
    $('panel').hidden = true;
    w.selectCell(null);
    state.selected = null;
    state.shownCase = null;
    const back = state.panelReturn;
    state.panelReturn = null;
    if (back && document.contains(back)) back.focus();
  }

  /** Moves the focus into the panel (its heading), remembering where it came from. */
  function focusPanel(from) {
    if (from !== undefined) state.panelReturn = from;
    else if (!$('panel').contains(document.activeElement)) state.panelReturn = document.activeElement;
    const h = $('panel-body').querySelector('h2');
    if (h) { h.tabIndex = -1; h.focus(); }
  }

  async function showCell(code, opts = {}) {
    const cell = state.cells.get(code);
    if (!cell) return;
    if (opts.fly) w.flyTo(cell.bbox);
    w.selectCell(code);
    state.selected = { kind: 'cell', id: code };
    const cases = casesIn(state.cases.values(), code);
    const nodes = [el('h2', null, cell.name), el('div', 'sub', `${code} · ${t('panel.level', { n: cell.level })}`)];
    const figures = el('div');
    const employers = el('div');
    const list = el('ul', 'mini-list');
    for (const c of sortQueue(cases).slice(0, 50)) {
      const li = el('li', null, `${c.caseNo} · ${t(`category.${c.category}`)} · ${t(`status.${c.status}`)}`);
      li.dataset.caseId = c.caseId;
      li.addEventListener('click', () => showCase(c.caseId));
      list.append(li);
    }
    nodes.push(el('h4', null, t('panel.figures')), figures, el('h4', null, t('panel.cases', { n: cases.length })), list,
      el('h4', null, t('panel.employers')), employers);
    openPanel(nodes);
    if (opts.fly) focusPanel();
    const [s, emp] = await Promise.all([apiOrNull(`/api/stats/summary?cell=${code}`),
      apiOrNull(`/api/employers?cell=${code}&limit=20`)]);
    if (s) {
      figures.append(kv([['fig.received', s.received], ['fig.closed', s.closed], ['fig.open', s.open],
        ['fig.overdue', s.overdue], ['fig.parked', s.parked], ['fig.onTimeRate', rate(s.onTimeRate)],
        ['fig.amountRecovered', s.amountRecovered], ['fig.workersHelped', s.workersHelped]]));
    }
    const items = emp && (emp.items || emp.employers);
    if (Array.isArray(items) && items.length) {
      const ul = el('ul', 'mini-list');
      items.forEach(e => ul.append(el('li', null, `${e.name}${e.warningColour ? ' · ' + e.warningColour : ''}`)));
      employers.append(ul);
    } else {
      employers.append(el('div', 'sub', t('panel.noEmployers')));
    }
  }

  function deadlineList(c) {
    const deadlines = Array.isArray(c.deadlines) ? c.deadlines : (c.nextDeadline ? [c.nextDeadline] : []);
    if (!deadlines.length) return [];
    const ul = el('ul', 'mini-list');
    const now = Date.now();
    for (const d of deadlines) {
      const colour = timerColour({ nextDeadline: d }, now);
      const li = el('li', `deadline-row timer-${colour || 'none'}`,
        `${t(`kind.${d.kind}`)} · ${formatTime(d.dueAt)} · ${t(`timer.${d.status || 'GREEN'}`)}`
        + (d.provisional ? ` · ${t('deadline.provisional')}` : ''));
      if (d.provisional) li.title = t('deadline.provisionalWhy');
      ul.append(li);
    }
    return [el('h4', null, t('panel.deadlines')), ul];
  }

  function timeline(c) {
    const tl = el('ol', 'timeline');
    tl.id = 'timeline';
    for (const e of c.events || []) {
      const li = el('li');
      li.dataset.type = e.type;
      const who = e.actor ? `${e.actor.username || ''}${e.actor.role ? ' (' + e.actor.role + ')' : ''}` : '';
      li.append(el('div', 't-time', formatTime(e.at)),
        el('div', 't-what', `${e.type === 'supervised' && e.data && e.data.level ? t(`sup.${e.data.level}`)
          : t(`action.${e.type}`)} · ${t(`status.${e.to}`)} · ${who}`));
      tl.append(li);
    }
    return tl;
  }

  /**
   * The case's panel: details, the console (actions, related complaints, dispatch), deadlines and
   * timeline. opts: json (the case as just returned by the server: not fetched again), focus (move
   * the focus into the panel), from (where Esc returns the focus).
   */
  async function showCase(id, opts = {}) {
    w.selectCell(null);
    const reopening = state.selected && state.selected.kind === 'case' && state.selected.id === id && !$('panel').hidden;
    state.selected = { kind: 'case', id };
    if (!reopening) openPanel([el('div', 'sub', t('panel.loading'))]);
    let c = opts.json;
    if (!c || !Array.isArray(c.events)) {
      try {
        c = await api(`/api/cases/${id}`);
      } catch {
        openPanel([el('div', 'sub', t('panel.notFound'))]);
        return;
      }
    }
    if (!state.selected || state.selected.id !== id) return;
    state.shownCase = c;
    w.caseUpdated(c);
    const nodes = [el('h2', null, `${c.caseNo}`), el('div', 'sub', `${t(`status.${c.status}`)} · ${t(`category.${c.category}`)}`)];
    nodes.push(kv([
      ['case.channel', t(`channel.${c.channel}`)],
      ['case.employer', c.employer && c.employer.name],
      ['case.workers', `${c.workersInvolved}${c.workersInvolved >= MASS_WORKERS ? ' · ' + t('case.mass') : ''}`],
      ['case.amount', c.amountOwed],
      ['case.cell', cellName(state.cells, c.cellCode)],
      ['case.complainant', c.complainant ? `${c.complainant.name || ''} ${c.complainant.phone || ''}` : '—'],
      ['case.received', formatTime(c.createdAt)],
    ]));
    nodes.push(supervisionSection(c, {
      notify: (text, kind) => w.console.alerts.notify(text, kind),
      onChanged: (updated) => { w.caseUpdated(updated); showCase(updated.caseId, { json: updated, focus: true }); },
    }));
    nodes.push(w.console.caseSection(c));
    nodes.push(...deadlineList(c));
    nodes.push(el('h4', null, t('panel.timeline')), timeline(c));
    openPanel(nodes);
    if (opts.focus) focusPanel(opts.from);
    const known = state.cases.get(id);
    if (known && typeof known.lon === 'number' && !state.follow) {
      state.map.easeTo({ center: [known.lon, known.lat], duration: 500 });
    }
  }

  return { openPanel, closePanel, showCell, showCase };
}
