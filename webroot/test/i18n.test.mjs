// Unit tests of js/shared/i18n.js.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { t, setLanguage, language, addStrings, has, locale, onLanguage } from '../js/shared/i18n.js';

afterEach(() => setLanguage('zh-CN'));

test('the page starts in Chinese and fills placeholders', () => {
  assert.equal(language(), 'zh-CN');
  addStrings({ 'zh-CN': { 'test.hello': '你好，{name}，{name}' }, en: { 'test.hello': 'Hello, {name}' } });
  assert.equal(t('test.hello', { name: '张三' }), '你好，张三，张三');
  setLanguage('en');
  assert.equal(t('test.hello', { name: 'Li' }), 'Hello, Li');
});

test('a key missing in English falls back to Chinese, and an unknown key to itself', () => {
  addStrings({ 'zh-CN': { 'test.onlyZh': '只有中文' } });
  setLanguage('en');
  assert.equal(t('test.onlyZh'), '只有中文');
  assert.equal(t('test.nowhere'), 'test.nowhere');
  assert.equal(has('test.onlyZh'), true);
  assert.equal(has('test.nowhere'), false);
});

test('setLanguage takes only en or zh-CN and tells the listeners', () => {
  const heard = [];
  onLanguage(l => heard.push(l));
  setLanguage('en');
  assert.equal(locale(), 'en-GB');
  setLanguage('fr');
  assert.equal(language(), 'zh-CN');
  assert.equal(locale(), 'zh-CN');
  assert.deepEqual(heard, ['en', 'zh-CN']);
});

test('every key of the shared dictionary has an English string', async () => {
  const { dictionaries } = await import('../js/shared/i18n.js');
  const missing = Object.keys(dictionaries['zh-CN']).filter(k => !k.startsWith('test.') && !(k in dictionaries.en));
  assert.deepEqual(missing, []);
});
