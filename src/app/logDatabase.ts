/** The IndexedDB database of the desk's event log. */
export const LOG_DATABASE = 'order-desk';
