// The intake form (受理): what a hotline operator fills while on the phone. Channel, category
// with its attributes (GET /api/complaints/categories), the place (a click on the map, typed
// coordinates with their system, or a community / employer found by name), the employer with
// suggestions from the registry, complainant, workers and amount; related complaints of the same
// employer are shown before saving. One Idempotency-Key per form: pressing save twice, or again
// after a lost answer, files one case. The case goes on the wall at once.
import { api, apiOrNull, ApiError, idempotency } from '../shared/api.js';
import { t, language, addStrings } from '../shared/i18n.js';
import { formatTime } from '../shared/format.js';
import { $, el } from '../shared/dom.js';
import { maplibregl } from '../shared/map.js';
import { combobox } from './combo.js';
import { cellPath, searchCells, searchEmployers } from './search.js';
import { catalogueLabel } from './strings.js';

const CHANNELS = ['HOTLINE', 'HOTLINE_12345', 'WINDOW', 'ONLINE', 'PATROL', 'NATIONAL_PLATFORM', 'LETTER_VISIT'];
const CATEGORIES = ['WAGE_ARREARS', 'LABOUR_CONTRACT', 'SOCIAL_INSURANCE', 'WORKING_HOURS', 'CHILD_LABOUR', 'AGENCY_FEES', 'OTHER'];
const CRS = ['WGS84', 'GCJ02', 'BD09', 'CGCS2000'];

addStrings({
  'zh-CN': {
    'crs.WGS84': 'WGS84（GPS）', 'crs.GCJ02': 'GCJ02（高德/腾讯）', 'crs.BD09': 'BD09（百度）', 'crs.CGCS2000': 'CGCS2000',
    'attr.NOT_SIGNED': '未签订劳动合同', 'attr.UNLAWFUL_TERMINATION': '违法解除', 'attr.NO_COPY_GIVEN': '未交付合同文本',
    'attr.PROBATION': '试用期问题', 'attr.OTHER': '其他', 'attr.PENSION': '养老保险', 'attr.MEDICAL': '医疗保险',
    'attr.UNEMPLOYMENT': '失业保险', 'attr.WORK_INJURY': '工伤保险', 'attr.MATERNITY': '生育保险',
  },
  en: {
    'crs.WGS84': 'WGS84 (GPS)', 'crs.GCJ02': 'GCJ02 (Amap, Tencent)', 'crs.BD09': 'BD09 (Baidu)', 'crs.CGCS2000': 'CGCS2000',
    'attr.NOT_SIGNED': 'No contract signed', 'attr.UNLAWFUL_TERMINATION': 'Unlawful termination',
    'attr.NO_COPY_GIVEN': 'No copy given', 'attr.PROBATION': 'Probation', 'attr.OTHER': 'Other', 'attr.PENSION': 'Pension',
    'attr.MEDICAL': 'Medical', 'attr.UNEMPLOYMENT': 'Unemployment', 'attr.WORK_INJURY': 'Work injury', 'attr.MATERNITY': 'Maternity',
  },
});

