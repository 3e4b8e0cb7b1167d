/// <reference types="vite-plugin-pwa/react" />

import { useState } from 'react';
import type { useRegisterSW as UseRegisterSW } from 'virtual:pwa-register/react';

/**
 * Stand-in for `virtual:pwa-register/react` under vitest (aliased in vite.config.ts): there is no
 * service worker in jsdom, so nothing is registered and no update is ever waiting.
 */
export const useRegisterSW: typeof UseRegisterSW = () => {
  const needRefresh = useState(false);
  const offlineReady = useState(false);
  return { needRefresh, offlineReady, updateServiceWorker: () => Promise.resolve() };
};
