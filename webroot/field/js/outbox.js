// The field app's outbox: the inspector's actions (accept, refuse, arrive, note, investigate,
// resolve) and the latest position, kept in IndexedDB and sent once, in order, when the network is
// there. Rules (docs/field.md, "Offline"):
//
// - Each action carries the case version it was made on (expectedVersion) and the version the
//   server last confirmed (baseVersion). An action made while an earlier one of the same case
//   is still waiting is "chained": it is sent on the version the earlier one produced.
// - Before a request goes out the item is written as `sending`; after a 2xx it is written as
//   `done` and only then removed. An item found `sending` (the page closed, or the network failed
//   with the answer lost) may have reached the server: before it is sent again the case is
//   reloaded and its events are checked for the user's own action; if it is there, the item is
//   done and is not sent a second time.
// - A 409 reloads the case. If the action was already done (see above) it is done. If the 409
//   was a stale version and the action still makes sense on the case as it is now (accept: still
//   DISPATCHED/ON_SITE, still on the team and not yet accepted; arrive: not yet checked in; ...),
//   it is sent again on the new version and a notice says so. Otherwise the conflict becomes a
//   notice that stays until the user dismisses it. Nothing is dropped silently.
// - Positions: only the latest one is kept; it is sent after the actions.
import { ApiError, api, transition } from '../../js/shared/api.js';

const DB_NAME = 'gw-field';
const DB_VERSION = 1;
const BASE_RETRY_MS = 1000;
const MAX_RETRY_MS = 60000;
const MAX_RESENDS = 3;

/** The event type each action appends to the case's history. */
export const EVENT_OF = {
  accept: 'accepted', refuse: 'assignment-refused', arrive: 'arrived', note: 'note-added',
  investigate: 'investigation-started', resolve: 'resolved',
};
const OPEN = new Set(['RECEIVED', 'ADMITTED', 'REGISTERED', 'DISPATCHED', 'ON_SITE', 'INVESTIGATING', 'RESOLVED',
  'VERIFIED', 'PARKED']);

function openDb() {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(DB_NAME, DB_VERSION);
    r.onupgradeneeded = () => {
      const db = r.result;
      if (!db.objectStoreNames.contains('outbox')) db.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true });
      if (!db.objectStoreNames.contains('notices')) db.createObjectStore('notices', { keyPath: 'id', autoIncrement: true });
      if (!db.objectStoreNames.contains('kv')) db.createObjectStore('kv');
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

