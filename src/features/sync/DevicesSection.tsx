import { useCallback, useEffect, useId, useState } from 'react';
import { useDesk } from '../../ui/desk-context';
import { describeFailure } from '../../application/failures';
import { SyncRequestError, type DeviceEntry } from '../../application/sync/syncClient';
import { formatTime } from '../../lib/format';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { useSyncState } from './useSync';

const messageOf = (failure: unknown): string =>
  failure instanceof SyncRequestError ? failure.message : describeFailure(failure);

/** The desk's devices, for its owner: who joined when, who was seen last when; revoking one. */
export function DevicesSection() {
  const desk = useDesk();
  const [devices, setDevices] = useState<readonly DeviceEntry[] | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<DeviceEntry | null>(null);
  const [unread, setUnread] = useState(false);
  const namePrefix = useId();
  const { phase } = useSyncState();

  // The server's list is read when the page opens, after a revoke, and on Refresh; after a failed
  // read, also once the sync reaches the server again.
  const load = useCallback(
    () =>
      desk.sync.devices().then(
        (list) => {
          setDevices(list);
          setError(null);
          setUnread(false);
          setLoading(false);
        },
        (failure: unknown) => {
          setError(`The list of devices could not be read: ${messageOf(failure)}`);
          setUnread(true);
          setLoading(false);
        },
      ),
    [desk],
  );
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (unread && phase === 'up_to_date') void load();
  }, [unread, phase, load]);
  const refresh = () => {
    setLoading(true);
    return load();
  };

  const revoke = async (device: DeviceEntry) => {
    setRevoking(null);
    try {
      await desk.sync.revoke(device.id);
      setError(null);
    } catch (failure) {
      setError(`${device.person}’s device was not revoked: ${messageOf(failure)}`);
    }
    await refresh();
  };

  return (
    <section className="panel sync-panel" aria-labelledby="devices-heading">
      <div className="sync-panel-head">
        <h2 id="devices-heading">Devices</h2>
        <button type="button" className="button" disabled={loading} onClick={() => void refresh()}>
          Refresh
        </button>
      </div>
      {error !== null && <p role="alert">{error}</p>}
      {devices === null ? (
        <p className="muted">{loading ? 'Reading the list of devices…' : ''}</p>
      ) : (
        <ul className="sync-devices" aria-labelledby="devices-heading">
          {devices.map((device, index) => (
            <li key={device.id} className={device.revokedAt === null ? '' : 'is-revoked'}>
              <p className="sync-device-name" id={`${namePrefix}-${index}`}>
                <strong>{device.person}</strong> <span className="muted">({device.role})</span>
                {device.current && <span className="badge">This device</span>}
                {device.revokedAt !== null && <span className="badge">Revoked</span>}
              </p>
              <dl className="sync-device-facts">
                <div>
                  <dt>Joined</dt>
                  <dd>{formatTime(device.joinedAt)}</dd>
                </div>
                <div>
                  <dt>Last seen</dt>
                  <dd>{device.lastSeenAt === null ? 'Never' : formatTime(device.lastSeenAt)}</dd>
                </div>
                {device.revokedAt !== null && (
                  <div>
                    <dt>Revoked</dt>
                    <dd>{formatTime(device.revokedAt)}</dd>
                  </div>
                )}
              </dl>
              {!device.current && device.revokedAt === null && (
                <button
                  type="button"
                  className="button"
                  aria-describedby={`${namePrefix}-${index}`}
                  onClick={() => {
                    setRevoking(device);
                  }}
                >
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {revoking !== null && (
        <ConfirmDialog
          title={`Revoke ${revoking.person}’s device?`}
          confirm="Revoke device"
          danger
          keep="Keep it"
          onConfirm={() => void revoke(revoking)}
          onClose={() => {
            setRevoking(null);
          }}
        >
          <p>
            It stops syncing at once and cannot sync again without a new invite code. The changes it
            already sent stay on the desk.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
