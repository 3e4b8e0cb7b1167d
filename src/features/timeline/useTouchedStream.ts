import { usePastMoment } from '../../ui/desk-context';

/**
 * The stream the event at the timeline's cursor belongs to (e.g. `order-o-12`), so screens can
 * highlight what that event touched; null in the present or before the first event.
 */
export function useTouchedStream(): string | null {
  const past = usePastMoment();
  return past?.view.eventAt(past.position)?.streamId ?? null;
}
