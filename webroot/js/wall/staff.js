// The staff layer: inspectors and assistants by duty status (GET /api/dispatch/staff, then
// staff.position and staff.status events), positions older than STALE_MS (or reported stale by
// the server) faded, and dashed lines from each inspector to the open cases they are assigned to
// (a case's assignedInspectors, from its details).
import { apiOrNull } from '../shared/api.js';
import { t } from '../shared/i18n.js';
import { ago } from '../shared/format.js';
import { el } from '../shared/dom.js';

export const STAFF_STATUS_COLOURS = {
  AVAILABLE: '#36c98e', EN_ROUTE: '#f2c232', ON_SITE: '#4fb3ff', BUSY: '#c77dff', OFF_DUTY: '#5c6b80',
};
/** A position older than this is drawn faded (the server's dispatch.staleSeconds default). */
export const STALE_MS = 300_000;
/** Statuses in which a case's team is out on it: lines are drawn for these. */
const ASSIGNED_STATUSES = new Set(['DISPATCHED', 'ON_SITE', 'INVESTIGATING']);
/** At start, details (with assignedInspectors) are fetched for at most this many assigned cases. */
const MAX_DETAIL_FETCH = 150;

/** The paint of the staff points: colour by status, faded when stale. */
export function staffPaint() {
  return {
    'circle-color': ['match', ['get', 'status'], ...Object.entries(STAFF_STATUS_COLOURS).flat(), '#5c6b80'],
    'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 5, 14, 8],
    'circle-opacity': ['case', ['==', ['get', 'stale'], 1], 0.35, 1],
    'circle-stroke-color': '#ffffff',
    'circle-stroke-width': 2,
    'circle-stroke-opacity': ['case', ['==', ['get', 'stale'], 1], 0.3, 1],
  };
}

/** The paint of the assignment lines. */
export function assignmentPaint() {
  return {
    'line-color': '#f2c232', 'line-width': 1.8, 'line-dasharray': [2, 2],
    'line-opacity': ['case', ['==', ['get', 'stale'], 1], 0.35, 0.9],
  };
}

/**
 * @param {object} ctx the wall: {state, map (getter), openPanel, casesChanged, refreshCase}
 */
