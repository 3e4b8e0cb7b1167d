import { useDocumentTitle } from '../../ui/useDocumentTitle';
import { AttentionSection } from './AttentionSection';
import { DevicesSection } from './DevicesSection';
import { InviteForm } from './InviteForm';
import { JoinForm } from './JoinForm';
import { SyncStatus } from './SyncStatus';
import { useSyncState } from './useSync';
import './sync.css';

/** The desk shared through a sync server: joining it, how syncing goes, devices, what failed. */
export function SyncPage() {
  useDocumentTitle('Sync');
  const state = useSyncState();
  const { joined } = state;
  return (
    <div className="sync-page">
      <div className="page-header">
        <h1>Sync</h1>
      </div>
      {joined === null ? (
        <JoinForm connecting={state.phase === 'connecting'} />
      ) : (
        <>
          <SyncStatus state={state} joined={joined} />
          <AttentionSection items={state.attention} />
          {joined.role === 'owner' && (
            <>
              <DevicesSection />
              <InviteForm server={joined.server} />
            </>
          )}
        </>
      )}
    </div>
  );
}
