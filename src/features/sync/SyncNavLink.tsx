import { NavLink } from 'react-router';
import { formatCount } from '../../lib/format';
import { usePendingCount, useSyncState } from './useSync';

/**
 * The main navigation's link to the Sync page, with the changes not yet synced while joined and
 * those on Needs attention: a change a sync could not make is seen from every page.
 */
export function SyncNavLink({ to }: { to: string }) {
  const { setAside, attention: listed } = useSyncState();
  // Set aside by a catch-up, a change is out of the log for a while, and still not synced.
  const pending = (usePendingCount() ?? 0) + setAside;
  const attention = listed.length;
  const counts = [
    ...(pending > 0 ? [`${formatCount(pending)} not yet synced`] : []),
    ...(attention > 0
      ? [`${formatCount(attention)} ${attention === 1 ? 'needs' : 'need'} attention`]
      : []),
  ];
  return (
    <NavLink to={to} aria-label={counts.length > 0 ? `Sync (${counts.join(', ')})` : undefined}>
      Sync
      {pending > 0 && <span className="nav-count"> ({formatCount(pending)})</span>}
      {attention > 0 && <span className="nav-attention">{formatCount(attention)}</span>}
    </NavLink>
  );
}
