/**
 * The desk's views: one model folded from the log (deskModel.ts) and read at any moment
 * (deskView.ts), what changed between two moments (compare.ts), and how events, names and money
 * read on screen.
 */
export { DeskModel } from './deskModel';
export type { ModelParts } from './deskModel';
export {
  CustomersAt,
  DashboardAt,
  DeskView,
  FIRST_ORDER_NUMBER,
  OrdersAt,
  RECENT_ACTIVITY_SIZE,
} from './deskView';
export type {
  ActivityItem,
  CustomerContact,
  CustomerQuery,
  CustomerSelection,
  CustomerSortKey,
  CustomerView,
  DashboardTotals,
  DirectoryEntry,
  EventSummary,
  OrderCancellation,
  OrderPayment,
  OrderRefund,
  OrderQuery,
  OrderShipment,
  OrderSortKey,
  OrderView,
  RowSource,
  SortDirection,
  StatusFilter,
} from './deskView';
export { compareMoments } from './compare';
export type { CustomerChange, MomentComparison, OrderCreated, StatusChange } from './compare';
export { statusAfter } from './projection';
export type { SummaryContext } from './summary';
export { summarize } from './summary';
export { collationRanks, textCollator } from './collation';
