import { useId } from 'react';
import { usePresent } from '../../ui/desk-context';
import { formatCountOf } from '../../lib/format';
import { ExportPanel } from './ExportPanel';
import { ImportPanel } from './ImportPanel';
import './EventLogFile.css';

/** Export and import of the event log as CloudEvents JSON (docs/contract.md §3). */
export function EventLogFile() {
  const head = usePresent().position;
  const id = useId();
  return (
    <section className="panel event-log-file" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Event log file</h2>
      <p className="muted">
        The log holds{' '}
        <strong data-testid="log-event-count" data-count={head}>
          {formatCountOf(head, 'event')}
        </strong>
        . A file is a JSON array of CloudEvents 1.0 (application/cloudevents-batch+json), one per
        event, in the order they were recorded.
      </p>
      <ExportPanel />
      <ImportPanel />
    </section>
  );
}
