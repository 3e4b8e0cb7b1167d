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

/** Libraries of the screens: nothing below them uses these. */
const uiLibraries = [
  'react',
  'react-dom',
  'react-dom/*',
  'zustand',
  'react-router',
  'react-router/*',
];

/** Above the store: the screens' libraries, and IndexedDB's, which only src/store touches. */
const aboveStoreLibraries = [...uiLibraries, 'dexie', 'dexie/*'];

/** Relative imports, from any depth, of the top-level folders `folders` of src/. */
const pathsInto = (folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;

/**
 * A config per layer forbidding imports of the layers above it (by path) and of libraries it
 * must not use. Tests are left out: they may reach across layers.
 */
function layers(list) {
  return list.map(({ folder, above, libraries }) => ({
    files: [`src/${folder}/**`],
    // Tests may reach across layers (a store test words a failure as the screens do).
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: pathsInto(above),
              message: `src/${folder} is below ${above.join(', ')}: it may not import them`,
            },
            { group: libraries, message: `src/${folder} may not use this library` },
            serverCode,
          ],
        },
      ],
    },
  }));
}

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
  // The layers, in import order (docs/architecture.md): none imports a layer above it.
  ...layers([
    {
      folder: 'lib',
      above: ['domain', 'projections', 'store', 'application', 'demo', 'features', 'app', 'ui'],
      libraries: impureLibraries,
    },
    {
      folder: 'domain',
      above: ['projections', 'store', 'application', 'demo', 'features', 'app', 'ui'],
      libraries: impureLibraries,
    },
    {
      folder: 'projections',
      above: ['store', 'application', 'demo', 'features', 'app', 'ui'],
      libraries: impureLibraries,
    },
    {
      folder: 'store',
      above: ['projections', 'application', 'demo', 'features', 'app', 'ui'],
      libraries: uiLibraries,
    },
    {
      folder: 'application',
      above: ['demo', 'features', 'app', 'ui'],
      libraries: aboveStoreLibraries,
    },
    // The demo shop: drives the deciders, and loads its history through the desk.
    { folder: 'demo', above: ['features', 'app', 'ui'], libraries: aboveStoreLibraries },
    // What the screens share: the desk's context, the command gate, form drafts, small hooks.
    { folder: 'ui', above: ['features', 'app'], libraries: ['dexie', 'dexie/*'] },
  ]),
  // Screens reach the log only through the application (the desk), never the store or Dexie.
  {
    files: ['src/features/**'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: pathsInto(['store']),
              message:
                'src/features reaches the log through the application (the desk), not the store',
            },
            { group: ['dexie', 'dexie/*'], message: 'src/features may not use Dexie' },
            {
              regex: pathsInto(['app']),
              message:
                'src/features may not import the shell (src/app): what screens share is in src/ui',
            },
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
