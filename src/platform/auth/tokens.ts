/** Random secrets and their stored form (only a SHA-256 is ever kept). */
import { createHash, randomBytes } from 'node:crypto';

export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** API tokens look like "stw_<random>", so they are easy to spot in a leaked file. */
export function newApiToken(): { token: string; prefix: string; hash: string } {
  const token = `stw_${newSecret(30)}`;
  return { token, prefix: token.slice(0, 10), hash: sha256(token) };
}
