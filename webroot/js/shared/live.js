// Live events: the SockJS event-bus bridge at /eventbus (vertx-eventbus.js over sockjs-client,
// both loaded as plain scripts before this module), with our own reconnection (exponential
// backoff with full jitter) and a replay of what was missed from GET /api/events?after=<lastSeq>.
//
// Events are JSON {seq, type, at, cellCode, data}; seq rises by one per committed event
// system-wide, so a wall (which sees only its cells) skips numbers: it never reasons about gaps,
// only ignores what it has already seen (seq <= lastSeq). A {"type": "resync"} message means the
// server could not keep up with this client: reload the snapshot, then replay.
//
// Shared by the wall, the field app and the command screen. Exported names are stable: add,
// don't rename.

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 30000;
const REPLAY_PAGE = 500;

/**
 * The addresses a user's page listens on: gw.cell.<gridCode> for a user with a home cell (that
 * cell and everything inside it), gw.city for a city-wide user (every event, unassigned cases
 * included), and always gw.user.<id>.
 */
export function addressesFor(user) {
  const list = [user && user.gridCode ? `gw.cell.${user.gridCode}` : 'gw.city'];
  if (user && user.id !== undefined && user.id !== null) list.push(`gw.user.${user.id}`);
  return list;
}

/**
 * Starts a LiveFeed for user with the usual addresses and replay scope; handlers as LiveFeed's
 * (onEvent, onStatus, onResync). Returns the feed (stop() it when the page signs out).
 */
export function connectLive(user, handlers) {
  const feed = new LiveFeed({
    addresses: () => addressesFor(user),
    replayCell: (user && user.gridCode) || null,
    onStatus: () => {},
    onResync: async () => {},
    ...handlers,
  });
  feed.start();
  return feed;
}

export class LiveFeed {
  /**
   * @param {object} o
   * @param {() => string[]} o.addresses the addresses to register (gw.cell.<code>, gw.user.<id>)
   * @param {string|null} o.replayCell the cell for the replay API (null: the caller's scope)
   * @param {(event) => void} o.onEvent one event, in seq order, never twice
   * @param {(status: string) => void} o.onStatus 'connecting' | 'online' | 'replaying' | 'offline'
   * @param {() => Promise<void>} o.onResync reload the snapshot (the feed replays afterwards)
   */
  constructor(o) {
    this.o = o;
    this.lastSeq = null;
    this.attempt = 0;
    this.eb = null;
    this.timer = null;
    this.stopped = false;
    this.replaying = false;
    this.buffer = [];
    this.denied = [];
    this.connectedAt = null;
    this.wasConnected = false;
    this.listeners = [];
  }

  /**
   * Also calls fn(event) for each event whose type is `type` (or starts with it when it ends
   * with '.', e.g. 'case.'; '*' for every event), after onEvent. Returns a function that removes it.
   */
  on(type, fn) {
    const l = { type, fn };
    this.listeners.push(l);
    return () => { this.listeners = this.listeners.filter(x => x !== l); };
  }

