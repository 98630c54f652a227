// The GridWatch command wall: login, then the grid (MapLibre, our own GeoJSON, no base map),
// the open cases, the queue by nearest deadline, the escalation feed and today's figures, kept
// live by the event bus (shared/live.js). Only the API is used; see docs/wall.md. What other
// pages share (API client, event bus, strings, map base, formatting) is in shared/.
import { t, setLanguage, language, onLanguage } from './shared/i18n.js';
import { duration, formatTime } from './shared/format.js';
import { api, apiOrNull, onUnauthorized } from './shared/api.js';
import { LiveFeed, addressesFor } from './shared/live.js';
import { $, el } from './shared/dom.js';
import {
  maplibregl, LEVEL_ZOOM, CATEGORY_COLOURS, createBaseMap, mapLoaded as baseMapLoaded, addGridLayers as addBaseGridLayers,
  fetchGridCells, cellInfo, emptyFc, levelOf, setCellState as setMapCellState, cellsBounds,
} from './shared/map.js';
import { createConsole } from './wall/console.js';
import { staffPaint, assignmentPaint, STAFF_STATUS_COLOURS } from './wall/staff.js';
import { supervisionBadge, supervisionKey, supervisionLevel, supervisionSection } from './wall/supervision.js';

const OPEN_STATUSES = new Set(['RECEIVED', 'ADMITTED', 'REGISTERED', 'DISPATCHED', 'ON_SITE', 'INVESTIGATING', 'RESOLVED',
  'VERIFIED', 'PARKED']);
const MASS_WORKERS = 30;
const NEW_FOR_MS = 60_000;
const QUEUE_ROWS = 80;
const FEED_ROWS = 100;
const WARN_BEFORE_MS = 3_600_000; // when a deadline carries no warnAt
// How the page keeps up with bursts of events (docs/wall.md, "Smoothness"): the side panels are
// DOM and cheap, so they follow within PANEL_DELAY_MS; every data change of the map costs a whole
// WebGL frame (150-300 ms with software WebGL, a few ms on a GPU), so the map takes at most one
// data update per MAP_UPDATE_MS, the first after a quiet spell at once.
const PANEL_DELAY_MS = 50;
const MAP_UPDATE_MS = 1000;
// Pulsing rings are HTML markers that move with the map and animate: a burst must not make hundreds.
const MAX_PULSES = 20;
// Case details fetched at once after events (the rest wait their turn).
const REFRESH_PARALLEL = 4;

// ---- state

const state = {
  me: null,
  cells: new Map(),          // code -> {code, level, name, parentCode, label:[lon,lat], bbox}
  cases: new Map(),          // caseId -> case (list item, possibly enriched from details)
  cellStates: new Map(),     // code -> "open|warn" last written to feature-state
  feed: [],
  staff: new Map(),          // userId -> {userId, name, status, lon, lat, caseIds}
  follow: true,
  selected: null,            // {kind:'cell'|'case', id}
  liveStatus: 'connecting',
  ready: false,
};
let map = null;
let live = null;
const timers = [];
// The operator's console (wall/console.js): intake, case actions and dispatch, staff, alerts, keys.
let consoleUi = null;
// Where the focus goes back to when the detail panel closes.
let panelReturn = null;

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
  try { await api('/api/auth/logout', { method: 'POST' }); } catch (e) { /* the session may be gone already */ }
  showLogin();
}

// ---- start and stop

async function startWall(user) {
  state.me = user;
  $('login').hidden = true;
  $('wall').hidden = false;
  $('user-name').textContent = user.username;
  if (!map) createMap();
  await mapLoaded();
  await loadGrid();
  fitScope();
  await loadCases();
  consoleUi.start();
  refreshFigures();
  startLive();
  timers.push(setInterval(tick, 1000));
  timers.push(setInterval(refreshFigures, 30_000));
  // Timers change colour and new cases stop being new without any event: look every 5 s.
  timers.push(setInterval(expireAndRecolour, 5_000));
  state.ready = true;
  document.body.dataset.ready = 'true';
}

function stopWall() {
  state.ready = false;
  delete document.body.dataset.ready;
  timers.splice(0).forEach(clearInterval);
  if (live) { live.stop(); live = null; }
}

// ---- the map

function createMap() {
  map = createBaseMap('map');
  const stopFollowing = (e) => {
    if (e.originalEvent && state.follow) {
      state.follow = false;
      $('follow').hidden = false;
    }
  };
  map.on('dragstart', stopFollowing);
  map.on('zoomstart', stopFollowing);
}

function mapLoaded() {
  return baseMapLoaded(map);
}

function addGridLayers(level) {
  addBaseGridLayers(map, level);
}

function addCaseLayers() {
  map.addSource('assignments', { type: 'geojson', data: emptyFc() });
  map.addLayer({ id: 'assignment-lines', type: 'line', source: 'assignments', paint: assignmentPaint() });
  map.addSource('cases', {
    type: 'geojson', data: emptyFc(), cluster: true, clusterRadius: 42, clusterMaxZoom: 13,
    clusterProperties: { mass: ['max', ['get', 'mass']], red: ['max', ['get', 'red']] },
  });
  map.addLayer({
    id: 'case-clusters', type: 'circle', source: 'cases', filter: ['has', 'point_count'],
    paint: {
      'circle-color': ['case', ['>', ['get', 'red'], 0], '#a8323a', '#1f6fb8'],
      'circle-radius': ['step', ['get', 'point_count'], 13, 10, 17, 50, 22, 200, 28],
      'circle-opacity': 0.88,
      'circle-stroke-color': ['case', ['>', ['get', 'mass'], 0], '#ff4545', '#cfe6ff'],
      'circle-stroke-width': ['case', ['>', ['get', 'mass'], 0], 3, 1],
    },
  });
  map.addLayer({
    id: 'case-points', type: 'circle', source: 'cases', filter: ['!', ['has', 'point_count']],
    paint: {
      'circle-color': ['match', ['get', 'category'], ...Object.entries(CATEGORY_COLOURS).flat(), '#b0bec5'],
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 4, 13, 7, 16, 9],
      'circle-stroke-color': ['case', ['==', ['get', 'mass'], 1], '#ff4545',
        ['==', ['get', 'red'], 1], '#ff9a9a', '#0b1220'],
      'circle-stroke-width': ['case', ['==', ['get', 'mass'], 1], 3.5, ['==', ['get', 'red'], 1], 2, 1],
    },
  });
  // Inspectors: points by status (faded when stale), lines to the cases they are assigned to
  // (wall/staff.js): GET /api/dispatch/staff, staff.position and staff.status events.
  map.addSource('staff', { type: 'geojson', data: emptyFc() });
  map.addLayer({ id: 'staff-points', type: 'circle', source: 'staff', paint: staffPaint() });
}

