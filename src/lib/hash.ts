/** FNV-1a over the UTF-16 code units: a fast 32-bit hash of a string. */
export function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash | 0;
}

/**
 * A second 32-bit hash of a string, independent of `hashOf` (multiply-rotate over the code units,
 * then a final mix): together they tell ids apart as a 64-bit hash would.
 */
export function otherHashOf(text: string): number {
  let hash = 0x9747b28c ^ text.length;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x5bd1e995);
    hash = (hash << 13) | (hash >>> 19);
  }
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) | 0;
}

/**
 * A checksum of bytes, four at a time (the tail byte by byte): catches a flipped bit, a lost or
 * reordered word, or a truncation, at ~1 GB/s. Not for defence against tampering.
 */
export function checksumOf(view: ArrayBufferView): number {
  let bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  // Words are read where they are aligned: bytes that are not are read from a copy.
  if (bytes.byteOffset % 4 !== 0) bytes = bytes.slice();
  const whole = Math.floor(bytes.length / 4);
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, whole);
  let hash = 0x811c9dc5 ^ bytes.length;
  for (let i = 0; i < words.length; i++) {
    hash = Math.imul(hash ^ (words[i] as number), 0x01000193);
    hash = (hash << 5) | (hash >>> 27);
  }
  for (let i = whole * 4; i < bytes.length; i++)
    hash = Math.imul(hash ^ (bytes[i] as number), 0x01000193);
  return hash >>> 0;
}
