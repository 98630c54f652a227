// The wall's map: the grid at three levels, the open cases (clustered, ringed for mass incidents
// and overdue timers), the pulsing rings of new cases, the cells' colours, the district labels
// and cluster counts as HTML, and following new cases. All state is in w.state (wall/store.js).
import { t, language } from '../shared/i18n.js';
import { $, el } from '../shared/dom.js';
import {
  maplibregl, LEVEL_ZOOM, CATEGORY_COLOURS, createBaseMap, mapLoaded, addGridLayers,
  fetchGridCells, cellInfo, emptyFc, levelOf, setCellState, cellsBounds,
} from '../shared/map.js';
import { staffPaint, assignmentPaint } from './staff.js';
import { supervisionLevel } from './supervision.js';
import { isMass, timerColour, cellAggregates, pulsingCases } from './model.js';

export function createMapView(w) {
  const state = w.state;

  function createMap() {
    const map = createBaseMap('map');
    state.map = map;
    const stopFollowing = (e) => {
      if (e.originalEvent && state.follow) {
        state.follow = false;
        $('follow').hidden = false;
      }
    };
    map.on('dragstart', stopFollowing);
    map.on('zoomstart', stopFollowing);
    return map;
  }

  function addCaseLayers(map) {
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

  /** The map (made once), loaded. */
  async function ready() {
    if (!state.map) createMap();
    await mapLoaded(state.map);
  }

  async function loadGrid() {
    const map = state.map;
    if (map.getSource('cells-1')) return;
    [1, 2, 3].forEach(level => addGridLayers(map, level));
    addCaseLayers(map);
    const levels = await fetchGridCells([1, 2, 3]);
    levels.forEach((fc, i) => {
      if (!fc) return;
      for (const f of fc.features) state.cells.set(f.properties.code, cellInfo(f));
      map.getSource(`cells-${i + 1}`).setData(fc);
    });
    addCellLabels(map);
    wireMapEvents(map);
  }

  function addCellLabels(map) {
    for (const c of state.cells.values()) {
      if (c.level !== 1) continue;
      const e = el('div', 'cell-label', c.name);
      state.cellLabels.push(new maplibregl.Marker({ element: e }).setLngLat(c.label).addTo(map));
    }
    const toggle = () => {
      const visible = map.getZoom() < LEVEL_ZOOM[1][1];
      state.cellLabels.forEach(m => { m.getElement().hidden = !visible; });
    };
    map.on('zoomend', toggle);
    toggle();
  }

  function wireMapEvents(map) {
    let hovered = null;
    const tooltip = $('tooltip');
    for (const level of [1, 2, 3]) {
      const layer = `cells-${level}-fill`;
      map.on('mousemove', layer, (e) => {
        const f = e.features && e.features[0];
        if (!f) return;
        if (hovered && hovered.code !== f.properties.code) setCellState(map, hovered.level, hovered.code, { hover: false });
        hovered = { level, code: f.properties.code };
        setCellState(map, level, f.properties.code, { hover: true });
        const open = map.getFeatureState({ source: `cells-${level}`, id: f.properties.code }).open || 0;
        tooltip.textContent = `${f.properties.name} · ${t('panel.cases', { n: open })}`;
        tooltip.style.left = `${e.point.x + 14}px`;
        tooltip.style.top = `${e.point.y + 14}px`;
        tooltip.hidden = false;
        map.getCanvas().style.cursor = 'pointer';
      });
      map.on('mouseleave', layer, () => {
        if (hovered) setCellState(map, hovered.level, hovered.code, { hover: false });
        hovered = null;
        tooltip.hidden = true;
        map.getCanvas().style.cursor = '';
      });
    }
    map.on('click', (e) => {
      if (w.console && w.console.onMapClick(e)) return; // the intake form is picking its place
      const layers = ['case-points', 'case-clusters', 'staff-points', 'cells-1-fill', 'cells-2-fill', 'cells-3-fill']
        .filter(l => map.getLayer(l));
      const f = map.queryRenderedFeatures(e.point, { layers })[0];
      if (!f) return;
      if (f.layer.id === 'case-points') {
        w.showCase(f.properties.caseId);
      } else if (f.layer.id === 'staff-points') {
        w.console.staff.showStaff(f.properties.userId);
      } else if (f.layer.id === 'case-clusters') {
        map.getSource('cases').getClusterExpansionZoom(f.properties.cluster_id)
          .then(z => map.easeTo({ center: f.geometry.coordinates, zoom: z }));
      } else if (f.layer.id.startsWith('cells-')) {
        w.showCell(f.properties.code);
      }
    });
    for (const layer of ['case-points', 'staff-points']) {
      map.on('mouseenter', layer, () => { if (!document.body.classList.contains('picking')) map.getCanvas().style.cursor = 'pointer'; });
      map.on('mouseleave', layer, () => { if (!document.body.classList.contains('picking')) map.getCanvas().style.cursor = ''; });
    }
    let labelTimer = null;
    map.on('render', () => {
      if (labelTimer) return;
      labelTimer = setTimeout(() => { labelTimer = null; updateClusterLabels(map); }, 150);
    });
  }

  // Cluster counts as HTML (no glyphs): only the clusters currently in view. A cluster's id is only
  // good for one version of the data (new points renumber them), so a marker is always moved to its
  // cluster's place, and markers of vanished clusters are reused before new ones are made.
  function updateClusterLabels(map) {
    if (!map.getSource('cases') || !map.isSourceLoaded('cases')) return;
    const markers = state.clusterMarkers;
    const clusters = new Map();
    for (const f of map.querySourceFeatures('cases')) {
      const p = f.properties;
      if (p.cluster && !clusters.has(p.cluster_id)) clusters.set(p.cluster_id, f);
    }
    const spare = [];
    for (const [id, m] of markers) {
      if (!clusters.has(id)) { spare.push(m); markers.delete(id); }
    }
    for (const [id, f] of clusters) {
      const [lon, lat] = f.geometry.coordinates;
      let m = markers.get(id);
      if (!m) {
        m = spare.pop() || new maplibregl.Marker({ element: el('div', 'cluster-label') }).setLngLat([lon, lat]).addTo(map);
        markers.set(id, m);
      }
      const at = m.getLngLat();
      if (at.lng !== lon || at.lat !== lat) m.setLngLat([lon, lat]);
      const text = String(f.properties.point_count_abbreviated);
      if (m.getElement().textContent !== text) m.getElement().textContent = text;
    }
    spare.forEach(m => m.remove());
  }

  function scopeName() {
    const code = state.me.gridCode;
    return code && state.cells.has(code) ? state.cells.get(code).name
      : (language() === 'en' ? 'Chengdu (city-wide)' : '成都市（全市）');
  }

  function fitScope() {
    const code = state.me.gridCode;
    const cells = code && state.cells.has(code) ? [state.cells.get(code)]
      : [...state.cells.values()].filter(c => c.level === 1);
    if (!cells.length) return;
    const b = cellsBounds(cells);
    state.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 40, duration: 0 });
    $('scope-name').textContent = scopeName();
  }

  /** The cases' points; setData (a new clustering and a redraw) only when a point, or what it looks like, changed. */
  function renderCasePoints() {
    const map = state.map;
    if (!map || !map.getSource('cases')) return;
    const now = Date.now();
    const features = [];
    const points = [];
    for (const c of state.cases.values()) {
      if (typeof c.lon !== 'number') continue;
      const mass = isMass(c) ? 1 : 0;
      const red = timerColour(c, now) === 'red' ? 1 : 0;
      features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [c.lon, c.lat] },
        properties: { caseId: c.caseId, category: c.category, mass, red } });
      points.push(c.caseId, c.lon, c.lat, c.category, mass, red);
    }
    const shown = state.shownPoints;
    if (points.length !== shown.length || points.some((v, i) => v !== shown[i])) {
      map.getSource('cases').setData({ type: 'FeatureCollection', features });
      state.shownPoints = points;
    }
    renderPulses(now);
  }

  // New cases pulse as HTML rings animated by CSS (on the compositor): the map itself is not
  // redrawn for the animation, which matters on walls that render WebGL in software. Only the
  // newest MAX_PULSES pulse: each ring moves with the map and animates every frame.
  function renderPulses(now) {
    const markers = state.pulseMarkers;
    const ids = new Set();
    for (const c of pulsingCases(state.fresh.values(), now, id => state.cases.has(id))) {
      ids.add(c.caseId);
      let m = markers.get(c.caseId);
      if (!m) {
        m = new maplibregl.Marker({ element: el('div', 'pulse') });
        markers.set(c.caseId, m);
        m.setLngLat([c.lon, c.lat]).addTo(state.map);
      } else {
        const at = m.getLngLat();
        if (at.lng !== c.lon || at.lat !== c.lat) m.setLngLat([c.lon, c.lat]);
      }
      m.getElement().dataset.caseId = c.caseId;
    }
    for (const [id, m] of markers) {
      if (!ids.has(id)) { m.remove(); markers.delete(id); }
    }
    state.pulsing = markers.size;
  }

  /** Open-case counts and the worst timer colour per cell, at every level; feature-state only where changed. */
  function recomputeCells() {
    const map = state.map;
    if (!map || !map.getSource('cells-1')) return;
    const agg = cellAggregates(state.cases.values(), Date.now(), supervisionLevel);
    for (const code of new Set([...agg.keys(), ...state.cellStates.keys()])) {
      const a = agg.get(code) || { open: 0, warn: null };
      const key = `${a.open}|${a.warn}`;
      if (state.cellStates.get(code) === key) continue;
      const level = levelOf(code);
      if (!level) continue;
      setCellState(map, level, code, { open: a.open, warn: a.warn });
      if (a.open === 0 && !a.warn) state.cellStates.delete(code); else state.cellStates.set(code, key);
    }
  }

  function selectCell(code) {
    const map = state.map;
    if (state.selected && state.selected.kind === 'cell') {
      const prev = state.selected.id;
      setCellState(map, levelOf(prev), prev, { selected: false });
    }
    if (code) setCellState(map, levelOf(code), code, { selected: true });
  }

  function recentFresh(now) {
    return [...state.fresh.values()].filter(x => x.newUntil > now && typeof x.lon === 'number' && state.cases.has(x.caseId));
  }

  /**
   * Keeps new cases in view while following: pans (or zooms out) only when one is off screen, and
   * never zooms in, so the operator's chosen level of the grid stays and the map does not re-tile
   * for every complaint. Runs with the map's updates (at most once a second), so a burst of
   * complaints makes one camera move, not one per complaint.
   */
  function followNew() {
    if (!state.follow) return;
    const map = state.map;
    const recent = recentFresh(Date.now());
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
    if ([...state.fresh.values()].some(x => x.newUntil > now && state.cases.has(x.caseId))) followNew(); else fitScope();
  }

  /** Stops following (the operator chose a place). */
  function flyTo(bbox) {
    state.map.fitBounds([[bbox[0], bbox[1]], [bbox[2], bbox[3]]], { padding: 60, duration: 500 });
    state.follow = false;
    $('follow').hidden = false;
  }

  /** The number of grid cells of `level` MapLibre rendered (tests). */
  function renderedCells(level) {
    const map = state.map;
    if (!map || !map.getLayer(`cells-${level}-fill`)) return 0;
    return new Set(map.queryRenderedFeatures({ layers: [`cells-${level}-fill`] }).map(f => f.properties.code)).size;
  }

  return {
    ready, loadGrid, fitScope, scopeName, renderCasePoints, recomputeCells, selectCell, followNew, resumeFollow,
    flyTo, renderedCells,
  };
}
