import { Link, type LinkProps } from 'react-router';
import { useMomentLink } from './moment';

/**
 * A link that keeps the timeline's moment: in the past it leads to the same moment. A row that
 * holds one need not render again when the moment moves; only the link does.
 */
export function MomentLink({ to, ...props }: Omit<LinkProps, 'to'> & { to: string }) {
  const link = useMomentLink();
  return <Link to={link(to)} {...props} />;
}