export function createStaff(ctx) {
  const { state } = ctx;
  let frame = false;
  let shownStaff = '';
  let shownLines = '';

  /** Merges an API entry or an event's data into the roster. */
  function merge(d) {
    if (!d || d.userId === undefined || d.userId === null) return null;
    const prev = state.staff.get(d.userId) || {};
    const s = { ...prev, ...d };
    if (d.position && typeof d.position.lon === 'number') {
      s.lon = d.position.lon;
      s.lat = d.position.lat;
      s.positionAt = d.position.at || null;
      s.serverStale = d.position.stale === true;
    } else if ('position' in d && !d.position) {
      delete s.lon; delete s.lat;
      s.positionAt = null;
      s.serverStale = false;
    }
    // Without a position (a staff.status event) the last one stays.
    state.staff.set(d.userId, s);
    return s;
  }

  function isStale(s, now) {
    if (s.serverStale) return true;
    if (!s.positionAt) return false;
    return now - Date.parse(s.positionAt) > STALE_MS;
  }

  async function load() {
    const r = await apiOrNull('/api/dispatch/staff');
    if (r && Array.isArray(r.items)) r.items.forEach(merge);
    render();
    loadAssignedDetails();
  }

  /** List items carry no team: the details of the cases out in the field give the lines. */
  function loadAssignedDetails() {
    let n = 0;
    for (const c of state.cases.values()) {
      if (n >= MAX_DETAIL_FETCH) break;
      if (ASSIGNED_STATUSES.has(c.status) && !Array.isArray(c.assignedInspectors)) {
        ctx.refreshCase(c.caseId);
        n++;
      }
    }
  }

  function applyEvent(ev) {
    const d = ev.data || {};
    const s = merge(d);
    if (!s) return;
    if (ev.type === 'staff.position') s.serverStale = false;
    render();
  }

  /** Redraws on the next frame (several events in one frame draw once). */
  function render() {
    if (frame) return;
    frame = true;
    requestAnimationFrame(() => {
      frame = false;
      draw();
    });
  }

  function draw() {
    const map = ctx.map;
    if (!map || !map.getSource('staff')) return;
    const now = Date.now();
    const features = [];
    for (const s of state.staff.values()) {
      if (typeof s.lon !== 'number') continue;
      features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [s.lon, s.lat] },
        properties: { userId: s.userId, status: s.status || 'OFF_DUTY', name: s.name || s.username || '',
          stale: isStale(s, now) ? 1 : 0 } });
    }
    const key = JSON.stringify(features);
    if (key !== shownStaff) {
      shownStaff = key;
      map.getSource('staff').setData({ type: 'FeatureCollection', features });
    }
    renderAssignments();
  }

  /** The lines between inspectors and their cases (setData only when they changed). */
  function assignmentFeatures() {
    const now = Date.now();
    const features = [];
    for (const c of state.cases.values()) {
      if (!Array.isArray(c.assignedInspectors) || !c.assignedInspectors.length) continue;
      if (!ASSIGNED_STATUSES.has(c.status) || typeof c.lon !== 'number') continue;
      for (const id of c.assignedInspectors) {
        const s = state.staff.get(id);
        if (!s || typeof s.lon !== 'number') continue;
        features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: [[s.lon, s.lat], [c.lon, c.lat]] },
          properties: { userId: id, caseId: c.caseId, stale: isStale(s, now) ? 1 : 0 } });
      }
    }
    return features;
  }

  function renderAssignments() {
    const map = ctx.map;
    if (!map || !map.getSource('assignments')) return;
    const features = assignmentFeatures();
    state.assignmentLines = features;
    const key = JSON.stringify(features);
    if (key === shownLines) return;
    shownLines = key;
    map.getSource('assignments').setData({ type: 'FeatureCollection', features });
  }

  /** Every few seconds: positions that became stale fade. */
  function recheck() {
    render();
  }

  /** The names of user ids (for teams). */
  function names(ids) {
    return ids.map(id => {
      const s = state.staff.get(id);
      return s ? (s.name || s.username) : `#${id}`;
    });
  }

  function showStaff(userId) {
    const s = state.staff.get(userId);
    if (!s) return;
    const now = Date.now();
    const nodes = [el('h2', null, s.name || s.username), el('div', 'sub', `${s.username || ''} · ${s.role || ''} · ${ctx.cellName(s.gridCode)}`)];
    const status = el('div', 'staff-status');
    const dot = el('span', 'dot');
    dot.style.background = STAFF_STATUS_COLOURS[s.status] || '#5c6b80';
    status.append(dot, el('span', null, t(`staff.${s.status || 'OFF_DUTY'}`)));
    nodes.push(status);
    if (s.positionAt) {
      nodes.push(el('div', `sub${isStale(s, now) ? ' stale' : ''}`,
        `${t('staff.at', { t: ago(s.positionAt, now) })}${isStale(s, now) ? ' · ' + t('staff.stale') : ''}`));
    }
    const mine = [...state.cases.values()].filter(c => Array.isArray(c.assignedInspectors) && c.assignedInspectors.includes(userId));
    nodes.push(el('h4', null, t('staff.assignments', { n: Math.max(mine.length, s.openAssignments || 0) })));
    const ul = el('ul', 'mini-list');
    for (const c of mine) {
      const li = el('li', null, `${c.caseNo} · ${t(`status.${c.status}`)}`);
      li.dataset.caseId = c.caseId;
      li.tabIndex = 0;
      li.addEventListener('click', () => ctx.showCase(c.caseId));
      ul.append(li);
    }
    nodes.push(ul);
    ctx.openPanel(nodes);
  }

  return { load, applyEvent, render, renderAssignments, recheck, names, showStaff, merge, assignmentFeatures, isStale };
}
