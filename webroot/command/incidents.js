// The open mass incidents (群体性事件) on the command screen: the list with each one's one-hour
// on-site clock (GET /api/incidents?open=true), kept live by incident.opened / .updated / .closed
// events, with a flash banner and an optional tone when one opens. The map markers and the
// command view are told through ctx.
import { t, has } from '../js/shared/i18n.js';
import { get, ApiError } from '../js/shared/api.js';
import { $, el } from '../js/shared/dom.js';
import { countdown, duration, formatClock } from '../js/shared/format.js';

const NEW_FOR_MS = 120_000;
const BANNER_MS = 12_000;

/** An incident's id from an event's data (the server may call it incidentId or id). */
export function eventIncidentId(data) {
  const d = data || {};
  const id = d.incidentId ?? d.id ?? (d.incident && d.incident.id);
  return id === undefined || id === null ? null : id;
}

/** When the incident's people arrived (null if not yet), from whichever field the server sends. */
export function arrivedAt(inc) {
  return (inc && (inc.arrivedAt || (inc.arrival && inc.arrival.at))) || null;
}

/**
 * The one-hour clock of an incident at now: {state: 'arrived'|'running'|'over'|'none', text}.
 * Counts down to onSiteDueAt; red once past it; stops at the arrival.
 */
export function onSiteClock(inc, now = Date.now()) {
  const arrived = arrivedAt(inc);
  if (arrived) return { state: 'arrived', text: t('cmd.incident.arrived', { t: formatClock(arrived) }) };
  if (!inc || !inc.onSiteDueAt) return { state: 'none', text: '—' };
  const c = countdown(inc.onSiteDueAt, now);
  // Past due by this machine's clock, or by the server's word (onSiteOverdue) when the clocks differ.
  if (c.over) return { state: 'over', text: t('cmd.incident.over', { t: duration(c.ms) }) };
  if (inc.onSiteOverdue === true) return { state: 'over', text: t('cmd.incident.overdue') };
  return { state: 'running', text: t('cmd.incident.left', { t: duration(c.ms) }) };
}

/** A code's label from the page's strings (prefix + code), or the code itself when unknown. */
export function label(prefix, code) {
  if (code === undefined || code === null || code === '') return '—';
  return has(`${prefix}${code}`) ? t(`${prefix}${code}`) : String(code);
}

/** "I级" / "Grade I", or the grade as sent. */
export function gradeText(g) {
  return g ? t('cmd.incident.grade', { g }) : '—';
}

function isOpen(inc) {
  return inc && inc.status !== 'CLOSED' && !inc.closedAt;
}

/**
 * ctx: {cellName(code), onChange(list) (markers), onSelect(id), sound() → boolean}. Returns
 * {load(), applyEvent(ev) → Promise, tick(now), list(), get(id), upsert(inc), enabled}.
 */
