import { Link, NavLink, Outlet } from 'react-router';

const navItems = [
  { to: '/', label: 'Dashboard', end: true },
  { to: '/orders', label: 'Orders', end: false },
  { to: '/customers', label: 'Customers', end: false },
  { to: '/events', label: 'Events', end: false },
] as const;

/** The shell around every page: header with the main navigation, the page, the timeline slot. */
export function AppLayout() {
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
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
                  <NavLink to={item.to} end={item.end}>
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        <Outlet />
      </main>
      {/* Leave-room slot: the timeline bar (CONTRACT.md §5) is mounted here in a later issue. */}
      <div className="app-timeline" data-slot="timeline" />
    </div>
  );
}
