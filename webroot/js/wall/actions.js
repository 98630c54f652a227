// The case panel's console: the workflow actions the case allows now (register, decline,
// 批转 transfer, extend, return, merge a duplicate from the related list) and the dispatch panel
// (GET /api/cases/{id}/candidates: teams with score and reasons; one click dispatches). Every
// action is POST /api/cases/{id}/transitions with the version last read; a 409 reloads the case
// and says so.
import { api, ApiError, transition } from '../shared/api.js';
import { t } from '../shared/i18n.js';
import { distance, formatTime } from '../shared/format.js';
import { el } from '../shared/dom.js';
import { combobox } from './combo.js';
import { cellPath, searchCells } from './search.js';

const OPEN = ['RECEIVED', 'ADMITTED', 'REGISTERED', 'DISPATCHED', 'ON_SITE', 'INVESTIGATING', 'RESOLVED', 'VERIFIED', 'PARKED'];
/**
 * Used only while the case JSON carries no availableActions: the server's transition table
 * (Transitions) and role table (Permissions) for the actions the console offers.
 */
const FALLBACK = {
  admit: { from: ['RECEIVED'], roles: ['OPERATOR', 'SUPERVISOR'] },
  register: { from: ['RECEIVED', 'ADMITTED'], roles: ['SUPERVISOR'] },
  decline: { from: ['RECEIVED', 'ADMITTED'], roles: ['SUPERVISOR'] },
  transfer: { from: ['RECEIVED', 'ADMITTED', 'REGISTERED'], roles: ['SUPERVISOR'] },
  dispatch: { from: ['REGISTERED'], roles: ['OPERATOR', 'SUPERVISOR'] },
  extend: { from: ['REGISTERED', 'DISPATCHED', 'ON_SITE', 'INVESTIGATING', 'RESOLVED'], roles: ['SUPERVISOR'] },
  return: { from: ['DISPATCHED', 'ON_SITE'], roles: ['OPERATOR', 'SUPERVISOR'] },
  merge: { from: OPEN, roles: ['OPERATOR'] },
};
/** The buttons, in this order. merge is offered on the related complaints. */
const BUTTONS = ['admit', 'register', 'dispatch', 'transfer', 'decline', 'extend', 'return'];
/** What each action asks for before it is sent. */
const NEEDS = {
  decline: ['reason'], transfer: ['cell', 'reason'], extend: ['workingDays', 'reason'], return: ['reason'],
  merge: ['reason'],
};

/** Whether the signed-in user may take action on case c now. */
export function allowed(c, action, role) {
  if (Array.isArray(c.availableActions)) {
    if (action === 'transfer' && !c.cellCode && OPEN.includes(c.status)) {
      return c.availableActions.includes('transfer') || FALLBACK.transfer.roles.includes(role);
    }
    return c.availableActions.includes(action);
  }
  const f = FALLBACK[action];
  if (!f || !f.roles.includes(role)) return false;
  if (action === 'transfer' && !c.cellCode) return OPEN.includes(c.status); // giving an unassigned case its cell
  if (action === 'dispatch' && !c.cellCode) return false;
  return f.from.includes(c.status);
}

/** "DISTANCE 张三：距案发地 733 米…" → {code: 'DISTANCE', text: '张三：距案发地 733 米…'}. */
export function splitReason(reason) {
  const m = String(reason).match(/^([A-Z][A-Z0-9_]+)\s+(.*)$/s);
  return m ? { code: m[1], text: m[2] } : { code: '', text: String(reason) };
}