async function loadGrid() {
  if (map.getSource('cells-1')) return;
  [1, 2, 3].forEach(addGridLayers);
  addCaseLayers();
  const levels = await fetchGridCells([1, 2, 3]);
  levels.forEach((fc, i) => {
    if (!fc) return;
    for (const f of fc.features) state.cells.set(f.properties.code, cellInfo(f));
    map.getSource(`cells-${i + 1}`).setData(fc);
  });
  addCellLabels();
  wireMapEvents();
}

const cellLabels = [];
function addCellLabels() {
  for (const c of state.cells.values()) {
    if (c.level !== 1) continue;
    const e = el('div', 'cell-label', c.name);
    const m = new maplibregl.Marker({ element: e }).setLngLat(c.label).addTo(map);
    cellLabels.push(m);
  }
  const toggle = () => {
    const visible = map.getZoom() < LEVEL_ZOOM[1][1];
    cellLabels.forEach(m => { m.getElement().hidden = !visible; });
  };
  map.on('zoomend', toggle);
  toggle();
}

function wireMapEvents() {
  let hovered = null;
  const tooltip = $('tooltip');
  for (const level of [1, 2, 3]) {
    const layer = `cells-${level}-fill`;
    map.on('mousemove', layer, (e) => {
      const f = e.features && e.features[0];
      if (!f) return;
      if (hovered && hovered.code !== f.properties.code) setCellState(hovered.level, hovered.code, { hover: false });
      hovered = { level, code: f.properties.code };
      setCellState(level, f.properties.code, { hover: true });
      const open = map.getFeatureState({ source: `cells-${level}`, id: f.properties.code }).open || 0;
      tooltip.textContent = `${f.properties.name} · ${t('panel.cases', { n: open })}`;
      tooltip.style.left = `${e.point.x + 14}px`;
      tooltip.style.top = `${e.point.y + 14}px`;
      tooltip.hidden = false;
      map.getCanvas().style.cursor = 'pointer';
    });
    map.on('mouseleave', layer, () => {
      if (hovered) setCellState(hovered.level, hovered.code, { hover: false });
      hovered = null;
      tooltip.hidden = true;
      map.getCanvas().style.cursor = '';
    });
  }
  map.on('click', (e) => {
    if (consoleUi && consoleUi.onMapClick(e)) return; // the intake form is picking its place
    const layers = ['case-points', 'case-clusters', 'staff-points', 'cells-1-fill', 'cells-2-fill', 'cells-3-fill']
      .filter(l => map.getLayer(l));
    const f = map.queryRenderedFeatures(e.point, { layers })[0];
    if (!f) return;
    if (f.layer.id === 'case-points') {
      showCase(f.properties.caseId);
    } else if (f.layer.id === 'staff-points') {
      consoleUi.staff.showStaff(f.properties.userId);
    } else if (f.layer.id === 'case-clusters') {
      map.getSource('cases').getClusterExpansionZoom(f.properties.cluster_id)
        .then(z => map.easeTo({ center: f.geometry.coordinates, zoom: z }));
    } else if (f.layer.id.startsWith('cells-')) {
      showCell(f.properties.code);
    }
  });
  for (const layer of ['case-points', 'staff-points']) {
    map.on('mouseenter', layer, () => { if (!document.body.classList.contains('picking')) map.getCanvas().style.cursor = 'pointer'; });
    map.on('mouseleave', layer, () => { if (!document.body.classList.contains('picking')) map.getCanvas().style.cursor = ''; });
  }
  let labelTimer = null;
  map.on('render', () => {
    if (labelTimer) return;
    labelTimer = setTimeout(() => { labelTimer = null; updateClusterLabels(); }, 150);
  });
}

// Cluster counts as HTML (no glyphs): only the clusters currently in view. A cluster's id is only
// good for one version of the data (new points renumber them), so a marker is always moved to its
// cluster's place, and markers of vanished clusters are reused before new ones are made.
const clusterMarkers = new Map();
function updateClusterLabels() {
  if (!map.getSource('cases') || !map.isSourceLoaded('cases')) return;
  const clusters = new Map();
  for (const f of map.querySourceFeatures('cases')) {
    const p = f.properties;
    if (p.cluster && !clusters.has(p.cluster_id)) clusters.set(p.cluster_id, f);
  }
  const spare = [];
  for (const [id, m] of clusterMarkers) {
    if (!clusters.has(id)) { spare.push(m); clusterMarkers.delete(id); }
  }
  for (const [id, f] of clusters) {
    const [lon, lat] = f.geometry.coordinates;
    let m = clusterMarkers.get(id);
    if (!m) {
      m = spare.pop() || new maplibregl.Marker({ element: el('div', 'cluster-label') }).setLngLat([lon, lat]).addTo(map);
      clusterMarkers.set(id, m);
    }
    const at = m.getLngLat();
    if (at.lng !== lon || at.lat !== lat) m.setLngLat([lon, lat]);
    const text = String(f.properties.point_count_abbreviated);
    if (m.getElement().textContent !== text) m.getElement().textContent = text;
  }
  spare.forEach(m => m.remove());
}

