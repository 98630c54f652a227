// The field app's rules that need no page: where a case is, which outcomes a role may record,
// and how the roster follows the user's own steps. Free of the DOM (unit-tested under Node:
// webroot/test/field-rules.test.mjs).

/** Metres from the site beyond which the distance is shown as far. */
export const FAR_METRES = 500;
export const OUTCOMES = ['MEDIATION', 'ORDER_TO_RECTIFY', 'PENALTY', 'TRANSFER_TO_POLICE', 'NO_VIOLATION'];
export const ASSISTANT_OUTCOMES = ['MEDIATION', 'NO_VIOLATION'];

/** The case's place as [lon, lat] (WGS84), or null. */
export function caseLonLat(c) {
  const loc = c && c.location && (c.location.wgs84 || c.location);
  return loc && typeof loc.lon === 'number' ? [loc.lon, loc.lat] : null;
}

/**
 * The roster follows the work on the server (docs/dispatch.md, "The roster follows the work"):
 * accepting sets an AVAILABLE inspector EN_ROUTE, checking in ON_SITE, resolving AVAILABLE, a
 * released assignment EN_ROUTE -> AVAILABLE; BUSY and OFF_DUTY are never changed. There is no
 * GET of one's own status, so the page applies the same rule to what it shows after its own
 * steps. The duty status after `action` from status `from`.
 */
export function statusAfter(action, from) {
  if (action === 'accept' && from === 'AVAILABLE') return 'EN_ROUTE';
  if (action === 'arrive' && (from === 'AVAILABLE' || from === 'EN_ROUTE')) return 'ON_SITE';
  if (action === 'resolve' && (from === 'EN_ROUTE' || from === 'ON_SITE')) return 'AVAILABLE';
  if (action === 'refuse' && from === 'EN_ROUTE') return 'AVAILABLE';
  return from;
}

/** True when user id `me` has accepted case c. */
export function acceptedBy(c, me) {
  return (c.acceptedBy || []).map(Number).includes(Number(me));
}
