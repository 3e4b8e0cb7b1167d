import { useRegisterSW } from './pwa';
import './offline.css';

/** How often an open tab asks whether a new version has been deployed. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

/**
 * Registers the service worker and, when a new version is installed and waiting, offers to
 * switch to it. The new code never takes over an open tab by itself: the waiting worker is
 * activated (and the page reloaded) only when the user presses Reload.
 */
export function UpdatePrompt() {
  const {
    needRefresh: [needRefresh],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisteredSW(_url, registration) {
      if (!registration) return;
      // A tab may stay open for days: look for a new version now and then, when online.
      setInterval(() => {
        if (navigator.onLine && !registration.installing) void registration.update();
      }, UPDATE_CHECK_MS);
    },
  });

  return (
    // Kept mounted so that screen readers announce the banner when it appears.
    <div aria-live="polite" className="update-slot">
      {needRefresh && (
        <section className="update-banner" aria-label="New version">
          <p>
            A new version is available —{' '}
            <button
              type="button"
              className="button button-primary"
              onClick={() => void updateServiceWorker(true)}
            >
              Reload
            </button>
          </p>
        </section>
      )}
    </div>
  );
}
