// The command screen's map: our own grid outlines (js/shared/map.js: MapLibre, offline style, no
// tiles), the cells of the ranking's level shaded by their open cases, and the open mass incidents
// as pulsing red HTML markers (few at a time, so HTML is cheap and needs no glyphs).
import {
  maplibregl, createBaseMap, mapLoaded, loadGrid, fitCells, setCellState, caseLngLat,
} from '../js/shared/map.js';

/**
 * Where an incident is: its own location when the server sends one, else the label point of its
 * cell (or of the nearest enclosing cell the grid knows), else null.
 */
export function incidentLngLat(incident, cells) {
  const own = caseLngLat(incident);
  if (own) return own;
  let code = incident && incident.cellCode ? String(incident.cellCode) : '';
  while (code.length >= 6) {
    const c = cells.get(code);
    if (c && c.label) return c.label;
    code = code.length > 12 ? code.slice(0, 12) : code.slice(0, code.length - 3);
  }
  return null;
}

/**
 * ctx: {user, onIncident(id)}. Returns the map part: start() (loads the grid, fits the scope),
 * cells (code → info), setIncidents(list), focus(incident), overview(), shade(level, rows),
 * markerCount(), map.
 */
export function createMapView(ctx) {
  const map = createBaseMap('map', { zoom: 8.3 });
  const cells = new Map();
  const markers = new Map(); // incident id -> {marker, element}
  let shaded = new Set();

  async function start() {
    await mapLoaded(map);
    const loaded = await loadGrid(map, [1, 2, 3]);
    loaded.forEach((v, k) => cells.set(k, v));
    overview();
  }

  function scopeCells() {
    const code = ctx.user.gridCode;
    if (code && cells.has(code)) return [cells.get(code)];
    return [...cells.values()].filter(c => c.level === 1);
  }

  /** Back to the whole scope. */
  function overview() {
    fitCells(map, scopeCells(), 30);
  }

  function markerElement(incident) {
    const e = document.createElement('button');
    e.type = 'button';
    e.className = 'incident-marker';
    e.dataset.incidentId = String(incident.id);
    const ring = document.createElement('span');
    ring.className = 'ring';
    const dot = document.createElement('span');
    dot.className = 'dot';
    e.append(ring, dot);
    e.addEventListener('click', (ev) => {
      ev.stopPropagation();
      ctx.onIncident(incident.id);
    });
    return e;
  }

  /** Shows exactly these incidents (open ones), one pulsing marker each. */
  function setIncidents(list) {
    const keep = new Set();
    for (const inc of list) {
      const at = incidentLngLat(inc, cells);
      if (!at) continue;
      const id = String(inc.id);
      keep.add(id);
      let m = markers.get(id);
      if (!m) {
        const element = markerElement(inc);
        m = { element, marker: new maplibregl.Marker({ element }).setLngLat(at).addTo(map) };
        markers.set(id, m);
      } else {
        m.marker.setLngLat(at);
      }
      m.element.title = `${inc.incidentNo || inc.id} · ${(inc.employer && inc.employer.name) || ''}`;
      m.element.classList.toggle('overdue', !!inc.overdue);
    }
    for (const [id, m] of markers) {
      if (!keep.has(id)) {
        m.marker.remove();
        markers.delete(id);
      }
    }
  }

  /** Centres the map on an incident and marks its marker as selected. */
  function focus(incident) {
    for (const [id, m] of markers) m.element.classList.toggle('selected', id === String(incident && incident.id));
    const at = incident && incidentLngLat(incident, cells);
    if (at) map.jumpTo({ center: at, zoom: Math.max(map.getZoom(), 13) });
  }

  function unfocus() {
    for (const m of markers.values()) m.element.classList.remove('selected');
  }

  /** Shades the cells of a level by their open cases (ranking rows: {cellCode, open}). */
  function shade(level, rows) {
    const next = new Set();
    for (const r of rows) {
      setCellState(map, level, r.cellCode, { open: Number(r.open) || 0 });
      next.add(r.cellCode);
    }
    for (const code of shaded) if (!next.has(code)) setCellState(map, level, code, { open: 0 });
    shaded = next;
  }

  function flyToCell(code) {
    const c = cells.get(code);
    if (c) fitCells(map, [c], 40);
  }

  return {
    map, cells, start, overview, setIncidents, focus, unfocus, shade, flyToCell,
    markerCount: () => markers.size,
    resize: () => map.resize(),
  };
}
