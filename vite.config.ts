import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The format of snapshots (src/store/snapshots.ts): a hash of the code that decides what a
 * snapshot holds and what it means, so that a snapshot written by other code is never read as
 * if this code had written it. Any change there (the views' folds and their columns, the
 * upcasters, the catalog, the index) makes the next start-up fold the log again, once.
 */
function snapshotVersion(): string {
  const root = fileURLToPath(new URL('.', import.meta.url));
  const sources = (folder: string) =>
    readdirSync(join(root, folder))
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .map((file) => join(folder, file));
  const files = [
    ...sources('src/projections'),
    ...sources('src/lib'),
    'src/domain/events.ts',
    'src/domain/upcasters.ts',
    'src/store/logIndex.ts',
    'src/store/snapshots.ts',
    'src/application/snapshot.ts',
  ].sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(file).update(readFileSync(join(root, file)));
  return hash.digest('hex').slice(0, 16);
}

/**
 * The dev server's hot reload runs inline script and style, which index.html's policy forbids:
 * the policy holds for what is built and shipped, and `vite dev` serves the page without it.
 */
const contentSecurityPolicyOffInDev: Plugin = {
  name: 'content-security-policy-off-in-dev',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/, ''),
};

export default defineConfig({
  define: { __SNAPSHOT_VERSION__: JSON.stringify(snapshotVersion()) },
  plugins: [
    contentSecurityPolicyOffInDev,
    react(),
    VitePWA({
      // A waiting service worker never takes over an open tab by itself: the app shows
      // "A new version is available — Reload" (src/ui/offline/UpdatePrompt.tsx).
      registerType: 'prompt',
      // The app registers the worker itself, through `virtual:pwa-register/react`.
      injectRegister: false,
      // public/ (icons, favicon) is precached by the glob below; don't list those files twice.
      includeManifestIcons: false,
      manifest: {
        name: 'Order desk',
        short_name: 'Orders',
        description:
          'An offline-first, event-sourced order desk: customers, orders and their whole history, kept on this device.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: '#1f4e79',
        background_color: '#f5f6f8',
        icons: [
          { src: '/pwa-192x192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/pwa-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          {
            src: '/maskable-icon-512x512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
      workbox: {
        // The app shell and every built asset (the plugin adds manifest.webmanifest itself); the
        // benchmark and test harness pages (bench/ and e2e/vite.config.ts build them next to
        // the app) stay out of it.
        globPatterns: ['**/*.{js,css,html,svg,png}'],
        globIgnores: ['bench/**', 'bench.html', 'assets/bench-*', 'e2e/**', 'assets/harness-*'],
        // Every route opens offline: navigations are answered with the precached app shell…
        navigateFallback: '/index.html',
        // …except the benchmark and harness pages, which must reach their own HTML.
        navigateFallbackDenylist: [/^\/bench(\.html)?(\/|$|\?)/, /^\/e2e\//],
        cleanupOutdatedCaches: true,
        // Workbox silently leaves out files above its 2 MiB default: the app bundle must never be.
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
      },
    }),
  ],
  preview: { port: 4173, strictPort: true },
  test: {
    environment: 'jsdom',
    setupFiles: ['src/test/setup.ts'],
    // Sized for a shared 2-core machine under load: component and property tests that take
    // 0.2–2 s alone took up to 9 s there (vitest's 5 s default failed them). Tests with a known
    // larger budget set their own.
    testTimeout: 15_000,
    include: ['src/**/*.test.{ts,tsx}'],
    alias: {
      // No service worker under test: a stand-in for the plugin's register hook.
      'virtual:pwa-register/react': fileURLToPath(
        new URL('src/test/pwa-register-react.ts', import.meta.url),
      ),
    },
  },
});
