// The field app at /field/: the inspector's (监察员) and the grid assistant's (协管员) phone page.
// Sign-in, duty status, position sharing, assignments (live on gw.user.<id>), accept / decline,
// the case with a map and the distance, located check-in, notes, photo evidence, investigation
// and resolution; actions go through the offline outbox (outbox.js). docs/field.md.
import './strings.js';
import { ApiError, api, get, login, logout, onUnauthorized } from '../../js/shared/api.js';
import { LiveFeed } from '../../js/shared/live.js';
import { t, translate, setLanguage, language, onLanguage } from '../../js/shared/i18n.js';
import { $, el } from '../../js/shared/dom.js';
import { countdown, distance, money, metresBetween } from '../../js/shared/format.js';
import { Outbox, clearUser, saveCases, loadCases } from './outbox.js';
import { chime, vibrate, notify, unlockAudio, askNotifications } from './alerts.js';
import { statusAfter, acceptedBy } from './rules.js';
import { createCaseView } from './case.js';
import { createHeader } from './header.js';

const POSITION_EVERY_MS = 10000;

const state = {
  user: null,
  status: 'OFF_DUTY',
  position: null, // {lon, lat, accuracyMeters, at}
  geoState: 'off',
  watchId: null,
  lastPositionSent: 0,
  cases: new Map(), // caseId -> list item
  known: null, // Set of case ids seen, null before the first load
  current: null, // the open case (detail)
  pending: [], // outbox items of the signed-in user
  outbox: null,
  feed: null,
  map: null,
  mapNode: null,
  mapModule: null,
  mapReady: null,
  listLoading: null,
  listAgain: false,
  acting: new Set(), // case:action being queued (a double tap queues one)
  toastTimer: null,
  evidenceBox: null,
  fitAt: null,
  lastAlert: null,
};

// The page's parts (case.js, header.js) get the state and what they call back.
const f = { state, act, arrive, pendingOf, acceptedByMe, toast: (text, error) => toast(text, error) };
const { renderRole, renderDuty, renderGeo, renderNet, renderNotify, renderOutbox, renderNotices, toast } = createHeader(f);
const { renderCase, loadEvidence, updateDistance, removeMap } = createCaseView(f);

// For the tests and the console: read-only views of the page's state.
window.gwField = {
  get user() { return state.user; },
  get status() { return state.status; },
  get position() { return state.position; },
  get pending() { return state.pending.map(i => ({ id: i.id, action: i.action, caseId: i.caseId, state: i.state, expectedVersion: i.expectedVersion })); },
  get current() { return state.current; },
  /** The last new-assignment alert: {caseId, sound, vibration, notification} (what each call reported). */
  get lastAlert() { return state.lastAlert || null; },
  get live() { return state.feed ? (state.feed.eb ? 'online' : 'offline') : 'none'; },
  flush() { return state.outbox && state.outbox.flush(); },
};

// ---------------------------------------------------------------- boot

function boot() {
  document.documentElement.lang = language();
  document.title = t('app.title');
  translate();
  fillDutySelect();
  document.querySelectorAll('.lang-switch').forEach(b => b.addEventListener('click', () => {
    setLanguage(language() === 'en' ? 'zh-CN' : 'en');
  }));
  onLanguage(() => {
    fillDutySelect();
    state.evidenceBox = null; // rebuilt in the new language
    renderAll();
    if (state.current && !state.current.partial) loadEvidence(state.current);
  });
  $('login-form').addEventListener('submit', onLogin);
  $('logout').addEventListener('click', onLogout);
  $('duty-toggle').addEventListener('click', () => setStatus(state.status === 'OFF_DUTY' ? 'AVAILABLE' : 'OFF_DUTY'));
  $('duty-select').addEventListener('change', (e) => setStatus(e.target.value));
  $('refresh').addEventListener('click', () => loadList());
  $('back').addEventListener('click', () => closeCase());
  $('outbox-send').addEventListener('click', () => state.outbox && state.outbox.kick());
  $('notify').addEventListener('click', async () => { unlockAudio(); await askNotifications(); renderNotify(); });
  document.addEventListener('pointerdown', unlockAudio, { once: true });
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', renderNet);
  window.addEventListener('hashchange', route);
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && state.user) { loadList(); if (state.outbox) state.outbox.kick(); }
  });
  onUnauthorized(() => { if (state.user) showLogin(); });
  registerServiceWorker();
  // The countdowns of the list move on (a re-render every 30 s).
  setInterval(() => { if (state.user && !document.hidden && !$('list-view').hidden) renderList(); }, 30000);
  start();
}

