// The strings of GridWatch's pages, in two dictionaries: zh-CN (the default) and English. The
// shared strings (and the wall's) are here; a page adds its own with addStrings(). Elements carry
// data-i18n="key" (text), data-i18n-title="key", data-i18n-placeholder="key" or
// data-i18n-aria-label="key". Exported names are stable (other pages import them): add, don't rename.

const zh = {
  'app.title': 'GridWatch 劳动保障监察指挥大屏',
  'app.short': '劳动保障监察指挥中心',
  'login.title': '登录指挥大屏',
  'login.username': '用户名',
  'login.password': '密码',
  'login.totp': '动态验证码',
  'login.submit': '登录',
  'login.failed': '用户名或密码错误',
  'login.totpRequired': '请输入动态验证码',
  'login.locked': '登录失败次数过多，请稍后再试',
  'login.error': '登录失败：{detail}',
  'lang.switch': 'English',
  'logout': '退出',
  'fig.received': '今日接收',
  'fig.parked': '挂账案件',
  'deadline.provisional': '暂定',
  'deadline.provisionalWhy': '该年度节假日安排未载入或未核实，期限按暂定日历计算',
  'deadline.provisionalWarning': '⚠ 部分期限按暂定节假日计算（国务院通知未载入或未核实）',
  'fig.registered': '今日立案',
  'fig.closed': '今日结案',
  'fig.open': '在办案件',
  'fig.overdue': '超期案件',
  'fig.onTimeRate': '按期结案率',
  'fig.closureRate': '结案率',
  'fig.amountRecovered': '追回金额(元)',
  'fig.workersHelped': '涉及人数',
  'queue.title': '待办队列（按最近期限）',
  'queue.empty': '暂无在办案件',
  'queue.noDeadline': '无期限',
  'queue.left': '剩余 {t}',
  'queue.over': '超期 {t}',
  'queue.age': '已接收 {t}',
  'queue.more': '另有 {n} 件',
  'feed.title': '预警与动态',
  'feed.empty': '暂无动态',
  'live.online': '实时连接',
  'live.offline': '连接中断，重连中…',
  'live.connecting': '连接中…',
  'live.replaying': '补发离线事件…',
  'follow.resume': '恢复自动跟随',
  'follow.on': '自动跟随新案件',
  'panel.close': '关闭',
  'panel.cell': '网格',
  'panel.level': '{n}级网格',
  'panel.cases': '本网格在办案件（{n}）',
  'panel.employers': '用人单位',
  'panel.noEmployers': '暂无用人单位数据',
  'panel.figures': '本网格今日数据',
  'panel.timeline': '办理过程',
  'panel.deadlines': '期限',
  'panel.loading': '加载中…',
  'panel.notFound': '案件不存在或无权查看',
  'case.no': '案件编号',
  'case.status': '状态',
  'case.category': '类别',
  'case.channel': '来源渠道',
  'case.employer': '用人单位',
  'case.workers': '涉及人数',
  'case.amount': '欠薪金额(元)',
  'case.cell': '所属网格',
  'case.complainant': '投诉人',
  'case.received': '接收时间',
  'case.mass': '群体性事件',
  'case.new': '新',
  'case.supervision': '督办',
  'unit.people': '{n}人',
  'dur.d': '{n}天',
  'dur.h': '{n}小时',
  'dur.m': '{n}分',
  'dur.s': '{n}秒',
  'legend.title': '图例',
  'legend.open': '在办案件数',
  'legend.yellow': '临近期限',
  'legend.red': '已超期',
  'legend.mass': '群体性事件（≥30人）',
  'staff.title': '监察员',
  'event.deadline.warning': '期限预警',
  'event.deadline.overdue': '超期督办',
  'event.case': '案件{action}',
  'status.RECEIVED': '待受理', 'status.ADMITTED': '已受理', 'status.REGISTERED': '已立案', 'status.DECLINED': '不予受理',
  'status.DISPATCHED': '已派遣', 'status.ON_SITE': '已到场', 'status.INVESTIGATING': '调查处理',
  'status.RESOLVED': '已办结', 'status.VERIFIED': '已核查', 'status.CLOSED': '已结案',
  'status.MERGED': '已合并', 'status.PARKED': '挂账',
  'category.WAGE_ARREARS': '拖欠工资', 'category.LABOUR_CONTRACT': '劳动合同',
  'category.SOCIAL_INSURANCE': '社会保险', 'category.WORKING_HOURS': '工作时间',
  'category.CHILD_LABOUR': '童工', 'category.AGENCY_FEES': '中介收费', 'category.OTHER': '其他',
  'channel.HOTLINE': '12333热线', 'channel.WINDOW': '窗口', 'channel.ONLINE': '网上',
  'channel.PATROL': '网格巡查', 'channel.HOTLINE_12345': '12345转办',
  'channel.NATIONAL_PLATFORM': '国家欠薪线索平台', 'channel.LETTER_VISIT': '信访',
  'kind.LEGAL_ACCEPT': '受理期限', 'kind.LEGAL_REGISTER': '立案期限', 'kind.LEGAL_INVESTIGATE': '办案期限',
  'kind.SERVICE_ON_SITE': '到场承诺', 'kind.SERVICE_REGISTER': '当天立案', 'kind.SERVICE_CLOSE': '结案承诺',
  'kind.PARK_REVIEW': '挂账复核', 'kind.DISPATCH_ACCEPT': '接单时限',
  'timer.GREEN': '正常', 'timer.YELLOW': '临期', 'timer.RED': '超期', 'timer.MET': '已完成', 'timer.PAUSED': '暂停',
  'action.received': '接收投诉', 'action.admitted': '受理', 'action.registered': '立案', 'action.declined': '不予受理',
  'action.dispatched': '派遣', 'action.accepted': '接单', 'action.arrived': '到场',
  'action.investigation-started': '开始调查', 'action.resolved': '办结', 'action.verified': '核查通过',
  'action.verification-failed': '核查不通过', 'action.closed': '结案', 'action.returned': '回退',
  'action.extended': '延期', 'action.parked': '挂账', 'action.unparked': '恢复办理',
  'action.reopened': '返工', 'action.merged': '合并', 'action.followed-up': '回访',
  'action.merge-received': '接收并案',
  'action.assignment-refused': '拒单', 'action.dispatch-timeout': '接单超时', 'action.transferred': '批转',
  'action.note-added': '工作记录',
  'staff.AVAILABLE': '空闲', 'staff.EN_ROUTE': '赶赴现场', 'staff.ON_SITE': '现场处置', 'staff.OFF_DUTY': '下班',
};