function setCellState(level, code, s) {
  setMapCellState(map, level, code, s);
}

function fitScope() {
  const code = state.me.gridCode;
  const cells = code && state.cells.has(code) ? [state.cells.get(code)]
    : [...state.cells.values()].filter(c => c.level === 1);
  if (!cells.length) return;
  const b = cellsBounds(cells);
  map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 40, duration: 0 });
  $('scope-name').textContent = code && state.cells.has(code) ? state.cells.get(code).name
    : (language() === 'en' ? 'Chengdu (city-wide)' : '成都市（全市）');
}

// ---- cases

/** Loads the open cases in scope, nearest deadline first (the server may not sort yet: we sort too). */
async function loadCases() {
  const limit = 500;
  const loaded = new Map();
  for (let offset = 0; offset < 5000; offset += limit) {
    let page = null;
    // A role without case access (ADMIN, 403) sees the grid only. Anything else (a busy server's
    // 503, a dropped connection) is tried again: a wall must never show an empty city because
    // one request failed.
    for (let attempt = 0; page === null; attempt++) {
      try {
        page = await api(`/api/cases?open=true&sort=nextDue&limit=${limit}&offset=${offset}`);
      } catch (e) {
        if (e.status === 403 || e.status === 401 || attempt >= 4) {
          if (e.status !== 403) console.warn('the open cases could not be loaded', e);
          break;
        }
        await new Promise(resolve => setTimeout(resolve, 500 * 2 ** attempt));
      }
    }
    if (page === null) break;
    for (const item of page.items || []) {
      if (!OPEN_STATUSES.has(item.status)) continue;
      const previous = state.cases.get(item.caseId);
      const c = placeCase({ ...previous, ...item });
      // A reload while the wall runs (a resync after a burst the socket could not keep up with)
      // brings complaints whose events were skipped: new ones are still new.
      const age = Date.now() - Date.parse(c.createdAt);
      if (state.ready && !previous && item.status === 'RECEIVED' && age >= 0 && age < NEW_FOR_MS) {
        c.newUntil = Date.parse(c.createdAt) + NEW_FOR_MS;
        freshCases.set(c.caseId, c);
        followWanted = true;
      }
      loaded.set(item.caseId, c);
    }
    if ((page.items || []).length < limit || offset + limit >= (page.total ?? 0)) break;
  }
  state.cases = loaded;
  for (const id of [...freshCases.keys()]) {
    if (loaded.has(id)) freshCases.set(id, loaded.get(id)); else freshCases.delete(id);
  }
  casesChanged();
}

/** Gives a case a map position: its location, or (list items may carry none) a point in its cell. */
function placeCase(c) {
  const loc = c.location && (c.location.wgs84 || c.location);
  if (loc && typeof loc.lon === 'number') {
    c.lon = loc.lon; c.lat = loc.lat; c.approx = false;
  } else if (typeof c.lon !== 'number' && c.cellCode && state.cells.size) {
    const cell = state.cells.get(c.cellCode) || state.cells.get(c.cellCode.slice(0, 12))
      || state.cells.get(c.cellCode.slice(0, 9)) || state.cells.get(c.cellCode.slice(0, 6));
    if (cell) {
      // Spread cases of one cell around its label point, the same way on every wall.
      const a = (c.caseId * 2.399963) % (2 * Math.PI);
      const r = 0.002 * Math.sqrt((c.caseId % 17) / 17);
      c.lon = cell.label[0] + r * Math.cos(a); c.lat = cell.label[1] + r * Math.sin(a); c.approx = true;
    }
  }
  return c;
}

function nextDeadline(c) {
  if (c.nextDeadline && c.nextDeadline.dueAt) return c.nextDeadline;
  if (Array.isArray(c.deadlines)) {
    const running = c.deadlines.filter(d => d && d.dueAt && !d.metAt && d.status !== 'MET' && d.status !== 'PAUSED');
    running.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
    return running[0] || null;
  }
  return null;
}

/** 'red' past due, 'yellow' from the warning time, 'green' before, null without a running deadline. */
function timerColour(c, now) {
  const d = nextDeadline(c);
  if (!d || d.status === 'PAUSED' || d.status === 'MET') return null;
  const due = Date.parse(d.dueAt);
  const warn = d.warnAt ? Date.parse(d.warnAt) : due - WARN_BEFORE_MS;
  if (now >= due) return 'red';
  if (now >= warn) return 'yellow';
  return 'green';
}

// Two paces of rendering (see PANEL_DELAY_MS). Both on timers rather than animation frames: the
// queue must not wait for the map's next frame, which can be slow on a wall without a GPU.
const dirty = { queue: false, feed: false };
let panelTimer = null;
let mapTimer = null;
let mapUpdatedAt = -Infinity;
let followWanted = false;

/** Something about the open cases changed: the queue soon, the map at its own pace. */
function casesChanged() {
  dirty.queue = true;
  schedulePanels();
  scheduleMap();
}

function schedulePanels() {
  if (panelTimer) return;
  panelTimer = setTimeout(() => {
    panelTimer = null;
    if (dirty.queue) { dirty.queue = false; renderQueue(); }
    if (dirty.feed) { dirty.feed = false; renderNewFeed(); }
  }, PANEL_DELAY_MS);
}

function scheduleMap() {
  if (mapTimer) return;
  mapTimer = setTimeout(() => {
    mapTimer = null;
    mapUpdatedAt = performance.now();
    updateMap();
  }, Math.max(0, mapUpdatedAt + MAP_UPDATE_MS - performance.now()));
}

function updateMap() {
  renderCasePoints();
  recomputeCells();
  consoleUi.staff.renderAssignments();
  if (followWanted) { followWanted = false; followNew(); }
}

/** Every 5 s: cases that stopped being new lose their badge and pulse, timers that changed colour re-colour the map. */
function expireAndRecolour() {
  const now = Date.now();
  for (const [id, c] of freshCases) {
    if (!(c.newUntil > now)) { freshCases.delete(id); dirty.queue = true; }
  }
  if (dirty.queue) schedulePanels();
  scheduleMap();
  consoleUi.staff.recheck();
}

