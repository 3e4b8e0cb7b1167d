import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { useDesk, useDeskStatus } from '../../ui/desk-context';
import { describeFailure } from '../../application/failures';
import { SyncRequestError } from '../../application/sync/syncClient';
import { formatCount } from '../../lib/format';

/** Hosts that a plain http:// address may name: the app's policy lets it reach no other. */
const LOOPBACK = new Set(['localhost', '127.0.0.1']);

/** Why the typed address cannot be used, before asking the server; null when it can. */
function addressProblem(typed: string): string | null {
  let url: URL;
  try {
    url = new URL(typed.trim());
  } catch {
    return `“${typed.trim()}” is not a web address: type it as the desk’s owner gave it, e.g. https://sync.example.com.`;
  }
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname))
    return 'The server’s address must start with https:// (plain http:// only reaches a server on this computer).';
  return null;
}

type Field = 'server' | 'invite';

/** A refused join in words, and the field it is about (null: neither). */
interface JoinError {
  readonly text: string;
  readonly field: Field | null;
}

/**
 * Which field a failed join is about: the address for a server not reached, else the code. A
 * device offline is told so, rather than that the server cannot be reached.
 */
function errorOf(failure: unknown, online: boolean): JoinError {
  if (!(failure instanceof SyncRequestError))
    return { text: describeFailure(failure), field: null };
  if (failure.code === 'unreachable' && !online)
    return { text: 'This device is offline: join once it is back online.', field: null };
  const field =
    failure.code === 'invite_not_usable'
      ? 'invite'
      : failure.code === 'unreachable' || failure.code === 'invalid_url'
        ? 'server'
        : null;
  return { text: failure.message, field };
}

const ERROR_ID = 'sync-join-error';

/** The refusal, announced; the field it is about points at it. */
function ErrorText({ error }: { error: JoinError }) {
  return (
    <p id={ERROR_ID} role="alert" className="field-error">
      {error.text}
    </p>
  );
}

const invalidIf = (error: JoinError | null, field: Field) =>
  error?.field === field ? { 'aria-invalid': true, 'aria-describedby': ERROR_ID } : {};

/** Joins a desk on a sync server with an invite code. */
export function JoinForm({ connecting }: { connecting: boolean }) {
  const desk = useDesk();
  const { logHead } = useDeskStatus();
  const [server, setServer] = useState('');
  const [invite, setInvite] = useState('');
  const [error, setError] = useState<JoinError | null>(null);
  const [joining, setJoining] = useState(false);
  const busy = joining || connecting;
  const serverField = useRef<HTMLInputElement>(null);
  const inviteField = useRef<HTMLInputElement>(null);
  // A refusal takes focus to the field to mend (the button was disabled while joining, which
  // would leave focus nowhere).
  useEffect(() => {
    if (error?.field === 'server') serverField.current?.focus();
    if (error?.field === 'invite') inviteField.current?.focus();
  }, [error, serverField, inviteField]);

  const join = async (submitted: SyntheticEvent<HTMLFormElement>) => {
    submitted.preventDefault();
    if (busy) return;
    const addressWrong =
      server.trim() === '' ? 'Type the sync server’s address.' : addressProblem(server);
    const problem: JoinError | null =
      addressWrong !== null
        ? { text: addressWrong, field: 'server' }
        : invite.trim() === ''
          ? { text: 'Type the invite code.', field: 'invite' }
          : null;
    if (problem !== null) {
      setError(problem);
      return;
    }
    setError(null);
    setJoining(true);
    try {
      await desk.sync.connect(server, invite);
    } catch (failure) {
      setError(errorOf(failure, navigator.onLine));
    } finally {
      setJoining(false);
    }
  };

  return (
    <section className="panel sync-panel" aria-labelledby="join-heading">
      <h2 id="join-heading">Join a desk</h2>
      <p className="muted">
        Share this desk with other devices through a sync server. The desk’s owner gives you the
        server’s address and an invite code.
      </p>
      {logHead > 0 && (
        <p className="notice">
          {/* A desk joined again (or one this log came from) holds some of them already. */}
          This browser already holds {logHead === 1 ? '1 event' : `${formatCount(logHead)} events`}:
          once you join,{' '}
          {logHead === 1
            ? 'it is sent to the desk, after the desk’s own events, unless the desk holds it already.'
            : 'those the desk does not hold yet are sent to it, after the desk’s own events.'}
        </p>
      )}
      <form className="sync-join" onSubmit={(submitted) => void join(submitted)} noValidate>
        <div className="field">
          <label htmlFor="sync-server">Server address</label>
          <input
            ref={serverField}
            id="sync-server"
            {...invalidIf(error, 'server')}
            type="url"
            inputMode="url"
            autoComplete="url"
            spellCheck={false}
            placeholder="https://"
            value={server}
            disabled={busy}
            onChange={(change) => {
              setServer(change.target.value);
            }}
          />
          {error?.field === 'server' && <ErrorText error={error} />}
        </div>
        <div className="field">
          <label htmlFor="sync-invite">Invite code</label>
          <input
            ref={inviteField}
            id="sync-invite"
            {...invalidIf(error, 'invite')}
            type="text"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            value={invite}
            disabled={busy}
            onChange={(change) => {
              setInvite(change.target.value);
            }}
          />
          {error?.field === 'invite' && <ErrorText error={error} />}
        </div>
        {error !== null && error.field === null && <ErrorText error={error} />}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            Join desk
          </button>
          {busy && (
            <span role="status" className="muted">
              Joining the desk…
            </span>
          )}
        </div>
      </form>
    </section>
  );
}
