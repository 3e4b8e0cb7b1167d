/** Where `vite preview` serves the e2e build from (e2e/vite.config.ts writes it to dist-e2e). */
export const e2eDist = process.env.E2E_DIST ?? 'dist-e2e';