function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('sw.js', { scope: './' }).then((reg) => {
    // A new version waiting: take it over at the next load (the page reloads once).
    reg.addEventListener('updatefound', () => {
      const w = reg.installing;
      if (!w) return;
      w.addEventListener('statechange', () => {
        if (w.state === 'installed' && navigator.serviceWorker.controller) w.postMessage({ type: 'skip-waiting' });
      });
    });
  }).catch(e => console.warn('service worker not registered', e));
  let reloaded = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // Only when a previous version controlled the page (not at the first install).
    if (reloaded || !window.__gwHadController) return;
    reloaded = true;
    window.location.reload();
  });
  window.__gwHadController = !!navigator.serviceWorker.controller;
}

async function start() {
  let user = null;
  try {
    user = await api('/api/auth/me');
  } catch (e) {
    if (!(e instanceof ApiError)) {
      // Offline: carry on as the user last signed in on this phone (the queue waits for the network).
      try { user = JSON.parse(localStorage.getItem('gw.field.user') || 'null'); } catch (x) { user = null; }
    }
  }
  if (user && user.id) startApp(user);
  else showLogin();
}

function showLogin() {
  stopApp();
  $('app').hidden = true;
  $('login').hidden = false;
  document.body.dataset.ready = 'login';
  $('login-username').focus();
}

async function onLogin(ev) {
  ev.preventDefault();
  unlockAudio();
  const err = $('login-error');
  err.textContent = '';
  $('login-submit').disabled = true;
  try {
    const r = await login($('login-username').value.trim(), $('login-password').value, $('login-totp').value.trim() || undefined);
    $('login-password').value = '';
    let user = r.user;
    try { user = { ...user, ...(await api('/api/auth/me')) }; } catch (e) { /* the login's user is enough */ }
    startApp(user);
  } catch (e) {
    if (e instanceof ApiError && e.is('second-factor-required')) {
      $('login-totp-row').hidden = false;
      err.textContent = t('login.totpRequired');
    } else if (e instanceof ApiError && e.status === 401) {
      err.textContent = t('login.failed');
    } else if (e instanceof ApiError && (e.status === 429 || e.status === 423)) {
      err.textContent = t('login.locked');
    } else {
      err.textContent = t('login.error', { detail: e.message });
    }
  } finally {
    $('login-submit').disabled = false;
  }
}

async function onLogout() {
  const user = state.user;
  if (state.status !== 'OFF_DUTY') {
    try { await api('/api/me/status', { method: 'POST', json: { status: 'OFF_DUTY' } }); } catch (e) { /* offline */ }
  }
  const waiting = state.outbox ? await state.outbox.pendingCount() : 0;
  await logout();
  if (user && !waiting) await clearUser(user.id).catch(() => {});
  if (user) localStorage.removeItem(`gw.field.status.${user.id}`);
  localStorage.removeItem('gw.field.user');
  state.user = null;
  showLogin();
}

async function startApp(user) {
  stopApp();
  state.user = user;
  state.known = null;
  state.cases = new Map();
  localStorage.setItem('gw.field.user', JSON.stringify({ id: user.id, username: user.username, role: user.role,
    gridCode: user.gridCode, displayName: user.displayName }));
  state.status = localStorage.getItem(`gw.field.status.${user.id}`) || 'OFF_DUTY';
  $('login').hidden = true;
  $('app').hidden = false;
  $('me-name').textContent = user.displayName || user.name || user.username;
  renderRole();
  state.outbox = await new Outbox({
    user,
    onChange: () => refreshPending(),
    onCase: (c) => gotCase(c),
    onSent: (item) => { followWork(item.action); toast(t('field.act.sent', { action: t(`field.action.${item.action}`) })); },
  }).init();
  await refreshPending();
  renderDuty();
  renderNet();
  renderNotify();
  watchPosition();
  connectLive();
  await loadList();
  // Only a status set while offline is sent again: the one remembered may be older than what
  // the server has set since (the roster follows the work: accept, check-in, resolve).
  const unsent = localStorage.getItem(`gw.field.statusUnsent.${user.id}`);
  if (unsent) sendStatus(unsent, true);
  state.outbox.kick();
  route();
  document.body.dataset.ready = 'true';
}

