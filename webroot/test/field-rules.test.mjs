// Unit tests of the field app's rules: field/js/rules.js and the outbox's conflict rules
// (field/js/outbox.js stillMakesSense and alreadyDone, docs/field.md "Offline").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statusAfter, caseLonLat, acceptedBy } from '../field/js/rules.js';
import { stillMakesSense, alreadyDone } from '../field/js/outbox.js';

const ME = { id: 7, role: 'INSPECTOR' };

test('the duty status follows the user\'s own steps as the server\'s roster does', () => {
  assert.equal(statusAfter('accept', 'AVAILABLE'), 'EN_ROUTE');
  assert.equal(statusAfter('arrive', 'EN_ROUTE'), 'ON_SITE');
  assert.equal(statusAfter('arrive', 'AVAILABLE'), 'ON_SITE');
  assert.equal(statusAfter('resolve', 'ON_SITE'), 'AVAILABLE');
  assert.equal(statusAfter('refuse', 'EN_ROUTE'), 'AVAILABLE');
  // BUSY and OFF_DUTY are never changed.
  assert.equal(statusAfter('accept', 'BUSY'), 'BUSY');
  assert.equal(statusAfter('arrive', 'OFF_DUTY'), 'OFF_DUTY');
  assert.equal(statusAfter('note', 'EN_ROUTE'), 'EN_ROUTE');
});

test('a case\'s place and who accepted it', () => {
  assert.deepEqual(caseLonLat({ location: { wgs84: { lon: 104.1, lat: 30.6 }, lon: 1, lat: 2 } }), [104.1, 30.6]);
  assert.deepEqual(caseLonLat({ location: { lon: 104.2, lat: 30.7 } }), [104.2, 30.7]);
  assert.equal(caseLonLat({}), null);
  assert.equal(caseLonLat(null), null);
  assert.equal(acceptedBy({ acceptedBy: ['7', 9] }, 7), true);
  assert.equal(acceptedBy({}, 7), false);
});

test('after a conflict an accept still makes sense while dispatched to me and not yet accepted', () => {
  const c = { status: 'DISPATCHED', assignedInspectors: [7, 8], acceptedBy: [8] };
  assert.deepEqual(stillMakesSense({ action: 'accept' }, c, ME), { sense: true, why: null });
  assert.deepEqual(stillMakesSense({ action: 'accept' }, { ...c, acceptedBy: [7] }, ME), { sense: false, why: 'status' });
  // Taken off the team: 'gone'.
  assert.deepEqual(stillMakesSense({ action: 'accept' }, { ...c, assignedInspectors: [8] }, ME), { sense: false, why: 'gone' });
  // Closed meanwhile.
  assert.deepEqual(stillMakesSense({ action: 'note' }, { ...c, status: 'CLOSED' }, ME), { sense: false, why: 'status' });
});

test('arrive, investigate and resolve follow the case\'s status; notes always make sense; assistants are on every team', () => {
  const onSite = { status: 'ON_SITE', assignedInspectors: [7], acceptedBy: [7], arrivals: [] };
  assert.equal(stillMakesSense({ action: 'arrive' }, onSite, ME).sense, true);
  assert.equal(stillMakesSense({ action: 'arrive' }, { ...onSite, arrivals: [{ userId: '7' }] }, ME).sense, false);
  assert.equal(stillMakesSense({ action: 'investigate' }, onSite, ME).sense, true);
  assert.equal(stillMakesSense({ action: 'resolve' }, onSite, ME).sense, false);
  assert.equal(stillMakesSense({ action: 'resolve' }, { ...onSite, status: 'INVESTIGATING' }, ME).sense, true);
  assert.equal(stillMakesSense({ action: 'note' }, onSite, { id: 99, role: 'INSPECTOR' }).sense, true);
  assert.equal(stillMakesSense({ action: 'investigate' }, { ...onSite, assignedInspectors: [] }, { id: 5, role: 'ASSISTANT' }).sense, true);
  assert.deepEqual(stillMakesSense({ action: 'fly' }, onSite, ME), { sense: false, why: 'status' });
});

test('an action is already done when the history holds my own event of it after the item\'s base version', () => {
  const item = { action: 'accept', baseVersion: 4, fields: {} };
  const mine = { type: 'accepted', version: 5, actor: { userId: '7' } };
  assert.equal(alreadyDone(item, { events: [mine] }, ME), true);
  assert.equal(alreadyDone(item, { events: [{ ...mine, version: 4 }] }, ME), false);
  assert.equal(alreadyDone(item, { events: [{ ...mine, actor: { userId: 8 } }] }, ME), false);
  assert.equal(alreadyDone(item, {}, ME), false);
});

test('a note is already done only when the same text is in the history', () => {
  const item = { action: 'note', baseVersion: 1, fields: { note: ' 工资表已拍照 ' } };
  const ev = (note) => ({ type: 'note-added', version: 2, actor: { userId: 7 }, data: { note } });
  assert.equal(alreadyDone(item, { events: [ev('工资表已拍照')] }, ME), true);
  assert.equal(alreadyDone(item, { events: [ev('别的')] }, ME), false);
});
