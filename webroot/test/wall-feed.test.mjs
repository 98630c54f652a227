// The wall's feed lines (webroot/js/wall/feed.js feedText): pure, so tested here without a page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { feedText } from '../js/wall/feed.js';
import { setLanguage } from '../js/shared/i18n.js';

const cells = new Map([['510104', { name: '锦江区', level: 1 }]]);

test('a mass incident is a red line with its number, grade, headcount, employer and what happened', () => {
  setLanguage('zh-CN');
  const line = feedText({ type: 'incident.opened', cellCode: '510104', data: { incidentId: 3,
    incidentNo: 'GW-INC-20261203-0003', grade: 'I', workers: 42, action: 'opened',
    employer: { name: '成都某建筑劳务有限公司', creditCode: null } } }, cells);
  assert.equal(line.cls, 'incident');
  assert.equal(line.kind, '群体性事件');
  assert.match(line.text, /^GW-INC-20261203-0003 I级 42人 成都某建筑劳务有限公司 达到阈值自动立项/);
  assert.doesNotMatch(line.text, /undefined/);
});

test('an incident of a project without an employer name names the project; English follows the switch', () => {
  setLanguage('en');
  const line = feedText({ type: 'incident.updated', cellCode: '510104', data: { incidentId: 3,
    incidentNo: 'GW-INC-1', action: 'arrive', projectName: '锦江花园二期' } }, cells);
  assert.equal(line.kind, 'Mass incident update');
  assert.match(line.text, /GW-INC-1 锦江花园二期 on site/);
  setLanguage('zh-CN');
});

test('case lines still name the case, never "#undefined"', () => {
  const line = feedText({ type: 'case.registered', cellCode: '510104', data: { caseId: 7, caseNo: 'GW-1',
    category: 'WAGE_ARREARS' } }, cells);
  assert.equal(line.cls, 'case');
  assert.match(line.text, /^GW-1 /);
});
