/**
 * The OCDS frame. The contract maps itself to a release (core/ocds); a capability registers a
 * contributor that adds what it holds, usually under `release.contracts[0].implementation`
 * (milestones, transactions), and the export applies every contributor after the base mapping.
 *
 *   registerOcdsContributor(async (release, ctx) => {
 *     release.contracts[0].implementation.milestones = await milestonesFor(ctx.db, ctx.contractId);
 *   });
 */
import type { OcdsRelease } from '../core/ocds.js';
import type { ServiceContext } from './context.js';

export interface OcdsContributorContext extends ServiceContext {
  /** The Steward contract the release describes. */
  contractId: string;
}

export type OcdsContributor = (release: OcdsRelease, ctx: OcdsContributorContext) => void | Promise<void>;

const contributors: OcdsContributor[] = [];

/** Add a contributor; returns a function that removes it again (for tests). */
export function registerOcdsContributor(contributor: OcdsContributor): () => void {
  contributors.push(contributor);
  return () => {
    const i = contributors.indexOf(contributor);
    if (i >= 0) contributors.splice(i, 1);
  };
}

/** Run every contributor on the release, in registration order. */
export async function applyOcdsContributors(release: OcdsRelease, ctx: OcdsContributorContext): Promise<OcdsRelease> {
  for (const contribute of [...contributors]) await contribute(release, ctx);
  return release;
}
