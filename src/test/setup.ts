import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
  // Forms keep their drafts there (app/form-drafts.ts): each test starts with none.
  sessionStorage.clear();
});
