/** The format of snapshots, derived at build time from the code that makes them (vite.config.ts). */
declare const __SNAPSHOT_VERSION__: string;
