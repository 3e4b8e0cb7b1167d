import { usePastMoment } from '../../app/desk-context';
import { useEventAt } from './useEventAt';

/**
 * The stream the event at the timeline's cursor belongs to (e.g. `order-o-12`), so screens can
 * highlight what that event touched; null in the present or before the first event.
 */
export function useTouchedStream(): string | null {
  const position = usePastMoment()?.position ?? 0;
  const event = useEventAt(position);
  return event?.streamId ?? null;
}
