import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import { useDesk, useDeskStatus, usePastMoment, usePresent } from '../../ui/desk-context';
import { eventLogFileName, type ExportProgress } from '../../application/eventLogFile/export';
import { downloadFile } from '../../lib/download';
import {
  readEventLogFile,
  type HeldImport,
  type ImportPlan,
  type ReadProgress,
} from '../../application/eventLogFile/import';
import {
  MAX_IMPORT_BYTES,
  MAX_REPORTED_PROBLEMS,
  describeProblem,
  type ImportProblem,
} from '../../application/eventLogFile/parse';
import { formatBytes, formatCount, formatCountOf } from '../../lib/format';
import './EventLogFile.css';
import { describeFailure } from '../../application/failures';

type ImportState =
  | { readonly step: 'idle' }
  | { readonly step: 'reading'; readonly fileName: string; readonly progress: ReadProgress }
  | {
      readonly step: 'refused';
      readonly fileName: string;
      readonly problems: readonly ImportProblem[];
      readonly stoppedEarly: boolean;
    }
  | { readonly step: 'planned'; readonly fileName: string; readonly plan: ImportPlan }
  | { readonly step: 'writing'; readonly fileName: string; readonly plan: ImportPlan }
  | {
      readonly step: 'failed';
      readonly fileName: string;
      readonly plan: ImportPlan;
      readonly problem: ImportProblem;
    }
  | {
      readonly step: 'done';
      readonly fileName: string;
      readonly written: number;
      readonly skipped: number;
    };

const phaseText: Record<ReadProgress['phase'], string> = {
  reading: 'Reading the file…',
  checking: 'Checking events…',
};

