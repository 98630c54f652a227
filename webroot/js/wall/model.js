// The wall's rules about cases, free of the DOM and the map (unit-tested under Node:
// webroot/test/wall-model.test.mjs): which statuses are open, a case's next deadline and its
// timer colour, the queue's order, where a case sits on the map, the cells' colours and which
// new cases pulse. The wall's modules (wall.js, wall/*.js) call these with the page's state.

export const OPEN_STATUSES = new Set(['RECEIVED', 'ADMITTED', 'REGISTERED', 'DISPATCHED', 'ON_SITE', 'INVESTIGATING',
  'RESOLVED', 'VERIFIED', 'PARKED']);
/** Workers from which a complaint is a mass incident (ringed red). */
export const MASS_WORKERS = 30;
/** How long a case received while the wall is open counts as new (badge and pulse). */
export const NEW_FOR_MS = 60_000;
/** Warning time before a deadline that carries no warnAt. */
export const WARN_BEFORE_MS = 3_600_000;
/** Pulsing rings are HTML markers that move with the map and animate: a burst must not make hundreds. */
export const MAX_PULSES = 20;

/** True for a mass incident (30 or more workers). */
export function isMass(c) {
  return (c.workersInvolved || 0) >= MASS_WORKERS;
}

/** The case's next running deadline: nextDeadline of a list item, else the earliest running of deadlines[]; null without. */
export function nextDeadline(c) {
  if (c.nextDeadline && c.nextDeadline.dueAt) return c.nextDeadline;
  if (Array.isArray(c.deadlines)) {
    const running = c.deadlines.filter(d => d && d.dueAt && !d.metAt && d.status !== 'MET' && d.status !== 'PAUSED');
    running.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
    return running[0] || null;
  }
  return null;
}

/** 'red' past due, 'yellow' from the warning time, 'green' before, null without a running deadline. */
export function timerColour(c, now) {
  const d = nextDeadline(c);
  if (!d || d.status === 'PAUSED' || d.status === 'MET') return null;
  const due = Date.parse(d.dueAt);
  const warn = d.warnAt ? Date.parse(d.warnAt) : due - WARN_BEFORE_MS;
  if (now >= due) return 'red';
  if (now >= warn) return 'yellow';
  return 'green';
}

/** The cases (any iterable), nearest deadline first, then oldest, then by id; those without a deadline last. */
export function sortQueue(cases) {
  const keyed = [];
  for (const c of cases) {
    const d = nextDeadline(c);
    keyed.push({ c, due: d ? Date.parse(d.dueAt) : Infinity, created: Date.parse(c.createdAt) });
  }
  keyed.sort((a, b) => (a.due - b.due) || (a.created - b.created) || (a.c.caseId - b.c.caseId));
  return keyed.map(k => k.c);
}

/** The cases of cell `code` and every cell inside it. */
export function casesIn(cases, code) {
  return [...cases].filter(c => c.cellCode && c.cellCode.startsWith(code));
}

/**
 * Gives case c a map position (in place, and returns it): its location, or (list items may carry
 * none) a point near its cell's label, spread the same way on every wall. cells: code -> {label}.
 */
export function placeCase(c, cells) {
  const loc = c.location && (c.location.wgs84 || c.location);
  if (loc && typeof loc.lon === 'number') {
    c.lon = loc.lon; c.lat = loc.lat; c.approx = false;
  } else if (typeof c.lon !== 'number' && c.cellCode && cells.size) {
    const cell = cells.get(c.cellCode) || cells.get(c.cellCode.slice(0, 12))
      || cells.get(c.cellCode.slice(0, 9)) || cells.get(c.cellCode.slice(0, 6));
    if (cell) {
      const a = (c.caseId * 2.399963) % (2 * Math.PI);
      const r = 0.002 * Math.sqrt((c.caseId % 17) / 17);
      c.lon = cell.label[0] + r * Math.cos(a); c.lat = cell.label[1] + r * Math.sin(a); c.approx = true;
    }
  }
  return c;
}

