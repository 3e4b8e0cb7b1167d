// The Chromium that e2e tests and benchmarks drive: Debian's, or CHROMIUM_PATH. No browser can
// be downloaded on these machines, so a missing one stops everything with a clear message.
import { existsSync } from 'node:fs';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

if (!existsSync(chromiumPath)) {
  throw new Error(
    `Chromium not found at ${chromiumPath}. Install it (apt-get install chromium) or set CHROMIUM_PATH to a Chromium/Chrome executable.`,
  );
}

/** Headless as root, and no calls home: this machine's network is closed. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
