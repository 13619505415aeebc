/** Signing in and out, with throttling per account and per client address. */
import { sql } from 'kysely';
import { AppError, invalid } from '../../core/errors.js';
import { passwordProblem } from '../../core/password.js';
import { type Actor, PERMISSIONS, type Role, can } from '../../core/policy.js';
import type { Db } from '../../db/database.js';
import { appendAudit, recordAudit } from '../../platform/audit/audit.js';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../../platform/auth/passwords.js';
import { createSession, endSession, endUserSessions } from '../../platform/auth/sessions.js';
import type { Config } from '../../platform/config.js';
import type { ServiceContext } from '../../platform/context.js';

export interface Me {
  id: string;
  email: string;
  name: string;
  role: Role;
  departmentId: string | null;
  departmentName: string | null;
  vendorId: string | null;
  vendorName: string | null;
}

export async function loadMe(db: Db, userId: string): Promise<Me> {
  const r = await db
    .selectFrom('users')
    .leftJoin('departments', 'departments.id', 'users.department_id')
    .leftJoin('vendors', 'vendors.id', 'users.vendor_id')
    .select([
      'users.id',
      'users.email',
      'users.name',
      'users.role',
      'users.department_id',
      'departments.name as dn',
      'users.vendor_id',
      'vendors.legal_name as vn',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirstOrThrow();
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role as Role,
    departmentId: r.department_id,
    departmentName: r.dn,
    vendorId: r.vendor_id,
    vendorName: r.vn,
  };
}

export function permissionsOf(actor: Pick<Actor, 'role'>): string[] {
  return PERMISSIONS.filter((p) => can(actor, p));
}

async function recentFailures(db: Db, column: 'email' | 'ip', value: string, config: Config): Promise<number> {
  const since = new Date(Date.now() - config.loginWindowMinutes * 60_000);
  const col = column === 'email' ? sql`lower(email)` : sql`ip`;
  const r = await db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where(col, '=', column === 'email' ? value.toLowerCase() : value)
    .where('success', '=', false)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export interface LoginResult {
  me: Me;
  token: string;
  csrfToken: string;
}

export async function login(
  db: Db,
  config: Config,
  input: { email: string; password: string; ip: string; requestId: string },
): Promise<LoginResult> {
  const email = input.email.toLowerCase();
  const who = { actor: null, requestId: input.requestId };
  const [byEmail, byIp] = await Promise.all([recentFailures(db, 'email', email, config), recentFailures(db, 'ip', input.ip, config)]);
  if (byEmail >= config.loginMaxFailures || byIp >= config.loginMaxFailures) {
    await recordAudit(db, who, { action: 'auth.login_throttled', entityType: 'user', after: { email, ip: input.ip } });
    throw new AppError('too_many_requests', `Too many failed sign-in attempts. Try again in ${config.loginWindowMinutes} minutes.`);
  }
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'role', 'department_id', 'vendor_id', 'password_hash', 'disabled_at'])
    .where(sql`lower(email)`, '=', email)
    .executeTakeFirst();
  const ok = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok || user.disabled_at) {
    await db.insertInto('login_attempts').values({ email, ip: input.ip, success: false }).execute();
    await recordAudit(db, who, {
      action: 'auth.login_failed',
      entityType: 'user',
      entityId: user?.id ?? null,
      after: { email, ip: input.ip, reason: !user ? 'unknown_account' : user.disabled_at && ok ? 'disabled' : 'wrong_password' },
    });
    throw new AppError('unauthenticated', 'E-mail or password is not correct.');
  }
  const session = await createSession(db, user.id, config);
  await db.insertInto('login_attempts').values({ email, ip: input.ip, success: true }).execute();
  await db.updateTable('users').set({ last_login_at: new Date() }).where('id', '=', user.id).execute();
  const actor: Actor = {
    userId: user.id,
    email: user.email,
    role: user.role as Role,
    departmentId: user.department_id,
    vendorId: user.vendor_id,
  };
  await recordAudit(
    db,
    { actor, requestId: input.requestId },
    { action: 'auth.login', entityType: 'user', entityId: user.id, after: { ip: input.ip } },
  );
  return { me: await loadMe(db, user.id), token: session.token, csrfToken: session.csrfToken };
}

export async function logout(ctx: ServiceContext, tokenHash: string): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    await endSession(tx, tokenHash);
    await appendAudit(tx, ctx, { action: 'auth.logout', entityType: 'user', entityId: ctx.actor.userId });
  });
}

export async function changeOwnPassword(ctx: ServiceContext, current: string, next: string): Promise<void> {
  const row = await ctx.db
    .selectFrom('users')
    .select(['password_hash', 'email'])
    .where('id', '=', ctx.actor.userId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(current, row.password_hash))) throw invalid({ currentPassword: 'is not correct' });
  const p = passwordProblem(next, row.email);
  if (p) throw invalid({ newPassword: `Password ${p}` });
  const hash = await hashPassword(next);
  await ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ password_hash: hash, updated_at: new Date() }).where('id', '=', ctx.actor.userId).execute();
    await endUserSessions(tx, ctx.actor.userId);
    await appendAudit(tx, ctx, { action: 'auth.password_change', entityType: 'user', entityId: ctx.actor.userId });
  });
}
