// ESLint (flat config) for the pages' ES modules: the wall (js/), the field app (field/) and the
// command screen (command/, when it is there). Run with `npm --prefix webroot run lint`; the Maven
// build runs it in the test phase (pom.xml, execution web-lint) from target/npm, with the project's
// directory as the working directory: so the patterns below start with **/.
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['**/vendor/**', '**/node_modules/**'] },
  js.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: {
        ...globals.browser,
        // The event bus's plain scripts (vendor/sockjs-client, vendor/vertx-eventbus) define these.
        EventBus: 'readonly',
        SockJS: 'readonly',
      },
    },
    rules: {
      'no-unused-vars': ['error', { args: 'after-used', ignoreRestSiblings: true, caughtErrors: 'none' }],
      'no-undef': 'error',
      eqeqeq: ['error', 'always'],
      'prefer-const': 'error',
      'no-var': 'error',
      'max-lines': ['error', { max: 600 }],
    },
  },
  {
    // The service worker.
    files: ['**/field/sw.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.serviceworker } },
  },
  {
    // Unit tests of the pure modules, run by Node's test runner.
    files: ['**/test/**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
];
