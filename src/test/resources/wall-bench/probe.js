// The wall smoothness benchmark's probe (io.gridwatch.wall.bench.WallSmoothness), installed with
// addInitScript before the page's own scripts. It only observes: a requestAnimationFrame loop
// recording every frame's timestamp, a PerformanceObserver for long tasks, and (once the wall is
// live) the delay from each event's commit (`at`) to the wall's handler. The benchmark reads
// windows of these with window.__bench.* and does the statistics in Java.
(() => {
  const MAX_FRAMES = 1 << 20;
  const frameAt = new Float64Array(MAX_FRAMES);
  let frames = 0;
  const loop = (t) => {
    if (frames < MAX_FRAMES) frameAt[frames++] = t;
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);

  const longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) {
    // no long-task API: the report says 0 and the frame intervals still tell
  }

  // [handler start (performance.now()), commit-to-handler delay ms, handler duration ms, seq]
  const events = [];
  // performance.now() of every frame the map drew (its 'render' event), once watched
  const mapFrames = [];
  // seq -> when a feed row for it first appeared in the DOM (the feed shows every case and deadline event)
  const inFeed = new Map();

  /** Two frames after the page shows `n` cases, the grid, the queue, and the map has nothing left to load. */
  function fullyRendered(n) {
    const gw = window.gw;
    const map = gw && gw.map;
    if (document.body.dataset.ready !== 'true' || !map) return false;
    if (gw.state.cases.size < n || gw.queueIds().length === 0) return false;
    if (!map.loaded() || !map.areTilesLoaded() || map.isMoving()) return false;
    for (const s of ['cells-1', 'cells-2', 'cells-3', 'cases']) {
      if (!map.getSource(s) || !map.isSourceLoaded(s)) return false;
    }
    return gw.renderedCells(1) > 0;
  }

  window.__bench = {
    now: () => performance.now(),
    /** Resolves with performance.now() at the second frame after the page is fully rendered. */
    whenFullyRendered(n, timeoutMs) {
      return new Promise((resolve, reject) => {
        const started = performance.now();
        const poll = () => {
          if (fullyRendered(n)) {
            requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
          } else if (performance.now() - started > timeoutMs) {
            reject(new Error('not fully rendered within ' + timeoutMs + ' ms'));
          } else {
            setTimeout(poll, 20);
          }
        };
        poll();
      });
    },
    /** Frame intervals (ms) of the frames that began in (from, to]. */
    frameIntervals(from, to) {
      const out = [];
      for (let i = 1; i < frames; i++) {
        if (frameAt[i] > from && frameAt[i] <= to) out.push(frameAt[i] - frameAt[i - 1]);
      }
      return out;
    },
    /** How many frames the map drew in (from, to]. */
    mapFrames(from, to) {
      return mapFrames.filter((t) => t > from && t <= to).length;
    },
    /** [start, duration] of the long tasks that started in (from, to]. */
    longTasks(from, to) {
      return longTasks.filter(([s]) => s > from && s <= to);
    },
    /** Wraps the wall's event handler to time it and counts the map's frames; call once the wall is live. */
    watchEvents() {
      const o = window.gw.live.o;
      if (o.__benchWrapped) return;
      const handle = o.onEvent;
      o.onEvent = (ev) => {
        const start = performance.now();
        const lag = ev.at ? Date.now() - Date.parse(ev.at) : NaN;
        handle(ev);
        events.push([start, lag, performance.now() - start, ev.seq]);
      };
      o.__benchWrapped = true;
      window.gw.map.on('render', () => mapFrames.push(performance.now()));
      new MutationObserver((records) => {
        const now = performance.now();
        for (const r of records) {
          for (const n of r.addedNodes) {
            const seq = n.dataset && Number(n.dataset.seq);
            if (seq && !inFeed.has(seq)) inFeed.set(seq, now);
          }
        }
      }).observe(document.getElementById('feed'), { childList: true });
    },
    /**
     * [start, commit-to-handler ms, handler ms, handler-to-feed-row ms (NaN: not seen)] of the
     * events handled in (from, to].
     */
    events(from, to) {
      return events.filter(([s]) => s > from && s <= to)
        .map(([s, lag, ms, seq]) => [s, lag, ms, inFeed.has(seq) ? inFeed.get(seq) - s : NaN]);
    },
    /**
     * Pans and zooms like an operator looking around: city, streets, communities and back to
     * where it started, each move an animated easeTo. Resolves when the route is done.
     */
    async route(loops) {
      const map = window.gw.map;
      const home = { center: map.getCenter().toArray(), zoom: map.getZoom(), duration: 2000 };
      const go = (o) => new Promise((resolve) => {
        map.once('moveend', resolve);
        map.easeTo({ ...o, duration: o.duration || 2000 });
      });
      const stops = [
        { center: [104.07, 30.66], zoom: 10.5 },
        { center: [104.12, 30.62], zoom: 10.8, duration: 1500 },
        { center: [104.06, 30.65], zoom: 12.4 },
        { center: [104.03, 30.67], zoom: 12.8, duration: 1500 },
        { center: [104.05, 30.69], zoom: 14.0 },
        { center: [104.09, 30.66], zoom: 13.0, duration: 1500 },
        { center: [103.95, 30.75], zoom: 10.2, duration: 2500 },
        home,
      ];
      for (let i = 0; i < loops; i++) {
        for (const s of stops) await go(s);
      }
    },
  };
})();