// Cases received while this wall was open, for the minute they count as new: id -> case.
const freshCases = new Map();

let shownPoints = [];
/** The cases' points; setData (a new clustering and a redraw) only when a point, or what it looks like, changed. */
function renderCasePoints() {
  if (!map || !map.getSource('cases')) return;
  const now = Date.now();
  const features = [];
  const points = [];
  for (const c of state.cases.values()) {
    if (typeof c.lon !== 'number') continue;
    const mass = (c.workersInvolved || 0) >= MASS_WORKERS ? 1 : 0;
    const red = timerColour(c, now) === 'red' ? 1 : 0;
    features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [c.lon, c.lat] },
      properties: { caseId: c.caseId, category: c.category, mass, red } });
    points.push(c.caseId, c.lon, c.lat, c.category, mass, red);
  }
  if (points.length !== shownPoints.length || points.some((v, i) => v !== shownPoints[i])) {
    map.getSource('cases').setData({ type: 'FeatureCollection', features });
    shownPoints = points;
  }
  renderPulses(now);
}

// New cases pulse as HTML rings animated by CSS (on the compositor): the map itself is not
// redrawn for the animation, which matters on walls that render WebGL in software. Only the
// newest MAX_PULSES pulse: each ring moves with the map and animates every frame.
const pulseMarkers = new Map();
function renderPulses(now) {
  const ids = new Set();
  const newest = [...freshCases.values()].filter(c => c.newUntil > now && typeof c.lon === 'number' && state.cases.has(c.caseId))
    .sort((a, b) => b.newUntil - a.newUntil).slice(0, MAX_PULSES);
  for (const c of newest) {
    ids.add(c.caseId);
    let m = pulseMarkers.get(c.caseId);
    if (!m) {
      m = new maplibregl.Marker({ element: el('div', 'pulse') });
      pulseMarkers.set(c.caseId, m);
      m.setLngLat([c.lon, c.lat]).addTo(map);
    } else {
      const at = m.getLngLat();
      if (at.lng !== c.lon || at.lat !== c.lat) m.setLngLat([c.lon, c.lat]);
    }
  }
  for (const [id, m] of pulseMarkers) {
    if (!ids.has(id)) { m.remove(); pulseMarkers.delete(id); }
  }
  state.pulsing = pulseMarkers.size;
}

/** Open-case counts and the worst timer colour per cell, at every level; feature-state only where changed. */
function recomputeCells() {
  if (!map || !map.getSource('cells-1')) return;
  const now = Date.now();
  const agg = new Map();
  const rank = { yellow: 1, orange: 2, red: 3 };
  for (const c of state.cases.values()) {
    if (!c.cellCode) continue;
    let warn = timerColour(c, now);
    if (warn === 'green') warn = null;
    const sup = c.supervision;
    if (sup && (supervisionLevel(c) === 'LISTED' || sup.overdue)) warn = 'red';
    else if (!warn && sup) warn = 'orange';
    for (const len of [6, 9, 12]) {
      if (c.cellCode.length < len) break;
      const code = c.cellCode.slice(0, len);
      const a = agg.get(code) || { open: 0, warn: null };
      a.open++;
      if (warn && (!a.warn || rank[warn] > rank[a.warn])) a.warn = warn;
      agg.set(code, a);
    }
  }
  for (const code of new Set([...agg.keys(), ...state.cellStates.keys()])) {
    const a = agg.get(code) || { open: 0, warn: null };
    const key = `${a.open}|${a.warn}`;
    if (state.cellStates.get(code) === key) continue;
    const level = levelOf(code);
    if (!level) continue;
    setCellState(level, code, { open: a.open, warn: a.warn });
    if (a.open === 0 && !a.warn) state.cellStates.delete(code); else state.cellStates.set(code, key);
  }
}

// ---- queue

/** The open cases, nearest deadline first, then oldest, then by id (each case's keys computed once per sort). */
function sortedQueue() {
  const keyed = [];
  for (const c of state.cases.values()) {
    const d = nextDeadline(c);
    keyed.push({ c, due: d ? Date.parse(d.dueAt) : Infinity, created: Date.parse(c.createdAt) });
  }
  keyed.sort((a, b) => (a.due - b.due) || (a.created - b.created) || (a.c.caseId - b.c.caseId));
  return keyed.map(k => k.c);
}

function cellName(code) {
  if (!code) return '—';
  const c = state.cells.get(code);
  const district = state.cells.get(code.slice(0, 6));
  if (c && district && c !== district) return `${district.name}·${c.name}`;
  return c ? c.name : code;
}

// The queue's rows are kept per case and rebuilt only when what they show changed; an event
// re-sorts the cases but moves only the rows whose place changed. caseId -> {li, key}.
const queueRows = new Map();
// Rows in the list's scrolled view (an IntersectionObserver keeps it): the countdowns ticking
// every second are only those.
const visibleRows = new Set();
let rowObserver = null;

function observeRows() {
  rowObserver = new IntersectionObserver((entries) => {
    const now = Date.now();
    for (const e of entries) {
      if (e.isIntersecting) {
        visibleRows.add(e.target);
        const c = state.cases.get(Number(e.target.dataset.caseId));
        if (c) updateTimer(e.target, c, now);
      } else {
        visibleRows.delete(e.target);
      }
    }
  }, { root: $('queue') });
}

function rowKey(c, now) {
  return [language(), c.caseNo, c.category, (c.workersInvolved || 0) >= MASS_WORKERS, c.newUntil > now, c.cellCode,
    c.employer && c.employer.name, c.workersInvolved, c.status, supervisionKey(c)].join('|');
}

