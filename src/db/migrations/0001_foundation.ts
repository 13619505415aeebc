import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE departments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      code text NOT NULL,
      review_period_days integer NOT NULL DEFAULT 90,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX departments_name_key ON departments (lower(name));
    CREATE UNIQUE INDEX departments_code_key ON departments (lower(code));

    CREATE TABLE vendors (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      legal_name text NOT NULL,
      identifiers jsonb NOT NULL DEFAULT '[]',
      address jsonb NOT NULL DEFAULT '{}',
      contacts jsonb NOT NULL DEFAULT '[]',
      website text,
      notes text NOT NULL DEFAULT '',
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX vendors_legal_name_key ON vendors (lower(legal_name));

    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL,
      name text NOT NULL,
      role text NOT NULL CHECK (role IN ('admin','procurement','buyer','it_data','auditor','vendor')),
      department_id uuid REFERENCES departments(id),
      vendor_id uuid REFERENCES vendors(id),
      password_hash text,
      disabled_at timestamptz,
      last_login_at timestamptz,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (role <> 'vendor' OR vendor_id IS NOT NULL),
      CHECK (role NOT IN ('buyer','it_data') OR department_id IS NOT NULL)
    );
    CREATE UNIQUE INDEX users_email_key ON users (lower(email));

    CREATE TABLE sessions (
      token_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      csrf_token text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    );
    CREATE INDEX sessions_user_idx ON sessions (user_id);

    CREATE TABLE api_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      name text NOT NULL,
      token_hash text NOT NULL UNIQUE,
      prefix text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    );
    CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

    CREATE TABLE login_attempts (
      id bigserial PRIMARY KEY,
      email text NOT NULL,
      ip text NOT NULL,
      success boolean NOT NULL,
      at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX login_attempts_email_idx ON login_attempts (lower(email), at);
    CREATE INDEX login_attempts_ip_idx ON login_attempts (ip, at);

    CREATE TABLE contracts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      reference text NOT NULL,
      title text NOT NULL,
      description text NOT NULL DEFAULT '',
      vendor_id uuid NOT NULL REFERENCES vendors(id),
      department_id uuid NOT NULL REFERENCES departments(id),
      type text NOT NULL CHECK (type IN ('development_services','service_access','hybrid')),
      pricing_model text NOT NULL CHECK (pricing_model IN ('fixed','time_and_materials','usage_based','subscription','hybrid')),
      currency char(3) NOT NULL,
      value numeric(18,2) NOT NULL CHECK (value >= 0),
      ceiling numeric(18,2) NOT NULL CHECK (ceiling >= value),
      start_date date NOT NULL,
      end_date date NOT NULL CHECK (end_date >= start_date),
      options jsonb NOT NULL DEFAULT '[]',
      risk_tier text NOT NULL CHECK (risk_tier IN ('low','medium','high')),
      public_facing boolean NOT NULL DEFAULT false,
      high_impact boolean NOT NULL DEFAULT false,
      rule_pack text NOT NULL CHECK (rule_pack IN ('us-far','uk-pa23','eu','generic')),
      status text NOT NULL CHECK (status IN ('draft','active','suspended','terminated','closed')),
      owners jsonb NOT NULL DEFAULT '{}',
      restricted boolean NOT NULL DEFAULT false,
      tags text[] NOT NULL DEFAULT '{}',
      search text GENERATED ALWAYS AS (lower(reference || ' ' || title || ' ' || description)) STORED,
      created_by uuid REFERENCES users(id),
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX contracts_reference_key ON contracts (lower(reference));
    CREATE INDEX contracts_department_idx ON contracts (department_id, status);
    CREATE INDEX contracts_vendor_idx ON contracts (vendor_id);
    CREATE INDEX contracts_end_date_idx ON contracts (end_date);
    CREATE INDEX contracts_updated_idx ON contracts (updated_at DESC, id);

    CREATE TABLE documents (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      contract_id uuid NOT NULL REFERENCES contracts(id),
      title text NOT NULL,
      filename text NOT NULL,
      media_type text NOT NULL,
      size_bytes integer NOT NULL,
      sha256 text NOT NULL,
      content bytea NOT NULL,
      shared_with_vendor boolean NOT NULL DEFAULT false,
      uploaded_by uuid REFERENCES users(id),
      uploaded_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX documents_contract_idx ON documents (contract_id);

    CREATE TABLE audit_log (
      seq bigserial PRIMARY KEY,
      at timestamptz NOT NULL,
      actor_id uuid,
      actor_email text,
      actor_role text,
      department_id uuid,
      request_id text,
      action text NOT NULL,
      entity_type text NOT NULL,
      entity_id text,
      before jsonb,
      after jsonb,
      prev_hash text NOT NULL,
      hash text NOT NULL UNIQUE
    );
    CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);
    CREATE INDEX audit_log_actor_idx ON audit_log (actor_id);
    CREATE INDEX audit_log_at_idx ON audit_log (at);

    CREATE FUNCTION steward_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
    END
    $fn$;
    CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION steward_audit_log_append_only();
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION steward_audit_log_append_only();

    CREATE TABLE idempotency_keys (
      key text NOT NULL,
      user_id uuid NOT NULL,
      route text NOT NULL,
      request_hash text NOT NULL,
      status integer NOT NULL,
      response jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, route, key)
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
