import { NavLink } from 'react-router';
import { formatCount } from '../../lib/format';
import { usePendingCount } from './useSync';

/** The main navigation's link to the Sync page, with the changes not yet synced while joined. */
export function SyncNavLink({ to }: { to: string }) {
  const pending = usePendingCount();
  return (
    <NavLink
      to={to}
      aria-label={
        pending !== null && pending > 0
          ? `Sync (${formatCount(pending)} not yet synced)`
          : undefined
      }
    >
      Sync
      {pending !== null && pending > 0 && (
        <span className="nav-count"> ({formatCount(pending)})</span>
      )}
    </NavLink>
  );
}
