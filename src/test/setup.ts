import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import type * as Zustand from 'zustand';

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

// The UI's zustand stores are modules, shared by the tests of a file: each store made with
// `create` is put back to its initial state after each test (zustand's testing recipe).
const storeResets = vi.hoisted(() => new Set<() => void>());
vi.mock('zustand', async (importOriginal) => {
  const zustand = await importOriginal<typeof Zustand>();
  const createAndRecord = <T>(initializer: Zustand.StateCreator<T>) => {
    const store = zustand.create(initializer);
    const initial = store.getInitialState();
    storeResets.add(() => {
      store.setState(initial, true);
    });
    return store;
  };
  // `create(initializer)`, or curried for TypeScript: `create<State>()(initializer)`.
  const create = (<T>(initializer?: Zustand.StateCreator<T>) =>
    initializer === undefined
      ? createAndRecord
      : createAndRecord(initializer)) as typeof zustand.create;
  return { ...zustand, create };
});

afterEach(() => {
  cleanup();
  for (const reset of storeResets) reset();
  // Forms keep their drafts there (ui/form-drafts.ts): each test starts with none.
  sessionStorage.clear();
});