export function createIntake(ctx) {
  const key = idempotency();
  let catalogue = null;
  let place = null;           // {kind: 'point', lon, lat, crs} | {kind: 'cell', code}
  let placeFromEmployer = false;
  let submitting = null;      // the request in flight
  let marker = null;
  let picking = false;
  let returnFocus = null;
  let resolveAsked = 0;
  let relatedAsked = 0;
  let relatedTimer = null;
  let resolveTimer = null;

  const f = (id) => $(`in-${id}`);

  async function loadCatalogue() {
    if (catalogue) return catalogue;
    const r = await apiOrNull('/api/complaints/categories');
    catalogue = r && Array.isArray(r.categories) ? r.categories : CATEGORIES.map(code => ({ code, attributes: [] }));
    return catalogue;
  }

  function fillSelects() {
    const ch = f('channel');
    const was = ch.value || 'HOTLINE';
    ch.replaceChildren(...CHANNELS.map(c => option(c, t(`channel.${c}`))));
    ch.value = was;
    const cat = f('category');
    const wasCat = cat.value;
    const list = catalogue || CATEGORIES.map(code => ({ code }));
    cat.replaceChildren(option('', t('intake.any')), ...list.map(c => option(c.code,
      c.zh ? catalogueLabel(c, language()) : t(`category.${c.code}`))));
    cat.value = wasCat;
    const crs = f('crs');
    const wasCrs = crs.value || 'WGS84';
    crs.replaceChildren(...CRS.map(c => option(c, t(`crs.${c}`))));
    crs.value = wasCrs;
  }

  function option(value, text) {
    const o = el('option', null, text);
    o.value = value;
    return o;
  }

  /** The category's own fields. */
  function renderAttributes() {
    const box = f('attr-fields');
    const code = f('category').value;
    const cat = (catalogue || []).find(c => c.code === code);
    const attrs = (cat && cat.attributes) || [];
    f('attributes').hidden = !attrs.length;
    const before = readAttributes();
    box.replaceChildren(...attrs.map(a => attributeField(a, before[a.name])));
  }

  function attributeField(a, value) {
    const id = `in-attr-${a.name}`;
    const label = catalogueLabel(a, language());
    if (a.type === 'boolean') {
      const l = el('label', 'check');
      const i = el('input');
      i.type = 'checkbox'; i.id = id; i.dataset.attr = a.name; i.dataset.type = a.type;
      i.checked = value === true;
      l.append(i, el('span', null, label));
      return l;
    }
    if (a.type === 'enumList') {
      const fs = el('fieldset', 'attr-list');
      fs.append(el('legend', null, label));
      fs.dataset.attr = a.name; fs.dataset.type = a.type;
      for (const v of a.values || []) {
        const l = el('label', 'check');
        const i = el('input');
        i.type = 'checkbox'; i.value = v; i.checked = Array.isArray(value) && value.includes(v);
        l.append(i, el('span', null, t(`attr.${v}`) === `attr.${v}` ? v : t(`attr.${v}`)));
        fs.append(l);
      }
      return fs;
    }
    const l = el('label');
    l.append(el('span', null, label));
    let i;
    if (a.type === 'enum') {
      i = el('select');
      i.append(option('', t('intake.any')), ...(a.values || []).map(v => option(v, t(`attr.${v}`) === `attr.${v}` ? v : t(`attr.${v}`))));
    } else {
      i = el('input');
      if (a.type === 'integer') {
        i.type = 'number'; i.step = '1'; i.inputMode = 'numeric';
        if (a.min !== undefined) i.min = a.min;
        if (a.max !== undefined) i.max = a.max;
      } else if (a.type === 'money') {
        i.inputMode = 'decimal'; i.pattern = '(0|[1-9][0-9]{0,11})(\\.[0-9]{1,2})?';
      } else if (a.max) {
        i.maxLength = a.max;
      }
    }
    i.id = id; i.dataset.attr = a.name; i.dataset.type = a.type;
    if (value !== undefined && value !== null) i.value = String(value);
    l.append(i);
    return l;
  }

  function readAttributes() {
    const out = {};
    const box = f('attr-fields');
    if (!box) return out;
    for (const e of box.querySelectorAll('[data-attr]')) {
      const name = e.dataset.attr;
      const type = e.dataset.type;
      if (type === 'boolean') { if (e.checked) out[name] = true; continue; }
      if (type === 'enumList') {
        const v = [...e.querySelectorAll('input:checked')].map(i => i.value);
        if (v.length) out[name] = v;
        continue;
      }
      const v = e.value.trim();
      if (!v) continue;
      out[name] = type === 'integer' ? Number(v) : v;
    }
    return out;
  }

  // ---- the place

  function setPoint(lon, lat, crs, fromEmployer = false) {
    place = { kind: 'point', lon, lat, crs: crs || 'WGS84' };
    placeFromEmployer = fromEmployer;
    f('lon').value = String(+lon.toFixed(6));
    f('lat').value = String(+lat.toFixed(6));
    f('crs').value = place.crs;
    showMarker();
    resolvePlace();
  }

  function setCell(code) {
    place = { kind: 'cell', code };
    placeFromEmployer = false;
    f('lon').value = '';
    f('lat').value = '';
    removeMarker();
    f('place-status').textContent = t('intake.cellChosen', { name: cellPath(ctx.state.cells, code) });
    f('place-status').className = 'hint ok';
    const cell = ctx.state.cells.get(code);
    if (cell && ctx.map) ctx.map.fitBounds([[cell.bbox[0], cell.bbox[1]], [cell.bbox[2], cell.bbox[3]]], { padding: 60, maxZoom: 14, duration: 400 });
  }

  /** A pair typed or pasted into the longitude ("104.08, 30.65" or "104.08 30.65") goes into both fields. */
  function splitPair() {
    const pair = f('lon').value.match(/^\s*(-?\d+(?:\.\d+)?)\s*[,，\s]\s*(-?\d+(?:\.\d+)?)\s*$/);
    if (pair) { f('lon').value = pair[1]; f('lat').value = pair[2]; typedPoint(); }
  }

  function typedPoint() {
    const lon = Number(f('lon').value);
    const lat = Number(f('lat').value);
    if (f('lon').value.trim() === '' || f('lat').value.trim() === '' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
      if (place && place.kind === 'point') { place = null; removeMarker(); f('place-status').textContent = ''; }
      return;
    }
    place = { kind: 'point', lon, lat, crs: f('crs').value };
    placeFromEmployer = false;
    showMarker();
    clearTimeout(resolveTimer);
    resolveTimer = setTimeout(resolvePlace, 250);
  }

  async function resolvePlace() {
    if (!place || place.kind !== 'point') return;
    const mine = ++resolveAsked;
    const status = f('place-status');
    status.textContent = t('intake.resolving');
    status.className = 'hint';
    try {
      const r = await api('/api/grid/resolve?' + new URLSearchParams({ lon: place.lon, lat: place.lat, crs: place.crs }));
      if (mine !== resolveAsked) return;
      const deepest = r.cells && r.cells[0];
      status.textContent = t('intake.resolved', { name: deepest ? cellPath(ctx.state.cells, deepest.code) || deepest.name : '—' });
      status.className = 'hint ok';
      status.dataset.cell = deepest ? deepest.code : '';
    } catch (e) {
      if (mine !== resolveAsked) return;
      if (e instanceof ApiError && (e.status === 404 || e.is('outside-coverage'))) {
        status.textContent = t('intake.outside');
        status.className = 'hint warn';
      } else {
        status.textContent = e.detail || e.message;
        status.className = 'hint warn';
      }
      status.dataset.cell = '';
    }
  }

  function showMarker() {
    if (!ctx.map || !place || place.kind !== 'point') return;
    // A marker only where the typed system is (close enough to) WGS84; GCJ02 and BD09 are
    // converted on the server and would be drawn a few hundred metres off.
    if (place.crs !== 'WGS84' && place.crs !== 'CGCS2000') { removeMarker(); return; }
    if (!marker) marker = new maplibregl.Marker({ element: el('div', 'intake-marker') });
    marker.setLngLat([place.lon, place.lat]).addTo(ctx.map);
  }

  function removeMarker() {
    if (marker) marker.remove();
  }

  function startPicking() {
    picking = true;
    document.body.classList.add('picking');
    f('place-status').textContent = t('intake.picking');
    f('place-status').className = 'hint';
    if (ctx.map) ctx.map.getCanvas().style.cursor = 'crosshair';
  }

  function stopPicking() {
    picking = false;
    document.body.classList.remove('picking');
    if (ctx.map) ctx.map.getCanvas().style.cursor = '';
  }

  /** The wall's map click, while picking: the place. True when taken. */
  function onMapClick(e) {
    if (!picking) return false;
    stopPicking();
    setPoint(e.lngLat.lng, e.lngLat.lat, 'WGS84');
    f('lon').focus();
    return true;
  }

  // ---- employer and related complaints

  function pickEmployer(emp) {
    f('emp-name').value = emp.name;
    f('emp-code').value = emp.creditCode || '';
    if (emp.location && typeof emp.location.lon === 'number' && (!place || placeFromEmployer)) {
      setPoint(emp.location.lon, emp.location.lat, emp.location.crs || 'WGS84', true);
    }
    findRelated();
  }

  function scheduleRelated() {
    clearTimeout(relatedTimer);
    relatedTimer = setTimeout(findRelated, 400);
  }

  /** Open complaints against the same employer (credit code exact, or part of the name). */
  async function findRelated() {
    const code = f('emp-code').value.trim();
    const name = f('emp-name').value.trim();
    const by = code.length === 18 ? code : name;
    const ul = f('related');
    const mine = ++relatedAsked;
    if (by.length < 2) {
      ul.replaceChildren();
      f('related-box').hidden = true;
      return;
    }
    f('related-box').hidden = false;
    ul.replaceChildren(el('li', 'empty', t('intake.relatedSearching')));
    const r = await apiOrNull('/api/cases?' + new URLSearchParams({ employer: by, open: 'true', limit: '8', sort: '-createdAt' }));
    if (mine !== relatedAsked) return;
    const items = (r && r.items) || [];
    f('related-count').textContent = r ? `(${r.total ?? items.length})` : '';
    if (!items.length) {
      ul.replaceChildren(el('li', 'empty', t('intake.noRelated')));
      return;
    }
    ul.replaceChildren(...items.map(c => {
      const li = el('li');
      const b = el('button', 'link related-case', `${c.caseNo} · ${t(`category.${c.category}`)} · ${t(`status.${c.status}`)}`);
      b.type = 'button';
      b.dataset.caseId = c.caseId;
      b.addEventListener('click', () => ctx.showCase(c.caseId));
      li.append(b, el('div', 'sub', `${c.employer ? c.employer.name : ''} · ${formatTime(c.createdAt)} · ${t('unit.people', { n: c.workersInvolved })}`));
      return li;
    }));
  }

  // ---- submitting

  function body() {
    const out = {
      channel: f('channel').value,
      category: f('category').value,
      urgency: f('urgent').checked ? 'URGENT' : 'NORMAL',
      employer: { name: f('emp-name').value.trim(), creditCode: f('emp-code').value.trim().toUpperCase() || null },
      workersInvolved: f('workers').value.trim() === '' ? null : Number(f('workers').value),
      amountOwed: f('amount').value.trim() || null,
      description: f('desc').value.trim(),
      complainant: { name: f('c-name').value.trim(), phone: f('c-phone').value.trim(), idNumber: f('c-id').value.trim() || null },
    };
    const attributes = readAttributes();
    if (Object.keys(attributes).length) out.attributes = attributes;
    if (place && place.kind === 'point') out.location = { lon: place.lon, lat: place.lat, crs: place.crs };
    else if (place && place.kind === 'cell') out.cellCode = place.code;
    return out;
  }

  const FIELDS = {
    channel: 'channel', category: 'category', 'employer.name': 'emp-name', 'employer.creditCode': 'emp-code',
    workersInvolved: 'workers', amountOwed: 'amount', description: 'desc', 'complainant.name': 'c-name',
    'complainant.phone': 'c-phone', 'complainant.idNumber': 'c-id', location: 'lon', 'location.lon': 'lon',
    'location.lat': 'lat', 'location.crs': 'crs', cellCode: 'place-q', urgency: 'urgent',
  };

  function clearErrors() {
    $('intake-form').querySelectorAll('[aria-invalid=true]').forEach(e => e.removeAttribute('aria-invalid'));
    $('intake-form').querySelectorAll('.field-error').forEach(e => e.remove());
    f('error').textContent = '';
  }

  function markError(field, message) {
    let id = FIELDS[field];
    if (!id && field.startsWith('attributes.')) id = `attr-${field.slice(11)}`;
    const input = id && f(id);
    if (!input) return null;
    input.setAttribute('aria-invalid', 'true');
    const msg = el('span', 'field-error', message);
    msg.id = `${input.id}-error`;
    input.setAttribute('aria-describedby', msg.id);
    (input.closest('label') || input).after(msg);
    return input;
  }

  /** What the browser can tell before asking the server. */
  function check(b) {
    const errors = [];
    const need = (field, ok, message) => { if (!ok) errors.push({ field, message }); };
    need('category', b.category, t('intake.any'));
    need('employer.name', b.employer.name, t('intake.employer'));
    need('workersInvolved', Number.isInteger(b.workersInvolved) && b.workersInvolved >= 1, '≥ 1');
    need('description', b.description, t('intake.description'));
    need('complainant.name', b.complainant.name, t('intake.name'));
    need('complainant.phone', /^[\s-]*\+?([\s-]*[0-9]){5,15}[\s-]*$/.test(b.complainant.phone), '5–15 digits');
    if (b.amountOwed) need('amountOwed', /^(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$/.test(b.amountOwed), '12500.00');
    if (b.employer.creditCode) need('employer.creditCode', /^[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}$/.test(b.employer.creditCode), '18');
    if (!b.location && !b.cellCode) errors.push({ field: 'location', message: t('intake.needPlace') });
    return errors;
  }

  async function submit(ev) {
    if (ev) ev.preventDefault();
    if (submitting) return submitting; // a second press while the first is out: the same request
    splitPair();
    clearErrors();
    const b = body();
    const errors = check(b);
    if (errors.length) {
      const first = errors.map(e => markError(e.field, e.message)).find(Boolean);
      f('error').textContent = errors.some(e => e.field === 'location') ? t('intake.needPlace') : t('intake.fix');
      if (first) first.focus();
      return null;
    }
    const button = f('submit');
    button.disabled = true;
    button.textContent = t('intake.submitting');
    submitting = (async () => {
      try {
        const filed = await api('/api/complaints', { method: 'POST', json: b, idempotencyKey: key.key() });
        ctx.notify(t('intake.saved', { caseNo: filed.caseNo }), 'ok');
        key.reset();
        resetForm();
        close();
        ctx.addFiledCase(filed);
        return filed;
      } catch (e) {
        if (!(e instanceof ApiError)) {
          f('error').textContent = t('intake.offline'); // the key stays: pressing save again files once
        } else if (e.is('idempotency-key-reused')) {
          f('error').textContent = t('intake.keyReused');
          key.reset();
        } else {
          const first = e.errors.map(x => markError(x.field, x.message)).find(Boolean);
          f('error').textContent = e.errors.length ? t('intake.fix') : t('intake.failed', { detail: e.detail || e.message });
          if (first) first.focus();
        }
        return null;
      } finally {
        submitting = null;
        button.disabled = false;
        button.textContent = t('intake.submit');
      }
    })();
    return submitting;
  }

  function resetForm() {
    $('intake-form').reset();
    clearErrors();
    place = null;
    placeFromEmployer = false;
    removeMarker();
    f('place-status').textContent = '';
    f('related').replaceChildren();
    f('related-box').hidden = true;
    f('channel').value = 'HOTLINE';
    f('crs').value = 'WGS84';
    renderAttributes();
  }

  // ---- open and close

  async function open() {
    if (!ctx.mayFile()) return;
    returnFocus = document.activeElement;
    $('intake').hidden = false;
    document.body.classList.add('intake-open');
    await loadCatalogue();
    fillSelects();
    renderAttributes();
    f('channel').focus();
  }

  function close() {
    stopPicking();
    $('intake').hidden = true;
    document.body.classList.remove('intake-open');
    removeMarker();
    if (returnFocus && document.contains(returnFocus) && returnFocus !== document.body) returnFocus.focus();
    returnFocus = null;
  }

  function isOpen() {
    return !$('intake').hidden;
  }

  /** Esc inside the form: stop picking first, then close. True when handled. */
  function escape() {
    if (picking) { stopPicking(); f('place-status').textContent = ''; return true; }
    if (isOpen()) { close(); return true; }
    return false;
  }

  function init() {
    $('intake-form').addEventListener('submit', submit);
    $('intake-close').addEventListener('click', close);
    f('cancel').addEventListener('click', close);
    f('pick').addEventListener('click', startPicking);
    f('category').addEventListener('change', renderAttributes);
    // Typing over what is there (a picked point) rather than after it.
    for (const id of ['lon', 'lat', 'workers']) f(id).addEventListener('focus', () => f(id).select());
    f('lon').addEventListener('input', typedPoint);
    f('lon').addEventListener('change', splitPair);
    f('lon').addEventListener('paste', () => setTimeout(splitPair, 0));
    f('lat').addEventListener('input', typedPoint);
    f('crs').addEventListener('change', typedPoint);
    f('emp-name').addEventListener('input', scheduleRelated);
    f('emp-code').addEventListener('input', scheduleRelated);
    // Ctrl+Enter saves from the description too; M picks on the map from anywhere in the form but a text field.
    $('intake-form').addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); submit(); }
    });
    combobox(f('place-q'), f('place-list'), async (q) => {
      const cells = searchCells(ctx.state.cells, q, 6).map(c => ({ tag: t('intake.suggestCell'), label: c.name,
        sub: cellPath(ctx.state.cells, c.code), value: { cell: c } }));
      const emps = q.length >= 2 ? (await searchEmployers(q, 5)).map(e => ({ tag: t('intake.suggestEmployer'), label: e.name,
        sub: `${e.creditCode} · ${e.address || ''}`, value: { employer: e } })) : [];
      return cells.concat(emps);
    }, (item) => {
      if (item.value.cell) setCell(item.value.cell.code);
      else {
        const e = item.value.employer;
        pickEmployer(e);
        if (e.location && typeof e.location.lon === 'number') setPoint(e.location.lon, e.location.lat, e.location.crs || 'WGS84', true);
      }
      f('place-q').value = item.label;
    });
    combobox(f('emp-name'), f('emp-list'), async (q) => (q.length >= 2 ? (await searchEmployers(q, 8)) : [])
      .map(e => ({ label: e.name, sub: `${e.creditCode} · ${e.industryName || ''} · ${e.address || ''}`, value: e })),
    (item) => pickEmployer(item.value));
    combobox(f('emp-code'), f('code-list'), async (q) => (q.length === 18 ? (await searchEmployers(q, 3)) : [])
      .map(e => ({ label: e.creditCode, sub: e.name, value: e })), (item) => pickEmployer(item.value), { minLength: 18 });
  }

  function rerender() {
    if (catalogue) { fillSelects(); renderAttributes(); }
  }

  return { init, open, close, isOpen, escape, onMapClick, submit, rerender, isPicking: () => picking, startPicking };
}
