// The GridWatch command wall: login, then the grid (MapLibre, our own GeoJSON, no base map),
// the open cases, the queue by nearest deadline, the escalation feed and today's figures, kept
// live by the event bus (shared/live.js). Only the API is used; see docs/wall.md. What other
// pages share (API client, event bus, strings, map base, formatting) is in shared/; the wall's
// parts are in wall/ (docs/wall.md, "The page's code"). The page's state is one object
// (wall/store.js) in w.state; w holds the parts' functions, and every part gets w.
import { t, setLanguage, language, onLanguage } from './shared/i18n.js';
import { api, onUnauthorized } from './shared/api.js';
import { $, el } from './shared/dom.js';
import { CATEGORY_COLOURS } from './shared/map.js';
import { createConsole } from './wall/console.js';
import { STAFF_STATUS_COLOURS } from './wall/staff.js';
import { createState } from './wall/store.js';
import { createMapView } from './wall/mapview.js';
import { createQueue } from './wall/queue.js';
import { createFeed } from './wall/feed.js';
import { createCases } from './wall/cases.js';
import { createPanel } from './wall/panel.js';
import { cellName } from './wall/model.js';

const state = createState();

/** The wall: its state and the functions of its parts (what the console modules may use of it too). */
const w = {
  state,
  get map() { return state.map; },
  console: null, // the operator's console (wall/console.js): intake, case actions and dispatch, staff, alerts, keys
  cellName: (code) => cellName(state.cells, code),
};
Object.assign(w, createMapView(w), createQueue(w), createFeed(w), createCases(w), createPanel(w));

// ---- API (shared/api.js): a 401 shows the login form.

onUnauthorized(() => showLogin());

// ---- login

function showLogin(message) {
  stopWall();
  $('wall').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message || '';
  $('login-username').focus();
}

async function submitLogin(ev) {
  ev.preventDefault();
  $('login-error').textContent = '';
  const body = { username: $('login-username').value.trim(), password: $('login-password').value };
  if (!$('login-totp-row').hidden && $('login-totp').value.trim()) body.totp = $('login-totp').value.trim();
  $('login-submit').disabled = true;
  try {
    const r = await api('/api/auth/login', { method: 'POST', body: JSON.stringify(body) });
    $('login-password').value = '';
    await startWall(r.user);
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
  try { await api('/api/auth/logout', { method: 'POST' }); } catch { /* the session may be gone already */ }
  showLogin();
}

// ---- start and stop

async function startWall(user) {
  state.me = user;
  $('login').hidden = true;
  $('wall').hidden = false;
  $('user-name').textContent = user.username;
  await w.ready();
  await w.loadGrid();
  w.fitScope();
  await w.loadCases();
  w.console.start();
  w.refreshFigures();
  w.startLive();
  state.timers.push(setInterval(w.tick, 1000));
  state.timers.push(setInterval(w.refreshFigures, 30_000));
  // Timers change colour and new cases stop being new without any event: look every 5 s.
  state.timers.push(setInterval(w.expireAndRecolour, 5_000));
  state.ready = true;
  document.body.dataset.ready = 'true';
}

function stopWall() {
  state.ready = false;
  delete document.body.dataset.ready;
  state.timers.splice(0).forEach(clearInterval);
  if (state.live) { state.live.stop(); state.live = null; }
}

// ---- page wiring

function legendRow(colour, label, dotClass) {
  const row = el('div', 'legend-cat');
  const dot = el('span', dotClass);
  dot.style.background = colour;
  row.append(dot, el('span', null, label));
  return row;
}

function renderLegend() {
  $('legend-cats').replaceChildren(...Object.entries(CATEGORY_COLOURS)
    .map(([cat, colour]) => legendRow(colour, t(`category.${cat}`), 'dot')));
  $('legend-staff').replaceChildren(...Object.entries(STAFF_STATUS_COLOURS)
    .map(([status, colour]) => legendRow(colour, t(`staff.${status}`), 'dot staff-dot')));
}

function rerenderTexts() {
  renderLegend();
  if (w.console) w.console.rerender();
  if (!state.me) return;
  w.renderQueue();
  w.renderFeed();
  w.setLiveStatus(state.liveStatus);
  if (state.selected && state.selected.kind === 'case') w.showCase(state.selected.id);
  else if (state.selected && state.selected.kind === 'cell') w.showCell(state.selected.id);
  if (state.cells.size) $('scope-name').textContent = w.scopeName();
}

// Hooks for the browser tests (and for anyone at the wall's console).
window.gw = {
  state,
  get map() { return state.map; },
  get live() { return state.live; },
  renderedCells: w.renderedCells,
  queueIds: w.queueIds,
  mappedCaseIds() { return [...state.cases.values()].filter(c => typeof c.lon === 'number').map(c => c.caseId); },
  /** The ids of the cases pulsing on the map now (their rings). */
  pulsingIds() { return [...state.pulseMarkers.keys()]; },
  lastSeq() { return state.live ? state.live.lastSeq : null; },
  probe(address, waitMs) { return state.live ? state.live.probe(address, waitMs) : Promise.resolve({ events: [], errors: ['no feed'] }); },
  showCase: w.showCase,
  showCell: w.showCell,
  get console() { return w.console; },
  /** The assignment lines as drawn (the map source's data, kept in step). */
  assignmentLines() { return state.assignmentLines || []; },
  /** Feeds an event to the wall as if it came from the event bus (console use, tests). */
  applyEvent: w.applyEvent,
};

async function init() {
  if (w.console) return;
  w.console = createConsole(w);
  w.console.init();
  // On a phone the legend starts folded: it would cover the map.
  if (window.matchMedia('(max-width: 900px)').matches) $('legend').open = false;
  setLanguage(language());
  onLanguage(rerenderTexts);
  renderLegend();
  document.querySelectorAll('.lang-switch').forEach(b => b.addEventListener('click',
    () => setLanguage(language() === 'en' ? 'zh-CN' : 'en')));
  $('login-form').addEventListener('submit', submitLogin);
  $('logout').addEventListener('click', logout);
  $('follow').addEventListener('click', w.resumeFollow);
  $('panel-close').addEventListener('click', w.closePanel);
  // One listener per list rather than one per row: rows come and go with every event.
  for (const list of ['queue', 'feed']) {
    $(list).addEventListener('click', (e) => {
      const li = e.target.closest('li[data-case-id]');
      if (li) w.showCase(Number(li.dataset.caseId));
    });
  }
  w.observeRows();
  try {
    const me = await api('/api/auth/me');
    await startWall(me);
  } catch {
    showLogin();
  }
}

document.addEventListener('DOMContentLoaded', init);
if (document.readyState !== 'loading') init();
