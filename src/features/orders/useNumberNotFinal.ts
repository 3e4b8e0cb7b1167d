import type { OrderView } from '../../projections';
import { useConfirmed } from '../sync/useSync';

/**
 * Whether the order's number may still change: its placing is not synced yet, and numbers follow
 * the order of the desk's log, where a sync puts other devices' orders first. Its id stays.
 */
export function useNumberNotFinal(order: OrderView | undefined): boolean {
  const confirmed = useConfirmed();
  const placedAt = order?.history[0];
  return confirmed !== null && placedAt !== undefined && placedAt > confirmed;
}
