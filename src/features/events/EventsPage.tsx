import { useDocumentTitle } from '../../app/useDocumentTitle';

export function EventsPage() {
  useDocumentTitle('Events');
  return <h1>Events</h1>;
}
