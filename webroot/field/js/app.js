// The field app at /field/: the inspector's (监察员) and the grid assistant's (协管员) phone page.
// Sign-in, duty status, position sharing, assignments (live on gw.user.<id>), accept / decline,
// the case with a map and the distance, located check-in, notes, photo evidence, investigation
// and resolution; actions go through the offline outbox (outbox.js). docs/field.md.
import './strings.js';
import { ApiError, api, get, login, logout, onUnauthorized } from '../../js/shared/api.js';
import { LiveFeed } from '../../js/shared/live.js';
import { t, translate, setLanguage, language, onLanguage } from '../../js/shared/i18n.js';
import { $, el } from '../../js/shared/dom.js';
import { formatTime, countdown, distance, money, metresBetween, number } from '../../js/shared/format.js';
import { Outbox, clearUser, saveCases, loadCases } from './outbox.js';
import { chime, vibrate, notify, unlockAudio, askNotifications, notificationState } from './alerts.js';

const POSITION_EVERY_MS = 10000;
const FAR_METRES = 500;
const OUTCOMES = ['MEDIATION', 'ORDER_TO_RECTIFY', 'PENALTY', 'TRANSFER_TO_POLICE', 'NO_VIOLATION'];
const ASSISTANT_OUTCOMES = ['MEDIATION', 'NO_VIOLATION'];

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
};

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
  if (state.map) { try { state.map.remove(); } catch (e) { /* gone */ } } state.map = null; state.mapReady = null; state.mapNode = null; delete document.body.dataset.map;
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

/**
 * The roster follows the work on the server (docs/dispatch.md, "The roster follows the work"):
 * accepting sets an AVAILABLE inspector EN_ROUTE, checking in ON_SITE, resolving AVAILABLE, a
 * released assignment EN_ROUTE -> AVAILABLE; BUSY and OFF_DUTY are never changed. There is no
 * GET of one's own status, so the page applies the same rule to what it shows after its own
 * steps (the server has done it already; nothing is sent).
 */
