// The command screen's figures: the key figures of today and of this month (GET /api/stats/summary,
// plus the four rates the summary does not carry, from GET /api/stats/ranking at the scope's own
// level), the 30-day trend (GET /api/stats/trend, an ECharts chart) and the ranking of the next
// level down (GET /api/stats/ranking: an ECharts bar chart and a table). docs/figures.md defines
// every number; docs/command.md says what is shown where.
import { t } from '../js/shared/i18n.js';
import { get, ApiError } from '../js/shared/api.js';
import { $, el } from '../js/shared/dom.js';
import { number, percent } from '../js/shared/format.js';
import { levelOf } from '../js/shared/map.js';

/**
 * The tiles, in order. `from`: where the value comes from (the summary, or the rates summed over
 * the scope's ranking rows); `now`: a figure "as of now", the same whatever the period.
 */
export const FIGURES = [
  { key: 'received', kind: 'count' },
  { key: 'registered', kind: 'count' },
  { key: 'closed', kind: 'count' },
  { key: 'overdue', kind: 'count', bad: true, now: true },
  { key: 'closureRate', kind: 'rate' },
  { key: 'onTimeRate', kind: 'rate' },
  { key: 'disposalRate', kind: 'rate', from: 'ranking' },
  { key: 'reworkRate', kind: 'rate', from: 'ranking', bad: true },
  { key: 'extensionRate', kind: 'rate', from: 'ranking', bad: true },
  { key: 'satisfactionRate', kind: 'rate', from: 'ranking' },
  { key: 'workersHelped', kind: 'count' },
  { key: 'massIncidents', kind: 'count', bad: true },
  { key: 'amountRecovered', kind: 'money', wide: true },
];

/** The ranking rates as numerator / denominator fields of a ranking row (docs/figures.md). */
const RANKING_RATES = {
  disposalRate: ['disposed', 'registered'],
  reworkRate: ['reworked', 'resolved'],
  extensionRate: ['extended', 'registered'],
  satisfactionRate: ['satisfied', 'followedUp'],
};

const COLOURS = { received: '#4fb3ff', registered: '#36c98e', closed: '#f2c232', overdue: '#ff4545', grid: '#1f3352',
  text: '#7f93ad' };

/** The first day of the month of an ISO date-time with offset ("2026-12-03T00:00+08:00" → "2026-12-01T00:00+08:00"). */
export function monthStart(iso) {
  const m = /^(\d{4}-\d{2})-\d{2}T[^+Z-]*([+-]\d{2}:\d{2}|Z)$/.exec(String(iso || ''));
  return m ? `${m[1]}-01T00:00:00${m[2]}` : null;
}

/**
 * The four rates the summary lacks, from ranking rows: each numerator and denominator summed over
 * the rows (one row when the scope is one cell of that level; the districts for the whole city,
 * so cases outside the grid are not in them), rounded to 4 places like the server; null without
 * a denominator.
 */
export function ratesFromRows(rows) {
  const out = {};
  for (const [key, [num, den]] of Object.entries(RANKING_RATES)) {
    const n = rows.reduce((a, r) => a + (Number(r[num]) || 0), 0);
    const d = rows.reduce((a, r) => a + (Number(r[den]) || 0), 0);
    out[key] = d > 0 ? Math.round((n / d) * 10000) / 10000 : null;
  }
  return out;
}

function show(kind, v) {
  if (v === undefined) return '—';
  if (kind === 'rate') return percent(v);
  if (kind === 'money') return v === null ? '—' : number(v, 0);
  return number(v);
}

/**
 * The figures part of the screen. ctx: {user, cellName(code) → name or null, onCell(code)}.
 * Returns {refresh(), rerender(), resize(), charts()} ; no state outside the returned object.
 */
