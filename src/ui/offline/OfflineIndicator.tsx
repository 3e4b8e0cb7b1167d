import { useSyncExternalStore } from 'react';
import './offline.css';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

const isOnline = () => navigator.onLine;
const onServer = () => true;

/** Whether the browser says it is online; follows the `online` / `offline` events. */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribe, isOnline, onServer);
}

/** A small badge in the header while the device is offline. Nothing needs the network. */
export function OfflineIndicator() {
  const online = useOnline();
  return (
    // The live region stays mounted so that the badge is announced when it appears.
    <div aria-live="polite" className="offline-slot">
      {!online && (
        <span role="status" className="offline-badge">
          <span aria-hidden="true" className="offline-dot" />
          Offline — everything keeps working
        </span>
      )}
    </div>
  );
}
