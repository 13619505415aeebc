/**
 * Notification rules: who hears about an item on a contract, how webhook deliveries are signed
 * and verified, and how long failed mail and webhook deliveries wait before the next attempt.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Actor, type ContractScopeFacts, canSeeContract } from './policy.js';
import type { Team } from './teams.js';

/** What a user can switch on and off. */
export const PREFERENCE_KEYS = ['inboxFindings', 'inboxDeadlines', 'emailDigest', 'emailCritical', 'emailReminders'] as const;
export type PreferenceKey = (typeof PREFERENCE_KEYS)[number];
export type Preferences = Record<PreferenceKey, boolean>;
export const DEFAULT_PREFERENCES: Preferences = {
  inboxFindings: true,
  inboxDeadlines: true,
  emailDigest: true,
  emailCritical: true,
  emailReminders: true,
};

/** Events a webhook can subscribe to; `ping` is only sent by the test button. */
export const WEBHOOK_EVENTS = ['finding.opened', 'deadline.reminder', 'contract.changed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const WEBHOOK_MAX_ATTEMPTS = 8;
export const MAIL_MAX_ATTEMPTS = 5;
/** How far a signature's timestamp may be from the receiver's clock (replay protection). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** Minutes to wait before webhook attempt n+1 (1, 2, 4, 8 … capped at 6 hours). */
export function webhookBackoffMinutes(attempts: number): number {
  return Math.min(2 ** Math.max(0, attempts - 1), 360);
}

/** Minutes to wait before mail attempt n+1 after a failed send (2, 4, 8, 16 … capped at 1 hour). */
export function mailBackoffMinutes(attempts: number): number {
  return Math.min(2 ** Math.max(1, attempts), 60);
}

/** The signature header value: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does with `X-Steward-Signature`: recompute the HMAC over `t.body` with the
 * shared secret, compare in constant time, and refuse timestamps too far from now.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string,
  body: string,
  nowSeconds: number,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): boolean {
  const parts = new Map(
    header.split(',').map((p) => {
      const i = p.indexOf('=');
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(v1)) return false;
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}

/** Why a webhook URL is not acceptable, or null: http or https, no user name or password in it. */
export function webhookUrlProblem(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'must be a full web address such as https://hooks.example/steward';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'must start with http:// or https://';
  if (u.username || u.password) return 'must not contain a user name or password; the signature authenticates Steward';
  if (!u.hostname) return 'must name a host';
  return null;
}

export interface Recipient {
  id: string;
  role: Actor['role'];
  departmentId: string | null;
  vendorId: string | null;
}

export interface ContractItem {
  ownerTeam: Team;
  /** The person who owns the item (a deadline's owner, or the contract's owner for the team); null when none or disabled. */
  namedOwner: Recipient | null;
  contract: ContractScopeFacts;
}

const seesContract = (u: Recipient, c: ContractScopeFacts) =>
  canSeeContract({ userId: u.id, email: '', role: u.role, departmentId: u.departmentId, vendorId: u.vendorId }, c);

/**
 * Whether a user hears about an item on a contract. Never when they may not see the contract.
 * The named owner alone when there is one who may see it; otherwise everyone in the team's role
 * (in the contract's department, except procurement, which serves every department).
 */
export function hearsAbout(user: Recipient, item: ContractItem): boolean {
  if (!seesContract(user, item.contract)) return false;
  if (item.namedOwner && seesContract(item.namedOwner, item.contract)) return user.id === item.namedOwner.id;
  if (user.role !== item.ownerTeam) return false;
  return item.ownerTeam === 'procurement' || user.departmentId === item.contract.departmentId;
}
