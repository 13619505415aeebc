/**
 * One CSV cell: quoted when it holds a comma, quote or line break; text a spreadsheet would run
 * as a formula (starting with = + - @ tab or CR) is neutralised with a leading quote. Numbers are
 * written as they are (a negative number is not a formula); objects as JSON.
 */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line (without its line ending). */
export function csvLine(cells: readonly unknown[]): string {
  return cells.map(csvCell).join(',');
}
