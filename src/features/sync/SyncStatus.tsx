import { useState } from 'react';
import { useDesk } from '../../ui/desk-context';
import { describeFailure } from '../../application/failures';
import type { JoinedDesk, SyncState } from '../../application/sync/syncEngine';
import { formatCountOf, formatTime } from '../../lib/format';
import { useOnline } from '../../ui/offline/OfflineIndicator';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { pendingText, usePendingCount } from './useSync';

/** The sync's phase in words. */
export function phaseText(state: SyncState): string {
  switch (state.phase) {
    case 'off':
      return 'Not syncing';
    case 'connecting':
      return 'Connecting…';
    case 'syncing':
      return 'Syncing…';
    case 'up_to_date':
      return 'Up to date';
    case 'offline':
      return 'Offline';
    case 'other_tab':
      return 'Syncing in another tab';
    case 'stopped':
      return `Stopped: ${state.problem ?? 'syncing stopped.'}`;
    default: {
      const unknown: never = state.phase;
      return unknown;
    }
  }
}

/** What waits to be synced: the log's pending changes, and those a catch-up set aside. */
function waitingText(pending: number, setAside: number): string {
  if (pending === 0 && setAside === 0) return 'Nothing: every change is on the desk';
  const parts = pending > 0 ? [pendingText(pending)] : [];
  if (setAside > 0)
    parts.push(`${formatCountOf(setAside, 'change')} set aside until the catch-up ends`);
  return parts.join('; ');
}

/** The joined desk: which it is, who this device is, how syncing goes; leaving it. */
export function SyncStatus({ state, joined }: { state: SyncState; joined: JoinedDesk }) {
  const desk = useDesk();
  const pending = usePendingCount() ?? 0;
  const online = useOnline();
  const [leaving, setLeaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const leave = () => {
    setLeaving(false);
    desk.sync.leave().then(
      () => {
        setError(null);
      },
      (failure: unknown) => {
        setError(describeFailure(failure));
      },
    );
  };

  const stopped = state.phase === 'stopped';
  // Where this tab syncs (not stopped, nor left to another tab).
  const syncsHere = ['syncing', 'up_to_date', 'offline'].includes(state.phase);
  return (
    <section className="panel sync-panel" aria-labelledby="sync-desk-heading">
      <h2 id="sync-desk-heading">{joined.deskName}</h2>
      <dl className="sync-facts">
        <div>
          <dt>This device</dt>
          <dd>
            {joined.person} ({joined.role})
          </dd>
        </div>
        <div>
          <dt>Server</dt>
          <dd className="sync-server">{joined.server}</dd>
        </div>
        <div>
          <dt>State</dt>
          <dd>
            {/* Announced as it changes; a stop is an alert. */}
            <span
              role={stopped ? 'alert' : 'status'}
              className={`sync-phase sync-phase-${state.phase}`}
            >
              {state.phase === 'offline' && online ? 'Cannot reach the server' : phaseText(state)}
            </span>
            {state.phase === 'syncing' && state.problem !== null && (
              <span className="field-hint">Trying again: {state.problem}</span>
            )}
            {state.phase === 'offline' && (
              <span className="field-hint">
                Everything keeps working here; changes are sent when the server can be reached.
              </span>
            )}
            {stopped && (
              <span className="field-hint">
                Nothing here is lost. Leave this desk to join it again with a new invite code.
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>Waiting to sync</dt>
          <dd>{waitingText(pending, state.setAside)}</dd>
        </div>
        <div>
          <dt>Last synced</dt>
          <dd>
            {state.lastSync === null ? (
              'Not yet'
            ) : (
              <time dateTime={state.lastSync}>{formatTime(state.lastSync)}</time>
            )}
          </dd>
        </div>
      </dl>
      {error !== null && <p role="alert">{error}</p>}
      <div className="form-actions">
        {syncsHere && (
          <button
            type="button"
            className="button button-primary"
            disabled={!online}
            aria-describedby={online ? undefined : 'sync-now-offline'}
            onClick={() => {
              desk.sync.syncNow();
            }}
          >
            Sync now
          </button>
        )}
        {syncsHere && !online && (
          <span id="sync-now-offline" className="field-hint">
            This device is offline: it syncs by itself once back online.
          </span>
        )}
        <button
          type="button"
          className="button"
          onClick={() => {
            setLeaving(true);
          }}
        >
          Leave this desk
        </button>
      </div>
      {leaving && (
        <ConfirmDialog
          title={`Leave ${joined.deskName}?`}
          confirm="Leave desk"
          danger
          keep="Stay"
          onConfirm={leave}
          onClose={() => {
            setLeaving(false);
          }}
        >
          <p>
            This browser stops syncing with the desk. Its event log stays as it is
            {pending > 0 ? `, with the ${pendingText(pending)}` : ''}; to sync again, join with a
            new invite code.
          </p>
          {state.attention.length > 0 && (
            <p>
              The {formatCountOf(state.attention.length, 'change')} under Needs attention{' '}
              {state.attention.length === 1 ? 'is' : 'are'} forgotten: note first what still needs
              doing.
            </p>
          )}
        </ConfirmDialog>
      )}
    </section>
  );
}
