import { Desk } from '../application/desk';
import { installationSource } from '../application/installation';
import { EventStore } from '../store/eventStore';
import { LOG_DATABASE } from './logDatabase';

export function createDesk(name = LOG_DATABASE): Desk {
  return new Desk(new EventStore({ name }), installationSource());
}
