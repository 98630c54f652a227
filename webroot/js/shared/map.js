// The MapLibre base shared by GridWatch's pages: the offline style (no tiles, no glyphs, no
// sprite: nothing from outside, text on the map is HTML), the grid layers coloured through
// feature-state, and small helpers. MapLibre itself comes from the jar (vendor/, see pom.xml).
// Exported names are stable (other pages import them): add, don't rename.
import * as maplibregl from '../../vendor/maplibre-gl/dist/maplibre-gl.mjs';
import { apiOrNull } from './api.js';

export { maplibregl };

export const CHENGDU = [104.07, 30.67];
/** Which grid level is drawn at which zoom: districts at city zoom, then streets, then communities. */
export const LEVEL_ZOOM = { 1: [0, 9.8], 2: [9.8, 11.8], 3: [11.8, 24] };
export const CATEGORY_COLOURS = {
  WAGE_ARREARS: '#ffb020', LABOUR_CONTRACT: '#4fc3f7', SOCIAL_INSURANCE: '#81c784', WORKING_HOURS: '#ba68c8',
  CHILD_LABOUR: '#f06292', AGENCY_FEES: '#4db6ac', OTHER: '#b0bec5',
};
export const STAFF_COLOURS = { AVAILABLE: '#36c98e', EN_ROUTE: '#f2c232', ON_SITE: '#4fb3ff', OFF_DUTY: '#5c6b80' };
export const BACKGROUND = '#070d18';

/** Our own style: a background only. Sources and layers are added by the page. */
export function offlineStyle() {
  return { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': BACKGROUND } }] };
}

/**
 * A map in container (an element or its id) with the offline style, no rotation, zoom buttons at
 * top-left. options are MapLibre's and override these defaults.
 */
export function createBaseMap(container, options = {}) {
  const { navigation = true, ...rest } = options;
  const map = new maplibregl.Map({
    container,
    // Our own style: no tiles, no glyphs, no sprite, nothing from outside. Text on the map is
    // HTML (labels, cluster counts), so no glyph server is needed (docs/wall.md).
    style: offlineStyle(),
    center: CHENGDU,
    zoom: 8.3,
    maxZoom: 17,
    attributionControl: false,
    dragRotate: false,
    pitchWithRotate: false,
    ...rest,
  });
  map.touchZoomRotate.disableRotation();
  if (navigation) map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
  map.on('load', () => { map.__loaded = true; });
  return map;
}

/** Resolves once the map's style has loaded. */
export function mapLoaded(map) {
  return new Promise((resolve) => {
    if (map.__loaded || map.loaded()) resolve();
    else map.once('load', resolve);
  });
}

export function emptyFc() {
  return { type: 'FeatureCollection', features: [] };
}

/** A cell's fill: yellow / orange / red by feature-state `warn`, else a ramp by feature-state `open`. */
export function fillColour() {
  return ['case',
    ['==', ['feature-state', 'warn'], 'red'], '#c93434',
    ['==', ['feature-state', 'warn'], 'orange'], '#d9702a',
    ['==', ['feature-state', 'warn'], 'yellow'], '#c9a227',
    ['interpolate', ['linear'], ['coalesce', ['feature-state', 'open'], 0],
      0, '#10203a', 1, '#1a4470', 5, '#2569a6', 20, '#3a92dc', 60, '#63c0ff']];
}

/**
 * The source `cells-<level>` (features identified by their code) and its layers
 * `cells-<level>-fill`, `-line` and `-selected`, shown in the level's zoom range.
 */
export function addGridLayers(map, level) {
  const [minzoom, maxzoom] = LEVEL_ZOOM[level];
  map.addSource(`cells-${level}`, { type: 'geojson', data: emptyFc(), promoteId: 'code' });
  map.addLayer({
    id: `cells-${level}-fill`, type: 'fill', source: `cells-${level}`, minzoom, maxzoom,
    paint: {
      'fill-color': fillColour(),
      'fill-opacity': ['case', ['boolean', ['feature-state', 'selected'], false], 0.9,
        ['boolean', ['feature-state', 'hover'], false], 0.75, 0.55],
    },
  });
  map.addLayer({
    id: `cells-${level}-line`, type: 'line', source: `cells-${level}`, minzoom: level === 1 ? 0 : minzoom,
    paint: {
      'line-color': level === 1 ? '#5aa9e6' : '#2f5a88',
      'line-width': level === 1 ? 1.6 : 0.8,
      'line-opacity': level === 1 ? 0.9 : 0.7,
    },
  });
  map.addLayer({
    id: `cells-${level}-selected`, type: 'line', source: `cells-${level}`, minzoom, maxzoom,
    paint: { 'line-color': '#ffffff', 'line-width': ['case', ['boolean', ['feature-state', 'selected'], false], 2.5, 0] },
  });
}

/** GET /api/grid/cells for each level: [FeatureCollection or null, ...] in the order of levels. */
export function fetchGridCells(levels = [1, 2, 3]) {
  return Promise.all(levels.map(l => apiOrNull(`/api/grid/cells?level=${l}`)));
}

/**
 * Adds the three levels' grid layers to map, loads the cells and fills the sources. Resolves with
 * a Map code -> {code, level, name, parentCode, label: [lon, lat], bbox}.
 */
export async function loadGrid(map, levels = [1, 2, 3]) {
  levels.forEach(l => { if (!map.getSource(`cells-${l}`)) addGridLayers(map, l); });
  const cells = new Map();
  const fcs = await fetchGridCells(levels);
  fcs.forEach((fc, i) => {
    if (!fc) return;
    for (const f of fc.features) cells.set(f.properties.code, cellInfo(f));
    map.getSource(`cells-${levels[i]}`).setData(fc);
  });
  return cells;
}

/** A grid feature's {code, level, name, parentCode, label, bbox}. */
export function cellInfo(feature) {
  const p = feature.properties;
  return { code: p.code, level: p.level, name: p.name, parentCode: p.parentCode, ...labelPoint(feature.geometry) };
}

/** A label point (area-weighted centroid of the largest ring) and the bounding box of a polygon. */
export function labelPoint(geometry) {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let best = null;
  let bestArea = -1;
  const bbox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of polys) {
    const ring = poly[0];
    let a = 0; let cx = 0; let cy = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [x0, y0] = ring[j]; const [x1, y1] = ring[i];
      const f = x0 * y1 - x1 * y0;
      a += f; cx += (x0 + x1) * f; cy += (y0 + y1) * f;
      bbox[0] = Math.min(bbox[0], x1); bbox[1] = Math.min(bbox[1], y1);
      bbox[2] = Math.max(bbox[2], x1); bbox[3] = Math.max(bbox[3], y1);
    }
    if (Math.abs(a) > bestArea && a !== 0) {
      bestArea = Math.abs(a);
      best = [cx / (3 * a), cy / (3 * a)];
    }
  }
  return { label: best || [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2], bbox };
}

