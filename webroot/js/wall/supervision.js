// 督办 / 挂牌督办 on the wall (docs/supervision.md): the badges of the queue and the case panel,
// and in the panel the buttons the case offers the signed-in user (supervisionActions:
// supervise, list, lift) with a small form (承办单位, 办结时限, note). POST / DELETE
// /api/cases/{id}/supervision; the answer is the case, handed back to the wall.
import { api, ApiError } from '../shared/api.js';
import { t, addStrings } from '../shared/i18n.js';
import { formatTime } from '../shared/format.js';
import { el } from '../shared/dom.js';

addStrings({
  'zh-CN': {
    'sup.SUPERVISED': '督办', 'sup.LISTED': '挂牌督办', 'sup.overdue': '督办超期',
    'sup.title': '督办', 'sup.none': '未督办',
    'sup.source.AUTOMATIC': '超时自动督办', 'sup.source.MANUAL': '人工督办',
    'sup.unit': '承办单位', 'sup.dueAt': '办结时限', 'sup.note': '督办意见', 'sup.placedBy': '督办人',
    'sup.reason': '触发时限',
    'sup.supervise': '督办', 'sup.list': '挂牌督办', 'sup.lift': '解除督办', 'sup.liftNote': '解除说明',
    'sup.confirm': '确定', 'sup.cancel': '取消',
    'sup.done': '{caseNo}：{action}完成', 'sup.failed': '未能完成：{detail}',
    'sup.needUnit': '请填写承办单位', 'sup.needDue': '请选择办结时限',
    'action.supervised': '督办', 'action.supervision-lifted': '解除督办',
  },
  en: {
    'sup.SUPERVISED': 'Supervised', 'sup.LISTED': 'Listed', 'sup.overdue': 'supervision overdue',
    'sup.title': 'Supervision (督办)', 'sup.none': 'not supervised',
    'sup.source.AUTOMATIC': 'raised by a missed deadline', 'sup.source.MANUAL': 'placed by hand',
    'sup.unit': 'Responsible unit', 'sup.dueAt': 'Due', 'sup.note': 'Instructions', 'sup.placedBy': 'Placed by',
    'sup.reason': 'Deadline missed',
    'sup.supervise': 'Supervise', 'sup.list': 'List (挂牌督办)', 'sup.lift': 'Lift supervision',
    'sup.liftNote': 'Why lifted',
    'sup.confirm': 'Confirm', 'sup.cancel': 'Cancel',
    'sup.done': '{caseNo}: {action} done', 'sup.failed': 'Not done: {detail}',
    'sup.needUnit': 'Name the responsible unit', 'sup.needDue': 'Choose the due time',
    'action.supervised': 'supervision placed', 'action.supervision-lifted': 'supervision lifted',
  },
});

/** The level of a case's supervision (an object since issue 12; a bare level string from older events). */
export function supervisionLevel(c) {
  const s = c && c.supervision;
  if (!s) return null;
  return typeof s === 'string' ? s : s.level;
}

/** The badge for a case under supervision, or null: amber 督办, red 挂牌督办, with the unit and due time as a tip. */
export function supervisionBadge(c) {
  const level = supervisionLevel(c);
  if (!level) return null;
  const s = typeof c.supervision === 'object' ? c.supervision : {};
  const b = el('span', `q-badge sup sup-${level}${s.overdue ? ' sup-overdue' : ''}`, t(`sup.${level}`));
  b.dataset.supervision = level;
  const tip = [t(`sup.source.${s.source || 'AUTOMATIC'}`)];
  if (s.unit) tip.push(`${t('sup.unit')}：${s.unit}`);
  if (s.dueAt) tip.push(`${t('sup.dueAt')}：${formatTime(s.dueAt)}`);
  if (s.overdue) tip.push(t('sup.overdue'));
  b.title = tip.join(' · ');
  return b;
}

/** A short key of what the badge shows, for the queue's row cache. */
export function supervisionKey(c) {
  const s = c && c.supervision;
  if (!s) return '';
  return typeof s === 'string' ? s : `${s.level}/${s.unit || ''}/${s.dueAt || ''}/${s.overdue ? 1 : 0}`;
}

