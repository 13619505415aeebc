/** Errors that stop a usage file from being read at all (as opposed to one rejected row). */
import { AppError } from '../errors.js';

/** Why a whole usage file could not be read. */
export const USAGE_FILE_PROBLEMS = [
  'not_csv',
  'not_utf8',
  'no_header',
  'duplicate_column',
  'missing_column',
  'field_too_long',
  'row_too_long',
  'too_many_fields',
  'unterminated_quote',
  'stray_quote',
  'too_large',
  'decompression_bomb',
  'bad_gzip',
] as const;
export type UsageFileProblem = (typeof USAGE_FILE_PROBLEMS)[number];

/**
 * A usage file that cannot be read, with a plain sentence for the user and, where it applies, the
 * row (1-based, the header is row 1) and physical line it was found on. It is an `AppError`, so an
 * HTTP route maps it to 413 (size limits) or 422 (everything else) without more code.
 */
export class UsageFileError extends AppError {
  readonly problem: UsageFileProblem;
  readonly row: number | null;
  readonly line: number | null;
  constructor(problem: UsageFileProblem, message: string, at: { row?: number; line?: number } = {}) {
    const code = problem === 'too_large' || problem === 'decompression_bomb' ? 'payload_too_large' : 'unprocessable';
    super(code, message, undefined, { problem, row: at.row ?? null, line: at.line ?? null });
    this.name = 'UsageFileError';
    this.problem = problem;
    this.row = at.row ?? null;
    this.line = at.line ?? null;
  }
}
