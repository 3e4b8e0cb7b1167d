import type { RouteObject } from 'react-router';
import { AppLayout } from './AppLayout';
import { NotFoundPage } from './NotFoundPage';
import { RouteErrorPage } from './RouteErrorPage';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { OrdersPage } from '../features/orders/OrdersPage';
import { OrderPage } from '../features/orders/OrderPage';
import { CustomersPage } from '../features/customers/CustomersPage';
import { CustomerPage } from '../features/customers/CustomerPage';
import { EventsPage } from '../features/events/EventsPage';
import { DataPage } from '../features/data/DataPage';
import { SyncPage } from '../features/sync/SyncPage';

/**
 * The app's routes (docs/contract.md §4). Exported so that tests can build a memory router:
 * `createMemoryRouter(routes, { initialEntries: ['/orders'] })`.
 */
export const routes: RouteObject[] = [
  {
    path: '/',
    element: <AppLayout />,
    errorElement: <RouteErrorPage />,
    children: [
      { index: true, element: <DashboardPage /> },
      { path: 'orders', element: <OrdersPage /> },
      { path: 'orders/:orderId', element: <OrderPage /> },
      { path: 'customers', element: <CustomersPage /> },
      { path: 'customers/:customerId', element: <CustomerPage /> },
      { path: 'events', element: <EventsPage /> },
      { path: 'data', element: <DataPage /> },
      { path: 'sync', element: <SyncPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
