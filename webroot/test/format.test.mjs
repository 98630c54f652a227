// Unit tests of js/shared/format.js (Node's test runner: npm --prefix webroot test).
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { setLanguage } from '../js/shared/i18n.js';
import { duration, countdown, ago, distance, number, money, percent, metresBetween, formatTime, formatDate, formatClock }
  from '../js/shared/format.js';

afterEach(() => setLanguage('zh-CN'));

test('duration shows the two largest units, in Chinese without spaces', () => {
  assert.equal(duration(3_723_000), '1小时2分');
  assert.equal(duration(2 * 86_400_000 + 3 * 3_600_000 + 5 * 60_000), '2天3小时');
  assert.equal(duration(45_000), '45秒');
});

test('duration in English is spaced, and a negative span counts like a positive one', () => {
  setLanguage('en');
  assert.equal(duration(3_723_000), '1h 2m');
  assert.equal(duration(-3_723_000), '1h 2m');
});

test('countdown is "in …" before the due time and "… ago" after it', () => {
  const now = Date.parse('2026-11-22T08:00:00Z');
  const before = countdown('2026-11-22T10:05:00Z', now);
  assert.equal(before.over, false);
  assert.equal(before.ms, 2 * 3_600_000 + 5 * 60_000);
  assert.equal(before.text, '2小时5分后');
  const after = countdown(new Date('2026-11-22T07:30:00Z'), now);
  assert.equal(after.over, true);
  assert.equal(after.text, '30分0秒前'); // under an hour the seconds show (the queue's countdown ticks)
  setLanguage('en');
  assert.equal(countdown(now + 90_000, now).text, 'in 1m 30s');
});

test('ago says "just now" under five seconds and nothing for a missing instant', () => {
  const now = Date.parse('2026-11-22T08:00:00Z');
  assert.equal(ago('2026-11-22T07:59:58Z', now), '刚刚');
  assert.equal(ago('2026-11-22T07:57:00Z', now), '3分0秒前');
  assert.equal(ago(null, now), '—');
});

test('distance is in metres under a kilometre and in kilometres above', () => {
  assert.equal(distance(85.4), '85 米');
  assert.equal(distance(1234), '1.2 公里');
  assert.equal(distance(12_500), '13 公里');
  assert.equal(distance(null), '—');
  assert.equal(distance('abc'), '—');
  setLanguage('en');
  assert.equal(distance(999), '999 m');
});

test('number, money and percent', () => {
  assert.equal(number(12500), '12,500');
  assert.equal(money('12500'), '12,500.00 元');
  assert.equal(money(''), '—');
  assert.equal(percent(0.935), '93.5%');
  assert.equal(percent(undefined), '—');
  setLanguage('en');
  assert.equal(money('7.5'), '¥7.50');
});

test('times are shown in Beijing time whatever the machine is set to', () => {
  assert.equal(formatTime('2026-11-22T00:57:44Z'), '2026/11/22 08:57:44');
  assert.equal(formatDate('2026-11-21T17:00:00Z'), '2026/11/22');
  assert.equal(formatClock('2026-11-22T00:57:44Z'), '08:57:44');
  assert.equal(formatTime(null), '—');
});

test('metresBetween: one degree of latitude is about 111 km', () => {
  const d = metresBetween([104.06, 30.0], [104.06, 31.0]);
  assert.ok(Math.abs(d - 111_195) < 100, `got ${d}`);
  assert.equal(metresBetween([104.06, 30.66], [104.06, 30.66]), 0);
});