function followWork(action) {
  const from = state.status;
  let to = from;
  if (action === 'accept' && from === 'AVAILABLE') to = 'EN_ROUTE';
  else if (action === 'arrive' && (from === 'AVAILABLE' || from === 'EN_ROUTE')) to = 'ON_SITE';
  else if (action === 'resolve' && (from === 'EN_ROUTE' || from === 'ON_SITE')) to = 'AVAILABLE';
  else if (action === 'refuse' && from === 'EN_ROUTE') to = 'AVAILABLE';
  if (to === from) return;
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
  return (c.acceptedBy || []).map(Number).includes(Number(state.user.id));
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
  if (state.map) { try { state.map.remove(); } catch (e) { /* gone */ } } state.map = null; state.mapReady = null; state.mapNode = null; delete document.body.dataset.map;
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

function fact(dl, key, value) {
  if (value === null || value === undefined || value === '') return;
  dl.append(el('dt', null, t(key)), el('dd', null, value));
}

function renderCase() {
  const c = state.current;
  const root = $('case');
  if (!c) { root.textContent = ''; return; }
  const mapNode = state.mapNode && root.contains(state.mapNode) ? state.mapNode : null;
  const focusedId = document.activeElement && document.activeElement.id;
  const drafts = {};
  root.querySelectorAll('textarea, input[type=text], input[type=number], select').forEach(f => { if (f.id) drafts[f.id] = f.value; });
  root.textContent = '';
  root.dataset.caseId = c.caseId;
  root.dataset.status = c.status;
  root.dataset.version = c.version;

  const head = el('div', 'case-title');
  head.append(el('h2', null, c.caseNo), el('span', `badge s-${c.status}`, t(`status.${c.status}`)));
  root.append(head);

  root.append(actions(c));

  // Map and distance.
  const mapBox = el('div', 'map-box');
  const map = mapNode || el('div', 'case-map');
  map.id = 'case-map';
  map.setAttribute('role', 'img');
  map.setAttribute('aria-label', t('field.case.address'));
  mapBox.append(map);
  const dist = el('p', 'distance');
  dist.id = 'case-distance';
  mapBox.append(dist);
  root.append(mapBox);

  const dl = el('dl', 'facts');
  fact(dl, 'case.category', t(`category.${c.category}`));
  fact(dl, 'case.employer', c.employer && c.employer.name);
  const ll = caseLonLat(c);
  fact(dl, 'field.case.address', ll ? `${ll[0].toFixed(5)}, ${ll[1].toFixed(5)}` : '—');
  fact(dl, 'case.cell', c.cellCode);
  fact(dl, 'case.workers', t('unit.people', { n: c.totalWorkers ?? c.workersInvolved }));
  fact(dl, 'case.amount', c.amountOwed ? money(c.amountOwed) : null);
  if (c.complainant) {
    const cp = c.complainant;
    fact(dl, 'case.complainant', `${cp.name || ''} ${cp.phone || ''}${cp.masked ? ' ' + t('field.case.masked') : ''}`);
  }
  fact(dl, 'case.channel', c.channel ? t(`channel.${c.channel}`) : null);
  fact(dl, 'case.received', c.createdAt ? formatTime(c.createdAt) : null);
  root.append(dl);
  if (c.description) {
    root.append(el('h3', null, t('field.case.description')), el('p', 'description', c.description));
  }

  // Team.
  if ((c.assignedInspectors || []).length) {
    root.append(el('h3', null, t('field.case.team')));
    const ul = el('ul', 'team');
    for (const id of c.assignedInspectors) {
      const who = Number(id) === Number(state.user.id) ? t('field.case.me') : teamName(c, id);
      const ok = (c.acceptedBy || []).map(Number).includes(Number(id));
      const queued = !ok && Number(id) === Number(state.user.id) && pendingOf(c.caseId, 'accept');
      ul.append(el('li', ok ? 'ok' : 'wait', `${who}：${ok ? t('field.case.accepted')
        : queued ? t('field.case.acceptQueued') : t('field.case.notAccepted')}`));
    }
    root.append(ul);
  }

  // Arrivals.
  if ((c.arrivals || []).length) {
    root.append(el('h3', null, t('field.case.arrivals')));
    const ul = el('ul', 'arrivals');
    for (const a of c.arrivals) {
      const who = Number(a.userId) === Number(state.user.id) ? t('field.case.me') : teamName(c, a.userId);
      const li = el('li', a.farFromSite ? 'far' : null, a.distanceMeters !== null && a.distanceMeters !== undefined
        ? t('field.case.arrival', { who, time: formatTime(a.at), d: distance(a.distanceMeters) })
        : t('field.case.arrivalNoLoc', { who, time: formatTime(a.at) }));
      if (a.farFromSite) { li.append(el('br')); li.append(el('strong', 'warn', t('field.case.far'))); }
      ul.append(li);
    }
    root.append(ul);
  }

  // Deadlines.
  const ds = (c.deadlines || []).filter(d => d.status !== 'MET');
  if (ds.length) {
    root.append(el('h3', null, t('field.case.deadlines')));
    const ul = el('ul', 'deadlines');
    for (const d of ds) ul.append(el('li', `t-${d.status}`, `${t(`kind.${d.kind}`)}：${formatTime(d.dueAt)}（${countdown(d.dueAt).text}）`));
    root.append(ul);
  }

  if (c.outcome) {
    root.append(el('h3', null, t('field.case.outcome')));
    root.append(el('p', null, `${t(`field.outcome.${c.outcome.action}`)} · ${money(c.outcome.wagesRecovered)} · ${t('unit.people', { n: c.outcome.workersHelped })}`));
  }

  // The evidence form is kept across renders: a chosen photo (a file input cannot be refilled)
  // and an upload under way must survive the live updates of the case.
  if (!state.evidenceBox || state.evidenceBox.dataset.caseId !== String(c.caseId)) state.evidenceBox = evidenceForm(c);
  root.append(noteForm(c), state.evidenceBox);

  if ((c.events || []).length) {
    root.append(el('h3', null, t('field.case.timeline')));
    const ol = el('ol', 'timeline');
    for (const e of [...c.events].reverse()) {
      const li = el('li');
      li.append(el('time', null, formatTime(e.at)), el('span', null, ` ${t(`action.${e.type}`)} · ${(e.actor && e.actor.username) || ''}`));
      if (e.data && (e.data.note || e.data.reason)) li.append(el('div', 'muted small', e.data.note || e.data.reason));
      ol.append(li);
    }
    root.append(ol);
  }

  for (const [id, v] of Object.entries(drafts)) { const f = document.getElementById(id); if (f && v) f.value = v; }
  if (focusedId) { const f = document.getElementById(focusedId); if (f) f.focus(); }
  showMap(c);
  updateDistance();
}

function teamName(c, id) {
  const e = (c.events || []).find(x => x.actor && Number(x.actor.userId) === Number(id));
  return e ? e.actor.username : t('field.case.partner', { id });
}

function caseLonLat(c) {
  const loc = c && c.location && (c.location.wgs84 || c.location);
  return loc && typeof loc.lon === 'number' ? [loc.lon, loc.lat] : null;
}

function button(cls, key, onClick) {
  const b = el('button', cls, t(key));
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

function actions(c) {
  const box = el('div', 'actions');
  box.id = 'case-actions';
  // The list's copy of a case (no events, no check-ins) stands in only while offline: the page
  // may have been opened without the network, and the actions must still be possible.
  if (c.partial && navigator.onLine) return box;
  const me = Number(state.user.id);
  const assistant = state.user.role === 'ASSISTANT';
  const onTeam = (c.assignedInspectors || []).map(Number).includes(me);
  const accepted = acceptedByMe(c) || pendingOf(c.caseId, 'accept');
  const arrived = (c.arrivals || []).some(a => Number(a.userId) === me) || pendingOf(c.caseId, 'arrive');
  const waiting = state.pending.filter(i => i.caseId === c.caseId);
  if (waiting.length) {
    box.append(el('p', 'case-pending', t('field.act.queued', { action: waiting.map(i => t(`field.action.${i.action}`)).join('、') })));
  }
  const open = (s) => s === c.status;
  if (onTeam && open('DISPATCHED') && !accepted && !pendingOf(c.caseId, 'refuse')) {
    const row = el('div', 'row');
    const acc = button('primary big', 'field.act.accept', () => act(c, 'accept'));
    acc.id = 'act-accept';
    const ref = button('danger big', 'field.act.refuse', () => { form.hidden = false; $('refuse-reason').focus(); });
    ref.id = 'act-refuse';
    row.append(acc, ref);
    box.append(row);
    const form = el('form', 'refuse-form');
    form.hidden = true;
    const label = el('label');
    label.append(el('span', null, t('field.act.refuseReason')));
    const ta = el('textarea');
    ta.id = 'refuse-reason';
    ta.required = true;
    ta.maxLength = 500;
    ta.rows = 2;
    label.append(ta);
    const send = el('button', 'danger', t('field.act.refuseSend'));
    send.type = 'submit';
    send.id = 'act-refuse-send';
    const cancel = button('secondary', 'field.act.cancel', () => { form.hidden = true; });
    const r2 = el('div', 'row');
    r2.append(send, cancel);
    form.append(label, r2);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const reason = ta.value.trim();
      if (!reason) return;
      act(c, 'refuse', { reason });
    });
    box.append(form);
  }
  if ((onTeam || assistant) && (open('DISPATCHED') || open('ON_SITE')) && (accepted || assistant) && !arrived) {
    const b = button('primary big', 'field.act.arrive', () => arrive(c));
    b.id = 'act-arrive';
    box.append(b, el('p', 'muted small', t('field.act.arriveHint')));
  }
  if (onTeam && open('ON_SITE') && !pendingOf(c.caseId, 'investigate')) {
    const all = (c.assignedInspectors || []).every(id => (c.acceptedBy || []).map(Number).includes(Number(id))
      || (Number(id) === me && accepted));
    const b = button(all ? 'primary big' : 'secondary big', 'field.act.investigate', () => act(c, 'investigate'));
    b.id = 'act-investigate';
    box.append(b);
    if (!all) {
      const p = el('p', 'warn partner-wait', t('field.act.waitPartner'));
      p.id = 'wait-partner';
      box.append(p);
    }
  }
  if ((onTeam || assistant) && open('INVESTIGATING') && !pendingOf(c.caseId, 'resolve')) box.append(resolveForm(c, assistant));
  return box;
}

