// Alerts for the operator: a dispatch not accepted in time (case.dispatch-timeout: the server
// offers the case to the next team by itself), an inspector's refusal (case.assignment-refused,
// with the reason) and an overdue deadline (deadline.overdue). Each shows as a toast on the map
// and stays in the alert list (header button, key A) until dismissed. The optional sound is made
// in the browser (Web Audio), nothing is loaded.
import { t } from '../shared/i18n.js';
import { formatClock } from '../shared/format.js';
import { $, el } from '../shared/dom.js';

export const ALERT_TYPES = new Set(['case.dispatch-timeout', 'case.assignment-refused', 'deadline.overdue']);
const MAX_ALERTS = 100;
const MAX_TOASTS = 4;
const TOAST_MS = { 'deadline.overdue': 15_000 };

export function createAlerts(ctx) {
  const alerts = []; // newest first: {id, ev, type, caseId, title, text, at}
  let nextId = 1;
  let sound = localStorage.getItem('gw.sound') === 'on';
  let audio = null;

  function describe(ev) {
    const d = ev.data || {};
    const caseNo = d.caseNo || (d.caseId ? `#${d.caseId}` : '');
    if (ev.type === 'case.dispatch-timeout') {
      const next = Array.isArray(d.nextInspectors) && d.nextInspectors.length ? `：${ctx.staffNames(d.nextInspectors).join('、')}`
        : (Array.isArray(d.inspectors) && d.inspectors.length && d.to === 'DISPATCHED' ? `：${ctx.staffNames(d.inspectors).join('、')}` : '');
      return { title: t('alert.dispatch-timeout'), text: t('alert.timeoutText', { caseNo, next }) };
    }
    if (ev.type === 'case.assignment-refused') {
      const who = d.inspectorName || d.name || d.username
        || (d.inspector && (d.inspector.name || d.inspector.username))
        || (d.userId ? ctx.staffNames([d.userId])[0] : '')
        || (d.actor && d.actor.userId ? ctx.staffNames([d.actor.userId])[0] : '');
      const reason = d.reason ? `：${d.reason}` : '';
      return { title: t('alert.assignment-refused'), text: t('alert.refusedText', { caseNo, who, reason }) };
    }
    return { title: t('alert.deadline.overdue'), text: t('alert.overdueText', { caseNo, kind: d.kind ? t(`kind.${d.kind}`) : '' }) };
  }

  function add(ev) {
    if (!ALERT_TYPES.has(ev.type)) return;
    const a = { id: nextId++, ev, type: ev.type, caseId: ev.data && ev.data.caseId, at: ev.at || new Date().toISOString() };
    alerts.unshift(a);
    if (alerts.length > MAX_ALERTS) alerts.length = MAX_ALERTS;
    toast(a);
    renderBadge();
    if (!$('alerts-panel').hidden) renderList();
    if (sound && ev.type !== 'deadline.overdue') beep();
  }

  function row(a, isToast) {
    const { title, text } = describe(a.ev);
    const box = el(isToast ? 'div' : 'li', `alert alert-${a.type.replace('.', '-')}`);
    box.dataset.alertId = a.id;
    box.dataset.type = a.type;
    if (a.caseId) box.dataset.caseId = a.caseId;
    const head = el('div', 'alert-head');
    head.append(el('span', 'alert-title', title), el('span', 'alert-time', formatClock(a.at)));
    const actions = el('div', 'alert-actions');
    if (a.caseId) {
      const open = el('button', 'alert-open', t('alert.open'));
      open.type = 'button';
      open.addEventListener('click', () => { ctx.showCase(a.caseId); if (isToast) box.remove(); });
      actions.append(open);
    }
    const dismiss = el('button', 'alert-dismiss', t('alert.dismiss'));
    dismiss.type = 'button';
    dismiss.addEventListener('click', () => dismissAlert(a.id));
    actions.append(dismiss);
    box.append(head, el('div', 'alert-text', text), actions);
    return box;
  }

  function toast(a) {
    const box = $('toasts');
    const e = row(a, true);
    e.setAttribute('role', 'alert');
    box.prepend(e);
    while (box.children.length > MAX_TOASTS) box.lastElementChild.remove();
    const ms = TOAST_MS[a.type];
    if (ms) setTimeout(() => e.remove(), ms);
  }

  /** A short message (a saved complaint, an action done or refused): role=status, gone after a few seconds. */
  function notify(text, kind = 'info', ms = 6000) {
    const box = $('toasts');
    const e = el('div', `notice notice-${kind}`, text);
    e.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    box.prepend(e);
    while (box.children.length > MAX_TOASTS + 2) box.lastElementChild.remove();
    setTimeout(() => e.remove(), ms);
    return e;
  }

  function dismissAlert(id) {
    const i = alerts.findIndex(a => a.id === id);
    if (i >= 0) alerts.splice(i, 1);
    document.querySelectorAll(`[data-alert-id="${id}"]`).forEach(e => e.remove());
    renderBadge();
    if (!$('alerts-panel').hidden) renderList();
  }

  function clearAll() {
    alerts.splice(0);
    $('toasts').querySelectorAll('.alert').forEach(e => e.remove());
    renderBadge();
    renderList();
  }

  function renderBadge() {
    const b = $('alerts-count');
    b.textContent = alerts.length ? String(alerts.length) : '';
    b.hidden = !alerts.length;
    $('alerts-toggle').classList.toggle('has-alerts', alerts.length > 0);
  }

  function renderList() {
    const ol = $('alerts-list');
    if (!alerts.length) {
      ol.replaceChildren(el('li', 'empty', t('alert.none')));
      return;
    }
    ol.replaceChildren(...alerts.map(a => row(a, false)));
  }

  function togglePanel(show) {
    const p = $('alerts-panel');
    const open = show === undefined ? p.hidden : show;
    p.hidden = !open;
    $('alerts-toggle').setAttribute('aria-expanded', String(open));
    if (open) {
      renderList();
      const first = p.querySelector('button');
      (first || p).focus();
    }
    return open;
  }

  function setSound(on) {
    sound = on;
    localStorage.setItem('gw.sound', on ? 'on' : 'off');
    $('sound-toggle').setAttribute('aria-pressed', String(on));
    if (on) beep();
  }

  /** Two short tones from an oscillator: no file, no network. */
  function beep() {
    try {
      if (!audio) audio = new (window.AudioContext || window.webkitAudioContext)();
      const now = audio.currentTime;
      for (const [i, f] of [[0, 880], [1, 660]]) {
        const o = audio.createOscillator();
        const g = audio.createGain();
        o.frequency.value = f;
        g.gain.setValueAtTime(0.0001, now + i * 0.22);
        g.gain.exponentialRampToValueAtTime(0.2, now + i * 0.22 + 0.02);
        g.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.22 + 0.2);
        o.connect(g).connect(audio.destination);
        o.start(now + i * 0.22);
        o.stop(now + i * 0.22 + 0.21);
      }
    } catch (e) { /* no audio on this machine */ }
  }

  function init() {
    $('alerts-toggle').addEventListener('click', () => togglePanel());
    $('alerts-clear').addEventListener('click', clearAll);
    $('sound-toggle').addEventListener('click', () => setSound(!sound));
    $('sound-toggle').setAttribute('aria-pressed', String(sound));
    renderBadge();
  }

  function rerender() {
    renderBadge();
    if (!$('alerts-panel').hidden) renderList();
  }

  return { init, add, notify, togglePanel, dismissAlert, clearAll, rerender, list: () => alerts.slice() };
}
