// The open cases on the wall: the snapshot (GET /api/cases), the live events applied to it, the
// details fetched after events, and the two paces of rendering (docs/wall.md, "Smoothness"): the
// side panels are DOM and cheap, so they follow within PANEL_DELAY_MS; every data change of the
// map costs a whole WebGL frame (150-300 ms with software WebGL, a few ms on a GPU), so the map
// takes at most one data update per MAP_UPDATE_MS, the first after a quiet spell at once. Both on
// timers rather than animation frames: the queue must not wait for the map's next frame.
import { api } from '../shared/api.js';
import { LiveFeed, addressesFor } from '../shared/live.js';
import { $ } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import { supervisionLevel } from './supervision.js';
import {
  OPEN_STATUSES, NEW_FOR_MS, placeCase, newUntilFromSnapshot, applyDeadline, caseEventEffect,
} from './model.js';

const PANEL_DELAY_MS = 50;
const MAP_UPDATE_MS = 1000;
// Case details fetched at once after events (the rest wait their turn).
const REFRESH_PARALLEL = 4;

export function createCases(w) {
  const state = w.state;
  const pace = state.pace;
  const place = (c) => placeCase(c, state.cells);

  /** Loads the open cases in scope, nearest deadline first (the server may not sort yet: the queue sorts too). */
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
        const c = place({ ...previous, ...item });
        // A reload while the wall runs (a resync after a burst the socket could not keep up with)
        // brings complaints whose events were skipped: new ones are still new.
        const newUntil = state.ready && !previous ? newUntilFromSnapshot(item, Date.now()) : null;
        if (newUntil !== null) markNew(c, newUntil);
        loaded.set(item.caseId, c);
      }
      if ((page.items || []).length < limit || offset + limit >= (page.total ?? 0)) break;
    }
    state.cases = loaded;
    for (const id of [...state.fresh.keys()]) {
      if (loaded.has(id)) state.fresh.set(id, loaded.get(id)); else state.fresh.delete(id);
    }
    casesChanged();
  }

  /** Case c is new until newUntil: badge, pulse, and the map follows it. */
  function markNew(c, newUntil = Date.now() + NEW_FOR_MS) {
    c.newUntil = newUntil;
    state.fresh.set(c.caseId, c);
    pace.followWanted = true;
  }

  function forget(id) {
    state.cases.delete(id);
    state.fresh.delete(id);
  }

  /** Something about the open cases changed: the queue soon, the map at its own pace. */
  function casesChanged() {
    pace.queueDirty = true;
    schedulePanels();
    scheduleMap();
  }

  function schedulePanels() {
    if (pace.panelTimer) return;
    pace.panelTimer = setTimeout(() => {
      pace.panelTimer = null;
      if (pace.queueDirty) { pace.queueDirty = false; w.renderQueue(); }
      if (pace.feedDirty) { pace.feedDirty = false; w.renderNewFeed(); }
    }, PANEL_DELAY_MS);
  }

  function scheduleMap() {
    if (pace.mapTimer) return;
    pace.mapTimer = setTimeout(() => {
      pace.mapTimer = null;
      pace.mapUpdatedAt = performance.now();
      updateMap();
    }, Math.max(0, pace.mapUpdatedAt + MAP_UPDATE_MS - performance.now()));
  }

  function updateMap() {
    w.renderCasePoints();
    w.recomputeCells();
    w.console.staff.renderAssignments();
    if (pace.followWanted) { pace.followWanted = false; w.followNew(); }
  }

  /** Every 5 s: cases that stopped being new lose their badge and pulse, timers that changed colour re-colour the map. */
  function expireAndRecolour() {
    const now = Date.now();
    for (const [id, c] of state.fresh) {
      if (!(c.newUntil > now)) { state.fresh.delete(id); pace.queueDirty = true; }
    }
    if (pace.queueDirty) schedulePanels();
    scheduleMap();
    w.console.staff.recheck();
  }

  // ---- live events

  function startLive() {
    if (state.live) state.live.stop();
    const me = state.me;
    // A home cell hears itself and everything inside it; city-wide users hear gw.city, the one
    // address that also carries cases outside the grid's coverage (shared/live.js addressesFor).
    state.live = new LiveFeed({
      addresses: () => addressesFor(me),
      replayCell: me.gridCode || null,
      onEvent: applyEvent,
      onStatus: setLiveStatus,
      onResync: async () => { await loadCases(); w.refreshFigures(); },
    });
    state.live.start();
  }

  function setLiveStatus(s) {
    state.liveStatus = s;
    const e = $('live-status');
    e.className = `live-status ${s}`;
    e.dataset.i18n = `live.${s}`;
    e.textContent = t(`live.${s}`);
  }

  /** An event from the event bus (or fed by gw.applyEvent): onto the wall. */
  function applyEvent(ev) {
    const type = String(ev.type || '');
    const data = ev.data || {};
    if (type.startsWith('staff.')) {
      w.console.onEvent(ev);
      return;
    }
    if (type.startsWith('case.')) {
      applyCaseEvent(ev, type.slice(5), data);
    } else if (type.startsWith('deadline.')) {
      const c = state.cases.get(data.caseId);
      if (c) {
        applyDeadline(c, type, data, supervisionLevel);
        casesChanged();
        refreshCase(c.caseId);
      }
    }
    w.addFeed(ev);
    w.scheduleFigures();
    w.console.onEvent(ev); // alerts
  }

  function applyCaseEvent(ev, action, data) {
    const id = data.caseId;
    if (!id) return;
    const known = state.cases.get(id);
    const { effect, status } = caseEventEffect(known, data);
    if (effect === 'skip') return; // already reflected (replay after a snapshot)
    if (effect === 'remove') {
      forget(id);
      casesChanged();
      return;
    }
    if (known) {
      known.status = status;
      if (typeof data.version === 'number') known.version = data.version;
    } else {
      // A case new to this wall: show it at once in its cell, then with its details.
      const c = place({ caseId: id, caseNo: data.caseNo, category: data.category, status: status || 'RECEIVED',
        version: data.version, cellCode: ev.cellCode, createdAt: ev.at, workersInvolved: data.workersInvolved,
        employer: data.employer });
      if (action === 'received') markNew(c);
      state.cases.set(id, c);
    }
    casesChanged();
    refreshCase(id);
  }

  // Case details after events, REFRESH_PARALLEL at a time: a burst of events must not become a
  // burst of requests from every wall. A case asked for again while its request is out is fetched
  // once more afterwards, so the answer reflects the last event.
  function refreshCase(id) {
    const r = state.refresh;
    const s = r.states.get(id);
    if (s === 'loading') r.states.set(id, 'again');
    if (s) return;
    r.states.set(id, 'waiting');
    r.waiting.push(id);
    pumpRefresh();
  }

  function pumpRefresh() {
    const r = state.refresh;
    while (r.active < REFRESH_PARALLEL && r.waiting.length) {
      const id = r.waiting.shift();
      r.states.set(id, 'loading');
      r.active++;
      loadDetail(id).finally(() => {
        r.active--;
        const again = r.states.get(id) === 'again';
        r.states.delete(id);
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
        forget(id);
      } else {
        const { events, complainant, description, ...rest } = detail;
        const wasApprox = c.approx !== false;
        Object.assign(c, rest);
        if (wasApprox) { delete c.lon; delete c.lat; }
        place(c);
        if (c.newUntil && wasApprox && !c.approx) pace.followWanted = true;
      }
      casesChanged();
    } catch (e) {
      if (e.status === 404) { forget(id); casesChanged(); }
    }
  }

  /** A case as the server just returned it (after an action, a filing, a reload): onto the wall. */
  function caseUpdated(detail) {
    if (!detail || detail.caseId === undefined) return undefined;
    const id = detail.caseId;
    const c = state.cases.get(id);
    if (!OPEN_STATUSES.has(detail.status)) {
      if (c) { forget(id); casesChanged(); }
      return undefined;
    }
    if (c && typeof detail.version === 'number' && typeof c.version === 'number' && detail.version < c.version) return undefined;
    const { events, complainant, description, related, escalations, ...rest } = detail;
    const target = c || {};
    const wasApprox = target.approx !== false;
    Object.assign(target, rest);
    if (wasApprox) { delete target.lon; delete target.lat; }
    place(target);
    if (!c) state.cases.set(id, target);
    casesChanged();
    return target;
  }

  /** A complaint this wall just filed: on the wall at once (and new), its panel open. */
  function addFiledCase(filed) {
    const known = state.cases.has(filed.caseId);
    const c = caseUpdated(filed);
    if (c && !known) markNew(c);
    w.showCase(filed.caseId, { json: filed, focus: true, from: $('new-complaint') });
  }

  return {
    loadCases, casesChanged, schedulePanels, expireAndRecolour, startLive, setLiveStatus, applyEvent, refreshCase,
    caseUpdated, addFiledCase,
  };
}