/** Local datetime-local value (yyyy-MM-ddTHH:mm) a number of hours from now. */
function localInput(hoursAhead) {
  const d = new Date(Date.now() + hoursAhead * 3_600_000);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * The supervision part of a case panel. onChanged(caseJson) is called with the server's answer;
 * notify(text, kind) tells the operator.
 */
export function supervisionSection(c, { onChanged, notify }) {
  const box = el('section', 'supervision-box');
  box.dataset.caseId = c.caseId;
  const head = el('h4', null, t('sup.title'));
  const badge = supervisionBadge(c);
  if (badge) head.append(' ', badge);
  box.append(head);
  const s = c.supervision && typeof c.supervision === 'object' ? c.supervision : null;
  if (s) {
    const dl = el('dl', 'kv sup-details');
    const rows = [[t('sup.title'), `${t(`sup.${s.level}`)} · ${t(`sup.source.${s.source}`)}`],
      [t('sup.unit'), s.unit], [t('sup.dueAt'), s.dueAt ? formatTime(s.dueAt) : null],
      [t('sup.reason'), s.reason ? t(`kind.${s.reason}`) : null], [t('sup.placedBy'), s.placedBy && s.placedBy.name],
      [t('sup.note'), s.note]];
    for (const [k, v] of rows) {
      if (v === null || v === undefined || v === '') continue;
      dl.append(el('dt', null, k), el('dd', null, v));
    }
    if (s.overdue) dl.append(el('dt', null, ''), el('dd', 'sup-overdue-text', t('sup.overdue')));
    box.append(dl);
  } else {
    box.append(el('div', 'sub', t('sup.none')));
  }
  const actions = Array.isArray(c.supervisionActions) ? c.supervisionActions : [];
  if (!actions.length) return box;
  const row = el('div', 'action-row');
  for (const a of actions) {
    const b = el('button', `action sup-action sup-action-${a}`, t(`sup.${a}`));
    b.type = 'button';
    b.dataset.supAction = a;
    b.addEventListener('click', () => openForm(a));
    row.append(b);
  }
  box.append(row);
  const form = el('div', 'sup-form');
  form.hidden = true;
  const msg = el('p', 'action-message');
  msg.setAttribute('role', 'status');
  box.append(form, msg);

  function say(text, kind) {
    msg.textContent = text;
    msg.className = `action-message ${kind || ''}`;
  }

  function field(label, input) {
    const l = el('label');
    l.append(el('span', null, label), input);
    return l;
  }

  function openForm(action) {
    const f = el('form', 'inline-form');
    f.dataset.supAction = action;
    f.append(el('div', 'inline-title', t(`sup.${action}`)));
    if (action !== 'lift') {
      const unit = el('input');
      unit.name = 'unit'; unit.maxLength = 100; unit.required = true;
      unit.value = s && s.unit ? s.unit : '';
      const due = el('input');
      due.type = 'datetime-local'; due.name = 'dueAt'; due.required = true;
      due.value = localInput(action === 'list' ? 72 : 168);
      f.append(field(t('sup.unit'), unit), field(t('sup.dueAt'), due));
    }
    const note = el('textarea');
    note.name = 'note'; note.maxLength = 500; note.rows = 2;
    f.append(field(t(action === 'lift' ? 'sup.liftNote' : 'sup.note'), note));
    const buttons = el('div', 'inline-buttons');
    const cancel = el('button', null, t('sup.cancel'));
    cancel.type = 'button';
    cancel.addEventListener('click', () => { form.hidden = true; form.replaceChildren(); });
    const ok = el('button', 'primary', t('sup.confirm'));
    ok.type = 'submit';
    buttons.append(cancel, ok);
    f.append(buttons);
    f.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); form.hidden = true; form.replaceChildren(); }
    });
    f.addEventListener('submit', (e) => { e.preventDefault(); send(action, f); });
    form.replaceChildren(f);
    form.hidden = false;
    const first = f.querySelector('input, textarea');
    if (first) first.focus();
  }

  async function send(action, f) {
    const note = f.elements.note.value.trim();
    let request;
    if (action === 'lift') {
      request = { method: 'DELETE', ...(note ? { json: { note } } : {}) };
    } else {
      const unit = f.elements.unit.value.trim();
      if (!unit) { say(t('sup.needUnit'), 'error'); f.elements.unit.focus(); return; }
      const due = f.elements.dueAt.value ? new Date(f.elements.dueAt.value) : null;
      if (!due || Number.isNaN(due.getTime())) { say(t('sup.needDue'), 'error'); f.elements.dueAt.focus(); return; }
      request = { method: 'POST', json: { level: action === 'list' ? 'LISTED' : 'SUPERVISED', unit,
        dueAt: due.toISOString(), ...(note ? { note } : {}) } };
    }
    box.querySelectorAll('button').forEach(b => { b.disabled = true; });
    try {
      const updated = await api(`/api/cases/${c.caseId}/supervision`, request);
      notify(t('sup.done', { caseNo: c.caseNo, action: t(`sup.${action}`) }), 'ok');
      onChanged(updated);
    } catch (e) {
      box.querySelectorAll('button').forEach(b => { b.disabled = false; });
      const detail = e instanceof ApiError ? ((e.errors || []).map(x => `${x.field}: ${x.message}`).join('; ')
        || e.detail || e.message) : e.message;
      say(t('sup.failed', { detail }), 'error');
    }
  }
  return box;
}
