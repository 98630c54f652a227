// The leadership command screen (领导指挥舱) at /command/: a 1920×1080 wall for leaders (and duty
// supervisors, administrators) with the key figures of today and this month, the 30-day trend and
// the ranking (ECharts, from the jar's vendor/), the map with the open mass incidents, the
// incidents with their one-hour clocks, the supervised and overdue cases, and the command view of
// one incident (#incident/<id>). Everything comes from the public API and the event bus
// (shared/live.js); docs/command.md.
import './strings.js';
import { t, setLanguage, language, onLanguage } from '../js/shared/i18n.js';
import { api, onUnauthorized } from '../js/shared/api.js';
import { LiveFeed, addressesFor } from '../js/shared/live.js';
import { $ } from '../js/shared/dom.js';
import { formatTime } from '../js/shared/format.js';
import { createFigures } from './figures.js';
import { createMapView } from './mapview.js';
import { createIncidents, eventIncidentId } from './incidents.js';
import { createCaseLists } from './cases.js';
import { createView } from './view.js';

/** Roles for which this screen is made; others are told where to go instead. */
export const ALLOWED = new Set(['LEADER', 'SUPERVISOR', 'ADMIN']);
// Figures and lists follow case events at most this often (a busy city sends several a second).
const REFRESH_MIN_MS = 3000;
const REFRESH_QUIET_MS = 300;
const POLL_MS = 60_000;

/** The running screen of one signed-in user: everything it holds lives here, not in the module. */
function createScreen(user) {
  const timers = [];
  let live = null;
  let lastRefresh = 0;
  let refreshTimer = null;
  let soundOn = false;

  const mapView = createMapView({ user, onIncident: (id) => go(id) });
  const cellName = (code) => {
    const c = code && mapView.cells.get(String(code));
    return c ? c.name : null;
  };
  const figures = createFigures({ user, cellName, onCell: (code) => mapView.flyToCell(code) });
  const incidents = createIncidents({
    cellName,
    onChange: (list) => mapView.setIncidents(list),
    onSelect: (id) => go(id),
    sound: () => soundOn,
  });
  const cases = createCaseLists({ cellName });
  const view = createView({
    user,
    cellName,
    onLoaded: (inc) => { incidents.upsert(inc); mapView.focus(inc); },
    onClose: () => go(null),
  });

  function go(id) {
    const hash = id === null || id === undefined ? '' : `#incident/${encodeURIComponent(id)}`;
    if (hash && location.hash !== hash) {
      location.hash = hash; // the hashchange routes
      return;
    }
    if (!hash && location.hash) history.pushState(null, '', location.pathname + location.search);
    route();
  }

  /** The view the address asks for: #incident/<id>, else the overview. */
  function route() {
    const m = /^#incident\/([^/]+)$/.exec(location.hash);
    const incident = m ? decodeURIComponent(m[1]) : null;
    document.body.dataset.mode = incident ? 'incident' : 'overview';
    document.querySelectorAll('.overview-only').forEach(e => { e.hidden = !!incident; });
    document.querySelectorAll('.view-only').forEach(e => { e.hidden = !incident; });
    mapView.resize();
    if (incident) {
      view.open(incident);
    } else {
      view.close();
      mapView.unfocus();
      mapView.overview();
      figures.resize();
    }
  }

  function scheduleRefresh() {
    if (refreshTimer) return;
    const wait = Math.max(REFRESH_QUIET_MS, lastRefresh + REFRESH_MIN_MS - Date.now());
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      lastRefresh = Date.now();
      refreshAll();
    }, wait);
  }

  async function refreshAll() {
    await Promise.all([figures.refresh(), cases.load()]);
    shade();
  }

  function shade() {
    const r = figures.data.ranking;
    if (r && r.items) mapView.shade(figures.rankLevel, r.items);
  }

  function applyEvent(ev) {
    const type = String(ev.type || '');
    if (type.startsWith('incident.')) {
      const id = eventIncidentId(ev.data);
      incidents.applyEvent(ev).then(() => {
        if (id !== null && view.currentId() === String(id)) view.refresh();
      }).catch(e => console.warn('incident event', e));
      scheduleRefresh();
    } else if (type.startsWith('case.') || type.startsWith('deadline.')) {
      scheduleRefresh();
    }
  }

  function setLiveStatus(s) {
    const e = $('live-status');
    e.className = `live-status ${s}`;
    e.dataset.i18n = `live.${s}`;
    e.textContent = t(`live.${s}`);
  }

  function tick() {
    const now = Date.now();
    $('clock').textContent = formatTime(new Date(now).toISOString());
    incidents.tick(now);
    view.tick(now);
    cases.tick(now);
  }

  function scopeName() {
    $('scope-name').textContent = (user.gridCode && cellName(user.gridCode)) || t('cmd.cityWide');
  }

  async function start() {
    $('user-name').textContent = `${user.username} · ${t(`role.${user.role}`)}`;
    tick();
    timers.push(setInterval(tick, 1000));
    await mapView.start();
    scopeName();
    await Promise.all([refreshAll(), incidents.load()]);
    lastRefresh = Date.now();
    live = new LiveFeed({
      addresses: () => addressesFor(user),
      replayCell: user.gridCode || null,
      onEvent: applyEvent,
      onStatus: setLiveStatus,
      onResync: async () => { await Promise.all([incidents.load(), refreshAll()]); if (view.currentId()) view.refresh(); },
    });
    live.start();
    timers.push(setInterval(() => { refreshAll(); incidents.load(); }, POLL_MS));
    window.addEventListener('hashchange', route);
    window.addEventListener('resize', onResize);
    route();
  }

  function onResize() {
    figures.resize();
    mapView.resize();
  }

  function stop() {
    timers.splice(0).forEach(clearInterval);
    clearTimeout(refreshTimer);
    if (live) live.stop();
    live = null;
    window.removeEventListener('hashchange', route);
    window.removeEventListener('resize', onResize);
    figures.dispose();
    mapView.map.remove();
  }

  function rerender() {
    $('user-name').textContent = `${user.username} · ${t(`role.${user.role}`)}`;
    scopeName();
    figures.rerender();
    incidents.render();
    cases.render();
    if (view.currentId()) view.refresh();
    tick();
  }

  function toggleSound() {
    soundOn = !soundOn;
    if (soundOn) incidents.unlockAudio();
    $('sound-toggle').setAttribute('aria-pressed', String(soundOn));
  }

  return {
    start, stop, rerender, toggleSound, applyEvent, go,
    // Read-only helpers for the tests and the console (window.gwCommand).
    figures, incidents, view, mapView,
    lastSeq: () => (live ? live.lastSeq : null),
  };
}

