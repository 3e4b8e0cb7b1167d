/**
 * An event's stream version continues its stream: version n+1 follows version n, with no gap and
 * no overlap. The store refuses an append that breaks this, and an import's plan reports it.
 */

/** Why an event at `version` of `streamId` does not follow the stream's `current` version; null if it does. */
export function streamVersionBreak(
  streamId: string,
  version: number,
  current: number,
): string | null {
  return version === current + 1
    ? null
    : `it is version ${version} of ${streamId}, which is at version ${current} here: stream versions must continue without gaps or overlaps`;
}
