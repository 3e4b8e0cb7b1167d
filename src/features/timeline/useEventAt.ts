import { useEffect, useState } from 'react';
import { useDesk } from '../../app/desk-context';
import type { StoredEvent } from '../../domain/events';

/** The event at a position of the log (undefined for 0, or while it is being read). */
export function useEventAt(position: number): StoredEvent | undefined {
  const desk = useDesk();
  const [found, setFound] = useState<StoredEvent | undefined>(undefined);
  const ready = desk.history.eventAtNow(position);
  useEffect(() => {
    if (ready !== undefined) return;
    let current = true;
    // A failed read shows no event: the moment's own read fails too, and says why on screen.
    desk.history.eventAt(position).then(
      (event) => {
        if (current) setFound(event);
      },
      () => {
        if (current) setFound(undefined);
      },
    );
    return () => {
      current = false;
    };
  }, [desk, position, ready]);
  return ready ?? (found?.position === position ? found : undefined);
}