const en = {
  'app.title': 'GridWatch labour inspection command wall',
  'app.short': 'Labour inspection command centre',
  'login.title': 'Sign in to the command wall',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.totp': 'One-time code',
  'login.submit': 'Sign in',
  'login.failed': 'Wrong username or password',
  'login.totpRequired': 'Enter your one-time code',
  'login.locked': 'Too many failed attempts; try again later',
  'login.error': 'Sign-in failed: {detail}',
  'lang.switch': '中文',
  'logout': 'Sign out',
  'fig.received': 'Received today',
  'fig.parked': 'Parked',
  'deadline.provisional': 'provisional',
  'deadline.provisionalWhy': 'The holidays of that year are not loaded or not checked: the due time is provisional',
  'deadline.provisionalWarning': '⚠ Some deadlines are provisional (holiday notice not loaded or not checked)',
  'fig.registered': 'Registered today',
  'fig.closed': 'Closed today',
  'fig.open': 'Open cases',
  'fig.overdue': 'Overdue',
  'fig.onTimeRate': 'Closed on time',
  'fig.closureRate': 'Closure rate',
  'fig.amountRecovered': 'Wages recovered (¥)',
  'fig.workersHelped': 'Workers helped',
  'queue.title': 'Queue (nearest deadline first)',
  'queue.empty': 'No open cases',
  'queue.noDeadline': 'no deadline',
  'queue.left': '{t} left',
  'queue.over': '{t} overdue',
  'queue.age': 'received {t} ago',
  'queue.more': '{n} more',
  'feed.title': 'Escalations and activity',
  'feed.empty': 'Nothing yet',
  'live.online': 'Live',
  'live.offline': 'Disconnected, reconnecting…',
  'live.connecting': 'Connecting…',
  'live.replaying': 'Catching up…',
  'follow.resume': 'Resume auto-fit',
  'follow.on': 'Following new cases',
  'panel.close': 'Close',
  'panel.cell': 'Grid cell',
  'panel.level': 'Level {n}',
  'panel.cases': 'Open cases here ({n})',
  'panel.employers': 'Employers',
  'panel.noEmployers': 'No employer data yet',
  'panel.figures': 'Today in this cell',
  'panel.timeline': 'Timeline',
  'panel.deadlines': 'Deadlines',
  'panel.loading': 'Loading…',
  'panel.notFound': 'No such case, or not yours to see',
  'case.no': 'Case no.',
  'case.status': 'Status',
  'case.category': 'Category',
  'case.channel': 'Channel',
  'case.employer': 'Employer',
  'case.workers': 'Workers',
  'case.amount': 'Amount owed (¥)',
  'case.cell': 'Grid cell',
  'case.complainant': 'Complainant',
  'case.received': 'Received',
  'case.mass': 'Mass incident',
  'case.new': 'new',
  'case.supervision': 'supervised',
  'unit.people': '{n} workers',
  'dur.d': '{n}d',
  'dur.h': '{n}h',
  'dur.m': '{n}m',
  'dur.s': '{n}s',
  'legend.title': 'Legend',
  'legend.open': 'Open cases',
  'legend.yellow': 'Deadline near',
  'legend.red': 'Overdue',
  'legend.mass': 'Mass incident (30+ workers)',
  'staff.title': 'Inspectors',
  'event.deadline.warning': 'Deadline warning',
  'event.deadline.overdue': 'Overdue: escalated',
  'event.case': 'Case {action}',
  'status.RECEIVED': 'Awaiting acceptance', 'status.ADMITTED': 'Accepted', 'status.REGISTERED': 'Registered', 'status.DECLINED': 'Declined',
  'status.DISPATCHED': 'Dispatched', 'status.ON_SITE': 'On site', 'status.INVESTIGATING': 'Investigating',
  'status.RESOLVED': 'Resolved', 'status.VERIFIED': 'Verified', 'status.CLOSED': 'Closed',
  'status.MERGED': 'Merged', 'status.PARKED': 'Parked',
  'category.WAGE_ARREARS': 'Wage arrears', 'category.LABOUR_CONTRACT': 'Labour contract',
  'category.SOCIAL_INSURANCE': 'Social insurance', 'category.WORKING_HOURS': 'Working hours',
  'category.CHILD_LABOUR': 'Child labour', 'category.AGENCY_FEES': 'Agency fees', 'category.OTHER': 'Other',
  'channel.HOTLINE': 'Hotline 12333', 'channel.WINDOW': 'Service window', 'channel.ONLINE': 'Online',
  'channel.PATROL': 'Grid patrol', 'channel.HOTLINE_12345': '12345 transfer',
  'channel.NATIONAL_PLATFORM': 'National arrears platform', 'channel.LETTER_VISIT': 'Letters and visits',
  'kind.LEGAL_ACCEPT': 'Accept (legal)', 'kind.LEGAL_REGISTER': 'Register (legal)',
  'kind.LEGAL_INVESTIGATE': 'Investigate (legal)', 'kind.SERVICE_ON_SITE': 'On site (promise)',
  'kind.SERVICE_REGISTER': 'Register same day', 'kind.SERVICE_CLOSE': 'Close (promise)',
  'kind.PARK_REVIEW': 'Parking review', 'kind.DISPATCH_ACCEPT': 'Accept the assignment',
  'timer.GREEN': 'running', 'timer.YELLOW': 'due soon', 'timer.RED': 'overdue', 'timer.MET': 'met', 'timer.PAUSED': 'paused',
  'action.received': 'received', 'action.admitted': 'accepted for handling', 'action.registered': 'registered', 'action.declined': 'declined',
  'action.dispatched': 'dispatched', 'action.accepted': 'accepted', 'action.arrived': 'on site',
  'action.investigation-started': 'investigation started', 'action.resolved': 'resolved', 'action.verified': 'verified',
  'action.verification-failed': 'failed verification', 'action.closed': 'closed', 'action.returned': 'returned',
  'action.extended': 'extended', 'action.parked': 'parked', 'action.unparked': 'unparked',
  'action.reopened': 'reopened', 'action.merged': 'merged', 'action.followed-up': 'followed up',
  'action.merge-received': 'took in a merged case',
  'action.assignment-refused': 'assignment refused', 'action.dispatch-timeout': 'not accepted in time',
  'action.transferred': 'transferred to another cell', 'action.note-added': 'note added',
  'staff.AVAILABLE': 'available', 'staff.EN_ROUTE': 'en route', 'staff.ON_SITE': 'on site', 'staff.OFF_DUTY': 'off duty',
};

