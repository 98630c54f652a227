// Small DOM helpers shared by GridWatch's pages. Exported names are stable: add, don't rename.

/** document.getElementById. */
export const $ = (id) => document.getElementById(id);

/** A new element with an optional class name and text. */
export const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
};

/** True when the keyboard event comes from a field the user types in (shortcuts keep out of it). */
export function isTyping(ev) {
  const e = ev.target;
  if (!e || !e.tagName) return false;
  const tag = e.tagName.toLowerCase();
  return tag === 'input' || tag === 'textarea' || tag === 'select' || e.isContentEditable;
}

/** Debounces fn by ms (the last call wins). */
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