export function createIncidents(ctx) {
  const items = new Map();    // id (string) -> incident
  const seenAt = new Map();   // id -> when it appeared live (for "new")
  let enabled = true;         // false when the server has no incidents API (404)
  let denied = false;
  let bannerTimer = null;
  let audio = null;

  // Handlers as properties, not added listeners: a screen made after signing in again replaces them.
  $('incidents').onclick = (e) => {
    const li = e.target.closest('li[data-incident-id]');
    if (li) ctx.onSelect(li.dataset.incidentId);
  };
  $('incidents').onkeydown = (e) => {
    const li = e.target.closest('li[data-incident-id]');
    if (li && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      ctx.onSelect(li.dataset.incidentId);
    }
  };

  async function load() {
    try {
      const body = await get('/api/incidents', { open: 'true' });
      enabled = true;
      denied = false;
      items.clear();
      for (const inc of (body && body.items) || []) if (isOpen(inc)) items.set(String(inc.id), inc);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.status === 501)) enabled = false;
      else if (e instanceof ApiError && e.status === 403) denied = true;
      else console.warn('incidents', e);
    }
    render();
  }

  function sorted() {
    // Overdue first, then the nearest on-site deadline, then the newest.
    const now = Date.now();
    const rank = (i) => { const s = onSiteClock(i, now).state; return s === 'over' ? 0 : s === 'running' ? 1 : 2; };
    return [...items.values()].sort((a, b) => rank(a) - rank(b)
      || String(a.onSiteDueAt || '').localeCompare(String(b.onSiteDueAt || ''))
      || String(b.openedAt || '').localeCompare(String(a.openedAt || '')));
  }

  function render() {
    const ol = $('incidents');
    const list = sorted();
    $('incidents-count').textContent = enabled && !denied ? String(list.length) : '';
    ol.replaceChildren();
    if (!enabled || denied || !list.length) {
      ol.append(el('li', 'empty', !enabled ? t('cmd.incidents.off') : denied ? t('cmd.noAccess') : t('cmd.incidents.none')));
    }
    const now = Date.now();
    for (const inc of list) ol.append(row(inc, now));
    ctx.onChange(list);
  }

  function row(inc, now) {
    const li = el('li', 'incident');
    li.dataset.incidentId = String(inc.id);
    li.tabIndex = 0;
    const fresh = seenAt.has(String(inc.id)) && now - seenAt.get(String(inc.id)) < NEW_FOR_MS;
    li.classList.toggle('fresh', fresh);
    const r1 = el('div', 'i-row1');
    r1.append(el('span', 'i-grade', gradeText(inc.grade)), el('span', 'i-no', inc.incidentNo || `#${inc.id}`),
      el('span', 'i-status', label('cmd.status.', inc.status)));
    if (fresh) r1.append(el('span', 'i-new', t('cmd.incident.new')));
    const r2 = el('div', 'i-row2');
    const emp = el('span', 'i-employer', (inc.employer && inc.employer.name) || '—');
    const workers = el('span', 'i-workers', t('cmd.incident.workers', { n: inc.workers ?? '—' }));
    workers.dataset.value = String(inc.workers ?? '');
    r2.append(emp, workers, el('span', 'i-cell', ctx.cellName(inc.cellCode) || inc.cellCode || '—'));
    const r3 = el('div', 'i-row3');
    r3.append(el('span', 'i-clock-label', t('cmd.incident.onSite')), el('span', 'i-clock clock-cell'));
    li.append(r1, r2, r3);
    updateClock(li, inc, now);
    return li;
  }

  function updateClock(li, inc, now) {
    const c = onSiteClock(inc, now);
    const span = li.querySelector('.i-clock');
    if (span.textContent !== c.text) span.textContent = c.text;
    li.dataset.clock = c.state;
  }

  /** Every second: the clocks only (the rows stay). */
  function tick(now = Date.now()) {
    for (const li of $('incidents').querySelectorAll('li[data-incident-id]')) {
      const inc = items.get(li.dataset.incidentId);
      if (inc) updateClock(li, inc, now);
    }
  }

  /** Puts an incident (a list item or the full detail) into the list, or takes it out once closed. */
  function upsert(inc) {
    if (!inc || inc.id === undefined) return;
    const id = String(inc.id);
    if (isOpen(inc)) items.set(id, { ...(items.get(id) || {}), ...inc });
    else items.delete(id);
    render();
  }

  async function fetchOne(id) {
    try {
      return await get(`/api/incidents/${encodeURIComponent(id)}`);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.status === 403)) return null;
      throw e;
    }
  }

  /** A live event of type incident.*; resolves once the list shows it. */
  async function applyEvent(ev) {
    const type = String(ev.type || '');
    const data = ev.data || {};
    const id = eventIncidentId(data);
    if (id === null) return;
    enabled = true;
    if (type === 'incident.opened') {
      const first = !items.has(String(id));
      seenAt.set(String(id), Date.now());
      // Shown at once from what the event carries, then completed from the API.
      if (data.employer || data.workers !== undefined) upsert({ status: 'OPEN', cellCode: ev.cellCode, ...data, id });
      const full = await fetchOne(id);
      if (full) upsert(full);
      if (first) alarm(full || { ...data, cellCode: ev.cellCode });
    } else if (type === 'incident.closed') {
      items.delete(String(id));
      render();
    } else {
      const full = await fetchOne(id);
      if (full) upsert(full);
      else { items.delete(String(id)); render(); }
    }
  }

  function alarm(inc) {
    const banner = $('banner');
    $('banner-text').textContent = t('cmd.banner.text', {
      employer: (inc.employer && inc.employer.name) || '—', n: inc.workers ?? '—',
      cell: ctx.cellName(inc.cellCode) || inc.cellCode || '—',
    });
    banner.dataset.incidentId = String(inc.id ?? '');
    banner.hidden = false;
    banner.classList.remove('flash');
    void banner.offsetWidth; // restart the animation
    banner.classList.add('flash');
    clearTimeout(bannerTimer);
    bannerTimer = setTimeout(() => { banner.hidden = true; }, BANNER_MS);
    if (ctx.sound()) beep();
  }

  /** Two falling tones made in the browser (no sound file); needs a click first (the ♪ button). */
  function beep() {
    try {
      audio = audio || new AudioContext();
      const start = audio.currentTime + 0.02;
      [880, 660, 880, 660].forEach((f, i) => {
        const o = audio.createOscillator();
        const g = audio.createGain();
        o.frequency.value = f;
        g.gain.setValueAtTime(0.18, start + i * 0.22);
        g.gain.exponentialRampToValueAtTime(0.001, start + i * 0.22 + 0.2);
        o.connect(g).connect(audio.destination);
        o.start(start + i * 0.22);
        o.stop(start + i * 0.22 + 0.21);
      });
    } catch (e) { /* no audio: the banner is enough */ }
  }

  /** Called on the click that switches the sound on: browsers start audio only after a gesture. */
  function unlockAudio() {
    try { audio = audio || new AudioContext(); if (audio.state === 'suspended') audio.resume(); } catch (e) { /* none */ }
  }

  return {
    load, applyEvent, tick, upsert, render, unlockAudio, fetchOne,
    list: () => sorted(),
    get: (id) => items.get(String(id)) || null,
    get enabled() { return enabled; },
  };
}
