import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { useDesk } from '../../ui/desk-context';
import { describeFailure } from '../../application/failures';
import { SyncRequestError, type InviteReply } from '../../application/sync/syncClient';
import { formatTime } from '../../lib/format';

type Role = 'member' | 'owner';

/** Invites someone to the desk (owners only): the code is shown once, to pass on. */
export function InviteForm({ server }: { server: string }) {
  const desk = useDesk();
  const [person, setPerson] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [invite, setInvite] = useState<InviteReply | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  /** Where the person's name is wrong: the field is marked, described and focused. */
  const [nameMissing, setNameMissing] = useState(false);
  const personField = useRef<HTMLInputElement>(null);
  const shownInvite = useRef<HTMLDivElement>(null);
  // Focus goes to the new invite, which is then read out (the button that made it was disabled).
  useEffect(() => {
    if (invite !== null) shownInvite.current?.focus();
  }, [invite]);

  const create = async (submitted: SyntheticEvent<HTMLFormElement>) => {
    submitted.preventDefault();
    if (busy) return;
    if (person.trim() === '') {
      setError(null);
      setNameMissing(true);
      personField.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setNameMissing(false);
    try {
      setInvite(await desk.sync.invite(person.trim(), role));
      setCopied(null);
      setPerson('');
      setRole('member');
    } catch (failure) {
      setError(failure instanceof SyncRequestError ? failure.message : describeFailure(failure));
    } finally {
      setBusy(false);
    }
  };

  const copy = (invite: InviteReply) => {
    const text = `Server address: ${server}\nInvite code: ${invite.code}`;
    navigator.clipboard.writeText(text).then(
      () => {
        setCopied('Copied.');
      },
      () => {
        setCopied('The browser did not let the page copy: select the code and copy it.');
      },
    );
  };

  return (
    <section className="panel sync-panel" aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite someone</h2>
      {invite !== null && (
        <div
          ref={shownInvite}
          className="notice sync-invite"
          role="region"
          aria-label="New invite"
          tabIndex={-1}
        >
          <p>
            Invite for <strong>{invite.person}</strong> ({invite.role}), single use, valid until{' '}
            {formatTime(invite.expiresAt)}. It is shown only now: give them both lines.
          </p>
          <dl className="sync-facts">
            <div>
              <dt>Server address</dt>
              <dd className="sync-code">{server}</dd>
            </div>
            <div>
              <dt>Invite code</dt>
              <dd className="sync-code">{invite.code}</dd>
            </div>
          </dl>
          <div className="form-actions">
            <button
              type="button"
              className="button"
              onClick={() => {
                copy(invite);
              }}
            >
              Copy
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setInvite(null);
                personField.current?.focus();
              }}
            >
              Done
            </button>
            <span role="status">{copied}</span>
          </div>
        </div>
      )}
      <form
        className="sync-invite-form"
        onSubmit={(submitted) => void create(submitted)}
        noValidate
      >
        <div className="field">
          <label htmlFor="invite-person">Person</label>
          <input
            ref={personField}
            id="invite-person"
            {...(nameMissing
              ? { 'aria-invalid': true, 'aria-describedby': 'invite-person-error' }
              : {})}
            type="text"
            autoComplete="off"
            maxLength={100}
            value={person}
            onChange={(change) => {
              setPerson(change.target.value);
            }}
          />
          {nameMissing && (
            <p id="invite-person-error" role="alert" className="field-error">
              Type the name of the person you invite: their device is named after them.
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor="invite-role">Role</label>
          <select
            id="invite-role"
            value={role}
            onChange={(change) => {
              setRole(change.target.value as Role);
            }}
          >
            <option value="member">Member</option>
            <option value="owner">Owner (can invite and revoke)</option>
          </select>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            Create invite
          </button>
        </div>
      </form>
      {error !== null && <p role="alert">{error}</p>}
    </section>
  );
}
