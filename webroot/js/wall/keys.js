// The console's keyboard: hotline operators type. Shortcuts act when no text field has the
// focus (Esc always does); the list is in docs/wall.md and behind "?".
import { t } from '../shared/i18n.js';
import { $, el, isTyping } from '../shared/dom.js';

export const SHORTCUTS = [
  ['N', 'keys.n'], ['/', 'keys.slash'], ['Q', 'keys.q'], ['↑ ↓ Home End', 'keys.arrows'], ['Enter', 'keys.enter'],
  ['Ctrl+Enter', 'keys.ctrlEnter'], ['D', 'keys.d'], ['M', 'keys.m'], ['A', 'keys.a'], ['Esc', 'keys.esc'], ['?', 'keys.help'],
];

/**
 * @param {object} ctx the wall
 * @param {object} parts {intake, alerts, actions}
 */
export function installKeys(ctx, parts) {
  const { intake, alerts } = parts;

  function rows() {
    return [...$('queue').querySelectorAll('li[data-case-id]')];
  }

  function focusQueue() {
    const list = rows();
    if (!list.length) { $('queue').focus(); return; }
    const sel = ctx.state.selected && ctx.state.selected.kind === 'case'
      ? list.find(li => Number(li.dataset.caseId) === ctx.state.selected.id) : null;
    (sel || list[0]).focus();
  }

  /** The case the keys act on: the focused queue row's, else the open panel's. */
  function currentCaseId() {
    const li = document.activeElement && document.activeElement.closest && document.activeElement.closest('li[data-case-id]');
    if (li && li.closest('#queue, #feed')) return Number(li.dataset.caseId);
    if (ctx.state.selected && ctx.state.selected.kind === 'case') return ctx.state.selected.id;
    return null;
  }

  function renderHelp() {
    const dl = $('keys-list');
    dl.replaceChildren();
    for (const [k, label] of SHORTCUTS) {
      const dt = el('dt');
      k.split(' ').forEach(part => dt.append(el('kbd', null, part)));
      dl.append(dt, el('dd', null, t(label)));
    }
  }

  function toggleHelp(show) {
    const d = $('keys-help');
    const open = show === undefined ? d.hidden : show;
    if (open) renderHelp();
    d.hidden = !open;
    if (open) $('keys-close').focus();
  }

  function escape() {
    if (!$('keys-help').hidden) { toggleHelp(false); $('keys-button').focus(); return true; }
    if (!$('alerts-panel').hidden) { alerts.togglePanel(false); $('alerts-toggle').focus(); return true; }
    if (intake.escape()) return true;
    const form = document.querySelector('.case-console .action-form:not([hidden])');
    if (form && form.contains(document.activeElement)) { form.hidden = true; form.replaceChildren(); return true; }
    if (!$('panel').hidden) { ctx.closePanel(); return true; }
    if (document.activeElement === $('search')) { $('search').blur(); return true; }
    return false;
  }

  document.addEventListener('keydown', (e) => {
    if (!ctx.state.ready || e.defaultPrevented) return;
    if (e.key === 'Escape') {
      if (escape()) e.preventDefault();
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (intake.isOpen()) {
      if ((e.key === 'm' || e.key === 'M') && !isTyping(e)) { e.preventDefault(); intake.startPicking(); }
      return;
    }
    if (isTyping(e)) return;
    switch (e.key) {
      case 'n': case 'N':
        if (ctx.mayFile()) { e.preventDefault(); intake.open(); }
        break;
      case '/':
        e.preventDefault();
        $('search').focus();
        $('search').select();
        break;
      case 'q': case 'Q':
        e.preventDefault();
        focusQueue();
        break;
      case 'd': case 'D': {
        const id = currentCaseId();
        if (id) { e.preventDefault(); ctx.openDispatch(id); }
        break;
      }
      case 'a': case 'A':
        e.preventDefault();
        alerts.togglePanel();
        break;
      case '?':
        e.preventDefault();
        toggleHelp();
        break;
      default:
    }
  });

  // Arrow keys in the queue (the rows take the focus one at a time).
  $('queue').addEventListener('keydown', (e) => {
    const li = e.target.closest('li[data-case-id]');
    const list = rows();
    if (!list.length) return;
    let next = null;
    const i = li ? list.indexOf(li) : -1;
    if (e.key === 'ArrowDown') next = list[Math.min(list.length - 1, i + 1)];
    else if (e.key === 'ArrowUp') next = list[Math.max(0, i - 1)];
    else if (e.key === 'Home') next = list[0];
    else if (e.key === 'End') next = list[list.length - 1];
    else if (e.key === 'Enter' && li) { e.preventDefault(); ctx.showCase(Number(li.dataset.caseId), { focus: true, from: li }); return; }
    if (next) { e.preventDefault(); next.focus(); }
  });
  // Tab into the queue lands on a row; Shift+Tab out of a row passes the list by.
  $('queue').addEventListener('focus', (e) => {
    if (e.target === $('queue') && !$('queue').contains(e.relatedTarget)) focusQueue();
  });

  $('keys-button').addEventListener('click', () => toggleHelp());
  $('keys-close').addEventListener('click', () => toggleHelp(false));

  return { toggleHelp, focusQueue, renderHelp };
}
