import { sql } from 'kysely';
import { diffFields } from '../../core/changes.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { passwordProblem } from '../../core/password.js';
import { type Role, roleNeeds } from '../../core/policy.js';
import type { DbOrTx } from '../../db/database.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { hashPassword } from '../../platform/auth/passwords.js';
import { endUserSessions } from '../../platform/auth/sessions.js';
import type { ServiceContext } from '../../platform/context.js';
import {
  type Page,
  type PageRequest,
  inTransaction,
  likePattern,
  offsetOf,
  requirePermission,
  staleVersion,
} from '../../platform/service.js';
import type { UserCreateInput, UserDto, UserUpdateInput } from './users.schema.js';

function baseQuery(db: DbOrTx) {
  return db
    .selectFrom('users')
    .leftJoin('departments', 'departments.id', 'users.department_id')
    .leftJoin('vendors', 'vendors.id', 'users.vendor_id')
    .select([
      'users.id',
      'users.email',
      'users.name',
      'users.role',
      'users.department_id',
      'departments.name as department_name',
      'users.vendor_id',
      'vendors.legal_name as vendor_name',
      'users.disabled_at',
      'users.last_login_at',
      'users.created_at',
      'users.version',
    ]);
}
type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function dto(r: Row): UserDto {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role as Role,
    departmentId: r.department_id,
    departmentName: r.department_name,
    vendorId: r.vendor_id,
    vendorName: r.vendor_name,
    disabled: r.disabled_at !== null,
    lastLoginAt: r.last_login_at ? r.last_login_at.toISOString() : null,
    createdAt: r.created_at.toISOString(),
    version: r.version,
  };
}

/** Audit view of a user: no password hash, ever. */
const auditView = (u: UserDto) => ({
  email: u.email,
  name: u.name,
  role: u.role,
  departmentId: u.departmentId,
  vendorId: u.vendorId,
  disabled: u.disabled,
});

async function checkLinks(db: DbOrTx, role: Role, departmentId: string | null, vendorId: string | null) {
  const need = roleNeeds(role);
  const fields: Record<string, string> = {};
  if (need.department && !departmentId) fields.departmentId = 'is required for this role';
  if (need.vendor && !vendorId) fields.vendorId = 'is required for vendor users';
  if (!need.vendor && vendorId) fields.vendorId = 'only vendor users belong to a vendor';
  if (departmentId && !(await db.selectFrom('departments').select('id').where('id', '=', departmentId).executeTakeFirst()))
    fields.departmentId = 'does not exist';
  if (vendorId && !(await db.selectFrom('vendors').select('id').where('id', '=', vendorId).executeTakeFirst()))
    fields.vendorId = 'does not exist';
  if (Object.keys(fields).length) throw invalid(fields);
}

export async function getUser(ctx: Pick<ServiceContext, 'db'>, id: string): Promise<UserDto | null> {
  const r = await baseQuery(ctx.db).where('users.id', '=', id).executeTakeFirst();
  return r ? dto(r) : null;
}

