import { useDocumentTitle } from '../../app/useDocumentTitle';

export function CustomersPage() {
  useDocumentTitle('Customers');
  return <h1>Customers</h1>;
}
