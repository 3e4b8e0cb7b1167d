/** Offers `blob` to the user as a file named `filename` (the browser's download). */
export function downloadFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL by then; a minute leaves slow machines room.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 60_000);
}