// ---- sign-in, role check and start (the page's one entry point)

function boot() {
  let screen = null;

  function showOnly(id) {
    for (const x of ['login', 'denied', 'screen']) $(x).hidden = x !== id;
  }

  function stopScreen() {
    delete document.body.dataset.ready;
    if (screen) screen.stop();
    screen = null;
    window.gwCommand = null;
  }

  function showLogin(message) {
    stopScreen();
    showOnly('login');
    $('login-error').textContent = message || '';
    $('login-username').focus();
  }

  function showDenied(user) {
    stopScreen();
    showOnly('denied');
    const text = () => {
      $('denied-text').textContent = t('cmd.denied.text', { user: user.username, role: t(`role.${user.role}`) });
    };
    text();
    document.body.dataset.denied = user.role;
    document.body.dataset.ready = 'true';
    return text;
  }

  let deniedText = null;

  async function enter(user) {
    if (!ALLOWED.has(user.role)) {
      deniedText = showDenied(user);
      return;
    }
    deniedText = null;
    delete document.body.dataset.denied;
    showOnly('screen');
    screen = createScreen(user);
    window.gwCommand = screen;
    await screen.start();
    document.body.dataset.ready = 'true';
  }

  async function submitLogin(ev) {
    ev.preventDefault();
    $('login-error').textContent = '';
    const body = { username: $('login-username').value.trim(), password: $('login-password').value };
    if (!$('login-totp-row').hidden && $('login-totp').value.trim()) body.totp = $('login-totp').value.trim();
    $('login-submit').disabled = true;
    try {
      const r = await api('/api/auth/login', { method: 'POST', json: body });
      $('login-password').value = '';
      await enter(r.user);
    } catch (e) {
      const p = e.body || {};
      const type = String(p.type || '');
      if (type.includes('totp')) {
        $('login-totp-row').hidden = false;
        $('login-error').textContent = t('login.totpRequired');
      } else if (e.status === 401) {
        $('login-error').textContent = t('login.failed');
      } else if (e.status === 429 || type.includes('locked')) {
        $('login-error').textContent = t('login.locked');
      } else {
        $('login-error').textContent = t('login.error', { detail: p.detail || e.message });
      }
    } finally {
      $('login-submit').disabled = false;
    }
  }

  async function logout() {
    try { await api('/api/auth/logout', { method: 'POST' }); } catch (e) { /* the session may be gone already */ }
    delete document.body.dataset.denied;
    showLogin();
  }

  onUnauthorized(() => showLogin());
  setLanguage(language());
  onLanguage(() => {
    if (screen) screen.rerender();
    if (deniedText) deniedText();
  });
  document.querySelectorAll('.lang-switch').forEach(b => b.addEventListener('click',
    () => setLanguage(language() === 'en' ? 'zh-CN' : 'en')));
  $('login-form').addEventListener('submit', submitLogin);
  $('logout').addEventListener('click', logout);
  $('denied-logout').addEventListener('click', logout);
  $('sound-toggle').addEventListener('click', () => { if (screen) screen.toggleSound(); });
  $('banner').addEventListener('click', () => {
    const id = $('banner').dataset.incidentId;
    if (screen && id) screen.go(id);
  });

  (async () => {
    let user = null;
    try {
      user = await api('/api/auth/me');
    } catch (e) {
      showLogin();
      return;
    }
    await enter(user);
  })();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot, { once: true });
else boot();
