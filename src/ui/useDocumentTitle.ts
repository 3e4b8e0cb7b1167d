import { useEffect } from 'react';

export const APP_NAME = 'Order desk';

/** Sets document.title to "<page> · Order desk" while the calling page is shown. */
export function useDocumentTitle(page: string): void {
  useEffect(() => {
    document.title = `${page} · ${APP_NAME}`;
  }, [page]);
}
