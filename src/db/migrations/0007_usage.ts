import { type Kysely, sql } from 'kysely';

/**
 * Cost and usage monitoring (issue 5): each contract's service catalog, imports of cost and usage
 * files, the raw usage rows, daily rollups (what dashboards read), usage nobody catalogued or that
 * someone not allowed to provision ran up, and per-contract thresholds.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE usage_services (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      contract_id uuid NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
      name text NOT NULL,
      environment text NOT NULL CHECK (environment IN ('production', 'pilot', 'sandbox')),
      purpose text NOT NULL DEFAULT '',
      budget numeric(18,2) NULL CHECK (budget >= 0),
      identifiers jsonb NOT NULL DEFAULT '{}',
      rates jsonb NOT NULL DEFAULT '[]',
      provisioner_teams text[] NOT NULL DEFAULT '{}',
      provisioner_user_ids uuid[] NOT NULL DEFAULT '{}',
      provisioner_rule jsonb NULL,
      status text NOT NULL CHECK (status IN ('requested', 'approved', 'rejected')),
      requested_by uuid NULL REFERENCES users(id),
      requested_at timestamptz NOT NULL DEFAULT now(),
      decided_by uuid NULL REFERENCES users(id),
      decided_at timestamptz NULL,
      decision_note text NOT NULL DEFAULT '',
      version integer NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX usage_services_contract_idx ON usage_services (contract_id, status);

    -- Per contract: funds allotted so far (when less than the ceiling is funded), the tag that names
    -- a row's department, and the thresholds that differ from the defaults.
    CREATE TABLE usage_settings (
      contract_id uuid PRIMARY KEY REFERENCES contracts(id) ON DELETE CASCADE,
      allotted_funds numeric(18,2) NULL CHECK (allotted_funds >= 0),
      department_tag text NOT NULL DEFAULT 'department',
      thresholds jsonb NOT NULL DEFAULT '{}',
      version integer NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE usage_mappings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      contract_id uuid NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
      name text NOT NULL,
      mapping jsonb NOT NULL,
      created_by uuid NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (contract_id, name)
    );

    CREATE TABLE usage_imports (
      id uuid PRIMARY KEY,
      contract_id uuid NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
      source text NOT NULL CHECK (source IN ('focus', 'csv', 'api')),
      filename text NOT NULL DEFAULT '',
      sha256 text NULL,
      focus_version text NULL,
      rows_read integer NOT NULL DEFAULT 0,
      rows_imported integer NOT NULL DEFAULT 0,
      rows_rejected integer NOT NULL DEFAULT 0,
      rows_unmatched integer NOT NULL DEFAULT 0,
      rejections jsonb NOT NULL DEFAULT '[]',
      totals jsonb NOT NULL DEFAULT '{}',
      period_start timestamptz NULL,
      period_end timestamptz NULL,
      created_by uuid NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX usage_imports_file_key ON usage_imports (contract_id, sha256) WHERE sha256 IS NOT NULL;
    CREATE INDEX usage_imports_contract_idx ON usage_imports (contract_id, created_at DESC);

    -- Raw rows, written with COPY: one index only, so imports stay fast.
    CREATE TABLE usage_records (
      import_id uuid NOT NULL,
      contract_id uuid NOT NULL,
      service_id uuid NULL,
      day date NOT NULL,
      charge_period_start timestamptz NOT NULL,
      charge_period_end timestamptz NOT NULL,
      billing_account_id text NULL,
      sub_account_id text NULL,
      service_name text NULL,
      sku_id text NULL,
      resource_id text NULL,
      resource_type text NULL,
      region text NULL,
      charge_category text NULL,
      department text NOT NULL,
      allowed boolean NOT NULL,
      billed_cost numeric NOT NULL,
      effective_cost numeric NULL,
      currency text NOT NULL,
      pricing_currency text NULL,
      consumed_quantity numeric NULL,
      consumed_unit text NULL,
      pricing_quantity numeric NULL,
      pricing_unit text NULL,
      tags jsonb NOT NULL DEFAULT '{}'
    );
    CREATE INDEX usage_records_contract_idx ON usage_records (contract_id, day);

    -- One row per contract, day, catalog entry (null: unmatched) and department. Amounts and
    -- quantities are exact decimal strings in JSON maps (per currency, per base unit);
    -- contract_cost repeats the billed cost in the contract's currency as a number for fast sums.
    CREATE TABLE usage_daily (
      contract_id uuid NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
      day date NOT NULL,
      service_id uuid NULL,
      department text NOT NULL,
      rows integer NOT NULL DEFAULT 0,
      contract_cost numeric NOT NULL DEFAULT 0,
      billed_cost jsonb NOT NULL DEFAULT '{}',
      usage_cost jsonb NOT NULL DEFAULT '{}',
      effective_cost jsonb NOT NULL DEFAULT '{}',
      pricing_quantity jsonb NOT NULL DEFAULT '{}',
      consumed_quantity jsonb NOT NULL DEFAULT '{}'
    );
    CREATE UNIQUE INDEX usage_daily_key ON usage_daily
      (contract_id, day, (coalesce(service_id, '00000000-0000-0000-0000-000000000000'::uuid)), department);

    -- What the dashboard reads, kept in step with usage_daily by every writer: spend per day, and
    -- the whole period's figures per catalog entry and department (small, whatever the history).
    CREATE TABLE usage_contract_days (
      contract_id uuid NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
      day date NOT NULL,
      rows integer NOT NULL DEFAULT 0,
      contract_cost numeric NOT NULL DEFAULT 0,
      PRIMARY KEY (contract_id, day)
    );
    CREATE TABLE usage_contract_totals (
      contract_id uuid NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
      service_id uuid NULL,
      department text NOT NULL,
      rows integer NOT NULL DEFAULT 0,
      contract_cost numeric NOT NULL DEFAULT 0,
      pricing_quantity jsonb NOT NULL DEFAULT '{}',
      consumed_quantity jsonb NOT NULL DEFAULT '{}'
    );
    CREATE UNIQUE INDEX usage_contract_totals_key ON usage_contract_totals
      (contract_id, (coalesce(service_id, '00000000-0000-0000-0000-000000000000'::uuid)), department);

    -- Usage nobody approved: no catalog entry matched it, or the entry's provisioner rule does not allow who ran it.
    CREATE TABLE usage_exceptions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      contract_id uuid NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('unmatched', 'not_allowed')),
      key text NOT NULL,
      service_id uuid NULL REFERENCES usage_services(id) ON DELETE CASCADE,
      billing_account_id text NULL,
      sub_account_id text NULL,
      service_name text NULL,
      sku_id text NULL,
      resource_id text NULL,
      first_seen date NOT NULL,
      last_seen date NOT NULL,
      rows integer NOT NULL DEFAULT 0,
      billed_cost jsonb NOT NULL DEFAULT '{}',
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'raised', 'resolved')),
      note text NOT NULL DEFAULT '',
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (contract_id, kind, key)
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
