import { useId } from 'react';
import { useDeskStatus, usePastMoment, usePresent } from '../../ui/desk-context';
import { MAX_IMPORT_BYTES } from '../../application/eventLogFile/parse';
import { formatBytes, formatCountOf } from '../../lib/format';
import { ImportErrors, ImportProgress, ImportSummary } from './ImportReport';
import { useEventLogImport } from './useEventLogImport';

/**
 * Import of an event log file: a file is checked and its import planned, shown as a dry run,
 * and written only on confirmation, all or nothing.
 */
export function ImportPanel() {
  const { loading } = useDeskStatus();
  const head = usePresent().position;
  const past = usePastMoment();
  const ids = useId();
  const { state, choose, confirm, dismiss } = useEventLogImport();

  const busy = state.step === 'reading' || state.step === 'writing';
  const blocked =
    past !== null
      ? 'Imports are made in the present: go back to the present to import a file.'
      : loading !== null
        ? 'Wait until the event log has been read.'
        : null;

  return (
    <div className="event-log-part">
      <h3>Import</h3>
      <div className="field">
        <label htmlFor={`${ids}-import`}>Import event log</label>
        <input
          id={`${ids}-import`}
          type="file"
          accept=".json,application/json"
          disabled={busy || blocked !== null}
          aria-describedby={`${ids}-import-hint`}
          onChange={(event) => {
            const input = event.currentTarget;
            const file = input.files?.[0];
            // Cleared so that choosing the same file again starts over.
            input.value = '';
            if (file) choose(file);
          }}
        />
        <p id={`${ids}-import-hint`} className="field-hint">
          {blocked ??
            `A file exported by an order desk, up to ${formatBytes(MAX_IMPORT_BYTES)}. Nothing is written until you confirm; an import is all or nothing.`}
        </p>
      </div>
      <ImportProgress state={state} />
      <div role="status" className="notice">
        <ImportSummary state={state} head={head} />
      </div>
      <div role="alert">
        <ImportErrors state={state} />
      </div>
      {(state.step === 'planned' || state.step === 'writing') &&
        state.plan.problems.length === 0 && (
          <div className="form-actions">
            {state.plan.fresh > 0 && (
              <button
                type="button"
                className="button button-primary"
                disabled={state.step === 'writing' || blocked !== null}
                onClick={confirm}
              >
                Import {formatCountOf(state.plan.fresh, 'event')}
              </button>
            )}
            <button
              type="button"
              className="button"
              disabled={state.step === 'writing'}
              onClick={dismiss}
            >
              {state.plan.fresh > 0 ? 'Cancel' : 'Done'}
            </button>
          </div>
        )}
    </div>
  );
}
