/** Telling what a file is from its first bytes, before reading it as CSV. */

/** Whether bytes start with the gzip magic number (1f 8b). */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

const startsWith = (head: Uint8Array, sig: readonly number[]) => head.length >= sig.length && sig.every((b, i) => head[i] === b);

/** How many leading bytes `binaryFileProblem` looks at. */
export const SNIFF_BYTES = 4096;

/**
 * Why the first bytes of a file show it is not CSV text, in a sentence for the user; null when
 * they may be CSV. Gzip is named too: decompress it (through the guard in guards.ts) first.
 */
export function binaryFileProblem(head: Uint8Array): string | null {
  if (isGzip(head)) return 'This file is gzip-compressed; it has to be decompressed before it can be read.';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]))
    return 'This is a ZIP archive or an Excel workbook (.xlsx), not a CSV file. Save the sheet as CSV (UTF-8) and try again.';
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0]))
    return 'This is an old Excel workbook (.xls), not a CSV file. Save the sheet as CSV (UTF-8) and try again.';
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) return 'This is a PDF document, not a CSV file.';
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff]))
    return 'This file is UTF-16 text. Save it as CSV UTF-8 and try again.';
  const n = Math.min(head.length, SNIFF_BYTES);
  for (let i = 0; i < n; i++) if (head[i] === 0) return 'This file contains binary data (NUL bytes), not CSV text.';
  return null;
}
