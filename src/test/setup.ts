import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// findBy… and waitFor wait 1 s by default: a loaded 2-core machine can take longer to fold and
// render what a test waits for.
configure({ asyncUtilTimeout: 5_000 });

// jsdom has no modal dialogs: `showModal` opens one as a plain dialog, `close` closes it and says
// so as a browser does. Escape and the inert page behind a modal are for the e2e tests.
if (typeof HTMLDialogElement.prototype.showModal !== 'function') {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    if (!this.hasAttribute('open')) return;
    this.removeAttribute('open');
    this.dispatchEvent(new Event('close'));
  };
}

// jsdom lays nothing out and does not scroll; the router's scroll restoration calls this on every
// navigation (Playwright checks the scrolling itself).
window.scrollTo = () => undefined;

afterEach(() => {
  cleanup();
  // Forms keep their drafts there (app/form-drafts.ts): each test starts with none.
  sessionStorage.clear();
});