/** Export and import of the event log as CloudEvents JSON (docs/contract.md §3). */
export function EventLogFile() {
  const desk = useDesk();
  const { loading } = useDeskStatus();
  const head = usePresent().position;
  const past = usePastMoment();
  const ids = useId();

  const [onlyToMoment, setOnlyToMoment] = useState(false);
  const [exporting, setExporting] = useState<ExportProgress | null>(null);
  const [exportMessage, setExportMessage] = useState('');
  const [exportError, setExportError] = useState<string | null>(null);

  const [importState, setImportState] = useState<ImportState>({ step: 'idle' });
  const reading = useRef<AbortController | null>(null);
  /** The checked file's events, held (by the import workers) until applied or given up. */
  const held = useRef<HeldImport | null>(null);
  const letGo = () => {
    held.current?.release();
    held.current = null;
  };
  useEffect(
    () => () => {
      reading.current?.abort();
      held.current?.release();
    },
    [],
  );

  const toPosition = past && onlyToMoment ? past.position : undefined;

  async function exportLog() {
    setExportError(null);
    setExportMessage('');
    setExporting({ written: 0, total: toPosition ?? head });
    try {
      const { blob, events } = await desk.exportLog({
        ...(toPosition === undefined ? {} : { toPosition }),
        onProgress: setExporting,
      });
      const fileName = eventLogFileName(new Date());
      downloadFile(blob, fileName);
      setExportMessage(
        `Exported ${formatCountOf(events, 'event')} (${formatBytes(blob.size)}) to ${fileName}.`,
      );
    } catch (error) {
      setExportError(`The event log could not be exported: ${describeFailure(error)}`);
    } finally {
      setExporting(null);
    }
  }

  async function chooseFile(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    // Cleared so that choosing the same file again starts over.
    input.value = '';
    if (!file) return;
    reading.current?.abort();
    letGo();
    const controller = new AbortController();
    reading.current = controller;
    // A function, not the property: TypeScript would keep its narrowing across the awaits.
    const cancelled = () => controller.signal.aborted;
    const fileName = file.name;
    setImportState({
      step: 'reading',
      fileName,
      progress: { phase: 'reading', checked: 0, done: 0, total: file.size },
    });
    try {
      const outcome = await readEventLogFile(file, {
        signal: controller.signal,
        onProgress: (progress) => {
          if (!cancelled()) setImportState({ step: 'reading', fileName, progress });
        },
      });
      if (cancelled()) {
        if (outcome.ok) outcome.held.release();
        return;
      }
      if (!outcome.ok) {
        setImportState({
          step: 'refused',
          fileName,
          problems: outcome.problems,
          stoppedEarly: outcome.stoppedEarly,
        });
        return;
      }
      held.current = outcome.held;
      const plan = await desk.planImport(outcome.held, outcome.upcast);
      if (!cancelled()) setImportState({ step: 'planned', fileName, plan });
    } catch (error) {
      if (cancelled()) return;
      letGo();
      setImportState({
        step: 'refused',
        fileName,
        problems: [
          {
            index: null,
            id: null,
            reason: `The file could not be read: ${describeFailure(error)}`,
          },
        ],
        stoppedEarly: false,
      });
    }
  }

  async function confirmImport(fileName: string, plan: ImportPlan) {
    setImportState({ step: 'writing', fileName, plan });
    const result = await desk.applyImport(plan);
    letGo();
    setImportState(
      result.ok
        ? { step: 'done', fileName, written: result.written, skipped: result.skipped }
        : { step: 'failed', fileName, plan, problem: result.problem },
    );
  }

  const busy = importState.step === 'reading' || importState.step === 'writing';
  const importBlocked =
    past !== null
      ? 'Imports are made in the present: go back to the present to import a file.'
      : loading !== null
        ? 'Wait until the event log has been read.'
        : null;

  return (
    <section className="panel event-log-file" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Event log file</h2>
      <p className="muted">
        The log holds{' '}
        <strong data-testid="log-event-count" data-count={head}>
          {formatCountOf(head, 'event')}
        </strong>
        . A file is a JSON array of CloudEvents 1.0 (application/cloudevents-batch+json), one per
        event, in the order they were recorded.
      </p>

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
          {exportMessage}
        </p>
        {exportError !== null && <p role="alert">{exportError}</p>}
      </div>

      <div className="event-log-part">
        <h3>Import</h3>
        <div className="field">
          <label htmlFor={`${ids}-import`}>Import event log</label>
          <input
            id={`${ids}-import`}
            type="file"
            accept=".json,application/json"
            disabled={busy || importBlocked !== null}
            aria-describedby={`${ids}-import-hint`}
            onChange={(event) => {
              void chooseFile(event);
            }}
          />
          <p id={`${ids}-import-hint`} className="field-hint">
            {importBlocked ??
              `A file exported by an order desk, up to ${formatBytes(MAX_IMPORT_BYTES)}. Nothing is written until you confirm; an import is all or nothing.`}
          </p>
        </div>
        <ImportProgress state={importState} />
        <div role="status" className="notice">
          <ImportSummary state={importState} head={head} />
        </div>
        <div role="alert">
          <ImportErrors state={importState} />
        </div>
        {(importState.step === 'planned' || importState.step === 'writing') &&
          importState.plan.problems.length === 0 && (
            <div className="form-actions">
              {importState.plan.fresh > 0 && (
                <button
                  type="button"
                  className="button button-primary"
                  disabled={importState.step === 'writing' || importBlocked !== null}
                  onClick={() => {
                    void confirmImport(importState.fileName, importState.plan);
                  }}
                >
                  Import {formatCountOf(importState.plan.fresh, 'event')}
                </button>
              )}
              <button
                type="button"
                className="button"
                disabled={importState.step === 'writing'}
                onClick={() => {
                  letGo();
                  setImportState({ step: 'idle' });
                }}
              >
                {importState.plan.fresh > 0 ? 'Cancel' : 'Done'}
              </button>
            </div>
          )}
      </div>
    </section>
  );
}

