import {
  MAX_REPORTED_PROBLEMS,
  describeProblem,
  type ImportProblem,
} from '../../application/eventLogFile/parse';
import type { ReadProgress } from '../../application/eventLogFile/import';
import { formatCount, formatCountOf } from '../../lib/format';
import type { ImportState } from './useEventLogImport';

const phaseText: Record<ReadProgress['phase'], string> = {
  reading: 'Reading the file…',
  checking: 'Checking events…',
};

/** An import's progress bar while the file is read and checked, and while it is written. */
export function ImportProgress({ state }: { state: ImportState }) {
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

/** What the file holds and what importing it does (or did), for the import's status. */
export function ImportSummary({ state, head }: { state: ImportState; head: number }) {
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
    default: {
      const unknown: never = state;
      return unknown;
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

/** Why the file cannot be imported, or why its import was refused, for the import's alert. */
export function ImportErrors({ state }: { state: ImportState }) {
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
