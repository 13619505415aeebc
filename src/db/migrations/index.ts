/** Every migration, in order. Forward-only: never edit one after it lands; add a new file. */
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_shared_frames.js';
import * as m0003n from './0003_notifications.js';
import * as m0004 from './0004_milestones.js';
import * as m0005 from './0005_milestone_evidence.js';
import * as m0006 from './0006_invoices.js';
import * as m0007 from './0007_usage.js';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_shared_frames': m0002,
  '0003_notifications': m0003n,
  '0004_milestones': m0004,
  '0005_milestone_evidence': m0005,
  '0006_invoices': m0006,
  '0007_usage': m0007,
};
