import { describe, expect, it } from 'vitest';
import { streamVersionBreak } from './streamVersions';

describe('stream versions', () => {
  it('accept the version after the current one', () => {
    expect(streamVersionBreak('order-1', 1, 0)).toBeNull();
    expect(streamVersionBreak('order-1', 4, 3)).toBeNull();
  });

  it('refuse a gap and an overlap, naming the stream and both versions', () => {
    expect(streamVersionBreak('order-1', 3, 1)).toBe(
      'it is version 3 of order-1, which is at version 1 here: stream versions must continue without gaps or overlaps',
    );
    expect(streamVersionBreak('order-1', 1, 1)).toMatch(
      /version 1 of order-1, which is at version 1/,
    );
  });
});
