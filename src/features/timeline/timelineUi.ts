import { create } from 'zustand';

/** Playback speeds, in events per second. */
export const playSpeeds = [1, 10, 100, 1000, 10000] as const;
export type PlaySpeed = (typeof playSpeeds)[number];

interface TimelineUi {
  playing: boolean;
  speed: PlaySpeed;
  /**
   * What the timeline last said to screen readers: after a step, a jump, or when playback
   * stops, never at each tick of it (the position on screen is not a live region). `count`
   * tells two equal texts apart.
   */
  announcement: { readonly text: string; readonly count: number };
  setPlaying: (playing: boolean) => void;
  setSpeed: (speed: PlaySpeed) => void;
  announce: (text: string) => void;
}

/** The timeline's UI state; the moment itself lives in the URL (`?at=N`). */
export const useTimelineUi = create<TimelineUi>()((set) => ({
  playing: false,
  speed: 10,
  announcement: { text: '', count: 0 },
  setPlaying: (playing) => {
    set({ playing });
  },
  setSpeed: (speed) => {
    set({ speed });
  },
  announce: (text) => {
    set(({ announcement }) => ({ announcement: { text, count: announcement.count + 1 } }));
  },
}));

/**
 * The `aria-live` of a count that follows the moment (the orders or events of a list): off while
 * the timeline plays, when it changes ten times a second (the timeline says where play stops).
 */
export const useLiveUnlessPlaying = (): 'off' | 'polite' =>
  useTimelineUi((s) => (s.playing ? 'off' : 'polite'));
