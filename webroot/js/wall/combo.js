// A small accessible combobox: an input with a list of suggestions below it (role=listbox),
// ArrowDown/ArrowUp to move, Enter to pick, Esc to close the list. Suggestions come from
// fetch(query), which may be async; only the answer to the latest query is shown.
import { el } from '../shared/dom.js';

let counter = 0;

/**
 * @param {HTMLInputElement} input
 * @param {HTMLElement} list an empty <ul> placed after the input
 * @param {(q: string) => Promise<Array<{label: string, sub?: string, tag?: string, value: any}>>|Array} fetch
 * @param {(item) => void} onPick
 * @param {object} [o] {minLength: 1, delay: 150}
 */
export function combobox(input, list, fetch, onPick, o = {}) {
  const minLength = o.minLength ?? 1;
  const delay = o.delay ?? 150;
  const id = list.id || `combo-${++counter}`;
  list.id = id;
  list.setAttribute('role', 'listbox');
  list.classList.add('combo-list');
  list.hidden = true;
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', id);
  input.setAttribute('aria-expanded', 'false');
  let items = [];
  let active = -1;
  let timer = null;
  let asked = 0;

  function close() {
    list.hidden = true;
    items = [];
    active = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function show(found) {
    items = found || [];
    active = items.length ? 0 : -1;
    if (!items.length) { close(); return; }
    list.replaceChildren(...items.map((it, i) => {
      const li = el('li', 'combo-item');
      li.id = `${id}-${i}`;
      li.setAttribute('role', 'option');
      if (it.tag) li.append(el('span', 'combo-tag', it.tag));
      li.append(el('span', 'combo-label', it.label));
      if (it.sub) li.append(el('span', 'combo-sub', it.sub));
      // mousedown, not click: the input keeps its focus.
      li.addEventListener('mousedown', (e) => { e.preventDefault(); pick(i); });
      return li;
    }));
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    mark();
  }

  function mark() {
    [...list.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === active)));
    if (active >= 0) {
      input.setAttribute('aria-activedescendant', `${id}-${active}`);
      list.children[active].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function pick(i) {
    const it = items[i];
    close();
    if (it) onPick(it);
  }

  async function ask() {
    const q = input.value.trim();
    const mine = ++asked;
    if (q.length < minLength) { close(); return; }
    let found;
    try { found = await fetch(q); } catch (e) { found = []; }
    if (mine !== asked || document.activeElement !== input) return;
    show(found);
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(ask, delay);
  });
  input.addEventListener('keydown', (e) => {
    if (list.hidden) {
      if (e.key === 'ArrowDown' && input.value.trim().length >= minLength) { e.preventDefault(); ask(); }
      return;
    }
    if (e.key === 'ArrowDown') { e.preventDefault(); active = Math.min(items.length - 1, active + 1); mark(); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); active = Math.max(0, active - 1); mark(); }
    else if (e.key === 'Enter' && active >= 0) { e.preventDefault(); e.stopPropagation(); pick(active); }
    else if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); close(); }
    else if (e.key === 'Tab') close();
  });
  input.addEventListener('blur', () => setTimeout(close, 120));

  return { close, isOpen: () => !list.hidden, refresh: ask };
}
