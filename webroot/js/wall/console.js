// The operator's console on the wall (issue 11, item 6): the intake form, the case actions and
// dispatch panel, the staff layer, the alerts and the keyboard. wall.js hands over its context
// (state, map, panel functions); these modules never reach into wall.js otherwise.
import './strings.js';
import { t } from '../shared/i18n.js';
import { $ } from '../shared/dom.js';
import { createIntake } from './intake.js';
import { createActions } from './actions.js';
import { createStaff } from './staff.js';
import { createAlerts, ALERT_TYPES } from './alerts.js';
import { installKeys } from './keys.js';
import { combobox } from './combo.js';
import { cellPath, searchCases, searchCells } from './search.js';

/** Roles that may file complaints (the server's Permissions.FILERS). */
const FILERS = new Set(['OPERATOR', 'ASSISTANT']);

export function createConsole(ctx) {
  ctx.mayFile = () => Boolean(ctx.state.me && FILERS.has(ctx.state.me.role));
  const staff = createStaff(ctx);
  ctx.staffNames = (ids) => staff.names(ids);
  const alerts = createAlerts(ctx);
  ctx.notify = (text, kind, ms) => alerts.notify(text, kind, ms);
  const intake = createIntake(ctx);
  const actions = createActions(ctx);
  ctx.openDispatch = async (caseId) => {
    await ctx.showCase(caseId, { focus: false });
    const box = document.querySelector(`.case-console[data-case-id="${caseId}"]`);
    const json = ctx.state.shownCase;
    if (box && json) actions.openDispatch(json, box);
  };
  let keys = null;

  function init() {
    alerts.init();
    intake.init();
    $('new-complaint').addEventListener('click', () => intake.open());
    combobox($('search'), $('search-list'), (q) => {
      const cases = searchCases(ctx.state.cases, ctx.state.cells, q, 6).map(c => ({ tag: c.caseNo.slice(-6),
        label: `${c.caseNo} · ${t(`category.${c.category}`)}`, sub: `${c.employer ? c.employer.name : ''} · ${ctx.cellName(c.cellCode)}`,
        value: { caseId: c.caseId } }));
      const cells = searchCells(ctx.state.cells, q, 6).map(c => ({ tag: t('intake.suggestCell'), label: c.name,
        sub: cellPath(ctx.state.cells, c.code), value: { cell: c.code } }));
      return cases.concat(cells);
    }, (item) => {
      $('search').value = '';
      if (item.value.caseId) ctx.showCase(item.value.caseId, { focus: true });
      else ctx.showCell(item.value.cell, { fly: true });
    });
    keys = installKeys(ctx, { intake, alerts, actions });
  }

  /** After sign-in: who may do what. */
  function start() {
    $('new-complaint').hidden = !ctx.mayFile();
    staff.load();
  }

  /** Every live event, after the wall applied it. */
  function onEvent(ev) {
    const type = String(ev.type || '');
    if (type.startsWith('staff.')) staff.applyEvent(ev);
    if (ALERT_TYPES.has(type)) alerts.add(ev);
  }

  function rerender() {
    intake.rerender();
    alerts.rerender();
    if (keys && !$('keys-help').hidden) keys.renderHelp();
  }

  return {
    init, start, onEvent, rerender, staff, alerts, intake, actions,
    caseSection: (c) => actions.section(c),
    onMapClick: (e) => intake.onMapClick(e),
  };
}
