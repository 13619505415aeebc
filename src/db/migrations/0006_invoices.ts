import { type Kysely, sql } from 'kysely';

/**
 * Invoices, their lines, state history, proper-invoice checklist, payments and credit notes,
 * attachments, per-contract payment terms, and the prompt-payment rates and payment holidays
 * (data admins edit) (issue 4). The rates and holidays are seeded with the defaults of the pure
 * rules on first use, not here: a migrated database stays empty, so a backup restores into it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE contract_payment_terms (
      contract_id uuid PRIMARY KEY REFERENCES contracts(id) ON DELETE CASCADE,
      terms_days integer NULL CHECK (terms_days BETWEEN 1 AND 365),
      annual_rate_percent numeric(8,4) NULL CHECK (annual_rate_percent >= 0 AND annual_rate_percent <= 100),
      day_basis integer NOT NULL DEFAULT 365 CHECK (day_basis IN (360, 365)),
      compounding text NOT NULL DEFAULT 'none' CHECK (compounding IN ('none', '30-day')),
      eu_fixed_compensation numeric(18,2) NULL CHECK (eu_fixed_compensation >= 0),
      defect_return_days integer NULL CHECK (defect_return_days BETWEEN 1 AND 90),
      acceptance_procedure boolean NOT NULL DEFAULT false,
      accelerated_payment boolean NOT NULL DEFAULT false,
      version integer NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE invoices (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      contract_id uuid NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
      vendor_invoice_number text NOT NULL,
      invoice_date date NOT NULL,
      received_date date NOT NULL,
      receipt_stamped boolean NOT NULL DEFAULT true,
      period_start date NULL,
      period_end date NULL,
      delivered_date date NULL,
      currency text NOT NULL,
      subtotal numeric(18,2) NOT NULL CHECK (subtotal >= 0),
      tax numeric(18,2) NOT NULL DEFAULT 0 CHECK (tax >= 0),
      total numeric(18,2) NOT NULL CHECK (total >= 0),
      credited numeric(18,2) NOT NULL DEFAULT 0 CHECK (credited >= 0),
      paid numeric(18,2) NOT NULL DEFAULT 0 CHECK (paid >= 0),
      state text NOT NULL DEFAULT 'received'
        CHECK (state IN ('received', 'returned_defective', 'approved', 'scheduled', 'paid')),
      defective boolean NOT NULL DEFAULT false,
      rule_pack text NOT NULL CHECK (rule_pack IN ('us-far', 'uk-pa23', 'eu', 'generic')),
      contractor_name text NOT NULL DEFAULT '',
      contractor_address text NOT NULL DEFAULT '',
      contract_number text NOT NULL DEFAULT '',
      payment_terms text NOT NULL DEFAULT '',
      remit_to text NOT NULL DEFAULT '',
      defect_contact text NOT NULL DEFAULT '',
      other_requirements jsonb NOT NULL DEFAULT '[]',
      notes text NOT NULL DEFAULT '',
      due_date date NULL,
      due_basis text NULL,
      due_working jsonb NOT NULL DEFAULT '[]',
      defect_return_deadline date NULL,
      delivery_date date NULL,
      acceptance_date date NULL,
      accepted_date date NULL,
      approved_by uuid NULL REFERENCES users(id),
      approved_at timestamptz NULL,
      scheduled_date date NULL,
      returned_date date NULL,
      previous_received_date date NULL,
      previous_returned_date date NULL,
      paid_date date NULL,
      submitted_by uuid NULL REFERENCES users(id),
      submitted_by_vendor boolean NOT NULL DEFAULT false,
      resubmissions integer NOT NULL DEFAULT 0,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (contract_id, vendor_invoice_number),
      CHECK (period_end IS NULL OR period_start IS NULL OR period_end >= period_start),
      CHECK (credited + paid <= total),
      CHECK (total = subtotal + tax)
    );
    CREATE INDEX invoices_contract_idx ON invoices (contract_id, invoice_date);
    CREATE INDEX invoices_open_due_idx ON invoices (due_date) WHERE state IN ('received', 'approved', 'scheduled');
    CREATE INDEX invoices_paid_idx ON invoices (paid_date) WHERE state = 'paid';

    CREATE TABLE invoice_lines (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      invoice_id uuid NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
      position integer NOT NULL,
      line_item_number text NOT NULL DEFAULT '',
      description text NOT NULL,
      quantity numeric(24,6) NOT NULL CHECK (quantity >= 0),
      unit text NOT NULL,
      unit_price numeric(26,8) NOT NULL CHECK (unit_price >= 0),
      amount numeric(18,2) NOT NULL CHECK (amount >= 0),
      milestone_id uuid NULL REFERENCES milestones(id) ON DELETE SET NULL,
      deliverable_id uuid NULL REFERENCES deliverables(id) ON DELETE SET NULL,
      usage_start date NULL,
      usage_end date NULL,
      UNIQUE (invoice_id, position),
      CHECK (usage_end IS NULL OR usage_start IS NULL OR usage_end >= usage_start)
    );
    CREATE INDEX invoice_lines_milestone_idx ON invoice_lines (milestone_id) WHERE milestone_id IS NOT NULL;

    CREATE TABLE invoice_events (
      seq bigserial PRIMARY KEY,
      invoice_id uuid NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
      at timestamptz NOT NULL DEFAULT now(),
      action text NOT NULL,
      from_state text NULL,
      to_state text NOT NULL,
      reasons jsonb NOT NULL DEFAULT '[]',
      note text NOT NULL DEFAULT '',
      snapshot jsonb NULL,
      actor_id uuid NULL REFERENCES users(id)
    );
    CREATE INDEX invoice_events_invoice_idx ON invoice_events (invoice_id, seq);

    CREATE TABLE invoice_checks (
      invoice_id uuid NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
      position integer NOT NULL,
      item text NOT NULL,
      label text NOT NULL,
      ok boolean NOT NULL,
      message text NOT NULL,
      PRIMARY KEY (invoice_id, item)
    );

    CREATE TABLE payments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      invoice_id uuid NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('payment', 'credit_note')),
      payment_date date NOT NULL,
      amount numeric(18,2) NOT NULL CHECK (amount > 0),
      reference text NOT NULL DEFAULT '',
      days_late integer NOT NULL DEFAULT 0,
      interest_due numeric(18,2) NOT NULL DEFAULT 0 CHECK (interest_due >= 0),
      interest_paid numeric(18,2) NOT NULL DEFAULT 0 CHECK (interest_paid >= 0),
      interest_working jsonb NULL,
      early boolean NOT NULL DEFAULT false,
      created_by uuid NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX payments_invoice_idx ON payments (invoice_id, payment_date);
    CREATE UNIQUE INDEX payments_reference_idx ON payments (invoice_id, kind, lower(reference)) WHERE reference <> '';

    CREATE TABLE invoice_files (
      document_id uuid PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
      invoice_id uuid NOT NULL REFERENCES invoices(id) ON DELETE CASCADE
    );
    CREATE INDEX invoice_files_invoice_idx ON invoice_files (invoice_id);

    CREATE TABLE prompt_payment_rates (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      rule_pack text NOT NULL CHECK (rule_pack IN ('us-far', 'uk-pa23', 'eu', 'generic')),
      effective_from date NOT NULL,
      effective_to date NULL,
      annual_rate_percent numeric(8,4) NOT NULL CHECK (annual_rate_percent >= 0 AND annual_rate_percent <= 100),
      source text NOT NULL DEFAULT '',
      UNIQUE (rule_pack, effective_from),
      CHECK (effective_to IS NULL OR effective_to >= effective_from)
    );

    CREATE TABLE payment_holidays (
      calendar text NOT NULL DEFAULT 'us-federal',
      date date NOT NULL,
      name text NOT NULL,
      actual_date date NULL,
      PRIMARY KEY (calendar, date)
    );

    CREATE TABLE payment_data_seeds (
      name text PRIMARY KEY,
      seeded_at timestamptz NOT NULL DEFAULT now()
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