function resolveForm(c, assistant) {
  const form = el('form', 'resolve-form');
  form.id = 'resolve-form';
  form.append(el('h3', null, t('field.act.resolve')));
  const wages = el('input');
  wages.id = 'resolve-wages';
  wages.type = 'text';
  wages.inputMode = 'decimal';
  wages.pattern = '\\d{1,12}(\\.\\d{1,2})?';
  wages.required = true;
  wages.value = '0.00';
  const helped = el('input');
  helped.id = 'resolve-helped';
  helped.type = 'number';
  helped.min = '0';
  helped.max = '100000';
  helped.required = true;
  helped.value = String(c.workersInvolved ?? 0);
  const sel = el('select');
  sel.id = 'resolve-action';
  for (const o of assistant ? ASSISTANT_OUTCOMES : OUTCOMES) {
    const opt = el('option', null, t(`field.outcome.${o}`));
    opt.value = o;
    sel.append(opt);
  }
  for (const [key, input] of [['field.act.wages', wages], ['field.act.helped', helped], ['field.act.action', sel]]) {
    const l = el('label');
    l.append(el('span', null, t(key)), input);
    form.append(l);
  }
  const send = el('button', 'primary big', t('field.act.resolve'));
  send.type = 'submit';
  send.id = 'act-resolve';
  form.append(send);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const w = Number(wages.value);
    act(c, 'resolve', { outcome: { wagesRecovered: w.toFixed(2), workersHelped: Number(helped.value), action: sel.value } });
  });
  return form;
}

