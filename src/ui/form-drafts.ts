import { useEffect, useState } from 'react';
import type { Command } from '../application/commands';

/** A command made from a form's draft, and the id it is sent under, every time it is sent. */
export interface SentCommand {
  readonly commandId: string;
  readonly command: Command;
}

/** What a form keeps in the tab's sessionStorage. */
interface DraftRecord<Draft> {
  readonly draft: Draft;
  /** The last command made from the draft, until it is acknowledged; `from` is that draft. */
  readonly sent: (SentCommand & { readonly from: Draft }) | null;
}

const storageKey = (form: string): string => `order-desk:draft:${form}`;

/** Drafts are plain data: the same JSON is the same draft. */
const sameDraft = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** Whether `value` is an object whose `fields` all hold strings (to check a draft read back). */
export const hasStringFields = (
  value: unknown,
  fields: readonly string[],
): value is Record<string, unknown> =>
  isObject(value) && fields.every((field) => typeof value[field] === 'string');

function isDraftRecord<Draft>(
  value: unknown,
  isDraft: (draft: unknown) => draft is Draft,
): value is DraftRecord<Draft> {
  if (!isObject(value) || !isDraft(value.draft)) return false;
  const { sent } = value;
  return (
    sent === null ||
    (isObject(sent) &&
      typeof sent.commandId === 'string' &&
      isObject(sent.command) &&
      typeof sent.command.type === 'string' &&
      isDraft(sent.from))
  );
}

function read<Draft>(
  form: string,
  isDraft: (draft: unknown) => draft is Draft,
): DraftRecord<Draft> | null {
  try {
    const text = sessionStorage.getItem(storageKey(form));
    const value: unknown = text === null ? null : JSON.parse(text);
    return isDraftRecord(value, isDraft) ? value : null;
  } catch {
    // Storage turned off, or a record this version cannot read: the form starts empty.
    return null;
  }
}

function write<Draft>(form: string, record: DraftRecord<Draft>, initial: Draft): void {
  try {
    if (record.sent === null && sameDraft(record.draft, initial))
      sessionStorage.removeItem(storageKey(form));
    else sessionStorage.setItem(storageKey(form), JSON.stringify(record));
  } catch {
    // Storage full or turned off: the form works on, only a reload forgets it.
  }
}

/** Whether the form has a draft or an unacknowledged command kept from before a reload. */
export const hasFormDraft = (form: string): boolean => {
  try {
    return sessionStorage.getItem(storageKey(form)) !== null;
  } catch {
    return false;
  }
};

export interface FormDraft<Draft> {
  readonly draft: Draft;
  readonly setDraft: (update: (current: Draft) => Draft) => void;
  /**
   * The command to send for the draft as it is: the one made before from this same draft, with
   * its id, if there is one (so that sending again, also after a reload, is the same idempotent
   * command), else a new one from `build` under a new id. Kept before it is sent.
   */
  readonly commandFor: (build: () => Command) => SentCommand;
  /** The command was acknowledged: the form starts over from `initial`. */
  readonly settle: () => void;
}

/**
 * A form's draft, and the command made from it until that is acknowledged, kept in the tab's
 * sessionStorage under `form`: a reload gives both back. `initial` is a constant (an empty
 * form); `isDraft` checks what is read back.
 */
export function useFormDraft<Draft>(
  form: string,
  initial: Draft,
  isDraft: (draft: unknown) => draft is Draft,
): FormDraft<Draft> {
  const [record, setRecord] = useState<DraftRecord<Draft>>(
    () => read(form, isDraft) ?? { draft: initial, sent: null },
  );

  useEffect(() => {
    write(form, record, initial);
  }, [form, record, initial]);

  return {
    draft: record.draft,
    setDraft: (update) => {
      setRecord((current) => ({ ...current, draft: update(current.draft) }));
    },
    commandFor: (build) => {
      const { sent, draft } = record;
      if (sent && sameDraft(sent.from, draft)) return sent;
      const next = {
        draft,
        sent: { commandId: crypto.randomUUID(), command: build(), from: draft },
      };
      // Now, not in an effect: a reload from here on must find the command and send it again.
      write(form, next, initial);
      setRecord(next);
      return next.sent;
    },
    settle: () => {
      const next = { draft: initial, sent: null };
      write(form, next, initial);
      setRecord(next);
    },
  };
}
