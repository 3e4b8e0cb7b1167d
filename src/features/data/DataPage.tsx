import { useDocumentTitle } from '../../ui/useDocumentTitle';
import { StorageSection } from './StorageSection';
import { EventLogFile } from './EventLogFile';

/** The desk's data: storage use and persistence, export and import of the event log. */
export function DataPage() {
  useDocumentTitle('Data');
  return (
    <>
      <h1>Data</h1>
      <StorageSection />
      <EventLogFile />
    </>
  );
}