function noteForm(c) {
  const form = el('form', 'note-form');
  const label = el('label');
  label.append(el('span', null, t('field.act.note')));
  const ta = el('textarea');
  ta.id = 'note-text';
  ta.rows = 3;
  ta.maxLength = 2000;
  ta.placeholder = t('field.act.notePlaceholder');
  label.append(ta);
  const send = el('button', 'secondary', t('field.act.noteSend'));
  send.type = 'submit';
  send.id = 'act-note';
  form.append(label, send);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const note = ta.value.trim();
    if (!note) return;
    ta.value = '';
    await act(c, 'note', { note });
  });
  return form;
}

function evidenceForm(c) {
  const box = el('section', 'evidence');
  box.dataset.caseId = String(c.caseId);
  box.append(el('h3', null, t('field.act.evidence')));
  const form = el('form', 'evidence-form');
  const file = el('input');
  file.type = 'file';
  file.id = 'evidence-file';
  file.accept = 'image/*';
  file.setAttribute('capture', 'environment');
  file.setAttribute('aria-label', t('field.act.evidence'));
  const cap = el('input');
  cap.type = 'text';
  cap.id = 'evidence-note';
  cap.maxLength = 500;
  cap.placeholder = t('field.act.evidenceNote');
  cap.setAttribute('aria-label', t('field.act.evidenceNote'));
  const send = el('button', 'secondary', t('field.act.evidenceUpload'));
  send.type = 'submit';
  send.id = 'evidence-upload';
  const msg = el('p', 'small');
  msg.id = 'evidence-msg';
  msg.setAttribute('aria-live', 'polite');
  msg.setAttribute('role', 'status');
  form.append(file, cap, send, msg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = file.files && file.files[0];
    if (!f) { file.focus(); return; }
    if (!navigator.onLine) { msg.textContent = t('field.act.evidenceOffline'); return; }
    send.disabled = true;
    msg.textContent = t('field.act.evidenceSending');
    try {
      const r = await uploadEvidence(c, f, cap.value.trim());
      msg.textContent = t('field.act.evidenceDone', { name: f.name, size: r.size });
      file.value = '';
      cap.value = '';
      loadEvidence(c);
    } catch (e) {
      msg.textContent = e instanceof ApiError ? t('field.act.evidenceFailed', { detail: e.detail || e.message })
        : t('field.act.evidenceOffline');
    } finally {
      send.disabled = false;
    }
  });
  const list = el('ul', 'evidence-list');
  list.id = 'evidence-list';
  box.append(form, list);
  return box;
}