function stopApp() {
  if (state.feed) { state.feed.stop(); state.feed = null; }
  if (state.outbox) { state.outbox.stop(); state.outbox = null; }
  if (state.watchId !== null && navigator.geolocation) navigator.geolocation.clearWatch(state.watchId);
  state.watchId = null;
  removeMap();
}

function onOnline() {
  renderNet();
  if (!state.user) return;
  if (state.outbox) state.outbox.kick();
  const wanted = localStorage.getItem(`gw.field.statusUnsent.${state.user.id}`);
  if (wanted) sendStatus(wanted, true);
  loadList();
  if (state.current) { renderCase(); openCase(state.current.caseId, true); }
}

// ---------------------------------------------------------------- duty and position

function fillDutySelect() {
  const sel = $('duty-select');
  for (const o of sel.options) o.textContent = t(`staff.${o.value}`);
}

async function setStatus(status) {
  unlockAudio();
  state.status = status;
  localStorage.setItem(`gw.field.status.${state.user.id}`, status);
  renderDuty();
  // Going on duty shares the position at once (sendStatus, after the server has the status).
  await sendStatus(status, false);
  if (status === 'OFF_DUTY') await state.outbox.clearPosition();
}

async function sendStatus(status, quiet) {
  const key = `gw.field.statusUnsent.${state.user.id}`;
  try {
    await api('/api/me/status', { method: 'POST', json: { status } });
    localStorage.removeItem(key);
    if (status !== 'OFF_DUTY' && state.position && Date.now() - state.lastPositionSent >= POSITION_EVERY_MS) {
      sharePosition(state.position);
    }
  } catch (e) {
    if (e instanceof ApiError) {
      if (!quiet) toast(t('field.duty.failed', { detail: e.detail || e.message }), true);
    } else {
      localStorage.setItem(key, status);
      if (!quiet) toast(t('field.duty.offlineNotSent'));
    }
  }
}

/** What the duty status shows after the user's own step (rules.js statusAfter: the server's rule). */
function followWork(action) {
  const to = statusAfter(action, state.status);
  if (to === state.status) return;
  state.status = to;
  localStorage.setItem(`gw.field.status.${state.user.id}`, to);
  renderDuty();
}

function watchPosition() {
  if (!navigator.geolocation) { state.geoState = 'unsupported'; renderGeo(); return; }
  state.geoState = 'waiting';
  renderGeo();
  state.watchId = navigator.geolocation.watchPosition((p) => {
    state.position = {
      lon: p.coords.longitude, lat: p.coords.latitude,
      accuracyMeters: Math.min(100000, Math.max(0, Math.round((p.coords.accuracy || 0) * 10) / 10)),
      at: new Date(p.timestamp || Date.now()).toISOString(),
    };
    state.geoState = 'ok';
    renderGeo();
    updateDistance();
    if (state.status !== 'OFF_DUTY') sharePosition(state.position);
  }, (err) => {
    state.geoState = err.code === 1 ? 'denied' : 'waiting';
    renderGeo();
  }, { enableHighAccuracy: true, maximumAge: 5000, timeout: 30000 });
}

/** At most one position every ~10 s; offline, only the latest is kept (outbox). */
function sharePosition(pos) {
  const now = Date.now();
  if (now - state.lastPositionSent < POSITION_EVERY_MS) return;
  state.lastPositionSent = now;
  state.outbox.setPosition({ lon: pos.lon, lat: pos.lat, accuracyMeters: pos.accuracyMeters, at: pos.at });
}

/** The position for a check-in: the watched one if recent, else one asked for now (or null). */
function currentPosition() {
  const fresh = state.position && Date.now() - Date.parse(state.position.at) < 120000;
  if (fresh || !navigator.geolocation) return Promise.resolve(state.position);
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition((p) => resolve({
      lon: p.coords.longitude, lat: p.coords.latitude,
      accuracyMeters: Math.min(100000, Math.round((p.coords.accuracy || 0) * 10) / 10), at: new Date().toISOString(),
    }), () => resolve(state.position), { enableHighAccuracy: true, timeout: 8000, maximumAge: 30000 });
  });
}

// ---------------------------------------------------------------- live

