import { useId, useState } from 'react';
import { useDesk, usePastMoment, usePresent } from '../../ui/desk-context';
import { eventLogFileName, type ExportProgress } from '../../application/eventLogFile/export';
import { describeFailure } from '../../application/failures';
import { downloadFile } from '../../lib/download';
import { formatBytes, formatCount, formatCountOf } from '../../lib/format';

/** Export of the event log to a file: all of it, or in the past up to the timeline's moment. */
export function ExportPanel() {
  const desk = useDesk();
  const head = usePresent().position;
  const past = usePastMoment();
  const ids = useId();

  const [onlyToMoment, setOnlyToMoment] = useState(false);
  const [exporting, setExporting] = useState<ExportProgress | null>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState<string | null>(null);

  const toPosition = past && onlyToMoment ? past.position : undefined;

  async function exportLog() {
    setError(null);
    setMessage('');
    setExporting({ written: 0, total: toPosition ?? head });
    try {
      const { blob, events } = await desk.exportLog({
        ...(toPosition === undefined ? {} : { toPosition }),
        onProgress: setExporting,
      });
      const fileName = eventLogFileName(new Date());
      downloadFile(blob, fileName);
      setMessage(
        `Exported ${formatCountOf(events, 'event')} (${formatBytes(blob.size)}) to ${fileName}.`,
      );
    } catch (failure) {
      setError(`The event log could not be exported: ${describeFailure(failure)}`);
    } finally {
      setExporting(null);
    }
  }

  return (
    <div className="event-log-part">
      <h3>Export</h3>
      {past && (
        <div className="check-field">
          <input
            id={`${ids}-moment`}
            type="checkbox"
            checked={onlyToMoment}
            disabled={exporting !== null}
            aria-describedby={`${ids}-moment-hint`}
            onChange={(event) => {
              setOnlyToMoment(event.currentTarget.checked);
            }}
          />
          <label htmlFor={`${ids}-moment`}>Only up to the timeline's moment</label>
          <p id={`${ids}-moment-hint`} className="field-hint">
            Events 1 to {formatCount(past.position)} of {formatCount(head)}.
          </p>
        </div>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={exporting !== null}
          onClick={() => {
            void exportLog();
          }}
        >
          Export event log
        </button>
      </div>
      {exporting && (
        <div className="event-log-progress">
          <progress
            aria-label="Exporting"
            max={Math.max(exporting.total, 1)}
            value={exporting.written}
          />
          <span className="muted">
            {formatCount(exporting.written)} of {formatCountOf(exporting.total, 'event')}
          </span>
        </div>
      )}
      <p className="event-log-message" aria-live="polite">
        {message}
      </p>
      {error !== null && <p role="alert">{error}</p>}
    </div>
  );
}
