// The wall's state: one object, made once by wall.js and handed to every module of the page (as
// w.state); no module keeps state of its own at module level. window.gw.state is this object
// (read-only for the tests and the console).

export function createState() {
  return {
    me: null,
    cells: new Map(),          // code -> {code, level, name, parentCode, label:[lon,lat], bbox}
    cases: new Map(),          // caseId -> case (list item, possibly enriched from details)
    cellStates: new Map(),     // code -> "open|warn" last written to feature-state
    fresh: new Map(),          // caseId -> case received while this wall is open, for the minute it counts as new
    feed: [],                  // events, newest first (at most 200)
    staff: new Map(),          // userId -> {userId, name, status, lon, lat, caseIds}
    follow: true,
    selected: null,            // {kind:'cell'|'case', id}
    shownCase: null,           // the case in the panel, as the server sent it
    liveStatus: 'connecting',
    ready: false,
    pulsing: 0,                // rings on the map now
    map: null,
    live: null,
    timers: [],                // the intervals of a signed-in wall
    panelReturn: null,         // where the focus goes back to when the detail panel closes
    // Two paces of rendering (wall/cases.js): the panels soon, the map at most once a second.
    pace: { queueDirty: false, feedDirty: false, panelTimer: null, mapTimer: null, mapUpdatedAt: -Infinity,
      followWanted: false, figuresTimer: null },
    // Case details fetched after events (wall/cases.js): caseId -> 'waiting' | 'loading' | 'again'.
    refresh: { waiting: [], states: new Map(), active: 0 },
    // What the map shows (wall/mapview.js).
    shownPoints: [],
    pulseMarkers: new Map(),   // caseId -> marker
    clusterMarkers: new Map(), // cluster id -> marker
    cellLabels: [],
    // The queue (wall/queue.js): caseId -> {li, key, deadline}, the rows in view, their observer.
    queueRows: new Map(),
    visibleRows: new Set(),
    rowObserver: null,
    feedWaiting: [],           // events not drawn yet, oldest first
  };
}
