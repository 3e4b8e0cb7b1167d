import { create } from 'zustand';
import type { Desk } from '../../application/desk';
import { describeFailure } from '../../application/failures';
import { formatCount } from '../../lib/format';
import { DeskNotEmptyError, loadDemo } from '../../demo/loadDemo';

/** The demo sizes offered, in events. */
export const demoSizes = [1_000, 10_000, 100_000] as const;
export const DEFAULT_DEMO_SIZE = 10_000;

/** The dashboard's UI state: the demo size chosen and how loading it goes. */
export interface DemoState {
  readonly size: number;
  /** Set while demo data is being written. */
  readonly progress: { readonly written: number; readonly total: number } | null;
  readonly error: string | null;
  /** How many events the last finished load wrote. */
  readonly loaded: number | null;
  readonly setSize: (size: number) => void;
  /** Writes `size` demo events through the desk; does nothing while a load runs. */
  readonly load: (desk: Desk, size: number) => Promise<void>;
  readonly reset: () => void;
}

const initial = { size: DEFAULT_DEMO_SIZE, progress: null, error: null, loaded: null } as const;

export const useDemoStore = create<DemoState>()((set, get) => ({
  ...initial,
  setSize: (size) => {
    set({ size });
  },
  load: async (desk, size) => {
    if (get().progress !== null) return;
    set({ progress: { written: 0, total: size }, error: null, loaded: null });
    try {
      await loadDemo(desk, size, (written, total) => {
        set({ progress: { written, total } });
      });
      set({ progress: null, loaded: size });
    } catch (error) {
      const written = get().progress?.written ?? 0;
      const why = error instanceof DeskNotEmptyError ? error.message : describeFailure(error);
      set({
        progress: null,
        error:
          written === 0
            ? `The demo data could not be loaded. ${why}`
            : `The demo data stopped after ${formatCount(written)} of ${formatCount(size)} events (those are kept). ${why}`,
      });
    }
  },
  reset: () => {
    set(initial);
  },
}));
