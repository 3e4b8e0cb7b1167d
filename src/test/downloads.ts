import { vi } from 'vitest';

export interface CapturedDownload {
  readonly filename: string;
  readonly blob: Blob;
}

/**
 * Catches the files the page offers for download (jsdom has no downloads): each object URL's
 * blob is kept and a click on a link with `download` records the file instead of navigating.
 * Undo with `vi.restoreAllMocks()`.
 */
export function captureDownloads(): CapturedDownload[] {
  const blobs = new Map<string, Blob>();
  const downloads: CapturedDownload[] = [];
  URL.createObjectURL = (blob: Blob | MediaSource) => {
    const url = `blob:test/${blobs.size}`;
    if (blob instanceof Blob) blobs.set(url, blob);
    return url;
  };
  URL.revokeObjectURL = () => undefined;
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    const blob = blobs.get(this.href);
    if (blob !== undefined) downloads.push({ filename: this.download, blob });
  });
  return downloads;
}

/** A downloaded CSV file's records, without the byte order mark (naive: no quoted line breaks). */
export async function csvLines(blob: Blob): Promise<string[]> {
  const text = new TextDecoder().decode(await blob.arrayBuffer());
  return text
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .slice(0, -1);
}
