import { diffFields } from '../../core/changes.js';
import { AppError, notFound } from '../../core/errors.js';
import { appendAudit } from '../../platform/audit/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import { inTransaction, requirePermission, staleVersion } from '../../platform/service.js';
import type { DepartmentDto } from './departments.schema.js';

type Row = { id: string; name: string; code: string; version: number };
const dto = (r: Row): DepartmentDto => ({ id: r.id, name: r.name, code: r.code, version: r.version });

function duplicateCheck(e: unknown): never {
  const pg = e as { code?: string; constraint?: string };
  if (pg.code === '23505') {
    const field = pg.constraint === 'departments_code_key' ? 'code' : 'name';
    throw new AppError('duplicate', `A department with this ${field} already exists.`, { [field]: 'already exists' });
  }
  throw e;
}

export async function listDepartments(ctx: ServiceContext): Promise<DepartmentDto[]> {
  await requirePermission(ctx, 'department.read', 'department');
  const rows = await ctx.db.selectFrom('departments').select(['id', 'name', 'code', 'version']).orderBy('name').execute();
  return rows.map(dto);
}

export async function createDepartment(ctx: ServiceContext, input: { name: string; code: string }): Promise<DepartmentDto> {
  await requirePermission(ctx, 'department.manage', 'department');
  return inTransaction(ctx, async (tx) => {
    const row = await tx
      .insertInto('departments')
      .values({ name: input.name, code: input.code.toUpperCase() })
      .returning(['id', 'name', 'code', 'version'])
      .executeTakeFirstOrThrow()
      .catch(duplicateCheck);
    await appendAudit(tx, ctx, { action: 'department.create', entityType: 'department', entityId: row.id, after: dto(row) });
    return dto(row);
  });
}

export async function updateDepartment(
  ctx: ServiceContext,
  id: string,
  input: { name?: string; code?: string; version: number },
): Promise<DepartmentDto> {
  await requirePermission(ctx, 'department.manage', 'department');
  return inTransaction(ctx, async (tx) => {
    const before = await tx.selectFrom('departments').select(['id', 'name', 'code', 'version']).where('id', '=', id).executeTakeFirst();
    if (!before) throw notFound('Department');
    const row = await tx
      .updateTable('departments')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.code !== undefined ? { code: input.code.toUpperCase() } : {}),
        version: before.version + 1,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .returning(['id', 'name', 'code', 'version'])
      .executeTakeFirst()
      .catch(duplicateCheck);
    if (!row) throw staleVersion('department');
    await appendAudit(tx, ctx, {
      action: 'department.update',
      entityType: 'department',
      entityId: id,
      ...diffFields(dto(before), dto(row)),
    });
    return dto(row);
  });
}

/** Find a department by id, name or code (for the CLI and the demo loader). */
export async function findDepartmentId(ctx: Pick<ServiceContext, 'db'>, ref: string): Promise<string | null> {
  const r = await ctx.db
    .selectFrom('departments')
    .select('id')
    .where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['name']), '=', ref.toLowerCase()),
        eb(eb.fn('lower', ['code']), '=', ref.toLowerCase()),
        ...(/^[0-9a-f-]{36}$/i.test(ref) ? [eb('id', '=', ref)] : []),
      ]),
    )
    .executeTakeFirst();
  return r?.id ?? null;
}
