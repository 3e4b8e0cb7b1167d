import { Desk } from '../application/desk';
import { installationSource } from '../application/installation';
import { EventStore } from '../store/eventStore';

/** The IndexedDB database of the desk's event log. */
export const LOG_DATABASE = 'order-desk';

export function createDesk(name = LOG_DATABASE): Desk {
  return new Desk(new EventStore({ name }), installationSource());
}
