import { useEffect, useState } from 'react';
import { usePresent } from '../../ui/desk-context';
import { formatBytes, formatCount, formatShare } from '../../lib/format';
import {
  onPersistenceChange,
  readStorage,
  requestPersistence,
  type StorageReport,
} from '../../lib/storage';
import './StorageSection.css';

function persistenceText(persisted: boolean | null): string {
  if (persisted === true) return 'Yes — the browser will not clear the event log to free up space.';
  if (persisted === false)
    return 'No — the browser may clear the event log when the device runs low on space.';
  return 'Unknown — this browser does not say.';
}

function SpaceUsed({ report }: { report: StorageReport }) {
  const { usage, quota } = report;
  if (usage === null) return <dd>Unknown — this browser does not report its storage use.</dd>;
  if (quota === null || quota <= 0) return <dd>{formatBytes(usage)}</dd>;
  return (
    <dd>
      <span>
        {formatBytes(usage)} of {formatBytes(quota)} ({formatShare(usage, quota)})
      </span>
      <meter
        aria-labelledby="storage-space-used"
        min={0}
        max={quota}
        value={usage}
        low={quota * 0.6}
        high={quota * 0.85}
        optimum={0}
      />
    </dd>
  );
}

/**
 * The Data page's storage panel: how many events the log holds, how much of the browser's
 * quota it uses, whether storage is persistent; a way to ask for persistence, and while it is
 * not granted, the advice to export the event log regularly.
 */
export function StorageSection() {
  const { position } = usePresent();
  const [report, setReport] = useState<StorageReport | null>(null);
  const [asking, setAsking] = useState(false);
  const [declined, setDeclined] = useState(false);

  // Read again whenever the log grows and whenever persistence was asked for.
  useEffect(() => {
    let live = true;
    const read = () => {
      void readStorage().then((next) => {
        if (live) setReport(next);
      });
    };
    read();
    const stop = onPersistenceChange(read);
    return () => {
      live = false;
      stop();
    };
  }, [position]);

  async function keepData() {
    setAsking(true);
    const persisted = await requestPersistence();
    setAsking(false);
    setDeclined(persisted !== true);
  }

  const notPersistent = report !== null && report.persisted !== true;

  return (
    <section className="panel storage-panel" aria-labelledby="storage-heading">
      <h2 id="storage-heading">Storage on this device</h2>
      <p className="muted">
        The event log is kept in this browser&rsquo;s storage, on this device only; the desk needs
        no server and keeps working offline.
      </p>
      <dl className="storage-facts">
        <div>
          <dt>Events in the log</dt>
          <dd>{formatCount(position)}</dd>
        </div>
        <div>
          <dt id="storage-space-used">Space used</dt>
          {report ? <SpaceUsed report={report} /> : <dd>Checking…</dd>}
        </div>
        <div>
          <dt>Persistent storage</dt>
          <dd>{report ? persistenceText(report.persisted) : 'Checking…'}</dd>
        </div>
      </dl>
      {notPersistent && report.canPersist && (
        <div className="form-actions">
          <button
            type="button"
            className="button"
            disabled={asking}
            onClick={() => void keepData()}
          >
            Keep data on this device
          </button>
        </div>
      )}
      <p className="notice storage-declined" aria-live="polite">
        {declined && notPersistent
          ? 'The browser did not make storage persistent. Browsers tend to grant it to installed or bookmarked apps: install the desk from the browser’s menu and try again.'
          : ''}
      </p>
      {notPersistent && (
        <p className="storage-advice">
          <strong>Export the event log regularly</strong> (<em>Export event log</em>, below) and
          keep the file somewhere safe: until storage is persistent, the browser may clear it to
          free up space, and the file is your backup.
        </p>
      )}
    </section>
  );
}
