// The field app's header and notices: role, duty status, position sharing, the network, the
// notification permission, the outbox's waiting actions and its notices, and the toast.
// app.js hands over f (the page's state); this module keeps no state of its own.
import { t } from '../../js/shared/i18n.js';
import { $, el } from '../../js/shared/dom.js';
import { formatTime } from '../../js/shared/format.js';
import { notificationState } from './alerts.js';

export function createHeader(f) {
  const { state } = f;

  function renderRole() {
    const r = state.user.role;
    $('me-role').textContent = r === 'INSPECTOR' || r === 'ASSISTANT' ? t(`field.role.${r}`) : t('field.role.OTHER');
  }

  function renderDuty() {
    const on = state.status !== 'OFF_DUTY';
    $('duty-status').textContent = t(`staff.${state.status}`);
    $('duty-status').dataset.status = state.status;
    const b = $('duty-toggle');
    b.textContent = on ? t('field.duty.off') : t('field.duty.on');
    b.className = on ? 'secondary big' : 'primary big';
    b.setAttribute('aria-pressed', String(on));
    const sel = $('duty-select');
    sel.hidden = !on;
    if (on) sel.value = state.status;
    renderGeo();
  }

  function renderGeo() {
    const p = $('geo');
    if (!p) return;
    const on = state.status !== 'OFF_DUTY';
    let text;
    if (state.geoState === 'unsupported') text = t('field.geo.unsupported');
    else if (state.geoState === 'denied') text = t('field.geo.denied');
    else if (!on) text = t('field.geo.off');
    else if (!state.position) text = t('field.geo.waiting');
    else text = `${t('field.geo.sharing')} ${t('field.geo.last', { acc: Math.round(state.position.accuracyMeters), time: formatTime(state.position.at) })}`;
    p.textContent = text;
    p.dataset.state = state.geoState;
  }

  function renderNet() {
    const n = $('net');
    const online = navigator.onLine;
    n.textContent = online ? (state.feed && !state.feed.eb ? t('live.connecting') : t('field.net.online')) : t('field.net.offline');
    n.className = online ? 'net on' : 'net off';
    document.body.classList.toggle('offline', !online);
  }

  function renderNotify() {
    const b = $('notify');
    const s = notificationState();
    b.hidden = s === 'unsupported';
    b.textContent = s === 'granted' ? t('field.notify.on') : s === 'denied' ? t('field.notify.denied') : t('field.notify.enable');
    b.disabled = s !== 'default';
  }

  function renderOutbox() {
    const n = state.pending.length;
    $('outbox').hidden = n === 0;
    $('outbox').dataset.count = String(n);
    $('outbox-text').textContent = state.outbox && state.outbox.sending ? t('field.outbox.sending') : t('field.outbox.pending', { n });
  }

  async function renderNotices() {
    if (!state.outbox) return;
    const list = await state.outbox.notices();
    const ul = $('notices');
    ul.textContent = '';
    for (const n of list) {
      const li = el('li', `notice ${n.kind}`);
      li.dataset.kind = n.kind;
      li.dataset.action = n.action || '';
      li.dataset.caseId = n.caseId || '';
      const params = { ...n.params };
      if (params.action) params.action = t(`field.action.${params.action}`);
      if (params.status) params.status = t(`status.${params.status}`);
      li.append(el('span', 'notice-text', t(n.key, params)));
      const b = el('button', 'link', t('field.notice.dismiss'));
      b.type = 'button';
      b.addEventListener('click', () => state.outbox.dismiss(n.id));
      li.append(b);
      ul.append(li);
    }
  }

  function toast(text, error) {
    const p = $('toast');
    p.textContent = text;
    p.className = error ? 'toast error' : 'toast';
    p.hidden = false;
    clearTimeout(state.toastTimer);
    state.toastTimer = setTimeout(() => { p.hidden = true; }, 4000);
  }

  return { renderRole, renderDuty, renderGeo, renderNet, renderNotify, renderOutbox, renderNotices, toast };
}
