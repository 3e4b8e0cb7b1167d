/// <reference types="vite-plugin-pwa/react" />

/**
 * The service worker's register hook from vite-plugin-pwa, behind one module of our own so that
 * tests can mock it (`vi.mock('./pwa')` beside it); under vitest the virtual module itself is
 * aliased to a stand-in (vite.config.ts, src/test/pwa-register-react.ts).
 */
export { useRegisterSW } from 'virtual:pwa-register/react';
