/**
 * Reads and checks a part of an event log file off the page's thread, then holds its events
 * until the page either lets it go or has it write them (EventStore.appendHeld): the events
 * never travel to the page, only what the page checks of each.
 */
import { stageEvents } from '../../store/staging';
import { HeldElements } from './heldElements';
import { readPart, wholeFileProblem, type FilePart } from './parse';
import { arrayStart, walkElements } from './split';
import {
  entriesOf,
  type PartRequest,
  type WorkerRequest,
  type WorkerResponse,
} from './workerProtocol';
import { messageOf } from '../../domain/errors';

const scope = self as unknown as {
  onmessage: ((message: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse, transfer?: Transferable[]): void;
};

/** The events of this worker's part, and the file index of the first. */
let held: HeldElements | null = null;
let firstIndex = 0;

const bytesOf = async (blob: Blob): Promise<Uint8Array> => new Uint8Array(await blob.arrayBuffer());

/** Bytes past the middle of the file that the first worker reads to find a boundary there. */
const SPLIT_MARGIN = 1024 * 1024;

/**
 * The part to read. Asked to split, the first worker reads the first half of the file (and a
 * margin), finds the first element boundary after the middle and says where it is, so that a
 * second worker reads from there; without one there (an element that large, a small array),
 * it reads the whole file.
 */
async function partOf(file: Blob, request: PartRequest): Promise<FilePart | null> {
  if (request.kind === 'rest') {
    const bytes = await bytesOf(file.slice(request.start));
    return { bytes, offset: request.start, start: 0, end: null, firstIndex: request.firstIndex };
  }
  if (request.split) {
    const middle = Math.ceil(file.size / 2);
    const bytes = await bytesOf(file.slice(0, middle + SPLIT_MARGIN));
    const start = arrayStart(bytes);
    const half = start === -1 ? null : walkElements(bytes, start, Number.POSITIVE_INFINITY, middle);
    if (half && !half.closed && !half.truncated) {
      scope.postMessage({ kind: 'split', start: half.end + 1, firstIndex: half.elements });
      return { bytes, offset: 0, start, end: half.end, firstIndex: 0 };
    }
    scope.postMessage({ kind: 'split', start: null, firstIndex: 0 });
  }
  const bytes = await bytesOf(file);
  const start = arrayStart(bytes);
  return start === -1 ? null : { bytes, offset: 0, start, end: null, firstIndex: 0 };
}

async function read(file: Blob, request: PartRequest): Promise<void> {
  const part = await partOf(file, request);
  if (!part) {
    scope.postMessage({ kind: 'refused', problem: wholeFileProblem(await bytesOf(file)) });
    return;
  }
  firstIndex = part.firstIndex;
  const holding = new HeldElements(part.bytes);
  held = holding;
  const steps = readPart(part);
  for (;;) {
    const step = steps.next();
    if (step.done) {
      const { upcast, problems, stoppedEarly, malformed, refusal } = step.value;
      if (refusal) scope.postMessage({ kind: 'refused', problem: refusal });
      else if (malformed)
        scope.postMessage({ kind: 'refused', problem: wholeFileProblem(await bytesOf(file)) });
      else scope.postMessage({ kind: 'done', upcast, problems, stoppedEarly });
      return;
    }
    const { events, bytesDone, checked } = step.value;
    holding.add(step.value);
    const entries = entriesOf(events);
    scope.postMessage({ kind: 'batch', entries, bytesDone, checked }, [
      entries.streamVersions.buffer,
      entries.types.buffer,
      entries.amounts.buffer,
    ]);
  }
}

function holder(): HeldElements {
  if (!held) throw new Error('This import worker holds no events.');
  return held;
}

const failed = (error: unknown): WorkerResponse => ({
  kind: 'failed',
  message: messageOf(error),
});

scope.onmessage = ({ data: request }) => {
  switch (request.kind) {
    case 'read':
      held = null;
      read(request.file, request.part).catch((error: unknown) => {
        scope.postMessage(failed(error));
      });
      break;
    case 'eventsAt':
      try {
        scope.postMessage({
          kind: 'events',
          events: request.indices.map((index) => holder().eventAt(index - firstIndex)),
        });
      } catch (error) {
        scope.postMessage(failed(error));
      }
      break;
    case 'stage':
      Promise.resolve()
        .then(() => stageEvents(request.request, holder()))
        .then(
          (loose) => {
            scope.postMessage({ kind: 'staged', loose });
          },
          (error: unknown) => {
            scope.postMessage(failed(error));
          },
        );
      break;
  }
};
