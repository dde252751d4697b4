import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const hostOnlyModules = ['node:*', 'fs', 'path', 'os', 'worker_threads', 'child_process', 'stream', 'zlib', 'svelte', 'svelte/*'];

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'node_modules/', 'coverage/', '.bench-data/', 'src/engine/fields/ecs-types.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // A spread passes every item as a call argument: past ~100,000 items (alerts, a wide event's
    // fields) V8 throws "Maximum call stack size exceeded". Loop, or use appendAll (src/engine/append-all.ts).
    files: ['src/**/*.ts', 'src/**/*.svelte'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[
          "CallExpression[callee.property.name=/^(push|unshift)$/] > SpreadElement",
          "CallExpression[callee.object.name='Math'][callee.property.name=/^(max|min)$/] > SpreadElement",
          "CallExpression[callee.object.name='String'][callee.property.name=/^(fromCharCode|fromCodePoint)$/] > SpreadElement",
        ].map((selector) => ({ selector, message: 'no spread into push/Math.max/min/String.fromCharCode: it overflows the stack on large arrays; loop or use appendAll' })),
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    // The engine, the intake pipeline and the log sources run in Web Workers and behind the CLI: no DOM, no Node, no UI.
    // Host-specific readers live at the edge, in src/ingest/hosts/.
    files: ['src/engine/**/*.ts', 'src/ingest/**/*.ts', 'src/sources/**/*.ts'],
    ignores: ['src/ingest/hosts/**'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [...hostOnlyModules, '**/ui/**', '**/cli/**', '**/workers/**'] }],
    },
  },
);