export function createFigures(ctx) {
  const user = ctx.user;
  const scopeLevel = user.gridCode ? levelOf(user.gridCode) : null;
  // The ranking has levels 1..3: a scope below level 3 (a 14-digit unit cell) has no ranking rows.
  const ranked = !user.gridCode || scopeLevel !== null;
  // The level whose rows add up to the scope (the scope's own; the districts for the city) and the
  // level ranked below it on the screen.
  const ownLevel = scopeLevel || 1;
  const rankLevel = scopeLevel ? Math.min(scopeLevel + 1, 3) : 1;
  const data = { today: null, month: null, rates: { today: null, month: null }, trend: null, ranking: null,
    errors: {} };
  let trendChart = null;
  let rankingChart = null;
  let running = null;

  buildTiles();
  // A click (or Enter) on a ranking row flies the map there; one listener for rows that come and go.
  const rankingRows = $('ranking-rows');
  const pick = (e) => {
    const tr = e.target.closest('tr[data-cell]');
    if (tr && ctx.onCell && (e.type === 'click' || e.key === 'Enter')) ctx.onCell(tr.dataset.cell);
  };
  rankingRows.onclick = pick;
  rankingRows.onkeydown = pick;

  function buildTiles() {
    const dl = $('figures');
    dl.replaceChildren();
    for (const f of FIGURES) {
      const d = el('div', `fig${f.bad ? ' bad' : ''}${f.wide ? ' wide' : ''}`);
      d.dataset.fig = f.key;
      const dt = el('dt', null, t(`cmd.fig.${f.key}`));
      dt.dataset.i18n = `cmd.fig.${f.key}`;
      const today = el('dd', 'v-today', '—');
      const month = el('dd', 'v-month', '');
      d.append(dt, today, month);
      dl.append(d);
    }
  }

  async function safe(name, promise) {
    try {
      const v = await promise;
      delete data.errors[name];
      return v;
    } catch (e) {
      data.errors[name] = e instanceof ApiError ? e.status : 0;
      if (!(e instanceof ApiError)) console.warn(`figures: ${name}`, e);
      return null;
    }
  }

  /** Reloads everything (one run at a time; a call during a run waits for it and runs again once). */
  function refresh() {
    if (running) {
      running.again = true;
      return running.promise;
    }
    const run = { again: false };
    run.promise = (async () => {
      do {
        run.again = false;
        await load();
      } while (run.again);
      running = null;
    })();
    running = run;
    return run.promise;
  }

  async function load() {
    const today = await safe('summary', get('/api/stats/summary'));
    if (today) data.today = today;
    const from = monthStart(data.today && data.today.from);
    const period = from && data.today ? { from, to: data.today.to } : null;
    const [month, ownToday, ownMonth, ranking, trend] = await Promise.all([
      period ? safe('summary', get('/api/stats/summary', period)) : null,
      ranked ? safe('ranking', get('/api/stats/ranking', { level: ownLevel })) : null,
      ranked && period && ownLevel !== rankLevel ? safe('ranking', get('/api/stats/ranking', { level: ownLevel, ...period })) : null,
      ranked && period ? safe('ranking', get('/api/stats/ranking', { level: rankLevel, ...period })) : null,
      safe('trend', get('/api/stats/trend', { days: 30 })),
    ]);
    if (month) data.month = month;
    if (ownToday) data.rates.today = ratesFromRows(ownToday.items || []);
    const monthRows = ownLevel === rankLevel ? ranking : ownMonth;
    if (monthRows) data.rates.month = ratesFromRows(monthRows.items || []);
    if (ranking) data.ranking = ranking;
    if (trend) data.trend = trend;
    rerender();
  }

  function value(period, f) {
    if (f.from === 'ranking') {
      const r = data.rates[period];
      return r ? r[f.key] : undefined;
    }
    const s = data[period];
    return s ? s[f.key] : undefined;
  }

  function renderTiles() {
    for (const f of FIGURES) {
      const d = document.querySelector(`#figures [data-fig="${f.key}"]`);
      if (!d) continue;
      const vt = value('today', f);
      const vm = f.now ? undefined : value('month', f);
      const today = d.querySelector('.v-today');
      const month = d.querySelector('.v-month');
      today.textContent = show(f.kind, vt);
      today.dataset.value = vt === undefined || vt === null ? '' : String(vt);
      month.textContent = f.now ? t('cmd.fig.overdueNow') : t('cmd.monthShort', { v: show(f.kind, vm) });
      month.dataset.value = vm === undefined || vm === null ? '' : String(vm);
      d.classList.toggle('alert', !!(f.bad && f.kind === 'count' && Number(vt) > 0));
    }
    const note = $('figures-note');
    const denied = Object.values(data.errors).some(s => s === 403);
    const failed = Object.keys(data.errors).length > 0;
    note.hidden = !failed;
    note.textContent = denied ? t('cmd.noAccess') : failed ? t('cmd.unavailable') : '';
  }

  function chartText() {
    return { color: COLOURS.text, fontSize: 12 };
  }

  function renderTrend() {
    const days = (data.trend && data.trend.days) || [];
    const container = $('trend-chart');
    if (!trendChart) trendChart = window.echarts.init(container, null, { renderer: 'canvas' });
    const series = (key, name, type, colour, extra = {}) => ({
      name, type, data: days.map(d => d[key] ?? 0), itemStyle: { color: colour }, lineStyle: { color: colour, width: 2 },
      symbol: 'none', ...extra,
    });
    trendChart.setOption({
      animation: false,
      backgroundColor: 'transparent',
      grid: { left: 44, right: 16, top: 34, bottom: 28 },
      // richText: the tooltip is drawn on the canvas, not as HTML with inline styles (the CSP has no 'unsafe-inline').
      tooltip: { trigger: 'axis', renderMode: 'richText', backgroundColor: '#0e1829', borderColor: COLOURS.grid,
        textStyle: { color: '#dbe7f5' } },
      legend: { top: 4, textStyle: chartText(), itemWidth: 14, itemHeight: 8 },
      xAxis: { type: 'category', data: days.map(d => String(d.date).slice(5)), axisLabel: chartText(),
        axisLine: { lineStyle: { color: COLOURS.grid } } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: chartText(), splitLine: { lineStyle: { color: COLOURS.grid } } },
      series: [
        series('received', t('cmd.trend.received'), 'bar', COLOURS.received, { barMaxWidth: 10 }),
        series('registered', t('cmd.trend.registered'), 'line', COLOURS.registered),
        series('closed', t('cmd.trend.closed'), 'line', COLOURS.closed),
        series('overdueAtEnd', t('cmd.trend.overdue'), 'line', COLOURS.overdue, { lineStyle: { color: COLOURS.overdue, width: 2, type: 'dashed' } }),
      ],
    }, true);
  }

  function rowName(r) {
    return r.name || (ctx.cellName && ctx.cellName(r.cellCode)) || r.cellCode;
  }

  function renderRanking() {
    $('ranking-title').textContent = t('cmd.ranking', { level: t(`cmd.level.${rankLevel}`) });
    const items = (data.ranking && data.ranking.items) || [];
    const body = $('ranking-rows');
    body.replaceChildren();
    for (const r of items) {
      const tr = el('tr');
      tr.dataset.cell = r.cellCode;
      tr.tabIndex = 0;
      const cells = [r.rank, rowName(r), number(r.received), number(r.closed), percent(r.closureRate), percent(r.onTimeRate),
        number(r.overdue), number(r.massIncidentGroups ?? r.massIncidents)];
      cells.forEach((v, i) => {
        const td = el('td', i === 1 ? 'name' : 'num', v);
        if (i === 6 && Number(r.overdue) > 0) td.classList.add('bad');
        tr.append(td);
      });
      body.append(tr);
    }
    const container = $('ranking-chart');
    if (!rankingChart) {
      rankingChart = window.echarts.init(container, null, { renderer: 'canvas' });
      rankingChart.on('click', (p) => {
        const row = items[p.dataIndex];
        if (row && ctx.onCell) ctx.onCell(row.cellCode);
      });
    }
    container.setAttribute('aria-label', t('cmd.ranking', { level: t(`cmd.level.${rankLevel}`) }));
    // Best rank at the top: a category axis draws its first item at the bottom, so reverse.
    const shown = items.slice(0, 20).reverse();
    rankingChart.setOption({
      animation: false,
      backgroundColor: 'transparent',
      grid: { left: 92, right: 20, top: 26, bottom: 26 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, renderMode: 'richText', backgroundColor: '#0e1829',
        borderColor: COLOURS.grid, textStyle: { color: '#dbe7f5' } },
      legend: { top: 0, textStyle: chartText(), itemWidth: 14, itemHeight: 8 },
      xAxis: { type: 'value', minInterval: 1, axisLabel: chartText(), splitLine: { lineStyle: { color: COLOURS.grid } } },
      yAxis: { type: 'category', data: shown.map(rowName), axisLabel: { ...chartText(), fontSize: 11, interval: 0, width: 84, overflow: 'truncate' },
        axisLine: { lineStyle: { color: COLOURS.grid } } },
      series: [
        { name: t('cmd.rank.received'), type: 'bar', data: shown.map(r => r.received), itemStyle: { color: COLOURS.received },
          barMaxWidth: 9 },
        { name: t('cmd.rank.closed'), type: 'bar', data: shown.map(r => r.closed), itemStyle: { color: COLOURS.closed },
          barMaxWidth: 9 },
        { name: t('cmd.rank.overdue'), type: 'bar', data: shown.map(r => r.overdue), itemStyle: { color: COLOURS.overdue },
          barMaxWidth: 9 },
      ],
    }, true);
  }

  function rerender() {
    renderTiles();
    if (window.echarts) {
      renderTrend();
      renderRanking();
    }
  }

  function resize() {
    if (trendChart) trendChart.resize();
    if (rankingChart) rankingChart.resize();
  }

  function dispose() {
    if (trendChart) trendChart.dispose();
    if (rankingChart) rankingChart.dispose();
    trendChart = null;
    rankingChart = null;
  }

  return {
    refresh,
    rerender() { buildTiles(); rerender(); },
    resize,
    dispose,
    get data() { return data; },
    get rankLevel() { return rankLevel; },
  };
}
