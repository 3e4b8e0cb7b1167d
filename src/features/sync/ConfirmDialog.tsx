import { useEffect, useId, useRef, type ReactNode } from 'react';

export interface ConfirmDialogProps {
  readonly title: string;
  readonly children: ReactNode;
  /** The name of the button that goes ahead, e.g. "Revoke device". */
  readonly confirm: string;
  /** The name of the button that changes nothing. */
  readonly cancel: string;
  readonly onConfirm: () => void;
  /** Called on the cancel button and on Escape. */
  readonly onCancel: () => void;
}

/**
 * Asks before something that cannot be taken back. A modal dialog: focus starts on the button
 * that changes nothing, and Escape is the same as that button.
 */
export function ConfirmDialog({
  title,
  children,
  confirm,
  cancel,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      role="alertdialog"
      className="confirm-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onClose={onCancel}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <div id={`${id}-body`}>{children}</div>
      <div className="form-actions">
        <button type="button" className="button button-danger" onClick={onConfirm}>
          {confirm}
        </button>
        <button type="button" className="button" autoFocus onClick={onCancel}>
          {cancel}
        </button>
      </div>
    </dialog>
  );
}
