// The incident command view (#incident/<id>): GET /api/incidents/{id} with its team (四个一),
// department tasks and timeline, the one-hour on-site clock, the linked cases; and, for leaders
// and duty supervisors, the forms that post POST /api/incidents/{id}/actions (assign-team,
// add-task, update-task, report, arrive, close). Rendered defensively: a field the server does
// not send shows as "—". The forms are built once per incident, so live refreshes of the view
// never wipe what the user is typing.
import { t } from '../js/shared/i18n.js';
import { get, post, ApiError } from '../js/shared/api.js';
import { $, el } from '../js/shared/dom.js';
import { formatTime, number } from '../js/shared/format.js';
import { onSiteClock, label, gradeText, arrivedAt } from './incidents.js';
import { TEAM_ROLES, DEPARTMENTS, TASK_STATUSES } from './strings.js';

/** Roles that may command an incident from this screen (the server decides in the end). */
export const COMMANDERS = new Set(['LEADER', 'SUPERVISOR']);

/** A datetime-local value ("2026-12-03T15:30") as an ISO time in Beijing time, or null. */
export function beijingIso(local) {
  if (!local || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return null;
  return `${local}:00+08:00`;
}

function teamMembers(inc) {
  const team = inc && inc.team;
  if (Array.isArray(team)) return team;
  if (team && Array.isArray(team.members)) return team.members;
  return [];
}

function actorName(a) {
  if (!a) return '';
  if (typeof a === 'string') return a;
  return a.name || a.username || '';
}

/** The text of a timeline entry, from its data (docs/incidents.md: the data differ by action). */
export function entryText(e) {
  const d = e.data || {};
  const own = e.text || d.text || d.summary || d.note;
  const members = Array.isArray(d.team) ? d.team : Array.isArray(d.members) ? d.members : null;
  const parts = [];
  if (members) parts.push(members.map(m => `${label('cmd.role.', m.role)} ${m.name || ''}`.trim()).join('、'));
  if (d.department) parts.push(label('cmd.dept.', d.department) + (d.title ? `：${d.title}` : ''));
  else if (d.title) parts.push(d.title);
  if (d.status && e.action === 'update-task') parts.push(label('cmd.task.', d.status));
  if (d.dueAt && e.action === 'add-task') parts.push(t('cmd.task.due', { t: formatTime(d.dueAt) }));
  if (typeof d.onTime === 'boolean') parts.push(t(d.onTime ? 'cmd.tl.onTime' : 'cmd.tl.late'));
  if (d.caseId !== undefined && d.caseId !== null) parts.push(`#${d.caseId}`);
  if (typeof d.workers === 'number' && e.action !== 'close') parts.push(t('cmd.incident.workers', { n: d.workers }));
  if (own) parts.push(own);
  return parts.join(' · ');
}

/**
 * ctx: {user, cellName(code), onLoaded(incident) (the list and map), onClose()}. Returns
 * {open(id), close(), refresh(), tick(now), currentId()}.
 */
export function createView(ctx) {
  let current = null;       // the incident shown (detail JSON)
  let currentId = null;
  let builtFor = null;      // the incident id the forms were built for
  const caseInfo = new Map(); // caseId -> the case (its number, headcount) once read
  const commander = COMMANDERS.has(ctx.user.role);

  $('view-close').onclick = () => ctx.onClose();

  async function open(id) {
    currentId = String(id);
    if (builtFor !== currentId) {
      builtFor = null;
      $('view-actions').replaceChildren();
      $('view-actions').hidden = true;
      current = null;
      $('view-summary').replaceChildren(el('p', 'muted', t('cmd.loading')));
      ['view-team', 'view-tasks', 'view-timeline', 'view-cases'].forEach(x => $(x).replaceChildren());
      $('view-cases-title').textContent = t('cmd.view.cases', { n: 0 });
    }
    await refresh();
  }

  function close() {
    currentId = null;
    current = null;
    builtFor = null;
  }

  async function refresh() {
    if (!currentId) return;
    const id = currentId;
    let inc = null;
    try {
      inc = await get(`/api/incidents/${encodeURIComponent(id)}`);
    } catch (e) {
      if (currentId !== id) return;
      const msg = e instanceof ApiError && (e.status === 404 || e.status === 403) ? t('cmd.view.notFound')
        : t('cmd.unavailable');
      $('view-summary').replaceChildren(el('p', 'error', msg));
      return;
    }
    if (currentId !== id || !inc) return;
    current = inc;
    render();
    ctx.onLoaded(inc);
  }

  function render() {
    const inc = current;
    const open = inc.status !== 'CLOSED';
    document.body.dataset.incidentStatus = inc.status || '';
    renderSummary(inc);
    renderTeam(inc);
    renderCases(inc);
    renderTasks(inc, open);
    renderTimeline(inc);
    if (commander && builtFor !== String(inc.id)) buildActions(inc);
    updateActions(inc, open);
    tick();
  }

  function field(k, v, cls) {
    const d = el('div', `kv ${cls || ''}`);
    d.append(el('dt', null, t(k)), el('dd', null, v));
    return d;
  }

  function renderSummary(inc) {
    const s = $('view-summary');
    const head = el('div', 'v-head');
    head.append(el('span', 'i-grade', gradeText(inc.grade)), el('span', 'v-no', inc.incidentNo || `#${inc.id}`),
      el('span', 'i-status', label('cmd.status.', inc.status)));
    const workers = el('div', 'v-workers');
    const n = el('span', 'v-workers-n', number(inc.workers));
    n.id = 'view-workers';
    workers.append(n, el('span', 'v-workers-label', t('cmd.view.workers')));
    const clock = el('div', 'v-clock');
    const clockText = el('span', 'v-clock-text');
    clockText.id = 'view-clock';
    clock.append(el('span', 'v-clock-label', t('cmd.view.clock')), clockText);
    const emp = inc.employer || {};
    const dl = el('dl', 'v-fields');
    dl.append(
      field('cmd.view.employer', emp.name || '—', 'wide'),
      field('cmd.view.creditCode', emp.creditCode || '—', 'wide'),
      field('cmd.view.cell', ctx.cellName(inc.cellCode) || inc.cellCode || '—'),
      field('cmd.view.opened', formatTime(inc.openedAt)),
    );
    if (inc.project || inc.projectName) dl.append(field('cmd.view.project', inc.project || inc.projectName, 'wide'));
    s.replaceChildren(head, el('div', 'v-big', ''), dl);
    s.querySelector('.v-big').append(workers, clock);
  }

  function renderTeam(inc) {
    const ul = $('view-team');
    ul.replaceChildren();
    const members = teamMembers(inc);
    if (!members.length) ul.append(el('li', 'empty', t('cmd.view.noTeam')));
    // The four roles of 四个一 always, the missing ones marked; then anyone else the server lists.
    const roles = [...TEAM_ROLES, ...members.map(m => m.role).filter(r => !TEAM_ROLES.includes(r))];
    for (const role of [...new Set(roles)]) {
      const list = members.filter(m => m.role === role);
      if (!list.length && !members.length) continue;
      for (const m of list.length ? list : [null]) {
        const li = el('li', m ? 'member' : 'member missing');
        li.dataset.role = role || '';
        li.append(el('span', 'm-role', label('cmd.role.', role)), el('span', 'm-name', m ? (m.name || '—') : t('cmd.view.vacant')),
          el('span', 'm-phone', (m && m.phone) || ''));
        ul.append(li);
      }
    }
  }

  function renderCases(inc) {
    const ul = $('view-cases');
    ul.replaceChildren();
    const cases = Array.isArray(inc.cases) ? inc.cases
      : (inc.caseIds || []).map(id => ({ caseId: id }));
    $('view-cases-title').textContent = t('cmd.view.cases', { n: cases.length });
    for (const c of cases) {
      const li = el('li');
      li.dataset.caseId = String(c.caseId ?? c.id ?? '');
      const id = c.caseId ?? c.id;
      const info = c.caseNo ? c : caseInfo.get(String(id));
      fillCase(li, info || { caseId: id });
      ul.append(li);
      if (!info && id !== undefined && caseInfo.size < 200) {
        // Only ids: the case numbers and headcounts are read once per case (at most 12 per incident).
        caseInfo.set(String(id), { caseId: id });
        if (ul.children.length <= 12) {
          get(`/api/cases/${encodeURIComponent(id)}`).then((k) => {
            caseInfo.set(String(id), k);
            const row = ul.querySelector(`li[data-case-id="${CSS.escape(String(id))}"]`);
            if (row) fillCase(row, k);
          }).catch(() => { /* outside the scope or gone: the id stays */ });
        }
      }
    }
  }

  function fillCase(li, c) {
    li.replaceChildren(el('span', 'case-no', c.caseNo || `#${c.caseId ?? c.id}`));
    const w = c.totalWorkers ?? c.workersInvolved ?? c.workers;
    if (w !== undefined && w !== null) li.append(el('span', 'muted', t('cmd.incident.workers', { n: w })));
    if (c.status) li.append(el('span', 'muted', label('status.', c.status)));
  }

  function renderTasks(inc, open) {
    const ul = $('view-tasks');
    ul.replaceChildren();
    const tasks = Array.isArray(inc.tasks) ? inc.tasks : [];
    if (!tasks.length) ul.append(el('li', 'empty', t('cmd.view.noTasks')));
    for (const task of tasks) {
      const li = el('li', `task status-${String(task.status || '').toLowerCase()}`);
      li.dataset.taskId = String(task.id);
      const r1 = el('div', 't-row1');
      r1.append(el('span', 't-dept', label('cmd.dept.', task.department)), el('span', 't-title', task.title || '—'),
        el('span', 't-status', label('cmd.task.', task.status)));
      li.append(r1);
      if (task.dueAt) li.append(el('div', 't-due muted', t('cmd.task.due', { t: formatTime(task.dueAt) })));
      if (commander && open) li.append(taskStatusForm(inc, task));
      ul.append(li);
    }
  }

  function taskStatusForm(inc, task) {
    const f = el('form', 'inline-form');
    const sel = el('select');
    sel.setAttribute('aria-label', t('cmd.view.status'));
    for (const s of TASK_STATUSES) {
      const o = el('option', null, label('cmd.task.', s));
      o.value = s;
      if (s === task.status) o.selected = true;
      sel.append(o);
    }
    const b = el('button', null, t('cmd.act.setStatus'));
    b.type = 'submit';
    const msg = el('span', 'form-msg');
    f.append(sel, b, msg);
    f.addEventListener('submit', (e) => {
      e.preventDefault();
      act(inc.id, { action: 'update-task', taskId: task.id, status: sel.value }, msg, b);
    });
    return f;
  }

  function renderTimeline(inc) {
    const ol = $('view-timeline');
    ol.replaceChildren();
    const entries = Array.isArray(inc.timeline) ? [...inc.timeline] : [];
    entries.sort((a, b) => String(b.at || '').localeCompare(String(a.at || '')));
    if (!entries.length) ol.append(el('li', 'empty', t('cmd.view.noTimeline')));
    for (const e of entries) {
      const li = el('li');
      li.dataset.action = e.action || '';
      li.append(el('span', 'tl-time', formatTime(e.at)), el('span', 'tl-action', label('cmd.tl.', e.action)),
        el('span', 'tl-actor', actorName(e.actor || e.actorName)), el('span', 'tl-text', entryText(e)));
      ol.append(li);
    }
  }

  // ---- actions (leaders and supervisors)

  async function act(id, fields, msg, button) {
    if (button) button.disabled = true;
    msg.className = 'form-msg';
    msg.textContent = '';
    // The version this command was given on: a stale one is refused (409) rather than acting on
    // an incident someone else changed meanwhile (the view refreshes live, so it is usually current).
    const body = current && typeof current.version === 'number' && String(current.id) === String(id)
      ? { ...fields, expectedVersion: current.version } : fields;
    try {
      const r = await post(`/api/incidents/${encodeURIComponent(id)}/actions`, body);
      msg.textContent = t('cmd.act.done');
      msg.classList.add('ok');
      if (r && typeof r === 'object' && r.id !== undefined && String(r.id) === currentId && Array.isArray(r.timeline)) {
        current = r;
        render();
        ctx.onLoaded(r);
      } else {
        await refresh();
      }
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.is('stale-version')) {
        await refresh();
        msg.textContent = t('cmd.act.stale');
        msg.classList.add('error');
        return false;
      }
      const detail = e instanceof ApiError
        ? [e.detail || e.title, ...e.errors.map(x => `${x.field}: ${x.message}`)].filter(Boolean).join('；')
        : e.message;
      msg.textContent = t('cmd.act.failed', { detail });
      msg.classList.add('error');
      return false;
    } finally {
      if (button) button.disabled = false;
    }
  }

  function section(titleKey, id) {
    const s = el('form', 'act');
    s.id = id;
    s.noValidate = true;
    s.append(el('h4', null, t(titleKey)));
    return s;
  }

  function input(labelKey, attrs = {}, tag = 'input') {
    const l = el('label');
    const i = el(tag);
    Object.entries(attrs).forEach(([k, v]) => { i[k] = v; });
    l.append(el('span', null, t(labelKey)), i);
    return [l, i];
  }

  function submitRow(textKey) {
    const row = el('div', 'act-row');
    const b = el('button', 'primary', t(textKey));
    b.type = 'submit';
    const msg = el('span', 'form-msg');
    msg.setAttribute('role', 'status');
    row.append(b, msg);
    return [row, b, msg];
  }

  function buildActions(inc) {
    builtFor = String(inc.id);
    const box = $('view-actions');
    box.replaceChildren();

    // assign-team: the four roles, one name (and phone) each; prefilled from the current team.
    const team = section('cmd.act.team', 'act-team');
    const members = teamMembers(inc);
    const rows = TEAM_ROLES.map((role) => {
      const m = members.find(x => x.role === role) || {};
      const row = el('div', 'team-row');
      row.dataset.role = role;
      const name = el('input');
      name.name = `name-${role}`;
      name.maxLength = 100;
      name.value = m.name || '';
      name.setAttribute('aria-label', `${t(`cmd.role.${role}`)} ${t('cmd.act.name')}`);
      name.placeholder = t('cmd.act.name');
      const phone = el('input');
      phone.name = `phone-${role}`;
      phone.type = 'tel';
      phone.maxLength = 20;
      phone.value = m.phone || '';
      phone.placeholder = t('cmd.act.phone');
      phone.setAttribute('aria-label', `${t(`cmd.role.${role}`)} ${t('cmd.act.phone')}`);
      row.append(el('span', 'm-role', t(`cmd.role.${role}`)), name, phone);
      team.append(row);
      return { role, name, phone };
    });
    const [teamSubmit, teamButton, teamMsg] = submitRow('cmd.act.assign');
    team.append(teamSubmit);
    team.addEventListener('submit', (e) => {
      e.preventDefault();
      const list = rows.filter(r => r.name.value.trim()).map(r => {
        const m = { role: r.role, name: r.name.value.trim() };
        if (r.phone.value.trim()) m.phone = r.phone.value.trim();
        return m;
      });
      if (!list.length) { teamMsg.className = 'form-msg error'; teamMsg.textContent = t('cmd.act.needName'); return; }
      act(inc.id, { action: 'assign-team', members: list }, teamMsg, teamButton);
    });

    // add-task: a department, what to do, by when.
    const task = section('cmd.act.addTask', 'act-task');
    const [deptLabel, dept] = input('cmd.act.department', {}, 'select');
    for (const d of DEPARTMENTS) {
      const o = el('option', null, t(`cmd.dept.${d}`));
      o.value = d;
      dept.append(o);
    }
    const [titleLabel, title] = input('cmd.act.taskTitle', { maxLength: 200 });
    const [dueLabel, due] = input('cmd.act.dueAt', { type: 'datetime-local' });
    const [taskSubmit, taskButton, taskMsg] = submitRow('cmd.act.add');
    task.append(deptLabel, titleLabel, dueLabel, taskSubmit);
    task.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!title.value.trim()) { taskMsg.className = 'form-msg error'; taskMsg.textContent = t('cmd.act.needText'); return; }
      const body = { action: 'add-task', department: dept.value, title: title.value.trim() };
      const dueAt = beijingIso(due.value);
      if (dueAt) body.dueAt = dueAt;
      if (await act(inc.id, body, taskMsg, taskButton)) { title.value = ''; due.value = ''; }
    });

    // report: progress in words.
    const report = section('cmd.act.report', 'act-report');
    const [textLabel, text] = input('cmd.act.reportText', { rows: 2, maxLength: 2000 }, 'textarea');
    const [reportSubmit, reportButton, reportMsg] = submitRow('cmd.act.send');
    report.append(textLabel, reportSubmit);
    report.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!text.value.trim()) { reportMsg.className = 'form-msg error'; reportMsg.textContent = t('cmd.act.needText'); return; }
      if (await act(inc.id, { action: 'report', text: text.value.trim() }, reportMsg, reportButton)) text.value = '';
    });

    // arrive: the team is on site (stops the one-hour clock).
    const arrive = section('cmd.act.arrive', 'act-arrive');
    const [arriveSubmit, arriveButton, arriveMsg] = submitRow('cmd.act.arrive');
    arrive.append(arriveSubmit);
    arrive.addEventListener('submit', (e) => {
      e.preventDefault();
      act(inc.id, { action: 'arrive' }, arriveMsg, arriveButton);
    });

    // close: with the outcome.
    const closeForm = section('cmd.act.close', 'act-close');
    const [sumLabel, summary] = input('cmd.act.summary', { rows: 2, maxLength: 2000 }, 'textarea');
    const [closeSubmit, closeButton, closeMsg] = submitRow('cmd.act.closeSend');
    closeForm.append(sumLabel, closeSubmit);
    closeForm.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!summary.value.trim()) { closeMsg.className = 'form-msg error'; closeMsg.textContent = t('cmd.act.needText'); return; }
      act(inc.id, { action: 'close', summary: summary.value.trim() }, closeMsg, closeButton);
    });

    box.append(team, task, report, arrive, closeForm);
  }

  function updateActions(inc, open) {
    const box = $('view-actions');
    box.hidden = !commander || !open;
    const arrive = $('act-arrive');
    if (arrive) arrive.hidden = !!arrivedAt(inc);
  }

  /** Every second: the one-hour clock. */
  function tick(now = Date.now()) {
    const span = $('view-clock');
    if (!span || !current) return;
    const c = onSiteClock(current, now);
    if (span.textContent !== c.text) span.textContent = c.text;
    span.dataset.state = c.state;
  }

  return {
    open, close, refresh, tick,
    currentId: () => currentId,
    current: () => current,
  };
}
