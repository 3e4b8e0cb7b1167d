/**
 * Reads and checks an event log file off the page's thread: parsing and checking a large file
 * takes seconds. The events go back to the page in batches as they pass; the page appends them.
 */
import { parseEventLogNow } from './parse';
import type { WorkerRequest, WorkerResponse } from './workerProtocol';

const scope = self as unknown as {
  onmessage: ((message: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse): void;
};

async function read(file: Blob): Promise<void> {
  scope.postMessage({ kind: 'progress', progress: { phase: 'reading', done: 0, total: 0 } });
  const text = await file.text();
  // Accepted events go to the page while later ones are checked: the page's copy is made on the
  // other core, in parallel. If an event is refused later, the page drops them.
  const outcome = parseEventLogNow(
    text,
    undefined,
    (progress) => {
      scope.postMessage({ kind: 'progress', progress });
    },
    (events) => {
      // As JSON text: cloning a string is a copy of bytes, while the structured clone of many
      // small objects costs about twice JSON.stringify plus JSON.parse.
      scope.postMessage({ kind: 'events', json: JSON.stringify(events) });
    },
  );
  if (!outcome.ok) {
    scope.postMessage({
      kind: 'refused',
      problems: outcome.problems,
      stoppedEarly: outcome.stoppedEarly,
    });
    return;
  }
  scope.postMessage({ kind: 'accepted', count: outcome.accepted, upcast: outcome.upcast });
}

scope.onmessage = (message) => {
  read(message.data.file).catch((error: unknown) => {
    scope.postMessage({
      kind: 'failed',
      message: error instanceof Error ? error.message : String(error),
    });
  });
};
