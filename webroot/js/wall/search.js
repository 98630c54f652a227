// Searching what the wall already holds: grid cells by name or code (the whole grid is loaded
// at start) and open cases by number or employer. Employers come from the registry
// (GET /api/employers?q=).
import { apiOrNull } from '../shared/api.js';

/** "锦江区·春熙路街道·红星路社区": a cell's name with its ancestors'. */
export function cellPath(cells, code) {
  if (!code) return '';
  const names = [];
  for (const len of [6, 9, 12, 14]) {
    if (code.length < len) break;
    const c = cells.get(code.slice(0, len));
    if (c) names.push(c.name);
  }
  return names.join('·') || code;
}

/** Cells whose name contains q (or whose code starts with q), communities first, at most limit. */
export function searchCells(cells, q, limit = 8) {
  const s = q.trim();
  if (!s) return [];
  const digits = /^\d+$/.test(s);
  const found = [];
  for (const c of cells.values()) {
    if (digits ? c.code.startsWith(s) : c.name.includes(s)) found.push(c);
  }
  found.sort((a, b) => {
    const exact = (x) => (x.name === s || x.code === s ? 0 : 1);
    return exact(a) - exact(b) || b.level - a.level || a.code.localeCompare(b.code);
  });
  return found.slice(0, limit);
}

/** Employers from the registry whose name contains q, or whose credit code is q. */
export async function searchEmployers(q, limit = 8) {
  const r = await apiOrNull('/api/employers?' + new URLSearchParams({ q: q.trim(), limit: String(limit) }));
  return (r && Array.isArray(r.items)) ? r.items : [];
}

/** Open cases on the wall whose number, employer or cell name contains q. */
export function searchCases(cases, cells, q, limit = 8) {
  const s = q.trim().toUpperCase();
  if (!s) return [];
  const out = [];
  for (const c of cases.values()) {
    const emp = c.employer && c.employer.name ? c.employer.name.toUpperCase() : '';
    const code = c.employer && c.employer.creditCode ? c.employer.creditCode.toUpperCase() : '';
    if ((c.caseNo && c.caseNo.toUpperCase().includes(s)) || emp.includes(s) || code === s) out.push(c);
    if (out.length >= limit) break;
  }
  return out;
}