export const dictionaries = { 'zh-CN': zh, en };
const listeners = [];
// The page's language: one for the whole page, remembered in the browser. Read without touching
// the DOM at import, so the module loads under Node's test runner too (no localStorage there).
const storage = typeof localStorage === 'undefined' ? null : localStorage;
let lang = storage && storage.getItem('gw.lang') === 'en' ? 'en' : 'zh-CN';

export function language() {
  return lang;
}

/** The string for key in the current language, with {name} placeholders filled; the key itself if missing. */
export function t(key, params) {
  let s = dictionaries[lang][key] ?? dictionaries['zh-CN'][key] ?? key;
  if (params) {
    for (const [k, v] of Object.entries(params)) {
      s = s.replaceAll(`{${k}}`, String(v));
    }
  }
  return s;
}

/** Fills every [data-i18n] and [data-i18n-title] under root. */
export function translate(root = document) {
  root.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-title]').forEach(el => { el.title = t(el.dataset.i18nTitle); });
  root.querySelectorAll('[data-i18n-placeholder]').forEach(el => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  root.querySelectorAll('[data-i18n-aria-label]').forEach(el => { el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel)); });
}

/**
 * Adds (or overrides) strings: addStrings({'zh-CN': {...}, en: {...}}). A page calls it once at
 * load for its own keys; the languages missing a key fall back to zh-CN, then to the key.
 */
export function addStrings(byLanguage) {
  for (const [l, dict] of Object.entries(byLanguage || {})) {
    const target = dictionaries[l === 'en' ? 'en' : 'zh-CN'];
    Object.assign(target, dict);
  }
}

/** True when key has a string in the current language (or in zh-CN). */
export function has(key) {
  return key in dictionaries[lang] || key in dictionaries['zh-CN'];
}

/** The locale for Intl formatters: 'zh-CN' or 'en-GB'. */
export function locale() {
  return lang === 'en' ? 'en-GB' : 'zh-CN';
}

export function setLanguage(next) {
  lang = next === 'en' ? 'en' : 'zh-CN';
  if (storage) storage.setItem('gw.lang', lang);
  if (typeof document !== 'undefined') {
    document.documentElement.lang = lang;
    document.title = t('app.title');
    translate();
  }
  listeners.forEach(fn => fn(lang));
}

export function onLanguage(fn) {
  listeners.push(fn);
}