async function uploadEvidence(c, f, note) {
  const q = new URLSearchParams();
  q.set('takenAt', new Date(f.lastModified || Date.now()).toISOString());
  if (state.position) { q.set('lon', String(state.position.lon)); q.set('lat', String(state.position.lat)); }
  if (note) q.set('note', note);
  if (f.name) q.set('filename', f.name.slice(0, 200));
  const type = f.type === 'image/png' || f.type === 'application/pdf' ? f.type : 'image/jpeg';
  return api(`/api/cases/${c.caseId}/evidence?${q}`, { method: 'POST', body: f, headers: { 'Content-Type': type } });
}

async function loadEvidence(c) {
  let r;
  try { r = await api(`/api/cases/${c.caseId}/evidence`); } catch (e) { return; }
  const list = $('evidence-list');
  if (!list || !state.current || state.current.caseId !== c.caseId) return;
  const items = Array.isArray(r) ? r : (r && r.items) || [];
  list.textContent = '';
  list.append(el('li', 'muted small', items.length ? t('field.act.evidenceList', { n: items.length }) : t('field.act.evidenceNone')));
  for (const it of items) {
    const li = el('li');
    const name = it.fileName || it.filename || it.contentType || '';
    const a = el('a', null, `${name} · ${number(it.size)} B${it.takenAt ? ' · ' + formatTime(it.takenAt) : ''}`);
    a.href = it.href || `/api/cases/${c.caseId}/evidence/${it.id}`;
    a.target = '_blank';
    a.rel = 'noopener';
    li.append(a);
    if (it.note) li.append(el('div', 'muted small', it.note));
    list.append(li);
  }
}

// ---------------------------------------------------------------- taking actions

const acting = new Set();

