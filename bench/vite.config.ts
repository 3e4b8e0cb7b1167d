import { resolve } from 'node:path';
import { defineConfig, mergeConfig } from 'vite';
import base from '../vite.config.ts';

/** The production build plus the benchmark page, served from one origin (one IndexedDB). */
export default mergeConfig(
  base,
  defineConfig({
    build: {
      outDir: 'dist-bench',
      emptyOutDir: true,
      rolldownOptions: {
        input: {
          main: resolve(import.meta.dirname, '../index.html'),
          bench: resolve(import.meta.dirname, 'bench.html'),
        },
      },
    },
  }),
);