/** A cell's name for lists: "district·community", the name alone for a district, the code when unknown, '—' without. */
export function cellName(cells, code) {
  if (!code) return '—';
  const c = cells.get(code);
  const district = cells.get(code.slice(0, 6));
  if (c && district && c !== district) return `${district.name}·${c.name}`;
  return c ? c.name : code;
}

const WARN_RANK = { yellow: 1, orange: 2, red: 3 };

/**
 * Per cell at every level (6, 9 and 12 digits of the case's cell code): its open cases and the
 * worst warning: 'red' (overdue, a 挂牌督办 or an overdue supervision), 'orange' (under
 * supervision), 'yellow' (near a deadline) or null. supervisionLevel(c) gives the level of c's
 * supervision. Returns code -> {open, warn}.
 */
export function cellAggregates(cases, now, supervisionLevel) {
  const agg = new Map();
  for (const c of cases) {
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
      if (warn && (!a.warn || WARN_RANK[warn] > WARN_RANK[a.warn])) a.warn = warn;
      agg.set(code, a);
    }
  }
  return agg;
}

/**
 * The new cases that pulse: of `fresh` (cases received while the wall is open), those still new
 * at now, placed on the map and still on the wall (`onWall(caseId)`), newest first, at most max.
 */
export function pulsingCases(fresh, now, onWall, max = MAX_PULSES) {
  return [...fresh].filter(c => c.newUntil > now && typeof c.lon === 'number' && onWall(c.caseId))
    .sort((a, b) => b.newUntil - a.newUntil).slice(0, max);
}

/**
 * Until when a case found in a reloaded snapshot (not seen by this wall before) counts as new, or
 * null when it does not: a complaint still RECEIVED and filed less than NEW_FOR_MS ago. A wall
 * whose clock is behind the server's sees a small negative age: that case is new all the same.
 */
export function newUntilFromSnapshot(item, now) {
  if (item.status !== 'RECEIVED' || !item.createdAt) return null;
  const age = now - Date.parse(item.createdAt);
  if (!(age > -NEW_FOR_MS && age < NEW_FOR_MS)) return null;
  return now + NEW_FOR_MS - Math.max(0, age);
}

/**
 * A deadline event (deadline.warning / deadline.overdue) applied to case c in place: its next
 * deadline when the event's is the same kind or sooner, and the supervision level the event names.
 */
export function applyDeadline(c, type, data, supervisionLevel) {
  if (data.kind && data.dueAt) {
    const status = type === 'deadline.overdue' ? 'RED' : 'YELLOW';
    const d = { kind: data.kind, dueAt: data.dueAt, warnAt: data.warnAt, status };
    const next = nextDeadline(c);
    if (!next || next.kind === d.kind || Date.parse(d.dueAt) <= Date.parse(next.dueAt)) c.nextDeadline = d;
  }
  // deadline.overdue names the level the case is now at (a string); the case's supervision is an
  // object: keep what is known of it until the details come.
  if (data.supervision && supervisionLevel(c) !== data.supervision) {
    c.supervision = { ...(typeof c.supervision === 'object' && c.supervision ? c.supervision : { source: 'AUTOMATIC' }),
      level: data.supervision };
  }
  return c;
}

/**
 * What a case event does to the wall's copy of the case (known, or undefined): 'skip' (already
 * reflected: its version is not newer), 'remove' (the case left the open statuses), 'update' or
 * 'add'; with the status it now has (undefined when neither the event nor the copy says).
 */
export function caseEventEffect(known, data) {
  if (known && typeof data.version === 'number' && typeof known.version === 'number' && data.version <= known.version) {
    return { effect: 'skip', status: known.status };
  }
  const status = data.to || (known && known.status);
  if (status && !OPEN_STATUSES.has(status)) return { effect: 'remove', status };
  return { effect: known ? 'update' : 'add', status };
}