function ImportProgress({ state }: { state: ImportState }) {
  if (state.step === 'reading') {
    const { phase, checked, done, total } = state.progress;
    const determinate = phase === 'checking' && total > 0;
    return (
      <div className="event-log-progress">
        {determinate ? (
          <progress aria-label="Importing" max={total} value={done} />
        ) : (
          <progress aria-label="Importing" />
        )}
        <span className="muted">
          {phaseText[phase]}
          {determinate && ` ${formatCountOf(checked, 'event')} checked`}
        </span>
      </div>
    );
  }
  if (state.step === 'writing')
    return (
      <div className="event-log-progress">
        <progress aria-label="Importing" />
        <span className="muted">Writing {formatCountOf(state.plan.fresh, 'event')}…</span>
      </div>
    );
  return null;
}

function ImportSummary({ state, head }: { state: ImportState; head: number }) {
  switch (state.step) {
    case 'idle':
    case 'reading':
    case 'refused':
      return null;
    case 'done':
      return (
        <p>
          Imported {formatCountOf(state.written, 'event')} from {state.fileName}
          {state.skipped > 0 &&
            `; ${formatCountOf(state.skipped, 'event')} already present were skipped`}
          . The log now holds {formatCountOf(head, 'event')}.
        </p>
      );
    case 'planned':
    case 'writing':
    case 'failed': {
      const { plan } = state;
      const total = plan.held.count;
      return (
        <>
          <p>
            <strong>{state.fileName}</strong>: {formatCountOf(total, 'event')} in the file —{' '}
            {formatCountOf(plan.fresh, 'new event')}, {formatCount(plan.present)} already present.
          </p>
          {total > 0 && (
            <table className="data-table import-types">
              <caption className="visually-hidden">Events in the file by type</caption>
              <thead>
                <tr>
                  <th scope="col">Type</th>
                  <th scope="col" className="num">
                    In the file
                  </th>
                  <th scope="col" className="num">
                    New
                  </th>
                </tr>
              </thead>
              <tbody>
                {plan.byType.map((row) => (
                  <tr key={row.type}>
                    <th scope="row">{row.type}</th>
                    <td className="num">{formatCount(row.inFile)}</td>
                    <td className="num">{formatCount(row.fresh)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {plan.upcast > 0 && (
            <p>
              {formatCountOf(plan.upcast, 'event')} of older data versions will be upgraded to the
              current catalog.
            </p>
          )}
          {state.step === 'planned' && plan.problems.length === 0 && (
            <p>
              {plan.fresh > 0
                ? 'Nothing has been written yet: confirm to append the new events.'
                : 'Nothing to import: every event of the file is already in the log.'}
            </p>
          )}
        </>
      );
    }
  }
}

function ProblemList({ problems }: { problems: readonly ImportProblem[] }) {
  return (
    <ul className="import-problems">
      {problems.map((problem, i) => (
        <li key={i}>{describeProblem(problem)}</li>
      ))}
    </ul>
  );
}

function ImportErrors({ state }: { state: ImportState }) {
  if (state.step === 'refused') {
    const many = state.problems.length > 1;
    const stopped = state.stoppedEarly
      ? `; checking stopped at the ${MAX_REPORTED_PROBLEMS}th`
      : '';
    return (
      <>
        <p>
          {state.fileName} cannot be imported
          {many && ` (${formatCountOf(state.problems.length, 'problem')}${stopped})`}. Nothing was
          written.
        </p>
        <ProblemList problems={state.problems} />
      </>
    );
  }
  if (state.step === 'planned' && state.plan.problems.length > 0)
    return (
      <>
        <p>
          {state.fileName} conflicts with the log
          {state.plan.stoppedEarly
            ? ` (the first ${MAX_REPORTED_PROBLEMS} conflicts are shown)`
            : ''}
          . Nothing was written.
        </p>
        <ProblemList problems={state.plan.problems} />
      </>
    );
  if (state.step === 'failed')
    return (
      <>
        <p>The import was refused: nothing was written.</p>
        <ProblemList problems={[state.problem]} />
      </>
    );
  return null;
}
