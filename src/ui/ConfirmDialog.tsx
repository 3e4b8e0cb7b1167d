import { useId, useRef, type ReactNode } from 'react';
import { useModalDialog } from './useModalDialog';

/**
 * Asks before an action that cannot be taken back (the log only grows): a modal dialog named by
 * its title, with the facts in `children`. It opens on the safe choice; Escape or `keep` closes it
 * (`onClose`), `confirm` runs `onConfirm`. Focus stays inside while it is open and goes back to
 * where it was when it closes.
 */
export function ConfirmDialog({
  title,
  children,
  confirm,
  keep,
  danger,
  onConfirm,
  onClose,
}: {
  title: string;
  children: ReactNode;
  confirm: string;
  keep: string;
  /** The confirming button in red: the action takes something away (cancel, refund). */
  danger: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const keepButton = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();

  const { onKeyDown } = useModalDialog(dialog, keepButton);

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onClose={onClose}
      onKeyDown={onKeyDown}
    >
      <h2 id={titleId}>{title}</h2>
      <div id={bodyId}>{children}</div>
      <div className="form-actions">
        <button ref={keepButton} type="button" className="button" onClick={onClose}>
          {keep}
        </button>
        <button
          type="button"
          className={danger ? 'button button-danger' : 'button button-primary'}
          onClick={onConfirm}
        >
          {confirm}
        </button>
      </div>
    </dialog>
  );
}
