import { create } from 'zustand';

/** Playback speeds, in events per second. */
export const playSpeeds = [1, 10, 100, 1000, 10000] as const;
export type PlaySpeed = (typeof playSpeeds)[number];

interface TimelineUi {
  playing: boolean;
  speed: PlaySpeed;
  setPlaying: (playing: boolean) => void;
  setSpeed: (speed: PlaySpeed) => void;
}

/** The timeline's UI state; the moment itself lives in the URL (`?at=N`). */
export const useTimelineUi = create<TimelineUi>()((set) => ({
  playing: false,
  speed: 10,
  setPlaying: (playing) => {
    set({ playing });
  },
  setSpeed: (speed) => {
    set({ speed });
  },
}));
