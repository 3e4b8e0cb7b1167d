import { useEffect, useRef, useState } from 'react';
import { useDesk } from '../../ui/desk-context';
import {
  readEventLogFile,
  type HeldImport,
  type ImportPlan,
  type ReadProgress,
} from '../../application/eventLogFile/import';
import type { ImportProblem } from '../../application/eventLogFile/parse';
import { describeFailure } from '../../application/failures';

/**
 * Where an import of an event log file stands: a file is read and checked, then planned (nothing
 * written yet), then written on confirmation; or refused, with its problems.
 */
export type ImportState =
  | { readonly step: 'idle' }
  | { readonly step: 'reading'; readonly fileName: string; readonly progress: ReadProgress }
  | {
      readonly step: 'refused';
      readonly fileName: string;
      readonly problems: readonly ImportProblem[];
      readonly stoppedEarly: boolean;
    }
  | { readonly step: 'planned'; readonly fileName: string; readonly plan: ImportPlan }
  | { readonly step: 'writing'; readonly fileName: string; readonly plan: ImportPlan }
  | {
      readonly step: 'failed';
      readonly fileName: string;
      readonly plan: ImportPlan;
      readonly problem: ImportProblem;
    }
  | {
      readonly step: 'done';
      readonly fileName: string;
      readonly written: number;
      readonly skipped: number;
    };

export interface EventLogImport {
  readonly state: ImportState;
  /** Reads, checks and plans the import of `file`; another file chosen meanwhile replaces it. */
  readonly choose: (file: File) => void;
  /** Writes the planned import. */
  readonly confirm: () => void;
  /** Gives the planned import up, or puts its outcome away. */
  readonly dismiss: () => void;
}

/** An import of an event log file through the desk, step by step (see `ImportState`). */
export function useEventLogImport(): EventLogImport {
  const desk = useDesk();
  const [state, setState] = useState<ImportState>({ step: 'idle' });
  const reading = useRef<AbortController | null>(null);
  /** The checked file's events, held (by the import workers) until applied or given up. */
  const held = useRef<HeldImport | null>(null);
  const letGo = () => {
    held.current?.release();
    held.current = null;
  };
  useEffect(
    () => () => {
      reading.current?.abort();
      held.current?.release();
    },
    [],
  );

  async function read(file: File) {
    reading.current?.abort();
    letGo();
    const controller = new AbortController();
    reading.current = controller;
    // A function, not the property: TypeScript would keep its narrowing across the awaits.
    const cancelled = () => controller.signal.aborted;
    const fileName = file.name;
    setState({
      step: 'reading',
      fileName,
      progress: { phase: 'reading', checked: 0, done: 0, total: file.size },
    });
    try {
      const outcome = await readEventLogFile(file, {
        signal: controller.signal,
        onProgress: (progress) => {
          if (!cancelled()) setState({ step: 'reading', fileName, progress });
        },
      });
      if (cancelled()) {
        if (outcome.ok) outcome.held.release();
        return;
      }
      if (!outcome.ok) {
        setState({
          step: 'refused',
          fileName,
          problems: outcome.problems,
          stoppedEarly: outcome.stoppedEarly,
        });
        return;
      }
      held.current = outcome.held;
      const plan = await desk.planImport(outcome.held, outcome.upcast);
      if (!cancelled()) setState({ step: 'planned', fileName, plan });
    } catch (error) {
      if (cancelled()) return;
      letGo();
      setState({
        step: 'refused',
        fileName,
        problems: [
          {
            index: null,
            id: null,
            reason: `The file could not be read: ${describeFailure(error)}`,
          },
        ],
        stoppedEarly: false,
      });
    }
  }

  async function write(fileName: string, plan: ImportPlan) {
    setState({ step: 'writing', fileName, plan });
    const result = await desk.applyImport(plan);
    letGo();
    setState(
      result.ok
        ? { step: 'done', fileName, written: result.written, skipped: result.skipped }
        : { step: 'failed', fileName, plan, problem: result.problem },
    );
  }

  return {
    state,
    choose: (file) => {
      void read(file);
    },
    confirm: () => {
      if (state.step === 'planned') void write(state.fileName, state.plan);
    },
    dismiss: () => {
      letGo();
      setState({ step: 'idle' });
    },
  };
}
