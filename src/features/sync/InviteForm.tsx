import { useState, type SyntheticEvent } from 'react';
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

  const create = async (submitted: SyntheticEvent<HTMLFormElement>) => {
    submitted.preventDefault();
    if (busy) return;
    if (person.trim() === '') {
      setError('Type the name of the person you invite: their device is named after them.');
      return;
    }
    setBusy(true);
    setError(null);
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
        <div className="notice sync-invite" role="region" aria-label="New invite">
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
            id="invite-person"
            type="text"
            autoComplete="off"
            maxLength={100}
            value={person}
            onChange={(change) => {
              setPerson(change.target.value);
            }}
          />
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
