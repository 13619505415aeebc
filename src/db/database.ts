/** Kysely over a pg pool, and the migration runner. */
import { Kysely, Migrator, PostgresDialect, type Transaction } from 'kysely';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type DbOrTx = Db | Tx;

// numeric and date columns stay strings: money is never a float, dates never shift time zones.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => v);
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

/** Named statements kept per connection; beyond this (e.g. many IN-list shapes) queries run unnamed. */
const MAX_PREPARED_PER_CONNECTION = 500;
const prepared = new WeakMap<object, Set<string>>();

/**
 * Run parameterised queries as named prepared statements, so PostgreSQL plans each distinct
 * query text once per connection instead of on every request (planning was most of a simple
 * read's database time).
 */
function preparingPool(pool: pg.Pool) {
  return {
    async connect() {
      const client = await pool.connect();
      let names = prepared.get(client);
      if (!names) {
        names = new Set();
        prepared.set(client, names);
      }
      const known = names;
      return {
        query(sqlOrCursor: unknown, parameters?: ReadonlyArray<unknown>) {
          if (typeof sqlOrCursor !== 'string' || !parameters || parameters.length === 0)
            return client.query(sqlOrCursor as never, parameters as never);
          const name = `s_${createHash('sha1').update(sqlOrCursor).digest('base64url').slice(0, 20)}`;
          if (!known.has(name)) {
            if (known.size >= MAX_PREPARED_PER_CONNECTION) return client.query(sqlOrCursor, parameters as unknown[]);
            known.add(name);
          }
          return client.query({ name, text: sqlOrCursor, values: parameters as unknown[] });
        },
        release(destroy?: boolean) {
          client.release(destroy);
        },
      };
    },
    end: () => pool.end(),
  };
}

const pools = new WeakMap<object, pg.Pool>();

export function createDb(url: string, max = 10): Db {
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000, application_name: 'steward' });
  pool.on('error', () => {
    /* an idle client lost its connection; the pool replaces it */
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) as never }) });
  pools.set(db, pool);
  return db;
}

/**
 * Run `fn` in one transaction on a connection of its own, with both the raw pg client (for COPY
 * streams) and a Kysely transaction on that same connection (for ordinary queries and the audit
 * log). Everything commits together or not at all; a failure discards the connection.
 */
export async function withDedicatedTransaction<T>(db: Db, fn: (client: pg.PoolClient, tx: Tx) => Promise<T>): Promise<T> {
  const pool = pools.get(db);
  if (!pool) throw new Error('withDedicatedTransaction needs a database made by createDb');
  const client = await pool.connect();
  const single = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: {
        connect: async () => ({ query: client.query.bind(client), release: () => {} }),
        end: async () => {},
      } as never,
    }),
  });
  let failed = false;
  try {
    return await single.transaction().execute((tx) => fn(client, tx));
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    client.release(failed);
    await single.destroy();
  }
}

/** Apply every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Name of the newest migration applied: the schema version recorded in backups. */
export async function schemaVersion(db: DbOrTx): Promise<string | null> {
  const r = await db
    .selectFrom('kysely_migration' as never)
    .select('name' as never)
    .orderBy('name' as never, 'desc')
    .limit(1)
    .executeTakeFirst();
  return (r as { name?: string } | undefined)?.name ?? null;
}
