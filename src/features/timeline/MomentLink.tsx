import {
  createContext,
  useContext,
  useMemo,
  type ComponentPropsWithoutRef,
  type MouseEvent,
  type ReactNode,
} from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useMomentLink } from './moment';

interface MomentLinks {
  /** `path` at the URL's moment. */
  readonly href: (path: string) => string;
  /**
   * Follows a link's plain click in the app; other clicks (a new tab, say) and links with another
   * target are the browser's.
   */
  readonly follow: (event: MouseEvent<HTMLAnchorElement>, href: string) => void;
}

const MomentLinksContext = createContext<MomentLinks | null>(null);

/**
 * What every `MomentLink` below needs of the router, read once here. A list renders a link per
 * row, and each renders again at every moment on the timeline: as react-router's `Link`, each read
 * the location, the search and the route, and kept a navigate function and a prefetch state.
 */
export function MomentLinksProvider({ children }: { children: ReactNode }) {
  const href = useMomentLink();
  const navigate = useNavigate();
  const { pathname, search, hash } = useLocation();
  const here = pathname + search + hash;
  const links = useMemo(
    (): MomentLinks => ({
      href,
      follow: (event, to) => {
        const { target } = event.currentTarget;
        if (
          event.defaultPrevented ||
          event.button !== 0 ||
          event.metaKey ||
          event.altKey ||
          event.ctrlKey ||
          event.shiftKey ||
          (target !== '' && target !== '_self')
        )
          return;
        event.preventDefault();
        // As a router link does: a link to the page on screen adds no history entry.
        void navigate(to, { replace: to === here });
      },
    }),
    [href, navigate, here],
  );
  return <MomentLinksContext.Provider value={links}>{children}</MomentLinksContext.Provider>;
}

/**
 * A link that keeps the timeline's moment: in the past it leads to the same moment. A row that
 * holds one need not render again when the moment moves; only the link does.
 */
export function MomentLink({
  to,
  ...props
}: Omit<ComponentPropsWithoutRef<'a'>, 'href' | 'onClick'> & { to: string }) {
  const links = useContext(MomentLinksContext);
  if (!links) throw new Error('MomentLink must be used inside a MomentLinksProvider.');
  const href = links.href(to);
  return (
    <a
      href={href}
      {...props}
      onClick={(event) => {
        links.follow(event, href);
      }}
    />
  );
}
