import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { useDocumentTitle } from '../ui/useDocumentTitle';

/** Shown instead of the whole shell when rendering a route throws. */
export function RouteErrorPage() {
  const error = useRouteError();
  useDocumentTitle('Something went wrong');
  const detail = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : 'Unknown error';
  return (
    <main id="main" className="app-main">
      <h1>Something went wrong</h1>
      <div role="alert">{detail}</div>
      <p>
        <Link to="/">Back to the dashboard</Link>
      </p>
    </main>
  );
}
