import { useDocumentTitle } from '../../app/useDocumentTitle';

export function DashboardPage() {
  useDocumentTitle('Dashboard');
  return <h1>Dashboard</h1>;
}
