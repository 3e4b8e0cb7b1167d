import { useDocumentTitle } from '../../app/useDocumentTitle';

export function OrdersPage() {
  useDocumentTitle('Orders');
  return <h1>Orders</h1>;
}
