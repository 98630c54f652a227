// Formatting shared by GridWatch's pages: dates and times (Beijing time), durations and
// countdowns, distances, numbers, money and rates, in the page's current language (i18n.js).
// Exported names are stable (other pages import them): add, don't rename.
import { t, language, addStrings } from './i18n.js';

addStrings({
  'zh-CN': {
    'fmt.in': '{t}后',
    'fmt.ago': '{t}前',
    'fmt.m': '{n} 米',
    'fmt.km': '{n} 公里',
    'fmt.yuan': '{n} 元',
    'fmt.now': '刚刚',
  },
  en: {
    'fmt.in': 'in {t}',
    'fmt.ago': '{t} ago',
    'fmt.m': '{n} m',
    'fmt.km': '{n} km',
    'fmt.yuan': '¥{n}',
    'fmt.now': 'just now',
  },
});

/** A duration in ms as "2天3小时", "45分12秒" or "2h 5m": the two largest units (seconds only under an hour). */
export function duration(ms) {
  let s = Math.max(0, Math.floor(Math.abs(ms) / 1000));
  const d = Math.floor(s / 86400); s -= d * 86400;
  const h = Math.floor(s / 3600); s -= h * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  const parts = [];
  if (d) parts.push(t('dur.d', { n: d }));
  if (h) parts.push(t('dur.h', { n: h }));
  if (!d && m) parts.push(t('dur.m', { n: m }));
  if (!d && !h) parts.push(t('dur.s', { n: s }));
  return parts.slice(0, 2).join(language() === 'en' ? ' ' : '');
}

/**
 * A countdown to dueAt (ISO string, Date or ms) at now: {ms, over, text}, text being "2小时5分后"
 * / "in 2h 5m", or "超期…"-style "…前" / "… ago" once past.
 */
export function countdown(dueAt, now = Date.now()) {
  const due = typeof dueAt === 'number' ? dueAt : Date.parse(dueAt instanceof Date ? dueAt.toISOString() : dueAt);
  const ms = due - now;
  const over = ms < 0;
  return { ms, over, text: t(over ? 'fmt.ago' : 'fmt.in', { t: duration(ms) }) };
}

/** How long ago an instant was, e.g. "3分前" / "3m ago" ("刚刚" / "just now" under 5 s). */
export function ago(iso, now = Date.now()) {
  if (!iso) return '—';
  const ms = now - Date.parse(iso);
  if (ms < 5000) return t('fmt.now');
  return t('fmt.ago', { t: duration(ms) });
}

// One formatter per language, made once: toLocaleString(locale, options) builds a new
// Intl.DateTimeFormat on every call, which made formatting the feed and the queue's deadlines the
// wall's most expensive script under a burst of events. The fields are the ones toLocaleString
// fills in when none is given, so the text is the same.
const formatters = new Map();
function formatter(kind) {
  const lang = language();
  const key = `${lang}|${kind}`;
  let f = formatters.get(key);
  if (!f) {
    const fields = kind === 'time' ? { hour: 'numeric', minute: 'numeric', second: 'numeric' }
      : kind === 'date' ? { year: 'numeric', month: 'numeric', day: 'numeric' }
        : { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' };
    f = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', { ...fields, hour12: false, timeZone: 'Asia/Shanghai' });
    formatters.set(key, f);
  }
  return f;
}

/** A date-time (ISO string or Date) as Beijing time in the current language, e.g. "2026/11/22 08:57:44". */
export function formatTime(iso) {
  if (!iso) return '—';
  return formatter('datetime').format(new Date(iso));
}

/** The date only, Beijing time, e.g. "2026/11/22". */
export function formatDate(iso) {
  if (!iso) return '—';
  return formatter('date').format(new Date(iso));
}

/** The time of day only, Beijing time, e.g. "08:57:44". */
export function formatClock(iso) {
  if (!iso) return '—';
  return formatter('time').format(new Date(iso));
}

/** A distance in metres: "85 米" / "85 m" under a kilometre, "1.2 公里" / "1.2 km" above. */
export function distance(metres) {
  if (metres === null || metres === undefined || Number.isNaN(Number(metres))) return '—';
  const m = Number(metres);
  if (Math.abs(m) < 1000) return t('fmt.m', { n: Math.round(m) });
  return t('fmt.km', { n: (m / 1000).toFixed(m < 10000 ? 1 : 0) });
}

/** A number with grouping in the current language, e.g. "12,500". */
export function number(n, digits) {
  if (n === null || n === undefined || n === '' || Number.isNaN(Number(n))) return '—';
  const o = digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits };
  return Number(n).toLocaleString(language() === 'en' ? 'en-GB' : 'zh-CN', o);
}

/** Money in yuan (the API's decimal string), e.g. "12,500.00 元". */
export function money(yuan) {
  if (yuan === null || yuan === undefined || yuan === '') return '—';
  return t('fmt.yuan', { n: number(yuan, 2) });
}

/** A rate 0..1 as "93.5%" ('—' when absent). */
export function percent(rate, digits = 1) {
  if (rate === null || rate === undefined) return '—';
  return `${(rate * 100).toFixed(digits)}%`;
}

/** The great-circle distance in metres between [lon, lat] points. */
export function metresBetween(a, b) {
  const R = 6371008.8;
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}
