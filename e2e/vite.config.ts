import { resolve } from 'node:path';
import { defineConfig, mergeConfig } from 'vite';
import base from '../vite.config.ts';

/** The production build plus the test harness page, served from one origin (one IndexedDB). */
export default mergeConfig(
  base,
  defineConfig({
    build: {
      outDir: 'dist-e2e',
      emptyOutDir: true,
      rolldownOptions: {
        input: {
          main: resolve(import.meta.dirname, '../index.html'),
          harness: resolve(import.meta.dirname, 'harness/harness.html'),
        },
      },
    },
  }),
);