function connectLive() {
  if (typeof EventBus === 'undefined') return;
  const me = state.user;
  state.feed = new LiveFeed({
    addresses: () => [`gw.user.${me.id}`],
    replayCell: null,
    onStatus: () => renderNet(),
    onResync: () => loadList(),
    onEvent: (ev) => onLiveEvent(ev),
  });
  state.feed.start();
}

function onLiveEvent(ev) {
  const type = String(ev.type || '');
  if (!type.startsWith('case.')) return;
  const d = ev.data || {};
  const caseId = d.caseId;
  const mine = Array.isArray(d.inspectors) && d.inspectors.map(Number).includes(Number(state.user.id));
  // The replay (GET /api/events) also brings the cell's events: only my cases matter here.
  if (!mine && !state.cases.has(caseId) && !(state.current && state.current.caseId === caseId)) return;
  loadList();
  if (state.current && state.current.caseId === caseId) openCase(caseId, true);
}

// ---------------------------------------------------------------- assignments

async function loadList() {
  if (!state.user) return;
  if (state.listLoading) { state.listAgain = true; return state.listLoading; }
  state.listLoading = (async () => {
    let items;
    let cached = false;
    try {
      const r = await get('/api/cases', { assignee: 'me', open: 'true', sort: 'nextDue', limit: 100 });
      items = r.items || [];
      saveCases(state.user.id, items).catch(() => {});
    } catch (e) {
      if (e instanceof ApiError) { toast(t('field.act.failed', { detail: e.detail || e.message }), true); return; }
      items = await loadCases(state.user.id).catch(() => []);
      cached = true;
    }
    const before = state.known;
    state.cases = new Map(items.map(c => [c.caseId, c]));
    if (!cached) {
      const fresh = before ? items.filter(c => !before.has(c.caseId)) : [];
      state.known = new Set(items.map(c => c.caseId));
      fresh.forEach(announce);
    }
    $('list-note').hidden = !cached;
    $('list-note').textContent = cached ? t('field.list.cached') : '';
    renderList();
  })();
  try { await state.listLoading; } finally {
    state.listLoading = null;
    if (state.listAgain) { state.listAgain = false; loadList(); }
  }
}

function announce(c) {
  if (c.status !== 'DISPATCHED') return;
  const title = t('field.alert.new', { caseNo: c.caseNo, category: t(`category.${c.category}`) });
  const body = t('field.alert.body', { employer: (c.employer && c.employer.name) || '—', workers: t('unit.people', { n: c.workersInvolved }) });
  const alert = { caseId: c.caseId, sound: chime(), vibration: !!vibrate(), notification: null };
  state.lastAlert = alert;
  notify(title, body, `case-${c.caseId}`).then((shown) => { alert.notification = shown; });
  toast(title);
  document.body.dataset.lastAlert = String(c.caseId);
}

function acceptedByMe(c) {
  return acceptedBy(c, state.user.id);
}

function pendingOf(caseId, action) {
  return state.pending.some(i => i.caseId === caseId && i.action === action);
}

function renderList() {
  const ul = $('cases');
  const focused = document.activeElement && document.activeElement.classList.contains('case-card')
    ? document.activeElement.dataset.caseId : null;
  ul.textContent = '';
  const items = [...state.cases.values()];
  $('cases-empty').hidden = items.length > 0;
  for (const c of items) {
    const li = el('li');
    const b = el('button', 'case-card');
    b.type = 'button';
    b.dataset.caseId = c.caseId;
    b.dataset.status = c.status;
    const head = el('div', 'case-head');
    head.append(el('strong', 'case-no', c.caseNo), el('span', `badge s-${c.status}`, t(`status.${c.status}`)));
    const waitingMe = c.status === 'DISPATCHED' && !acceptedByMe(c) && !pendingOf(c.caseId, 'accept');
    if (waitingMe) head.append(el('span', 'badge new', t('field.list.new')));
    b.append(head);
    b.append(el('div', 'case-line', `${t(`category.${c.category}`)} · ${(c.employer && c.employer.name) || '—'}`));
    const meta = [t('unit.people', { n: c.workersInvolved })];
    if (c.amountOwed) meta.push(money(c.amountOwed));
    const ll = c.location && [c.location.lon, c.location.lat];
    if (ll && state.position) meta.push(t('field.case.distance', { d: distance(metresBetween([state.position.lon, state.position.lat], ll)) }));
    b.append(el('div', 'case-meta', meta.join(' · ')));
    if (c.nextDeadline && c.nextDeadline.dueAt) {
      const cd = countdown(c.nextDeadline.dueAt);
      b.append(el('div', `case-due t-${c.nextDeadline.status}`, `${t(`kind.${c.nextDeadline.kind}`)} ${cd.text}`));
    }
    const waiting = state.pending.filter(i => i.caseId === c.caseId);
    if (waiting.length) b.append(el('div', 'case-pending', t('field.act.queued', { action: waiting.map(i => t(`field.action.${i.action}`)).join('、') })));
    b.addEventListener('click', () => { window.location.hash = `#case/${c.caseId}`; });
    li.append(b);
    ul.append(li);
    if (focused === String(c.caseId)) b.focus();
  }
}

