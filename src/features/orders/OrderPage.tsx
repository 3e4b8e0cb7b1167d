import { useParams } from 'react-router';
import { useDocumentTitle } from '../../app/useDocumentTitle';

export function OrderPage() {
  const { orderId = '' } = useParams();
  useDocumentTitle(`Order ${orderId}`);
  return <h1>Order {orderId}</h1>;
}
