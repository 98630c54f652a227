// Unit tests of js/wall/model.js: the wall's rules about cases, without a page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  nextDeadline, timerColour, sortQueue, placeCase, cellName, cellAggregates, pulsingCases, newUntilFromSnapshot,
  applyDeadline, caseEventEffect, casesIn, isMass, NEW_FOR_MS, MAX_PULSES,
} from '../js/wall/model.js';

const NOW = Date.parse('2026-11-22T08:00:00Z');
const iso = (ms) => new Date(ms).toISOString();
const H = 3_600_000;
const noSupervision = () => null;

test('the next deadline is the list item\'s, else the earliest running one of deadlines[]', () => {
  assert.equal(nextDeadline({ nextDeadline: { kind: 'ADMIT', dueAt: iso(NOW) } }).kind, 'ADMIT');
  const c = { deadlines: [
    { kind: 'CLOSE', dueAt: iso(NOW + 5 * H) },
    { kind: 'ADMIT', dueAt: iso(NOW + H), status: 'MET' },
    { kind: 'ONSITE', dueAt: iso(NOW + 2 * H) },
    { kind: 'PAUSED', dueAt: iso(NOW), status: 'PAUSED' },
    { kind: 'DONE', dueAt: iso(NOW), metAt: iso(NOW) },
  ] };
  assert.equal(nextDeadline(c).kind, 'ONSITE');
  assert.equal(nextDeadline({ deadlines: [] }), null);
  assert.equal(nextDeadline({}), null);
});

test('a timer is green, yellow from its warning time (an hour before without one), red once past', () => {
  const at = (dueAt, warnAt) => ({ nextDeadline: { kind: 'CLOSE', dueAt: iso(dueAt), warnAt: warnAt && iso(warnAt) } });
  assert.equal(timerColour(at(NOW + 2 * H), NOW), 'green');
  assert.equal(timerColour(at(NOW + 30 * 60_000), NOW), 'yellow');
  assert.equal(timerColour(at(NOW + 2 * H, NOW - 1), NOW), 'yellow');
  assert.equal(timerColour(at(NOW), NOW), 'red');
  assert.equal(timerColour({ nextDeadline: { dueAt: iso(NOW - H), status: 'PAUSED' } }, NOW), null);
  assert.equal(timerColour({}, NOW), null);
});

test('the queue is nearest deadline first, then oldest, then by id; cases without a deadline last', () => {
  const cases = [
    { caseId: 1, createdAt: iso(NOW - 5 * H) },
    { caseId: 2, createdAt: iso(NOW - H), nextDeadline: { dueAt: iso(NOW + 3 * H) } },
    { caseId: 3, createdAt: iso(NOW - 2 * H), nextDeadline: { dueAt: iso(NOW + H) } },
    { caseId: 5, createdAt: iso(NOW - 3 * H), nextDeadline: { dueAt: iso(NOW + 3 * H) } },
    { caseId: 4, createdAt: iso(NOW - 3 * H), nextDeadline: { dueAt: iso(NOW + 3 * H) } },
    { caseId: 6, createdAt: iso(NOW - 9 * H) },
  ];
  assert.deepEqual(sortQueue(cases).map(c => c.caseId), [3, 4, 5, 2, 6, 1]);
  assert.deepEqual(sortQueue(new Map(cases.map(c => [c.caseId, c])).values()).map(c => c.caseId), [3, 4, 5, 2, 6, 1]);
});

const CELLS = new Map([
  ['510182', { code: '510182', name: '彭州市', label: [103.95, 30.99] }],
  ['510182001', { code: '510182001', name: '天彭街道', label: [103.96, 31.0] }],
]);

test('a case is placed at its location, or near the label of its cell (the same way every time)', () => {
  const exact = placeCase({ caseId: 7, location: { wgs84: { lon: 104.1, lat: 30.6 } } }, CELLS);
  assert.deepEqual([exact.lon, exact.lat, exact.approx], [104.1, 30.6, false]);
  const a = placeCase({ caseId: 42, cellCode: '510182001007' }, CELLS);
  const b = placeCase({ caseId: 42, cellCode: '510182001007' }, CELLS);
  assert.equal(a.approx, true);
  assert.deepEqual([a.lon, a.lat], [b.lon, b.lat]);
  assert.ok(Math.abs(a.lon - 103.96) <= 0.002 && Math.abs(a.lat - 31.0) <= 0.002);
  const unplaced = placeCase({ caseId: 8, cellCode: '999999' }, CELLS);
  assert.equal(unplaced.lon, undefined);
});

test('cell names: district·community, the district alone, the code when unknown', () => {
  assert.equal(cellName(CELLS, '510182001'), '彭州市·天彭街道');
  assert.equal(cellName(CELLS, '510182'), '彭州市');
  assert.equal(cellName(CELLS, '510999'), '510999');
  assert.equal(cellName(CELLS, null), '—');
  assert.deepEqual(casesIn([{ cellCode: '510182001002' }, { cellCode: '510183' }, {}], '510182').length, 1);
});