// ---------------------------------------------------------------- one case

function route() {
  const m = /^#case\/(\d+)$/.exec(window.location.hash);
  if (m && state.user) openCase(Number(m[1]));
  else showList();
}

function showList() {
  state.current = null;
  state.evidenceBox = null;
  $('case-view').hidden = true;
  $('list-view').hidden = false;
  removeMap();
  $('case').textContent = '';
}

function closeCase() {
  if (window.location.hash) window.location.hash = '';
  else showList();
  const first = document.querySelector('.case-card');
  if (first) first.focus();
}

async function openCase(caseId, refresh) {
  const opening = $('case-view').hidden;
  $('list-view').hidden = true;
  $('case-view').hidden = false;
  // Keyboard users land at the top of the case (the card they pressed is hidden now).
  if (opening) $('back').focus();
  if (!refresh || !state.current || state.current.caseId !== caseId) {
    const item = state.cases.get(caseId);
    if (item && (!state.current || state.current.caseId !== caseId)) {
      state.current = { ...item, partial: true };
      renderCase();
    }
  }
  try {
    const c = await api(`/api/cases/${caseId}`);
    if (window.location.hash !== `#case/${caseId}` && !refresh) return;
    // Answers may cross: never replace the shown case by an older version of it.
    const shown = state.current;
    if (shown && shown.caseId === caseId && !shown.partial && c.version < shown.version) return;
    state.current = c;
    renderCase();
    loadEvidence(c);
  } catch (e) {
    if (e instanceof ApiError && !state.current) {
      $('case').textContent = t('panel.notFound');
    }
  }
}

/** A case the outbox got back from the server: keep the list and the open case current. */
function gotCase(c) {
  if (state.cases.has(c.caseId)) {
    const item = state.cases.get(c.caseId);
    state.cases.set(c.caseId, { ...item, status: c.status, version: c.version, acceptedBy: c.acceptedBy,
      assignedInspectors: c.assignedInspectors });
    renderList();
  }
  if (state.current && state.current.caseId === c.caseId && (c.version >= state.current.version || state.current.partial)) {
    state.current = c;
    renderCase();
  }
  loadList();
}


// ---------------------------------------------------------------- taking actions

async function act(c, action, fields = {}) {
  unlockAudio();
  // A double tap queues one action (notes excepted: each is its own).
  const key = `${c.caseId}:${action}`;
  if (action !== 'note' && (state.acting.has(key) || pendingOf(c.caseId, action))) return null;
  state.acting.add(key);
  let item;
  try {
    item = await state.outbox.enqueue(c, action, fields);
    await refreshPending();
  } finally {
    state.acting.delete(key);
  }
  if (!navigator.onLine) toast(t('field.act.queued', { action: t(`field.action.${action}`) }));
  renderCase();
  renderList();
  return item;
}

async function arrive(c) {
  const pos = await currentPosition();
  const fields = {};
  if (pos) fields.location = { lon: pos.lon, lat: pos.lat, accuracyMeters: pos.accuracyMeters };
  else toast(t('field.act.noPosition'), true);
  return act(c, 'arrive', fields);
}

async function refreshPending() {
  if (!state.outbox) return;
  const before = JSON.stringify(state.pending.map(i => [i.id, i.state]));
  state.pending = await state.outbox.items();
  renderOutbox();
  await renderNotices();
  if (JSON.stringify(state.pending.map(i => [i.id, i.state])) !== before) {
    renderList();
    if (state.current) renderCase();
  }
}

function renderAll() {
  if (!state.user) return;
  renderRole();
  renderDuty();
  renderNet();
  renderNotify();
  renderGeo();
  renderList();
  renderOutbox();
  renderNotices();
  if (state.current) renderCase();
}

boot();
