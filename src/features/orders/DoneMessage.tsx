import { useEffect, useRef } from 'react';

/** A command's outcome to show; `key` tells two equal texts apart, so each is announced. */
export interface Done {
  readonly text: string;
  readonly key: number;
}

/**
 * What the last command did (role status, always mounted so that it is announced). It takes the
 * focus when it changes: the form that sent the command is often gone by then (the order moved
 * on), and focus must not fall to the page's body.
 */
export function DoneMessage({ done }: { done: Done | null }) {
  const element = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (done !== null) element.current?.focus();
  }, [done]);
  return (
    <p ref={element} role="status" tabIndex={-1} className="notice done-message">
      {done?.text}
    </p>
  );
}