export function createActions(ctx) {
  /** The console part of a case's panel. */
  function section(c) {
    const role = ctx.state.me && ctx.state.me.role;
    const box = el('section', 'case-console');
    box.dataset.caseId = c.caseId;
    box.append(el('h4', null, t('actions.title')));
    const row = el('div', 'action-row');
    const shown = BUTTONS.filter(a => allowed(c, a, role));
    for (const a of shown) {
      const b = el('button', `action action-${a}`, t(`actions.${a}`));
      b.type = 'button';
      b.dataset.action = a;
      if (a === 'dispatch') b.setAttribute('aria-keyshortcuts', 'D');
      b.addEventListener('click', () => start(c, a, box));
      row.append(b);
    }
    if (!shown.length) row.append(el('span', 'sub', t('actions.none')));
    box.append(row);
    if (!c.cellCode && OPEN.includes(c.status)) box.append(el('p', 'hint warn', t('actions.unassigned')));
    const form = el('div', 'action-form');
    form.hidden = true;
    box.append(form);
    const msg = el('p', 'action-message');
    msg.setAttribute('role', 'status');
    box.append(msg);
    // Related complaints, each with "merge into it" when this case may be merged.
    const related = Array.isArray(c.related) ? c.related : [];
    box.append(el('h4', null, `${t('actions.related')} (${related.length})`));
    const ul = el('ul', 'mini-list related-list');
    if (!related.length) ul.append(el('li', 'empty', t('actions.noRelated')));
    for (const r of related) {
      const li = el('li', 'related-item');
      li.dataset.caseId = r.caseId;
      const open = el('button', 'link', `${r.caseNo} · ${t(`category.${r.category}`)} · ${t(`status.${r.status}`)}`);
      open.type = 'button';
      open.addEventListener('click', () => ctx.showCase(r.caseId));
      const why = (r.reasons || []).map(x => (x === 'SAME_EMPLOYER' ? (r.employer && r.employer.name) || x
        : `${distance(r.distanceMeters)}`)).join(' · ');
      li.append(open, el('div', 'sub', `${why} · ${formatTime(r.createdAt)}`));
      if (allowed(c, 'merge', role) && OPEN.includes(r.status)) {
        const m = el('button', 'action action-merge', t('actions.mergeInto', { caseNo: r.caseNo }));
        m.type = 'button';
        m.dataset.action = 'merge';
        m.dataset.into = r.caseId;
        m.addEventListener('click', () => start(c, 'merge', box, { intoCaseId: r.caseId, caseNo: r.caseNo }));
        li.append(m);
      }
      ul.append(li);
    }
    box.append(ul);
    const dispatch = el('section', 'dispatch-panel');
    dispatch.id = 'dispatch-panel';
    dispatch.hidden = true;
    box.append(dispatch);
    return box;
  }

  /** An action's button was pressed: at once, or after its small form. */
  function start(c, action, box, extra = {}) {
    if (action === 'dispatch') { openDispatch(c, box); return; }
    const needs = NEEDS[action];
    if (!needs) { run(c, action, {}, box); return; }
    const form = box.querySelector('.action-form');
    const f = el('form', 'inline-form');
    f.dataset.action = action;
    const title = action === 'merge' ? t('actions.mergeInto', { caseNo: extra.caseNo }) : t(`actions.${action}`);
    f.append(el('div', 'inline-title', title));
    let cell = null;
    if (needs.includes('cell')) {
      const l = el('label');
      l.append(el('span', null, t('actions.transferTo')));
      const wrap = el('div', 'combo');
      const input = el('input');
      input.name = 'cell';
      input.placeholder = t('actions.transferHint');
      input.autocomplete = 'off';
      const list = el('ul');
      wrap.append(input, list);
      l.append(wrap);
      const chosen = el('div', 'sub chosen-cell');
      f.append(l, chosen);
      combobox(input, list, (q) => searchCells(ctx.state.cells, q, 8)
        .filter(x => x.code !== c.cellCode)
        .map(x => ({ label: x.name, sub: `${cellPath(ctx.state.cells, x.code)} · ${x.code}`, value: x.code })),
      (item) => { cell = item.value; input.value = item.label; chosen.textContent = `${cellPath(ctx.state.cells, cell)} · ${cell}`; });
      input.addEventListener('input', () => { cell = /^\d{6}(\d{3}){0,2}(\d{2})?$/.test(input.value.trim()) ? input.value.trim() : null; });
    }
    if (needs.includes('workingDays')) {
      const l = el('label');
      l.append(el('span', null, t('actions.workingDays')));
      const i = el('input');
      i.type = 'number'; i.name = 'workingDays'; i.min = '1'; i.max = '30'; i.value = '10'; i.required = true;
      l.append(i);
      f.append(l);
    }
    if (needs.includes('reason')) {
      const l = el('label');
      l.append(el('span', null, t('actions.reason')));
      const i = el('input');
      i.name = 'reason'; i.maxLength = 2000;
      if (action === 'merge') i.value = '重复投诉';
      l.append(i);
      f.append(l);
    }
    const buttons = el('div', 'inline-buttons');
    const cancel = el('button', null, t('actions.cancel'));
    cancel.type = 'button';
    cancel.addEventListener('click', () => { form.hidden = true; form.replaceChildren(); });
    const ok = el('button', 'primary', t('actions.confirm'));
    ok.type = 'submit';
    buttons.append(cancel, ok);
    f.append(buttons);
    f.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); form.hidden = true; form.replaceChildren(); }
    });
    f.addEventListener('submit', (e) => {
      e.preventDefault();
      const fields = { ...(extra.intoCaseId ? { intoCaseId: extra.intoCaseId } : {}) };
      const reason = f.elements.reason ? f.elements.reason.value.trim() : '';
      if (needs.includes('reason') && !reason && action !== 'merge') { message(box, t('actions.needReason'), 'error'); f.elements.reason.focus(); return; }
      if (reason) fields.reason = reason;
      if (needs.includes('cell')) {
        if (!cell) { message(box, t('actions.needCell'), 'error'); f.elements.cell.focus(); return; }
        fields.cellCode = cell;
      }
      if (needs.includes('workingDays')) fields.workingDays = Number(f.elements.workingDays.value);
      run(c, action, fields, box);
    });
    form.replaceChildren(f);
    form.hidden = false;
    const first = f.querySelector('input');
    if (first) first.focus();
  }

  function message(box, text, kind) {
    const m = box.querySelector('.action-message');
    if (!m) return;
    m.textContent = text;
    m.className = `action-message ${kind || ''}`;
  }

  /** Sends the transition with the version last read; 409: reload and say so. */
  async function run(c, action, fields, box) {
    box.querySelectorAll('button').forEach(b => { b.disabled = true; });
    try {
      const updated = await transition(c.caseId, action, c.version, fields);
      ctx.notify(t('actions.done', { caseNo: c.caseNo, action: t(`actions.${action}`) }), 'ok');
      ctx.caseUpdated(updated);
      await ctx.showCase(c.caseId, { json: updated, focus: true });
      return updated;
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        const text = e.is('stale-version') || !e.detail ? t('actions.conflict') : t('actions.notAllowed', { detail: e.detail });
        ctx.notify(text, 'warn');
        await ctx.showCase(c.caseId, { focus: true });
        const again = document.querySelector('.case-console');
        if (again) message(again, text, 'warn');
      } else {
        box.querySelectorAll('button').forEach(b => { b.disabled = false; });
        const detail = e instanceof ApiError ? (e.errors.map(x => `${x.field}: ${x.message}`).join('; ') || e.detail || e.message) : e.message;
        message(box, t('actions.failed', { detail }), 'error');
      }
      return null;
    }
  }

  // ---- dispatch

  async function openDispatch(c, box) {
    const panel = box.querySelector('.dispatch-panel');
    panel.hidden = false;
    panel.replaceChildren(el('h4', null, t('dispatch.title')), el('div', 'sub', t('dispatch.loading')));
    panel.scrollIntoView({ block: 'nearest' });
    let r;
    try {
      r = await api(`/api/cases/${c.caseId}/candidates`);
    } catch (e) {
      panel.replaceChildren(el('h4', null, t('dispatch.title')), el('p', 'error', e.detail || e.message));
      return;
    }
    const role = ctx.state.me && ctx.state.me.role;
    const may = allowed(c, 'dispatch', role);
    const nodes = [el('h4', null, t('dispatch.title'))];
    if (!may) nodes.push(el('p', 'hint warn', t('dispatch.notRegistered')));
    const teams = r.teams || [];
    if (!teams.length) nodes.push(el('p', 'sub', t('dispatch.none')));
    const list = el('ol', 'team-list');
    teams.forEach((team, i) => {
      const li = el('li', 'team');
      li.dataset.inspectors = team.inspectors.join(',');
      const head = el('div', 'team-head');
      head.append(el('span', 'team-n', t('dispatch.team', { n: i + 1 })),
        el('span', 'team-names', ctx.staffNames(team.inspectors).join('、')),
        el('span', 'team-score', t('dispatch.score', { score: Number(team.score).toFixed(1) })));
      const reasons = el('ul', 'team-reasons');
      for (const reason of team.reasons || []) {
        const { code, text } = splitReason(reason);
        const ri = el('li', `reason reason-${code.toLowerCase()}`);
        if (code) ri.dataset.code = code;
        ri.textContent = text;
        reasons.append(ri);
      }
      li.append(head, reasons);
      if (may) {
        const go = el('button', 'primary dispatch-go', t('dispatch.go'));
        go.type = 'button';
        go.addEventListener('click', () => dispatch(c, team.inspectors, box));
        li.append(go);
      }
      list.append(li);
    });
    nodes.push(list);
    if (Array.isArray(r.notes) && r.notes.length) {
      nodes.push(el('h4', null, t('dispatch.notes')));
      const ul = el('ul', 'team-notes');
      r.notes.forEach(n => ul.append(el('li', null, splitReason(n).text)));
      nodes.push(ul);
    }
    panel.replaceChildren(...nodes);
    const first = panel.querySelector('.dispatch-go');
    if (first) first.focus();
    panel.scrollIntoView({ block: 'nearest' });
  }

  async function dispatch(c, inspectors, box) {
    const updated = await run(c, 'dispatch', { inspectors }, box);
    if (updated) ctx.notify(t('dispatch.done', { caseNo: c.caseNo, names: ctx.staffNames(inspectors).join('、') }), 'ok');
  }

  return { section, openDispatch, allowed };
}
