import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
// The DOM build of the provider: navigations can ask for flushSync (the timeline's slider does).
import { RouterProvider } from 'react-router/dom';
import { createDesk } from './createDesk';
import { DeskProvider } from '../ui/desk-context';
import { routes } from './routes';
import { prepareFormats } from '../lib/format';

const container = document.getElementById('root');
if (!container) {
  throw new Error('The #root element is missing from index.html.');
}

const desk = createDesk();
void desk.start();
// Within 2 s even while the log is folded in slices, which leave the thread idle only briefly.
if ('requestIdleCallback' in window) requestIdleCallback(prepareFormats, { timeout: 2000 });
else setTimeout(prepareFormats, 0);
const router = createBrowserRouter(routes);

createRoot(container).render(
  <StrictMode>
    <DeskProvider desk={desk}>
      <RouterProvider router={router} />
    </DeskProvider>
  </StrictMode>,
);
