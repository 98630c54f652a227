// The field app's case view: the case with its map and distance, the team, check-ins,
// deadlines, the actions the user may take (through the outbox), notes, photo evidence and the
// timeline. app.js hands over f: the page's state and the functions to act (act, arrive,
// pendingOf, acceptedByMe, toast); this module keeps no state of its own.
import { ApiError, api } from '../../js/shared/api.js';
import { t } from '../../js/shared/i18n.js';
import { $, el } from '../../js/shared/dom.js';
import { formatTime, countdown, distance, money, metresBetween, number } from '../../js/shared/format.js';
import { caseLonLat, OUTCOMES, ASSISTANT_OUTCOMES, FAR_METRES } from './rules.js';

export function createCaseView(f) {
  const { state, act, arrive, pendingOf, acceptedByMe } = f;

  function fact(dl, key, value) {
    if (value === null || value === undefined || value === '') return;
    dl.append(el('dt', null, t(key)), el('dd', null, value));
  }

  function renderCase() {
    const c = state.current;
    const root = $('case');
    if (!c) { root.textContent = ''; return; }
    const mapNode = state.mapNode && root.contains(state.mapNode) ? state.mapNode : null;
    const focusedId = document.activeElement && document.activeElement.id;
    const drafts = {};
    root.querySelectorAll('textarea, input[type=text], input[type=number], select').forEach(f => { if (f.id) drafts[f.id] = f.value; });
    root.textContent = '';
    root.dataset.caseId = c.caseId;
    root.dataset.status = c.status;
    root.dataset.version = c.version;

    const head = el('div', 'case-title');
    head.append(el('h2', null, c.caseNo), el('span', `badge s-${c.status}`, t(`status.${c.status}`)));
    root.append(head);

    root.append(actions(c));

    // Map and distance.
    const mapBox = el('div', 'map-box');
    const map = mapNode || el('div', 'case-map');
    map.id = 'case-map';
    map.setAttribute('role', 'img');
    map.setAttribute('aria-label', t('field.case.address'));
    mapBox.append(map);
    const dist = el('p', 'distance');
    dist.id = 'case-distance';
    mapBox.append(dist);
    root.append(mapBox);

    const dl = el('dl', 'facts');
    fact(dl, 'case.category', t(`category.${c.category}`));
    fact(dl, 'case.employer', c.employer && c.employer.name);
    const ll = caseLonLat(c);
    fact(dl, 'field.case.address', ll ? `${ll[0].toFixed(5)}, ${ll[1].toFixed(5)}` : '—');
    fact(dl, 'case.cell', c.cellCode);
    fact(dl, 'case.workers', t('unit.people', { n: c.totalWorkers ?? c.workersInvolved }));
    fact(dl, 'case.amount', c.amountOwed ? money(c.amountOwed) : null);
    if (c.complainant) {
      const cp = c.complainant;
      fact(dl, 'case.complainant', `${cp.name || ''} ${cp.phone || ''}${cp.masked ? ' ' + t('field.case.masked') : ''}`);
    }
    fact(dl, 'case.channel', c.channel ? t(`channel.${c.channel}`) : null);
    fact(dl, 'case.received', c.createdAt ? formatTime(c.createdAt) : null);
    root.append(dl);
    if (c.description) {
      root.append(el('h3', null, t('field.case.description')), el('p', 'description', c.description));
    }

    // Team.
    if ((c.assignedInspectors || []).length) {
      root.append(el('h3', null, t('field.case.team')));
      const ul = el('ul', 'team');
      for (const id of c.assignedInspectors) {
        const who = Number(id) === Number(state.user.id) ? t('field.case.me') : teamName(c, id);
        const ok = (c.acceptedBy || []).map(Number).includes(Number(id));
        const queued = !ok && Number(id) === Number(state.user.id) && pendingOf(c.caseId, 'accept');
        ul.append(el('li', ok ? 'ok' : 'wait', `${who}：${ok ? t('field.case.accepted')
          : queued ? t('field.case.acceptQueued') : t('field.case.notAccepted')}`));
      }
      root.append(ul);
    }

    // Arrivals.
    if ((c.arrivals || []).length) {
      root.append(el('h3', null, t('field.case.arrivals')));
      const ul = el('ul', 'arrivals');
      for (const a of c.arrivals) {
        const who = Number(a.userId) === Number(state.user.id) ? t('field.case.me') : teamName(c, a.userId);
        const li = el('li', a.farFromSite ? 'far' : null, a.distanceMeters !== null && a.distanceMeters !== undefined
          ? t('field.case.arrival', { who, time: formatTime(a.at), d: distance(a.distanceMeters) })
          : t('field.case.arrivalNoLoc', { who, time: formatTime(a.at) }));
        if (a.farFromSite) { li.append(el('br')); li.append(el('strong', 'warn', t('field.case.far'))); }
        ul.append(li);
      }
      root.append(ul);
    }

    // Deadlines.
    const ds = (c.deadlines || []).filter(d => d.status !== 'MET');
    if (ds.length) {
      root.append(el('h3', null, t('field.case.deadlines')));
      const ul = el('ul', 'deadlines');
      for (const d of ds) ul.append(el('li', `t-${d.status}`, `${t(`kind.${d.kind}`)}：${formatTime(d.dueAt)}（${countdown(d.dueAt).text}）`));
      root.append(ul);
    }

    if (c.outcome) {
      root.append(el('h3', null, t('field.case.outcome')));
      root.append(el('p', null, `${t(`field.outcome.${c.outcome.action}`)} · ${money(c.outcome.wagesRecovered)} · ${t('unit.people', { n: c.outcome.workersHelped })}`));
    }

    // The evidence form is kept across renders: a chosen photo (a file input cannot be refilled)
    // and an upload under way must survive the live updates of the case.
    if (!state.evidenceBox || state.evidenceBox.dataset.caseId !== String(c.caseId)) state.evidenceBox = evidenceForm(c);
    root.append(noteForm(c), state.evidenceBox);

    if ((c.events || []).length) {
      root.append(el('h3', null, t('field.case.timeline')));
      const ol = el('ol', 'timeline');
      for (const e of [...c.events].reverse()) {
        const li = el('li');
        li.append(el('time', null, formatTime(e.at)), el('span', null, ` ${t(`action.${e.type}`)} · ${(e.actor && e.actor.username) || ''}`));
        if (e.data && (e.data.note || e.data.reason)) li.append(el('div', 'muted small', e.data.note || e.data.reason));
        ol.append(li);
      }
      root.append(ol);
    }

    for (const [id, v] of Object.entries(drafts)) { const f = document.getElementById(id); if (f && v) f.value = v; }
    if (focusedId) { const f = document.getElementById(focusedId); if (f) f.focus(); }
    showMap(c);
    updateDistance();
  }

  function teamName(c, id) {
    const e = (c.events || []).find(x => x.actor && Number(x.actor.userId) === Number(id));
    return e ? e.actor.username : t('field.case.partner', { id });
  }

  function button(cls, key, onClick) {
    const b = el('button', cls, t(key));
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  }

  function actions(c) {
    const box = el('div', 'actions');
    box.id = 'case-actions';
    // The list's copy of a case (no events, no check-ins) stands in only while offline: the page
    // may have been opened without the network, and the actions must still be possible.
    if (c.partial && navigator.onLine) return box;
    const me = Number(state.user.id);
    const assistant = state.user.role === 'ASSISTANT';
    const onTeam = (c.assignedInspectors || []).map(Number).includes(me);
    const accepted = acceptedByMe(c) || pendingOf(c.caseId, 'accept');
    const arrived = (c.arrivals || []).some(a => Number(a.userId) === me) || pendingOf(c.caseId, 'arrive');
    const waiting = state.pending.filter(i => i.caseId === c.caseId);
    if (waiting.length) {
      box.append(el('p', 'case-pending', t('field.act.queued', { action: waiting.map(i => t(`field.action.${i.action}`)).join('、') })));
    }
    const open = (s) => s === c.status;
    if (onTeam && open('DISPATCHED') && !accepted && !pendingOf(c.caseId, 'refuse')) {
      const row = el('div', 'row');
      const acc = button('primary big', 'field.act.accept', () => act(c, 'accept'));
      acc.id = 'act-accept';
      const ref = button('danger big', 'field.act.refuse', () => { form.hidden = false; $('refuse-reason').focus(); });
      ref.id = 'act-refuse';
      row.append(acc, ref);
      box.append(row);
      const form = el('form', 'refuse-form');
      form.hidden = true;
      const label = el('label');
      label.append(el('span', null, t('field.act.refuseReason')));
      const ta = el('textarea');
      ta.id = 'refuse-reason';
      ta.required = true;
      ta.maxLength = 500;
      ta.rows = 2;
      label.append(ta);
      const send = el('button', 'danger', t('field.act.refuseSend'));
      send.type = 'submit';
      send.id = 'act-refuse-send';
      const cancel = button('secondary', 'field.act.cancel', () => { form.hidden = true; });
      const r2 = el('div', 'row');
      r2.append(send, cancel);
      form.append(label, r2);
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        const reason = ta.value.trim();
        if (!reason) return;
        act(c, 'refuse', { reason });
      });
      box.append(form);
    }
    if ((onTeam || assistant) && (open('DISPATCHED') || open('ON_SITE')) && (accepted || assistant) && !arrived) {
      const b = button('primary big', 'field.act.arrive', () => arrive(c));
      b.id = 'act-arrive';
      box.append(b, el('p', 'muted small', t('field.act.arriveHint')));
    }
    if (onTeam && open('ON_SITE') && !pendingOf(c.caseId, 'investigate')) {
      const all = (c.assignedInspectors || []).every(id => (c.acceptedBy || []).map(Number).includes(Number(id))
        || (Number(id) === me && accepted));
      const b = button(all ? 'primary big' : 'secondary big', 'field.act.investigate', () => act(c, 'investigate'));
      b.id = 'act-investigate';
      box.append(b);
      if (!all) {
        const p = el('p', 'warn partner-wait', t('field.act.waitPartner'));
        p.id = 'wait-partner';
        box.append(p);
      }
    }
    if ((onTeam || assistant) && open('INVESTIGATING') && !pendingOf(c.caseId, 'resolve')) box.append(resolveForm(c, assistant));
    return box;
  }

  function resolveForm(c, assistant) {
    const form = el('form', 'resolve-form');
    form.id = 'resolve-form';
    form.append(el('h3', null, t('field.act.resolve')));
    const wages = el('input');
    wages.id = 'resolve-wages';
    wages.type = 'text';
    wages.inputMode = 'decimal';
    wages.pattern = '\\d{1,12}(\\.\\d{1,2})?';
    wages.required = true;
    wages.value = '0.00';
    const helped = el('input');
    helped.id = 'resolve-helped';
    helped.type = 'number';
    helped.min = '0';
    helped.max = '100000';
    helped.required = true;
    helped.value = String(c.workersInvolved ?? 0);
    const sel = el('select');
    sel.id = 'resolve-action';
    for (const o of assistant ? ASSISTANT_OUTCOMES : OUTCOMES) {
      const opt = el('option', null, t(`field.outcome.${o}`));
      opt.value = o;
      sel.append(opt);
    }
    for (const [key, input] of [['field.act.wages', wages], ['field.act.helped', helped], ['field.act.action', sel]]) {
      const l = el('label');
      l.append(el('span', null, t(key)), input);
      form.append(l);
    }
    const send = el('button', 'primary big', t('field.act.resolve'));
    send.type = 'submit';
    send.id = 'act-resolve';
    form.append(send);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const w = Number(wages.value);
      act(c, 'resolve', { outcome: { wagesRecovered: w.toFixed(2), workersHelped: Number(helped.value), action: sel.value } });
    });
    return form;
  }

  function noteForm(c) {
    const form = el('form', 'note-form');
    const label = el('label');
    label.append(el('span', null, t('field.act.note')));
    const ta = el('textarea');
    ta.id = 'note-text';
    ta.rows = 3;
    ta.maxLength = 2000;
    ta.placeholder = t('field.act.notePlaceholder');
    label.append(ta);
    const send = el('button', 'secondary', t('field.act.noteSend'));
    send.type = 'submit';
    send.id = 'act-note';
    form.append(label, send);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const note = ta.value.trim();
      if (!note) return;
      ta.value = '';
      await act(c, 'note', { note });
    });
    return form;
  }

  function evidenceForm(c) {
    const box = el('section', 'evidence');
    box.dataset.caseId = String(c.caseId);
    box.append(el('h3', null, t('field.act.evidence')));
    const form = el('form', 'evidence-form');
    const file = el('input');
    file.type = 'file';
    file.id = 'evidence-file';
    file.accept = 'image/*';
    file.setAttribute('capture', 'environment');
    file.setAttribute('aria-label', t('field.act.evidence'));
    const cap = el('input');
    cap.type = 'text';
    cap.id = 'evidence-note';
    cap.maxLength = 500;
    cap.placeholder = t('field.act.evidenceNote');
    cap.setAttribute('aria-label', t('field.act.evidenceNote'));
    const send = el('button', 'secondary', t('field.act.evidenceUpload'));
    send.type = 'submit';
    send.id = 'evidence-upload';
    const msg = el('p', 'small');
    msg.id = 'evidence-msg';
    msg.setAttribute('aria-live', 'polite');
    msg.setAttribute('role', 'status');
    form.append(file, cap, send, msg);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const f = file.files && file.files[0];
      if (!f) { file.focus(); return; }
      if (!navigator.onLine) { msg.textContent = t('field.act.evidenceOffline'); return; }
      send.disabled = true;
      msg.textContent = t('field.act.evidenceSending');
      try {
        const r = await uploadEvidence(c, f, cap.value.trim());
        msg.textContent = t('field.act.evidenceDone', { name: f.name, size: r.size });
        file.value = '';
        cap.value = '';
        loadEvidence(c);
      } catch (e) {
        msg.textContent = e instanceof ApiError ? t('field.act.evidenceFailed', { detail: e.detail || e.message })
          : t('field.act.evidenceOffline');
      } finally {
        send.disabled = false;
      }
    });
    const list = el('ul', 'evidence-list');
    list.id = 'evidence-list';
    box.append(form, list);
    return box;
  }

  async function uploadEvidence(c, f, note) {
    const q = new URLSearchParams();
    q.set('takenAt', new Date(f.lastModified || Date.now()).toISOString());
    if (state.position) { q.set('lon', String(state.position.lon)); q.set('lat', String(state.position.lat)); }
    if (note) q.set('note', note);
    if (f.name) q.set('filename', f.name.slice(0, 200));
    const type = f.type === 'image/png' || f.type === 'application/pdf' ? f.type : 'image/jpeg';
    return api(`/api/cases/${c.caseId}/evidence?${q}`, { method: 'POST', body: f, headers: { 'Content-Type': type } });
  }

  async function loadEvidence(c) {
    let r;
    try { r = await api(`/api/cases/${c.caseId}/evidence`); } catch (e) { return; }
    const list = $('evidence-list');
    if (!list || !state.current || state.current.caseId !== c.caseId) return;
    const items = Array.isArray(r) ? r : (r && r.items) || [];
    list.textContent = '';
    list.append(el('li', 'muted small', items.length ? t('field.act.evidenceList', { n: items.length }) : t('field.act.evidenceNone')));
    for (const it of items) {
      const li = el('li');
      const name = it.fileName || it.filename || it.contentType || '';
      const a = el('a', null, `${name} · ${number(it.size)} B${it.takenAt ? ' · ' + formatTime(it.takenAt) : ''}`);
      a.href = it.href || `/api/cases/${c.caseId}/evidence/${it.id}`;
      a.target = '_blank';
      a.rel = 'noopener';
      li.append(a);
      if (it.note) li.append(el('div', 'muted small', it.note));
      list.append(li);
    }
  }

  // ---------------------------------------------------------------- map

  async function showMap(c) {
    const ll = caseLonLat(c);
    const node = $('case-map');
    if (!ll || !node) { if (node) node.hidden = true; return; }
    if (state.mapNode !== node && navigator.onLine === false) {
      // MapLibre's worker could not be started offline in our tests (Chromium, even with the file in
      // the service worker's cache): no map until the network is back (onOnline re-renders); the
      // distance is shown all the same.
      node.textContent = t('field.case.mapOffline');
      node.classList.add('map-offline');
      return;
    }
    if (state.mapNode !== node) {
      node.textContent = '';
      node.classList.remove('map-offline');
      // Set before the first await: renders that follow reuse this map instead of making another.
      state.mapNode = node;
      if (state.map) { try { state.map.remove(); } catch (e) { /* gone */ } state.map = null; }
      state.mapReady = (async () => {
        const m = await import('../../js/shared/map.js');
        if (state.mapNode !== node) return;
        const map = m.createBaseMap(node, { center: ll, zoom: 14, maxZoom: 18 });
        state.map = map;
        state.mapModule = m;
        await m.mapLoaded(map);
        map.addSource('link', { type: 'geojson', data: m.emptyFc() });
        map.addLayer({ id: 'link', type: 'line', source: 'link', paint: { 'line-color': '#ffd54f', 'line-width': 2, 'line-dasharray': [2, 2] } });
        map.addSource('site', { type: 'geojson', data: m.emptyFc() });
        map.addLayer({ id: 'site-halo', type: 'circle', source: 'site', paint: { 'circle-radius': 16, 'circle-color': '#ff5252', 'circle-opacity': 0.25 } });
        map.addLayer({ id: 'site', type: 'circle', source: 'site', paint: { 'circle-radius': 8, 'circle-color': '#ff5252', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
        map.addSource('me', { type: 'geojson', data: m.emptyFc() });
        map.addLayer({ id: 'me', type: 'circle', source: 'me', paint: { 'circle-radius': 7, 'circle-color': '#2196f3', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
        // Our own base layer: the level-3 grid (no tiles from outside).
        m.loadGrid(map, [3]).catch(() => {});
        updateMapData(true);
        map.once('idle', () => { document.body.dataset.map = 'ready'; });
      })();
    }
    await state.mapReady;
  }

  function updateMapData(fit) {
    const map = state.map;
    const m = state.mapModule;
    const c = state.current;
    if (!map || !m || !c || !map.getSource('site')) return;
    const ll = caseLonLat(c);
    if (!ll) return;
    map.getSource('site').setData({ type: 'FeatureCollection', features: [m.pointFeature(ll)] });
    const me = state.position ? [state.position.lon, state.position.lat] : null;
    map.getSource('me').setData({ type: 'FeatureCollection', features: me ? [m.pointFeature(me)] : [] });
    map.getSource('link').setData({ type: 'FeatureCollection', features: me ? [m.lineFeature(me, ll)] : [] });
    // Fit again when I have moved more than 100 m since the last fit (e.g. arriving on site).
    if (!fit && me && (!state.fitAt || metresBetween(me, state.fitAt) > 100)) fit = true;
    if (fit) {
      state.fitAt = me;
      if (me && metresBetween(me, ll) < 50000) {
        map.fitBounds([[Math.min(me[0], ll[0]), Math.min(me[1], ll[1])], [Math.max(me[0], ll[0]), Math.max(me[1], ll[1])]],
          { padding: 40, maxZoom: 16, duration: 0 });
      } else {
        map.jumpTo({ center: ll, zoom: 14 });
      }
    }
  }

  function updateDistance() {
    const p = $('case-distance');
    const c = state.current;
    if (p && c) {
      const ll = caseLonLat(c);
      if (ll && state.position) {
        const d = metresBetween([state.position.lon, state.position.lat], ll);
        p.textContent = t('field.case.distance', { d: distance(d) });
        p.className = d > FAR_METRES ? 'distance far' : 'distance near';
        p.dataset.metres = String(Math.round(d));
      } else {
        p.textContent = t('field.case.noPosition');
      }
    }
    updateMapData(false);
  }

  /** Removes the case's map (the list is shown, or the user signed out). */
  function removeMap() {
    if (state.map) { try { state.map.remove(); } catch { /* gone */ } }
    state.map = null;
    state.mapReady = null;
    state.mapNode = null;
    delete document.body.dataset.map;
  }

  return { renderCase, loadEvidence, updateDistance, removeMap };
}