function fillRow(li, c, now) {
  const r1 = el('div', 'q-row1');
  r1.append(el('span', 'q-no', c.caseNo));
  const cat = el('span', 'q-cat', t(`category.${c.category}`));
  cat.style.color = CATEGORY_COLOURS[c.category] || '#b0bec5';
  r1.append(cat);
  if ((c.workersInvolved || 0) >= MASS_WORKERS) r1.append(el('span', 'q-badge', t('case.mass')));
  if (c.newUntil && c.newUntil > now) r1.append(el('span', 'q-badge new', t('case.new')));
  const sup = supervisionBadge(c);
  if (sup) r1.append(sup);
  r1.append(el('span', 'q-timer'));
  const r2 = el('div', 'q-row2');
  r2.append(el('span', null, cellName(c.cellCode)));
  r2.append(el('span', 'q-emp', c.employer && c.employer.name));
  r2.append(el('span', null, t('unit.people', { n: c.workersInvolved ?? '?' })));
  r2.append(el('span', null, t(`status.${c.status}`)));
  li.replaceChildren(r1, r2);
  li.classList.toggle('is-new', Boolean(c.newUntil && c.newUntil > now));
  li.gwTimer = null;
  updateTimer(li, c, now);
}

function renderQueue() {
  const ol = $('queue');
  const list = sortedQueue();
  $('queue-count').textContent = `(${list.length})`;
  if (!list.length) {
    dropRows(new Set());
    ol.replaceChildren(el('li', 'empty', t('queue.empty')));
    return;
  }
  const now = Date.now();
  // A deadline counted over a year whose holiday notice is missing or unchecked is a guess: say so.
  $('provisional-warning').hidden = !list.some(c => c.provisionalDeadlines || nextDeadline(c)?.provisional);
  const top = list.slice(0, QUEUE_ROWS);
  dropRows(new Set(top.map(c => c.caseId)));
  for (const e of [...ol.children]) if (!e.dataset.caseId) e.remove(); // the "empty" and "more" lines
  top.forEach((c, i) => {
    let row = queueRows.get(c.caseId);
    const key = rowKey(c, now);
    if (!row) {
      const li = el('li');
      li.dataset.caseId = c.caseId;
      li.tabIndex = -1; // the arrow keys move the focus between rows (wall/keys.js)
      row = { li, key: null };
      queueRows.set(c.caseId, row);
      if (rowObserver) rowObserver.observe(li);
    }
    if (row.key !== key) {
      fillRow(row.li, c, now);
      row.key = key;
    } else if (row.deadline !== nextDeadline(c)) {
      updateTimer(row.li, c, now);
    }
    row.deadline = nextDeadline(c);
    const at = ol.children[i];
    if (at !== row.li) ol.insertBefore(row.li, at || null);
  });
  if (list.length > QUEUE_ROWS) ol.append(el('li', 'empty', t('queue.more', { n: list.length - QUEUE_ROWS })));
}

/** Removes the rows of cases not in keep. */
function dropRows(keep) {
  for (const [id, row] of queueRows) {
    if (keep.has(id)) continue;
    if (rowObserver) rowObserver.unobserve(row.li);
    visibleRows.delete(row.li);
    row.li.remove();
    queueRows.delete(id);
  }
}

/** The row's colour and countdown; the DOM is written only where the text or colour changed. */
function updateTimer(li, c, now) {
  const d = nextDeadline(c);
  const colour = `timer-${timerColour(c, now) || 'none'}`;
  if (li.gwTimer !== colour) {
    li.classList.remove('timer-green', 'timer-yellow', 'timer-red', 'timer-none');
    li.classList.add(colour);
    li.gwTimer = colour;
  }
  const span = li.querySelector('.q-timer');
  let text;
  let title = '';
  if (!d) {
    text = c.createdAt ? t('queue.age', { t: duration(now - Date.parse(c.createdAt)) }) : t('queue.noDeadline');
  } else {
    const left = Date.parse(d.dueAt) - now;
    text = `${t(`kind.${d.kind}`)} ${left >= 0 ? t('queue.left', { t: duration(left) })
      : t('queue.over', { t: duration(-left) })}${d.provisional ? ` · ${t('deadline.provisional')}` : ''}`;
    title = d.provisional ? `${formatTime(d.dueAt)} · ${t('deadline.provisionalWhy')}` : formatTime(d.dueAt);
  }
  if (span.textContent !== text) span.textContent = text;
  if (span.title !== title) span.title = title;
}

function tick() {
  const now = Date.now();
  $('clock').textContent = formatTime(new Date(now).toISOString());
  for (const li of visibleRows) {
    const c = state.cases.get(Number(li.dataset.caseId));
    if (c) updateTimer(li, c, now);
  }
}

// ---- live events

function startLive() {
  if (live) live.stop();
  const me = state.me;
  // A home cell hears itself and everything inside it; city-wide users hear gw.city, the one
  // address that also carries cases outside the grid's coverage (shared/live.js addressesFor).
  const addresses = () => addressesFor(me);
  live = new LiveFeed({
    addresses,
    replayCell: me.gridCode || null,
    onEvent: applyEvent,
    onStatus: setLiveStatus,
    onResync: async () => { await loadCases(); refreshFigures(); },
  });
  live.start();
}

function setLiveStatus(s) {
  state.liveStatus = s;
  const e = $('live-status');
  e.className = `live-status ${s}`;
  e.dataset.i18n = `live.${s}`;
  e.textContent = t(`live.${s}`);
}

function applyEvent(ev) {
  const type = String(ev.type || '');
  const data = ev.data || {};
  if (type.startsWith('staff.')) {
    consoleUi.onEvent(ev);
    return;
  }
  if (type.startsWith('case.')) {
    applyCaseEvent(ev, type.slice(5), data);
  } else if (type.startsWith('deadline.')) {
    applyDeadlineEvent(ev, data);
  }
  addFeed(ev);
  scheduleFigures();
  consoleUi.onEvent(ev); // alerts
}

