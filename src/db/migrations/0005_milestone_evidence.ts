import { type Kysely, sql } from 'kysely';

/**
 * Evidence files on deliverables and evaluation runs (issue 6). The file itself is a contract
 * document (checked by content, stored in the database, downloaded through the documents route);
 * this table says which deliverable, and optionally which evaluation run, it is evidence for.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE deliverable_files (
      document_id uuid PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
      deliverable_id uuid NOT NULL REFERENCES deliverables(id) ON DELETE CASCADE,
      evaluation_run_id uuid NULL REFERENCES evaluation_runs(id) ON DELETE SET NULL
    );
    CREATE INDEX deliverable_files_deliverable_idx ON deliverable_files (deliverable_id);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
