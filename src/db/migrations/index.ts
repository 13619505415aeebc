/** Every migration, in order. Forward-only: never edit one after it lands; add a new file. */
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
};
