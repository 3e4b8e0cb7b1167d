import { useParams } from 'react-router';
import { useDocumentTitle } from '../../app/useDocumentTitle';

export function CustomerPage() {
  const { customerId = '' } = useParams();
  useDocumentTitle(`Customer ${customerId}`);
  return <h1>Customer {customerId}</h1>;
}