  start() {
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.eb) {
      try { this.eb.close(); } catch (e) { /* already closed */ }
    }
  }

  connect() {
    if (this.stopped) return;
    this.o.onStatus('connecting');
    const eb = new EventBus('/eventbus', { vertxbus_ping_interval: 5000 });
    this.eb = eb;
    eb.enableReconnect(false);
    eb.onopen = () => {
      if (this.eb !== eb) return;
      this.attempt = 0;
      this.connectedAt = Date.now();
      for (const address of this.o.addresses()) {
        eb.registerHandler(address, {}, (err, msg) => this.receive(err, msg, address));
      }
      this.catchUp();
    };
    eb.onclose = () => {
      if (this.eb !== eb) return;
      this.eb = null;
      this.o.onStatus('offline');
      this.scheduleReconnect();
    };
    eb.onerror = (err) => {
      // The bridge answers a refused registration with {type: 'err', body: 'access_denied'}.
      this.denied.push(err);
      console.warn('event bus error', err);
    };
  }

  scheduleReconnect() {
    if (this.stopped) return;
    // Full jitter: a random delay up to the exponential cap, so walls that lost the server at the
    // same moment do not all come back at the same moment.
    const cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** this.attempt);
    const delay = Math.max(250, Math.random() * cap);
    this.attempt++;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), delay);
  }

  receive(err, msg, address) {
    if (err) {
      this.denied.push({ address, ...err });
      return;
    }
    const event = msg && msg.body;
    if (!event || typeof event !== 'object') return;
    if (event.type === 'resync') {
      this.resync();
      return;
    }
    if (this.replaying) {
      this.buffer.push(event);
      return;
    }
    this.deliver(event);
  }

  deliver(event) {
    if (typeof event.seq === 'number') {
      if (this.lastSeq !== null && event.seq <= this.lastSeq) return;
      this.lastSeq = event.seq;
    }
    try {
      if (this.o.onEvent) this.o.onEvent(event);
    } catch (e) {
      console.error('event handler failed', e, event);
    }
    for (const l of this.listeners) {
      const type = String(event.type || '');
      if (l.type === '*' || l.type === type || (l.type.endsWith('.') && type.startsWith(l.type))) {
        try { l.fn(event); } catch (e) { console.error('event listener failed', e, event); }
      }
    }
  }

  /** After (re)connecting: replay what was missed while live messages wait in the buffer. */
  async catchUp() {
    const first = !this.wasConnected;
    this.wasConnected = true;
    if (this.lastSeq === null) {
      // No event seen yet, so nothing to replay from: the first time the snapshot is fresh; after
      // a break, whatever happened meanwhile is only in a new snapshot.
      if (first) this.o.onStatus('online');
      else await this.resync();
      return;
    }
    this.replaying = true;
    this.o.onStatus('replaying');
    try {
      await this.replay();
    } catch (e) {
      console.warn('replay failed; reloading the snapshot', e);
      this.replaying = false;
      await this.resync();
      return;
    }
    this.flush();
    this.o.onStatus(this.eb ? 'online' : 'offline');
  }

  async replay() {
    for (;;) {
      const q = new URLSearchParams({ after: String(this.lastSeq), limit: String(REPLAY_PAGE) });
      if (this.o.replayCell) q.set('cell', this.o.replayCell);
      const r = await fetch('/api/events?' + q, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (!r.ok) throw new Error('GET /api/events: ' + r.status);
      const body = await r.json();
      const events = (body.events || []).slice().sort((a, b) => a.seq - b.seq);
      events.forEach(e => this.deliver(e));
      if (events.length < REPLAY_PAGE) return;
    }
  }

  flush() {
    this.replaying = false;
    const waiting = this.buffer.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
    this.buffer = [];
    waiting.forEach(e => this.deliver(e));
  }

  /** Reload the snapshot, then replay from the last event seen before it (duplicates are dropped). */
  async resync() {
    this.replaying = true;
    this.o.onStatus('replaying');
    try {
      await this.o.onResync();
      if (this.lastSeq !== null) await this.replay();
    } catch (e) {
      console.warn('resync failed', e);
    }
    this.flush();
    this.o.onStatus(this.eb ? 'online' : 'offline');
  }

  /**
   * Registers one more address on the open connection (tests use it to check that the server
   * refuses another grid's address). Resolves with the events received there within waitMs and
   * any refusal the bridge sent.
   */
  probe(address, waitMs) {
    return new Promise((resolve) => {
      const got = [];
      const errors = [];
      const before = this.denied.length;
      if (!this.eb) { resolve({ events: got, errors: ['not connected'] }); return; }
      const handler = (err, msg) => { if (err) errors.push(err); else got.push(msg.body); };
      this.eb.registerHandler(address, {}, handler);
      setTimeout(() => {
        resolve({ events: got, errors: errors.concat(this.denied.slice(before)) });
      }, waitMs);
    });
  }
}