function applyCaseEvent(ev, action, data) {
  const id = data.caseId;
  if (!id) return;
  const known = state.cases.get(id);
  if (known && typeof data.version === 'number' && typeof known.version === 'number' && data.version <= known.version) {
    return; // already reflected (replay after a snapshot)
  }
  const status = data.to || (known && known.status);
  if (status && !OPEN_STATUSES.has(status)) {
    state.cases.delete(id);
    freshCases.delete(id);
    casesChanged();
    return;
  }
  if (known) {
    known.status = status;
    if (typeof data.version === 'number') known.version = data.version;
    casesChanged();
  } else {
    // A case new to this wall: show it at once in its cell, then with its details.
    const c = placeCase({ caseId: id, caseNo: data.caseNo, category: data.category, status: status || 'RECEIVED',
      version: data.version, cellCode: ev.cellCode, createdAt: ev.at, workersInvolved: data.workersInvolved,
      employer: data.employer });
    if (action === 'received') {
      c.newUntil = Date.now() + NEW_FOR_MS;
      freshCases.set(id, c);
      followWanted = true;
    }
    state.cases.set(id, c);
    casesChanged();
  }
  refreshCase(id);
}

// Case details after events, REFRESH_PARALLEL at a time: a burst of events must not become a
// burst of requests from every wall. A case asked for again while its request is out is fetched
// once more afterwards, so the answer reflects the last event.
const refreshWaiting = [];
const refreshState = new Map(); // caseId -> 'waiting' | 'loading' | 'again'
let refreshActive = 0;
function refreshCase(id) {
  const s = refreshState.get(id);
  if (s === 'loading') refreshState.set(id, 'again');
  if (s) return;
  refreshState.set(id, 'waiting');
  refreshWaiting.push(id);
  pumpRefresh();
}

function pumpRefresh() {
  while (refreshActive < REFRESH_PARALLEL && refreshWaiting.length) {
    const id = refreshWaiting.shift();
    refreshState.set(id, 'loading');
    refreshActive++;
    loadDetail(id).finally(() => {
      refreshActive--;
      const again = refreshState.get(id) === 'again';
      refreshState.delete(id);
      if (again) refreshCase(id);
      pumpRefresh();
    });
  }
}

async function loadDetail(id) {
  try {
    const detail = await api(`/api/cases/${id}`);
    const c = state.cases.get(id);
    if (!c) return;
    if (typeof detail.version === 'number' && typeof c.version === 'number' && detail.version < c.version) {
      return; // an event newer than this answer came meanwhile, and asked for the case again
    }
    if (!OPEN_STATUSES.has(detail.status)) {
      state.cases.delete(id);
      freshCases.delete(id);
    } else {
      const { events, complainant, description, ...rest } = detail;
      const wasApprox = c.approx !== false;
      Object.assign(c, rest);
      if (wasApprox) { delete c.lon; delete c.lat; }
      placeCase(c);
      if (c.newUntil && wasApprox && !c.approx) followWanted = true;
    }
    casesChanged();
  } catch (e) {
    if (e.status === 404) { state.cases.delete(id); freshCases.delete(id); casesChanged(); }
  }
}

function applyDeadlineEvent(ev, data) {
  const c = state.cases.get(data.caseId);
  if (!c) return;
  if (data.kind && data.dueAt) {
    const status = ev.type === 'deadline.overdue' ? 'RED' : 'YELLOW';
    const d = { kind: data.kind, dueAt: data.dueAt, warnAt: data.warnAt, status };
    const next = nextDeadline(c);
    if (!next || next.kind === d.kind || Date.parse(d.dueAt) <= Date.parse(next.dueAt)) c.nextDeadline = d;
  }
  // deadline.overdue names the level the case is now at (a string); the case's supervision is an
  // object: keep what is known of it until the details come (refreshCase below).
  if (data.supervision && supervisionLevel(c) !== data.supervision) {
    c.supervision = { ...(typeof c.supervision === 'object' && c.supervision ? c.supervision : { source: 'AUTOMATIC' }),
      level: data.supervision };
  }
  casesChanged();
  refreshCase(c.caseId);
}

/**
 * Keeps new cases in view while following: pans (or zooms out) only when one is off screen, and
 * never zooms in, so the operator's chosen level of the grid stays and the map does not re-tile
 * for every complaint. Runs with the map's updates (at most once per MAP_UPDATE_MS), so a burst
 * of complaints makes one camera move, not one per complaint.
 */
function followNew() {
  if (!state.follow) return;
  const now = Date.now();
  const recent = [...freshCases.values()].filter(x => x.newUntil > now && typeof x.lon === 'number'
    && state.cases.has(x.caseId));
  if (!recent.length) return;
  const view = map.getBounds();
  if (recent.every(x => view.contains([x.lon, x.lat]))) return;
  if (recent.length === 1) {
    map.easeTo({ center: [recent[0].lon, recent[0].lat], duration: 600 });
  } else {
    const b = new maplibregl.LngLatBounds();
    recent.forEach(x => b.extend([x.lon, x.lat]));
    map.fitBounds(b, { padding: 120, maxZoom: map.getZoom(), duration: 600 });
  }
}

function resumeFollow() {
  state.follow = true;
  $('follow').hidden = true;
  const now = Date.now();
  if ([...freshCases.values()].some(x => x.newUntil > now && state.cases.has(x.caseId))) followNew(); else fitScope();
}

// ---- escalation feed

// Events not drawn yet, oldest first: drawn together, newest on top, by the panel timer.
let feedWaiting = [];
function addFeed(ev) {
  state.feed.unshift(ev);
  if (state.feed.length > 200) state.feed.length = 200;
  feedWaiting.push(ev);
  dirty.feed = true;
  schedulePanels();
}

