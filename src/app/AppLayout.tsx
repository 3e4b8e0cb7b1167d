import { useEffect, useRef, type RefObject } from 'react';
import { Link, NavLink, Outlet, ScrollRestoration } from 'react-router';
import { useDeskStatus } from '../ui/desk-context';
import { useBackScrollSettles } from './useBackScrollSettles';
import { MomentLinksProvider } from '../features/timeline/MomentLink';
import { MomentProvider } from '../features/timeline/MomentProvider';
import { PastStrip } from '../features/timeline/PastStrip';
import { TimelineBar } from '../features/timeline/TimelineBar';
import { useMomentLink } from '../features/timeline/moment';
import { OfflineIndicator } from '../ui/offline/OfflineIndicator';
import { UpdatePrompt } from '../ui/offline/UpdatePrompt';
import { usePersistentStorage } from '../ui/offline/usePersistentStorage';
import { SyncNavLink } from '../features/sync/SyncNavLink';

const navItems = [
  { to: '/', label: 'Dashboard', end: true },
  { to: '/orders', label: 'Orders', end: false },
  { to: '/customers', label: 'Customers', end: false },
  { to: '/events', label: 'Events', end: false },
  { to: '/data', label: 'Data', end: false },
] as const;

/**
 * Keeps the CSS variable `name` on the root element at the height of `element`, so that the
 * page's scroll padding keeps focused elements clear of what is pinned over it (WCAG 2.2 SC
 * 2.4.11): the timeline at the bottom, the past strip at the top. Their heights change with the
 * width (rows wrap) and the moment.
 */
function usePublishedHeight(element: RefObject<HTMLElement | null>, name: string) {
  useEffect(() => {
    const target = element.current;
    if (!target) return;
    const root = document.documentElement;
    const publish = () => {
      root.style.setProperty(name, `${target.getBoundingClientRect().height}px`);
    };
    publish();
    // Older browsers (and jsdom) have none: the height at the first render stays.
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(publish) : null;
    observer?.observe(target);
    return () => {
      observer?.disconnect();
      root.style.removeProperty(name);
    };
  }, [element, name]);
}

/** While the log is read at start-up: how far it has got; and whether it is still this tab's. */
function LogStatus() {
  const { loading, failure, gone } = useDeskStatus();
  if (failure) return <p role="alert">{failure}</p>;
  if (gone)
    return (
      <div role="alert">
        <p>{gone} What is on screen is as it was; nothing more is saved from this tab.</p>
        <button
          type="button"
          className="button button-primary"
          onClick={() => {
            location.reload();
          }}
        >
          Reload
        </button>
      </div>
    );
  if (!loading) return null;
  return (
    <div className="log-loading">
      <label htmlFor="log-progress">Reading the event log…</label>
      <progress id="log-progress" max={Math.max(loading.total, 1)} value={loading.loaded} />
    </div>
  );
}

/** The shell around every page: header with the main navigation, the page, the timeline. */
export function AppLayout() {
  const momentLink = useMomentLink();
  usePersistentStorage();
  const pastStrip = useRef<HTMLDivElement>(null);
  const timeline = useRef<HTMLDivElement>(null);
  usePublishedHeight(pastStrip, '--past-strip-height');
  usePublishedHeight(timeline, '--timeline-height');
  useBackScrollSettles();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <div className="app-past" ref={pastStrip}>
        <PastStrip />
      </div>
      <header className="app-header">
        <div className="app-header-inner">
          <Link to="/" className="app-name">
            <img src="/favicon.svg" alt="" width="28" height="28" />
            <span>Order desk</span>
          </Link>
          <nav aria-label="Main" className="app-nav">
            <ul>
              {navItems.map((item) => (
                <li key={item.to}>
                  {/* NavLink sets aria-current="page" on the link of the current page. */}
                  <NavLink to={momentLink(item.to)} end={item.end}>
                    {item.label}
                  </NavLink>
                </li>
              ))}
              <li>
                <SyncNavLink to={momentLink('/sync')} />
              </li>
            </ul>
          </nav>
          <OfflineIndicator />
        </div>
      </header>
      <UpdatePrompt />
      <main id="main" className="app-main" tabIndex={-1}>
        <LogStatus />
        <MomentProvider>
          <MomentLinksProvider>
            <Outlet />
          </MomentLinksProvider>
        </MomentProvider>
      </main>
      <div className="app-timeline" ref={timeline}>
        <TimelineBar />
      </div>
      {/* A new page opens at its top; Back and Forward return to where the page was left. */}
      <ScrollRestoration />
    </div>
  );
}
