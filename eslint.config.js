import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** The browser app never bundles the sync server's code (server/ runs in Node only). */
const serverCode = {
  group: ['**/server/**'],
  message: 'the browser app does not import server code',
};

const impureLibraries = [
  'react',
  'react-dom',
  'react-dom/*',
  'dexie',
  'zustand',
  'react-router',
  'react-router/*',
];

export default tseslint.config(
  {
    ignores: [
      'dist',
      'dist-*',
      'node_modules',
      'bench/results',
      'playwright-report',
      'test-results',
      'dev-dist',
      'server/.data',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    files: ['**/*.tsx', 'src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['src/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [serverCode] }] },
  },
  {
    // The pure layers: no UI, storage or state libraries.
    files: ['src/domain/**', 'src/projections/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: impureLibraries, message: 'domain and projections stay pure' },
            serverCode,
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