async function act(c, action, fields = {}) {
  unlockAudio();
  // A double tap queues one action (notes excepted: each is its own).
  const key = `${c.caseId}:${action}`;
  if (action !== 'note' && (acting.has(key) || pendingOf(c.caseId, action))) return null;
  acting.add(key);
  let item;
  try {
    item = await state.outbox.enqueue(c, action, fields);
    await refreshPending();
  } finally {
    acting.delete(key);
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

// ---------------------------------------------------------------- map

async function showMap(c) {
  const ll = caseLonLat(c);
  const node = $('case-map');
  if (!ll || !node) { if (node) node.hidden = true; return; }
  if (state.mapNode !== node && navigator.onLine === false) {
    // MapLibre's worker could not be started offline in our tests (Chromium, even with the file in
    // the service worker's cache): no map until the network is back (onOnline re-renders); the
    // distance is shown all the same.
    node.textContent = t('field.case.mapOffline');
    node.classList.add('map-offline');
    return;
  }
  if (state.mapNode !== node) {
    node.textContent = '';
    node.classList.remove('map-offline');
    // Set before the first await: renders that follow reuse this map instead of making another.
    state.mapNode = node;
    if (state.map) { try { state.map.remove(); } catch (e) { /* gone */ } state.map = null; }
    state.mapReady = (async () => {
      const m = await import('../../js/shared/map.js');
      if (state.mapNode !== node) return;
      const map = m.createBaseMap(node, { center: ll, zoom: 14, maxZoom: 18 });
      state.map = map;
      state.mapModule = m;
      await m.mapLoaded(map);
      map.addSource('link', { type: 'geojson', data: m.emptyFc() });
      map.addLayer({ id: 'link', type: 'line', source: 'link', paint: { 'line-color': '#ffd54f', 'line-width': 2, 'line-dasharray': [2, 2] } });
      map.addSource('site', { type: 'geojson', data: m.emptyFc() });
      map.addLayer({ id: 'site-halo', type: 'circle', source: 'site', paint: { 'circle-radius': 16, 'circle-color': '#ff5252', 'circle-opacity': 0.25 } });
      map.addLayer({ id: 'site', type: 'circle', source: 'site', paint: { 'circle-radius': 8, 'circle-color': '#ff5252', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
      map.addSource('me', { type: 'geojson', data: m.emptyFc() });
      map.addLayer({ id: 'me', type: 'circle', source: 'me', paint: { 'circle-radius': 7, 'circle-color': '#2196f3', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
      // Our own base layer: the level-3 grid (no tiles from outside).
      m.loadGrid(map, [3]).catch(() => {});
      updateMapData(true);
      map.once('idle', () => { document.body.dataset.map = 'ready'; });
    })();
  }
  await state.mapReady;
}

function updateMapData(fit) {
  const map = state.map;
  const m = state.mapModule;
  const c = state.current;
  if (!map || !m || !c || !map.getSource('site')) return;
  const ll = caseLonLat(c);
  if (!ll) return;
  map.getSource('site').setData({ type: 'FeatureCollection', features: [m.pointFeature(ll)] });
  const me = state.position ? [state.position.lon, state.position.lat] : null;
  map.getSource('me').setData({ type: 'FeatureCollection', features: me ? [m.pointFeature(me)] : [] });
  map.getSource('link').setData({ type: 'FeatureCollection', features: me ? [m.lineFeature(me, ll)] : [] });
  // Fit again when I have moved more than 100 m since the last fit (e.g. arriving on site).
  if (!fit && me && (!state.fitAt || metresBetween(me, state.fitAt) > 100)) fit = true;
  if (fit) {
    state.fitAt = me;
    if (me && metresBetween(me, ll) < 50000) {
      map.fitBounds([[Math.min(me[0], ll[0]), Math.min(me[1], ll[1])], [Math.max(me[0], ll[0]), Math.max(me[1], ll[1])]],
        { padding: 40, maxZoom: 16, duration: 0 });
    } else {
      map.jumpTo({ center: ll, zoom: 14 });
    }
  }
}

function updateDistance() {
  const p = $('case-distance');
  const c = state.current;
  if (p && c) {
    const ll = caseLonLat(c);
    if (ll && state.position) {
      const d = metresBetween([state.position.lon, state.position.lat], ll);
      p.textContent = t('field.case.distance', { d: distance(d) });
      p.className = d > FAR_METRES ? 'distance far' : 'distance near';
      p.dataset.metres = String(Math.round(d));
    } else {
      p.textContent = t('field.case.noPosition');
    }
  }
  updateMapData(false);
}

// ---------------------------------------------------------------- header, duty, outbox, notices

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

let toastTimer = null;
function toast(text, error) {
  const p = $('toast');
  p.textContent = text;
  p.className = error ? 'toast error' : 'toast';
  p.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { p.hidden = true; }, 4000);
}

boot();