/** A grid code's level by its length (6: district, 9: street, 12: community), or null. */
export function levelOf(code) {
  return { 6: 1, 9: 2, 12: 3 }[String(code).length] || null;
}

/** Sets feature-state s on a cell (ignored before the level's source exists). */
export function setCellState(map, level, code, s) {
  if (!map || !map.getSource(`cells-${level}`)) return;
  map.setFeatureState({ source: `cells-${level}`, id: code }, s);
}

/** The bounding box [w, s, e, n] around cells (objects with a bbox). */
export function cellsBounds(cells) {
  return cells.reduce((a, c) => [Math.min(a[0], c.bbox[0]), Math.min(a[1], c.bbox[1]),
    Math.max(a[2], c.bbox[2]), Math.max(a[3], c.bbox[3])], [Infinity, Infinity, -Infinity, -Infinity]);
}

/** Fits the map to cells at once (no animation). */
export function fitCells(map, cells, padding = 40) {
  if (!cells.length) return;
  const b = cellsBounds(cells);
  map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding, duration: 0 });
}

/** A case's WGS84 position from its JSON (location.wgs84 or location), or null. */
export function caseLngLat(c) {
  const loc = c && c.location && (c.location.wgs84 || c.location);
  if (loc && typeof loc.lon === 'number' && typeof loc.lat === 'number') return [loc.lon, loc.lat];
  return null;
}

/** A GeoJSON point feature. */
export function pointFeature(lngLat, properties = {}) {
  return { type: 'Feature', geometry: { type: 'Point', coordinates: lngLat }, properties };
}

/** A GeoJSON line feature between two [lon, lat] points. */
export function lineFeature(from, to, properties = {}) {
  return { type: 'Feature', geometry: { type: 'LineString', coordinates: [from, to] }, properties };
}
