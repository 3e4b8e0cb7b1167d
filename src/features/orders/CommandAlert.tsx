import type { CommandsEnabled } from './useCommand';

/**
 * A rejected command's message (docs/contract.md §5: role alert). Mounted only while there is a
 * message, so that a page has at most one alert; an alert that appears is announced.
 */
export function CommandAlert({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <div role="alert" className="command-alert">
      {message}
    </div>
  );
}

/** Shown instead of a form while commands are turned off. */
export function CommandsOffNotice({ enabled }: { enabled: CommandsEnabled }) {
  return <p className="notice">{enabled.reason ?? 'Commands are turned off right now.'}</p>;
}