test('cells count their open cases at every level and take the worst warning', () => {
  const cases = [
    { caseId: 1, cellCode: '510182001002', nextDeadline: { dueAt: iso(NOW + 30 * 60_000) } }, // yellow
    { caseId: 2, cellCode: '510182001003', nextDeadline: { dueAt: iso(NOW - 1) } },              // red
    { caseId: 3, cellCode: '510182002001', supervision: { level: 'SUPERVISED' } },               // orange
    { caseId: 4, cellCode: '510182003001', supervision: { level: 'LISTED' } },                   // red (挂牌)
    { caseId: 5, cellCode: '510182004001', nextDeadline: { dueAt: iso(NOW + 5 * H) } },          // green: none
  ];
  const agg = cellAggregates(cases, NOW, c => c.supervision && c.supervision.level);
  assert.deepEqual(agg.get('510182'), { open: 5, warn: 'red' });
  assert.deepEqual(agg.get('510182001'), { open: 2, warn: 'red' });
  assert.deepEqual(agg.get('510182001002'), { open: 1, warn: 'yellow' });
  assert.deepEqual(agg.get('510182002'), { open: 1, warn: 'orange' });
  assert.deepEqual(agg.get('510182003'), { open: 1, warn: 'red' });
  assert.deepEqual(agg.get('510182004'), { open: 1, warn: null });
});

test('only the newest twenty new cases pulse, and only while new, placed and on the wall', () => {
  const fresh = [];
  for (let i = 1; i <= 30; i++) fresh.push({ caseId: i, newUntil: NOW + i * 1000, lon: 104, lat: 30 });
  fresh.push({ caseId: 31, newUntil: NOW - 1, lon: 104, lat: 30 });   // no longer new
  fresh.push({ caseId: 32, newUntil: NOW + 99_000 });                  // not placed
  fresh.push({ caseId: 33, newUntil: NOW + 98_000, lon: 104, lat: 30 }); // closed meanwhile
  const pulsing = pulsingCases(fresh, NOW, id => id !== 33);
  assert.equal(pulsing.length, MAX_PULSES);
  assert.deepEqual(pulsing.map(c => c.caseId), Array.from({ length: 20 }, (_, i) => 30 - i));
  assert.equal(pulsingCases(fresh.slice(0, 3), NOW, () => true).length, 3);
});

test('a complaint found in a reloaded snapshot is new for the rest of its minute', () => {
  assert.equal(newUntilFromSnapshot({ status: 'RECEIVED', createdAt: iso(NOW - 10_000) }, NOW), NOW + NEW_FOR_MS - 10_000);
  assert.equal(newUntilFromSnapshot({ status: 'RECEIVED', createdAt: iso(NOW - NEW_FOR_MS) }, NOW), null);
  assert.equal(newUntilFromSnapshot({ status: 'ADMITTED', createdAt: iso(NOW) }, NOW), null);
  // A wall whose clock is a few seconds behind the server's.
  assert.equal(newUntilFromSnapshot({ status: 'RECEIVED', createdAt: iso(NOW + 3000) }, NOW), NOW + NEW_FOR_MS);
});

test('a deadline event replaces the next deadline when of the same kind or sooner, and names the supervision', () => {
  const c = { caseId: 1, nextDeadline: { kind: 'CLOSE', dueAt: iso(NOW + 5 * H) } };
  applyDeadline(c, 'deadline.warning', { kind: 'ONSITE', dueAt: iso(NOW + 9 * H) }, noSupervision);
  assert.equal(c.nextDeadline.kind, 'CLOSE');
  applyDeadline(c, 'deadline.overdue', { kind: 'ONSITE', dueAt: iso(NOW + H), supervision: 'LISTED' },
    x => x.supervision && x.supervision.level);
  assert.deepEqual(c.nextDeadline, { kind: 'ONSITE', dueAt: iso(NOW + H), warnAt: undefined, status: 'RED' });
  assert.deepEqual(c.supervision, { source: 'AUTOMATIC', level: 'LISTED' });
});

test('case events: older versions are skipped, closed cases leave, unknown ones are added', () => {
  const known = { caseId: 1, status: 'ADMITTED', version: 4 };
  assert.equal(caseEventEffect(known, { version: 4, to: 'REGISTERED' }).effect, 'skip');
  assert.deepEqual(caseEventEffect(known, { version: 5, to: 'REGISTERED' }), { effect: 'update', status: 'REGISTERED' });
  assert.deepEqual(caseEventEffect(known, { version: 6, to: 'CLOSED' }), { effect: 'remove', status: 'CLOSED' });
  assert.deepEqual(caseEventEffect(undefined, { version: 1 }), { effect: 'add', status: undefined });
  assert.equal(isMass({ workersInvolved: 30 }), true);
  assert.equal(isMass({ workersInvolved: 29 }), false);
});
