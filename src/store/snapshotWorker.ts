/**
 * Reads a share of the newest snapshot's parts off the page's thread while the page starts: the
 * parts are read, cloned out of the database and checked here, and handed to the page as
 * transferred buffers, which cost the page nothing to receive (see `readSnapshotInWorkers`).
 */
import { readSnapshotShare, type SnapshotShare, type SnapshotShareRequest } from './snapshots';

export type SnapshotWorkerResponse = SnapshotShare | { readonly failed: string };

const scope = self as unknown as {
  onmessage: ((message: MessageEvent<SnapshotShareRequest>) => void) | null;
  postMessage(message: SnapshotWorkerResponse, transfer?: Transferable[]): void;
};

scope.onmessage = ({ data: request }) => {
  readSnapshotShare(request).then(
    (response) => {
      const parts = 'data' in response ? Object.values(response.data ?? {}) : [];
      scope.postMessage(response, [...new Set(parts.map((part) => part.buffer))] as Transferable[]);
    },
    (error: unknown) => {
      scope.postMessage({ failed: error instanceof Error ? error.message : String(error) });
    },
  );
};