/** Runs fn(store) in a transaction on storeName and resolves with fn's request result once committed. */
function run(db, storeName, mode, fn) {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(storeName, mode);
    let result;
    const r = fn(tx.objectStore(storeName));
    if (r) r.onsuccess = () => { result = r.result; };
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/**
 * Whether action `item` still makes sense on case c for user me ({id, role}): {sense, why} with
 * why 'gone' (not on the team any more), 'status' (the case moved on) or null.
 */
export function stillMakesSense(item, c, me) {
  const status = c.status;
  const team = (c.assignedInspectors || []).map(Number);
  const accepted = (c.acceptedBy || []).map(Number);
  const onTeam = team.includes(Number(me.id)) || me.role === 'ASSISTANT';
  const arrived = (c.arrivals || []).some(a => Number(a.userId) === Number(me.id));
  if (!OPEN.has(status)) return { sense: false, why: 'status' };
  const need = (ok) => (ok ? { sense: true, why: null } : { sense: false, why: onTeam ? 'status' : 'gone' });
  switch (item.action) {
    case 'accept': return need(onTeam && (status === 'DISPATCHED' || status === 'ON_SITE') && !accepted.includes(Number(me.id)));
    case 'refuse': return need(onTeam && status === 'DISPATCHED' && !accepted.includes(Number(me.id)));
    case 'arrive': return need(onTeam && (status === 'DISPATCHED' || status === 'ON_SITE') && !arrived);
    case 'investigate': return need(onTeam && status === 'ON_SITE');
    case 'resolve': return need(onTeam && status === 'INVESTIGATING');
    case 'note': return { sense: true, why: null };
    default: return { sense: false, why: 'status' };
  }
}

/** Whether the case's history holds the user's own `item` action made after the item's base version. */
export function alreadyDone(item, c, me) {
  const type = EVENT_OF[item.action];
  return (c.events || []).some(e => e.type === type && e.actor && Number(e.actor.userId) === Number(me.id)
    && Number(e.version) > Number(item.baseVersion)
    && (item.action !== 'note' || (e.data && String(e.data.note || '').trim() === String(item.fields.note || '').trim())));
}

export class Outbox {
  /**
   * @param {object} o
   * @param {{id, role}} o.user the signed-in user (items of other users on this phone are never sent)
   * @param {() => void} o.onChange the queue or the notices changed
   * @param {(c) => void} o.onCase a fresh case from the server (after a send or a reload)
   * @param {(item, c) => void} o.onSent an action reached the server
   */
  constructor(o) {
    this.o = o;
    this.user = o.user;
    this.db = null;
    this.flushing = false;
    this.again = false;
    this.timer = null;
    this.attempt = 0;
    this.paused = false;
    this.sending = null;
  }

  async init() {
    this.db = await openDb();
    return this;
  }

  async items() {
    const all = await run(this.db, 'outbox', 'readonly', s => s.getAll());
    return (all || []).filter(i => i.userId === this.user.id).sort((a, b) => a.id - b.id);
  }

  async notices() {
    const all = await run(this.db, 'notices', 'readonly', s => s.getAll());
    return (all || []).filter(n => n.userId === this.user.id && !n.dismissed).sort((a, b) => a.id - b.id);
  }

  async dismiss(id) {
    const n = await run(this.db, 'notices', 'readonly', s => s.get(id));
    if (!n) return;
    n.dismissed = true;
    await run(this.db, 'notices', 'readwrite', s => s.put(n));
    this.changed();
  }

  async notice(kind, key, params, item) {
    await run(this.db, 'notices', 'readwrite', s => s.add({
      userId: this.user.id, kind, key, params, caseId: item ? item.caseId : null,
      action: item ? item.action : null, at: new Date().toISOString(), dismissed: false,
    }));
    this.changed();
  }

  changed() {
    try { this.o.onChange && this.o.onChange(); } catch (e) { console.error(e); }
  }

  /**
   * Queues `action` on case c (as the page knows it: {caseId, caseNo, version}) with its fields,
   * and starts sending. Resolves with the stored item.
   */
  async enqueue(c, action, fields = {}) {
    const waiting = (await this.items()).filter(i => i.kind === 'transition' && i.caseId === c.caseId
      && i.state !== 'done');
    const item = {
      userId: this.user.id, kind: 'transition', caseId: c.caseId, caseNo: c.caseNo, action, fields,
      // The version this action was made on: the case as shown, or, behind a waiting action of the
      // same case, the version that one will produce (it is rebased once that one is answered).
      baseVersion: c.version,
      expectedVersion: c.version + waiting.length,
      chained: waiting.length > 0,
      state: 'pending', attempts: 0, resends: 0, createdAt: new Date().toISOString(),
    };
    item.id = await run(this.db, 'outbox', 'readwrite', s => s.add(item));
    this.changed();
    this.kick();
    return item;
  }

  /** Keeps pos ({lon, lat, accuracyMeters, at}) as the one position to send (the last one wins). */
  async setPosition(pos) {
    await run(this.db, 'kv', 'readwrite', s => s.put({ userId: this.user.id, ...pos }, `position:${this.user.id}`));
    // A position does not cut a retry's wait short (the phone makes one every few seconds).
    if (!this.timer && !this.flushing && navigator.onLine !== false) this.flush();
  }

  async clearPosition() {
    await run(this.db, 'kv', 'readwrite', s => s.delete(`position:${this.user.id}`));
  }

  async pendingCount() {
    return (await this.items()).filter(i => i.state !== 'done').length;
  }

  /** Pending actions of one case (for the page to show them as "waiting to be sent"). */
  async pendingFor(caseId) {
    return (await this.items()).filter(i => i.caseId === caseId && i.state !== 'done');
  }

  /** Send now (after an `online` event, a new item, or a tap). */
  kick() {
    clearTimeout(this.timer);
    this.timer = null;
    this.attempt = 0;
    this.paused = false;
    // Known to be offline: the `online` event kicks again.
    if (navigator.onLine === false) { this.changed(); return; }
    this.flush();
  }

  stop() {
    clearTimeout(this.timer);
    this.paused = true;
  }

  scheduleRetry() {
    if (this.paused) return;
    const cap = Math.min(MAX_RETRY_MS, BASE_RETRY_MS * 2 ** this.attempt);
    const delay = Math.max(500, Math.random() * cap);
    this.attempt++;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = null; this.flush(); }, delay);
  }

  async flush() {
    if (this.paused) return;
    if (this.flushing) { this.again = true; return; }
    this.flushing = true;
    let outcome = 'ok';
    try {
      // One sender at a time across the tabs of this phone (Web Locks where there are), so two
      // open pages never send the same item.
      outcome = navigator.locks
        ? await navigator.locks.request('gw-field-outbox', () => this.sendAll())
        : await this.sendAll();
    } catch (e) {
      console.error('outbox', e);
      outcome = 'retry';
    } finally {
      this.sending = null;
      this.flushing = false;
      this.changed();
    }
    if (outcome === 'retry') this.scheduleRetry();
    else if (outcome === 'ok') this.attempt = 0;
    if (this.again) { this.again = false; if (outcome === 'ok') this.flush(); }
  }

  /** Sends the queue in order, then the position: 'ok', 'retry' or 'auth'. */
  async sendAll() {
    for (;;) {
      if (this.paused) return 'auth';
      const items = await this.items();
      if (!items.length) break;
      const item = items[0];
      if (item.state === 'done') {
        await run(this.db, 'outbox', 'readwrite', s => s.delete(item.id));
        continue;
      }
      this.sending = item;
      this.changed();
      const outcome = await this.sendOne(item);
      this.sending = null;
      if (outcome !== 'ok') return outcome;
    }
    return this.sendPosition();
  }

  async put(item) {
    await run(this.db, 'outbox', 'readwrite', s => s.put(item));
  }

  async loadCase(caseId) {
    return api(`/api/cases/${caseId}`);
  }

  /** 'ok' (answered for good: sent, done before, or a conflict noted), 'retry' or 'auth'. */
  async sendOne(item) {
    if (item.state === 'sending') {
      // Sent before without a clear answer: did it reach the server?
      let c;
      try {
        c = await this.loadCase(item.caseId);
      } catch (e) {
        if (e instanceof ApiError) return this.refused(item, e);
        return 'retry';
      }
      if (alreadyDone(item, c, this.user)) {
        await this.done(item, c);
        return 'ok';
      }
      this.o.onCase && this.o.onCase(c);
    }
    item.state = 'sending';
    item.attempts++;
    await this.put(item);
    let c;
    try {
      c = await transition(item.caseId, item.action, item.expectedVersion, item.fields);
    } catch (e) {
      if (!(e instanceof ApiError)) return 'retry'; // stays `sending`: checked before the next try
      if (e.status === 401) { item.state = 'pending'; await this.put(item); this.paused = true; return 'auth'; }
      if (e.status === 429) { item.state = 'pending'; await this.put(item); return 'retry'; }
      if (e.status >= 500) return 'retry';
      if (e.status === 409) return this.conflict(item, e);
      return this.refused(item, e);
    }
    await this.done(item, c);
    return 'ok';
  }

  /** Marks item done (written first), rebases the chained actions of its case, removes it. */
  async done(item, c) {
    item.state = 'done';
    await this.put(item);
    const later = (await this.items()).filter(i => i.id !== item.id && i.caseId === item.caseId
      && i.kind === 'transition' && i.state === 'pending');
    let next = c.version;
    for (const i of later) {
      if (!i.chained) break;
      i.expectedVersion = next++;
      i.baseVersion = c.version;
      await this.put(i);
    }
    await run(this.db, 'outbox', 'readwrite', s => s.delete(item.id));
    try { this.o.onSent && this.o.onSent(item, c); } catch (e) { console.error(e); }
    try { this.o.onCase && this.o.onCase(c); } catch (e) { console.error(e); }
  }

  async conflict(item, err) {
    let c;
    try {
      c = await this.loadCase(item.caseId);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.status === 403)) {
        await this.drop(item, 'conflict', 'field.notice.gone', {});
        return 'ok';
      }
      // The 409 says it was not applied; try again later (the check above runs then).
      item.state = 'pending';
      await this.put(item);
      return 'retry';
    }
    this.o.onCase && this.o.onCase(c);
    if (alreadyDone(item, c, this.user)) {
      await this.done(item, c);
      return 'ok';
    }
    const { sense, why } = stillMakesSense(item, c, this.user);
    if (sense && err.is('stale-version') && item.resends < MAX_RESENDS) {
      const from = item.expectedVersion;
      item.expectedVersion = c.version;
      item.baseVersion = c.version;
      item.resends++;
      item.state = 'pending';
      await this.put(item);
      await this.notice('info', 'field.notice.resent', { caseNo: item.caseNo, from, to: c.version, action: item.action }, item);
      return 'ok';
    }
    if (sense && item.action === 'investigate' && err.is('transition-not-allowed')) {
      await this.drop(item, 'conflict', 'field.notice.partner', {});
      return 'ok';
    }
    if (sense) {
      await this.drop(item, 'conflict', 'field.notice.refused', { detail: err.detail || err.message });
      return 'ok';
    }
    await this.drop(item, 'conflict', why === 'gone' ? 'field.notice.reassigned' : 'field.notice.conflict',
      { status: c.status });
    return 'ok';
  }

  async refused(item, err) {
    await this.drop(item, 'conflict', 'field.notice.refused', { detail: err.detail || err.message });
    return 'ok';
  }

  /** Removes item from the queue, leaving a notice about it that stays until dismissed. */
  async drop(item, kind, key, params) {
    await this.notice(kind, key, { caseNo: item.caseNo, action: item.action, ...params }, item);
    await run(this.db, 'outbox', 'readwrite', s => s.delete(item.id));
  }

  async sendPosition() {
    const key = `position:${this.user.id}`;
    const pos = await run(this.db, 'kv', 'readonly', s => s.get(key));
    if (!pos) return 'ok';
    const { userId, ...body } = pos;
    try {
      await api('/api/me/position', { method: 'POST', json: body });
    } catch (e) {
      if (!(e instanceof ApiError) || e.status >= 500) return 'retry';
      if (e.status === 401) { this.paused = true; return 'auth'; }
      // 409 off-duty, 400 (e.g. older than a day): nothing to do with it.
    }
    const now = await run(this.db, 'kv', 'readonly', s => s.get(key));
    if (now && now.at === pos.at) await run(this.db, 'kv', 'readwrite', s => s.delete(key));
    return 'ok';
  }
}

/** Deletes everything this phone keeps for user id (on sign-out with an empty queue). */
export async function clearUser(userId) {
  const db = await openDb();
  const items = await run(db, 'notices', 'readonly', s => s.getAll());
  for (const n of items || []) if (n.userId === userId) await run(db, 'notices', 'readwrite', s => s.delete(n.id));
  await run(db, 'kv', 'readwrite', s => s.delete(`position:${userId}`));
  await run(db, 'kv', 'readwrite', s => s.delete(`cases:${userId}`));
}

/** The assignment list kept for offline use (list items only, complainant removed). */
export async function saveCases(userId, items) {
  const db = await openDb();
  const slim = items.map(({ complainant, ...rest }) => rest);
  await run(db, 'kv', 'readwrite', s => s.put(slim, `cases:${userId}`));
}

export async function loadCases(userId) {
  const db = await openDb();
  return (await run(db, 'kv', 'readonly', s => s.get(`cases:${userId}`))) || [];
}