function feedText(ev) {
  const d = ev.data || {};
  const type = String(ev.type);
  if (type.startsWith('deadline.')) {
    return { cls: type.replace('.', '-'), kind: t(`event.${type}`),
      text: `${d.caseNo || '#' + d.caseId} ${d.kind ? t(`kind.${d.kind}`) : ''}` };
  }
  const action = type.startsWith('case.') ? type.slice(5) : type;
  return { cls: 'case', kind: t('event.case', { action: t(`action.${action}`) }),
    text: `${d.caseNo || '#' + d.caseId} ${d.category ? t(`category.${d.category}`) : ''} ${cellName(ev.cellCode)}` };
}

function feedRow(ev) {
  const f = feedText(ev);
  const li = el('li', f.cls);
  li.dataset.seq = ev.seq;
  if (ev.data && ev.data.caseId) li.dataset.caseId = ev.data.caseId;
  li.append(el('span', 'f-time', ev.at ? formatTime(ev.at).split(' ').pop() : ''), el('span', 'f-kind', f.kind),
    el('span', 'f-text', f.text));
  return li;
}

/** The whole feed again (language switch, start). */
function renderFeed() {
  feedWaiting = [];
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
  const rows = feedWaiting.slice(-FEED_ROWS).reverse().map(feedRow);
  feedWaiting = [];
  if (!rows.length) return;
  if (ol.firstElementChild && !ol.firstElementChild.dataset.seq) ol.firstElementChild.remove(); // "no events yet"
  ol.prepend(...rows);
  while (ol.children.length > FEED_ROWS) ol.lastElementChild.remove();
}

// ---- figures