export async function listUsers(
  ctx: ServiceContext,
  q: { q?: string; role?: Role; departmentId?: string } & PageRequest,
): Promise<Page<UserDto>> {
  await requirePermission(ctx, 'user.read', 'user');
  let query = baseQuery(ctx.db);
  if (q.q) {
    const p = likePattern(q.q);
    query = query.where((eb) => eb.or([eb(sql`lower(users.name)`, 'like', p), eb(sql`lower(users.email)`, 'like', p)]));
  }
  if (q.role) query = query.where('users.role', '=', q.role);
  if (q.departmentId) query = query.where('users.department_id', '=', q.departmentId);
  const [rows, count] = await Promise.all([
    query.orderBy('users.name').orderBy('users.id').limit(q.pageSize).offset(offsetOf(q)).execute(),
    query
      .clearSelect()
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(dto), total: Number(count.n), page: q.page, pageSize: q.pageSize };
}

export async function createUser(ctx: ServiceContext, input: UserCreateInput): Promise<UserDto> {
  await requirePermission(ctx, 'user.manage', 'user');
  const pw = passwordProblem(input.password, input.email);
  if (pw) throw invalid({ password: `Password ${pw}` });
  const departmentId = input.departmentId ?? null;
  const vendorId = input.vendorId ?? null;
  await checkLinks(ctx.db, input.role, departmentId, vendorId);
  const hash = await hashPassword(input.password);
  return inTransaction(ctx, async (tx) => {
    const exists = await tx.selectFrom('users').select('id').where(sql`lower(email)`, '=', input.email.toLowerCase()).executeTakeFirst();
    if (exists) throw new AppError('duplicate', 'A user with this e-mail already exists.', { email: 'is already in use' });
    const { id } = await tx
      .insertInto('users')
      .values({
        email: input.email,
        name: input.name,
        role: input.role,
        department_id: departmentId,
        vendor_id: vendorId,
        password_hash: hash,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const user = dto(await baseQuery(tx).where('users.id', '=', id).executeTakeFirstOrThrow());
    await appendAudit(tx, ctx, { action: 'user.create', entityType: 'user', entityId: id, after: auditView(user) });
    return user;
  });
}

export async function updateUser(ctx: ServiceContext, id: string, input: UserUpdateInput): Promise<UserDto> {
  await requirePermission(ctx, 'user.manage', 'user');
  const before = await getUser(ctx, id);
  if (!before) throw notFound('User');
  if (input.password !== undefined) {
    const pw = passwordProblem(input.password, before.email);
    if (pw) throw invalid({ password: `Password ${pw}` });
  }
  const role = input.role ?? before.role;
  const need = roleNeeds(role);
  const departmentId =
    input.departmentId !== undefined ? input.departmentId : need.department || role !== 'vendor' ? before.departmentId : null;
  const vendorId = need.vendor ? (input.vendorId !== undefined ? input.vendorId : before.vendorId) : null;
  await checkLinks(ctx.db, role, departmentId, vendorId);
  if (id === ctx.actor.userId && (input.disabled || (input.role && input.role !== 'admin')))
    throw new AppError('conflict', 'You cannot disable yourself or remove your own administrator role.');
  const hash = input.password !== undefined ? await hashPassword(input.password) : undefined;
  return inTransaction(ctx, async (tx) => {
    const res = await tx
      .updateTable('users')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        role,
        department_id: departmentId,
        vendor_id: vendorId,
        ...(input.disabled !== undefined ? { disabled_at: input.disabled ? (before.disabled ? undefined : new Date()) : null } : {}),
        ...(hash ? { password_hash: hash } : {}),
        version: before.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw staleVersion('user');
    const after = dto(await baseQuery(tx).where('users.id', '=', id).executeTakeFirstOrThrow());
    // A disabled user, or one whose rights changed, must sign in again.
    if (
      after.disabled ||
      after.role !== before.role ||
      after.departmentId !== before.departmentId ||
      after.vendorId !== before.vendorId ||
      hash
    )
      await endUserSessions(tx, id);
    if (after.disabled)
      await tx
        .updateTable('api_tokens')
        .set({ revoked_at: new Date() })
        .where('user_id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
    await appendAudit(tx, ctx, {
      action: after.disabled && !before.disabled ? 'user.disable' : 'user.update',
      entityType: 'user',
      entityId: id,
      // Not "passwordChanged": redact() drops keys that look like secrets, and this fact must stay.
      ...diffFields(
        { ...auditView(before), version: before.version },
        { ...auditView(after), version: after.version, ...(hash ? { credentialReset: true } : {}) },
      ),
    });
    return after;
  });
}

/** Find a user id by e-mail (CLI). */
export async function findUserByEmail(db: DbOrTx, email: string): Promise<UserDto | null> {
  const r = await baseQuery(db).where(sql`lower(users.email)`, '=', email.toLowerCase()).executeTakeFirst();
  return r ? dto(r) : null;
}
