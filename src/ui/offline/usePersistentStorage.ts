import { useEffect } from 'react';
import { useDeskStatus } from '../desk-context';
import { requestPersistenceOnce } from '../../lib/storage';

/**
 * Once the desk has read its event log, asks the browser to keep the data persistently (once
 * per page load). Called from the app's layout.
 */
export function usePersistentStorage(): void {
  const { loading, failure } = useDeskStatus();
  const ready = !loading && !failure;
  useEffect(() => {
    if (ready) requestPersistenceOnce();
  }, [ready]);
}