// At most one reload per 1.2 s while events keep coming (a debounce would starve it under a
// steady stream), and one shortly after the last.
let figuresTimer = null;
function scheduleFigures() {
  if (figuresTimer) return;
  figuresTimer = setTimeout(() => { figuresTimer = null; refreshFigures(); }, 1200);
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

// ---- detail panel

function openPanel(nodes) {
  $('panel-body').replaceChildren(...nodes);
  $('panel').hidden = false;
}

function closePanel() {
  $('panel').hidden = true;
  selectCell(null);
  state.selected = null;
  state.shownCase = null;
  const back = panelReturn;
  panelReturn = null;
  if (back && document.contains(back)) back.focus();
}

/** Moves the focus into the panel (its heading), remembering where it came from. */
function focusPanel(from) {
  if (from !== undefined) panelReturn = from;
  else if (!$('panel').contains(document.activeElement)) panelReturn = document.activeElement;
  const h = $('panel-body').querySelector('h2');
  if (h) { h.tabIndex = -1; h.focus(); }
}

function selectCell(code) {
  if (state.selected && state.selected.kind === 'cell') {
    const prev = state.selected.id;
    setCellState(levelOf(prev), prev, { selected: false });
  }
  if (code) setCellState(levelOf(code), code, { selected: true });
}

function kv(pairs) {
  const dl = el('dl', 'kv');
  for (const [k, v] of pairs) dl.append(el('dt', null, t(k)), el('dd', null, v ?? '—'));
  return dl;
}

async function showCell(code, opts = {}) {
  const cell = state.cells.get(code);
  if (!cell) return;
  if (opts.fly) {
    map.fitBounds([[cell.bbox[0], cell.bbox[1]], [cell.bbox[2], cell.bbox[3]]], { padding: 60, duration: 500 });
    state.follow = false;
    $('follow').hidden = false;
  }
  selectCell(code);
  state.selected = { kind: 'cell', id: code };
  const cases = [...state.cases.values()].filter(c => c.cellCode && c.cellCode.startsWith(code));
  const nodes = [el('h2', null, cell.name), el('div', 'sub', `${code} · ${t('panel.level', { n: cell.level })}`)];
  const figures = el('div');
  const employers = el('div');
  const list = el('ul', 'mini-list');
  for (const c of sortedQueue().filter(c => c.cellCode && c.cellCode.startsWith(code)).slice(0, 50)) {
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
      ['fig.overdue', s.overdue], ['fig.parked', s.parked],
      ['fig.onTimeRate', s.onTimeRate == null ? '—' : `${(s.onTimeRate * 100).toFixed(1)}%`],
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

/**
 * The case's panel: details, the console (actions, related complaints, dispatch), deadlines and
 * timeline. opts: json (the case as just returned by the server: not fetched again), focus (move
 * the focus into the panel), from (where Esc returns the focus).
 */
async function showCase(id, opts = {}) {
  selectCell(null);
  const reopening = state.selected && state.selected.kind === 'case' && state.selected.id === id && !$('panel').hidden;
  state.selected = { kind: 'case', id };
  if (!reopening) openPanel([el('div', 'sub', t('panel.loading'))]);
  let c = opts.json;
  if (!c || !Array.isArray(c.events)) {
    try {
      c = await api(`/api/cases/${id}`);
    } catch (e) {
      openPanel([el('div', 'sub', t('panel.notFound'))]);
      return;
    }
  }
  if (!state.selected || state.selected.id !== id) return;
  state.shownCase = c;
  caseUpdated(c);
  const nodes = [el('h2', null, `${c.caseNo}`), el('div', 'sub', `${t(`status.${c.status}`)} · ${t(`category.${c.category}`)}`)];
  nodes.push(kv([
    ['case.channel', t(`channel.${c.channel}`)],
    ['case.employer', c.employer && c.employer.name],
    ['case.workers', `${c.workersInvolved}${c.workersInvolved >= MASS_WORKERS ? ' · ' + t('case.mass') : ''}`],
    ['case.amount', c.amountOwed],
    ['case.cell', cellName(c.cellCode)],
    ['case.complainant', c.complainant ? `${c.complainant.name || ''} ${c.complainant.phone || ''}` : '—'],
    ['case.received', formatTime(c.createdAt)],
  ]));
  nodes.push(supervisionSection(c, {
    notify: (text, kind) => consoleUi.alerts.notify(text, kind),
    onChanged: (updated) => { caseUpdated(updated); showCase(updated.caseId, { json: updated, focus: true }); },
  }));
  nodes.push(consoleUi.caseSection(c));
  const deadlines = Array.isArray(c.deadlines) ? c.deadlines : (c.nextDeadline ? [c.nextDeadline] : []);
  if (deadlines.length) {
    nodes.push(el('h4', null, t('panel.deadlines')));
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
    nodes.push(ul);
  }
  nodes.push(el('h4', null, t('panel.timeline')));
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
  nodes.push(tl);
  openPanel(nodes);
  if (opts.focus) focusPanel(opts.from);
  const known = state.cases.get(id);
  if (known && typeof known.lon === 'number' && !state.follow) {
    map.easeTo({ center: [known.lon, known.lat], duration: 500 });
  }
}

// ---- page wiring

function renderLegend() {
  const box = $('legend-cats');
  box.replaceChildren();
  for (const [cat, colour] of Object.entries(CATEGORY_COLOURS)) {
    const row = el('div', 'legend-cat');
    const dot = el('span', 'dot');
    dot.style.background = colour;
    row.append(dot, el('span', null, t(`category.${cat}`)));
    box.append(row);
  }
  const staff = $('legend-staff');
  staff.replaceChildren();
  for (const [status, colour] of Object.entries(STAFF_STATUS_COLOURS)) {
    const row = el('div', 'legend-cat');
    const dot = el('span', 'dot staff-dot');
    dot.style.background = colour;
    row.append(dot, el('span', null, t(`staff.${status}`)));
    staff.append(row);
  }
}

function rerenderTexts() {
  renderLegend();
  if (consoleUi) consoleUi.rerender();
  if (!state.me) return;
  renderQueue();
  renderFeed();
  setLiveStatus(state.liveStatus);
  if (state.selected && state.selected.kind === 'case') showCase(state.selected.id);
  else if (state.selected && state.selected.kind === 'cell') showCell(state.selected.id);
  if (state.cells.size) {
    const code = state.me.gridCode;
    $('scope-name').textContent = code && state.cells.has(code) ? state.cells.get(code).name
      : (language() === 'en' ? 'Chengdu (city-wide)' : '成都市（全市）');
  }
}

/** A case as the server just returned it (after an action, a filing, a reload): onto the wall. */
function caseUpdated(detail) {
  if (!detail || detail.caseId === undefined) return;
  const id = detail.caseId;
  const c = state.cases.get(id);
  if (!OPEN_STATUSES.has(detail.status)) {
    if (c) { state.cases.delete(id); freshCases.delete(id); casesChanged(); }
    return;
  }
  if (c && typeof detail.version === 'number' && typeof c.version === 'number' && detail.version < c.version) return;
  const { events, complainant, description, related, escalations, ...rest } = detail;
  const target = c || {};
  const wasApprox = target.approx !== false;
  Object.assign(target, rest);
  if (wasApprox) { delete target.lon; delete target.lat; }
  placeCase(target);
  if (!c) state.cases.set(id, target);
  casesChanged();
  return target;
}

/** A complaint this wall just filed: on the wall at once (and new), its panel open. */
function addFiledCase(filed) {
  const known = state.cases.has(filed.caseId);
  const c = caseUpdated(filed);
  if (c && !known) {
    c.newUntil = Date.now() + NEW_FOR_MS;
    freshCases.set(c.caseId, c);
    followWanted = true;
  }
  showCase(filed.caseId, { json: filed, focus: true, from: $('new-complaint') });
}

// What the console modules (wall/) may use of the wall.
const ctx = {
  state,
  get map() { return map; },
  showCase, showCell, openPanel, closePanel, cellName, refreshCase, casesChanged, caseUpdated, addFiledCase,
};

// Hooks for the browser tests (and for anyone at the wall's console).
window.gw = {
  state,
  get map() { return map; },
  get live() { return live; },
  renderedCells(level) {
    if (!map || !map.getLayer(`cells-${level}-fill`)) return 0;
    return new Set(map.queryRenderedFeatures({ layers: [`cells-${level}-fill`] }).map(f => f.properties.code)).size;
  },
  queueIds() { return [...$('queue').querySelectorAll('li[data-case-id]')].map(li => Number(li.dataset.caseId)); },
  mappedCaseIds() { return [...state.cases.values()].filter(c => typeof c.lon === 'number').map(c => c.caseId); },
  lastSeq() { return live ? live.lastSeq : null; },
  probe(address, waitMs) { return live ? live.probe(address, waitMs) : Promise.resolve({ events: [], errors: ['no feed'] }); },
  showCase,
  showCell,
  get console() { return consoleUi; },
  /** The assignment lines as drawn (the map source's data, kept in step). */
  assignmentLines() { return state.assignmentLines || []; },
  /** Feeds an event to the wall as if it came from the event bus (console use, tests). */
  applyEvent,
};

let initialised = false;
document.addEventListener('DOMContentLoaded', init);
if (document.readyState !== 'loading') init();

async function init() {
  if (initialised) return;
  initialised = true;
  consoleUi = createConsole(ctx);
  consoleUi.init();
  // On a phone the legend starts folded: it would cover the map.
  if (window.matchMedia('(max-width: 900px)').matches) $('legend').open = false;
  setLanguage(language());
  onLanguage(rerenderTexts);
  renderLegend();
  document.querySelectorAll('.lang-switch').forEach(b => b.addEventListener('click',
    () => setLanguage(language() === 'en' ? 'zh-CN' : 'en')));
  $('login-form').addEventListener('submit', submitLogin);
  $('logout').addEventListener('click', logout);
  $('follow').addEventListener('click', resumeFollow);
  $('panel-close').addEventListener('click', closePanel);
  // One listener per list rather than one per row: rows come and go with every event.
  for (const list of ['queue', 'feed']) {
    $(list).addEventListener('click', (e) => {
      const li = e.target.closest('li[data-case-id]');
      if (li) showCase(Number(li.dataset.caseId));
    });
  }
  observeRows();
  try {
    const me = await api('/api/auth/me');
    await startWall(me);
  } catch (e) {
    showLogin();
  }
}
