import { type Kysely, sql } from 'kysely';

/** The shared frames: deadlines and calendar feeds, findings and health, key-question answers, notifications. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE contracts
      ADD COLUMN renewal_decision text NOT NULL DEFAULT 'undecided'
        CHECK (renewal_decision IN ('undecided','exercise_option','renew','retender','let_expire')),
      ADD COLUMN renewal_note text NOT NULL DEFAULT '';

    CREATE TABLE team_settings (
      team text PRIMARY KEY CHECK (team IN ('procurement','buyer','it_data')),
      reminder_lead_days integer[] NOT NULL DEFAULT '{30,7,1,0}',
      review_period_days integer NOT NULL DEFAULT 90 CHECK (review_period_days BETWEEN 7 AND 730),
      version integer NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE deadlines (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      contract_id uuid NOT NULL REFERENCES contracts(id),
      source text NOT NULL,
      source_key text NOT NULL,
      kind text NOT NULL,
      title text NOT NULL,
      due_date date NOT NULL,
      time_zone text NOT NULL DEFAULT 'UTC',
      owner_team text NOT NULL CHECK (owner_team IN ('procurement','buyer','it_data')),
      owner_user_id uuid REFERENCES users(id),
      link text,
      state text NOT NULL DEFAULT 'open' CHECK (state IN ('open','done','waived')),
      state_reason text,
      state_changed_by uuid REFERENCES users(id),
      state_changed_at timestamptz,
      reminders_sent integer[] NOT NULL DEFAULT '{}',
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (contract_id, source, source_key)
    );
    CREATE INDEX deadlines_open_due_idx ON deadlines (due_date) WHERE state = 'open';
    CREATE INDEX deadlines_contract_idx ON deadlines (contract_id, due_date);

    CREATE TABLE calendar_feeds (
      user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz
    );

    CREATE TABLE findings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      contract_id uuid NOT NULL REFERENCES contracts(id),
      rule_id text NOT NULL,
      subject text NOT NULL DEFAULT '',
      severity text NOT NULL CHECK (severity IN ('info','warning','critical')),
      owner_team text NOT NULL CHECK (owner_team IN ('procurement','buyer','it_data')),
      title text NOT NULL,
      evidence jsonb NOT NULL DEFAULT '{}',
      state text NOT NULL DEFAULT 'open' CHECK (state IN ('open','acknowledged','snoozed','resolved')),
      note text,
      snoozed_until date,
      state_changed_by uuid REFERENCES users(id),
      state_changed_at timestamptz,
      first_seen timestamptz NOT NULL DEFAULT now(),
      last_seen timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz,
      version integer NOT NULL DEFAULT 1,
      UNIQUE (contract_id, rule_id, subject)
    );
    CREATE INDEX findings_open_idx ON findings (contract_id) WHERE state <> 'resolved';
    CREATE INDEX findings_state_idx ON findings (state, severity);

    CREATE TABLE health_history (
      contract_id uuid NOT NULL REFERENCES contracts(id),
      day date NOT NULL,
      score integer NOT NULL CHECK (score BETWEEN 0 AND 100),
      open_critical integer NOT NULL DEFAULT 0,
      open_warning integer NOT NULL DEFAULT 0,
      open_info integer NOT NULL DEFAULT 0,
      PRIMARY KEY (contract_id, day)
    );
    ALTER TABLE contracts ADD COLUMN health_score integer NOT NULL DEFAULT 100;

    CREATE TABLE question_answers (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      contract_id uuid NOT NULL REFERENCES contracts(id),
      question_id text NOT NULL,
      round text NOT NULL,
      status text NOT NULL CHECK (status IN ('on_track','at_risk','off_track','not_applicable')),
      text text NOT NULL DEFAULT '',
      owner_user_id uuid REFERENCES users(id),
      answered_by uuid REFERENCES users(id),
      answered_at timestamptz NOT NULL DEFAULT now(),
      version integer NOT NULL DEFAULT 1,
      UNIQUE (contract_id, question_id, round)
    );
    CREATE INDEX question_answers_latest_idx ON question_answers (contract_id, question_id, answered_at DESC);

    CREATE TABLE notifications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      kind text NOT NULL,
      title text NOT NULL,
      body text NOT NULL DEFAULT '',
      link text,
      contract_id uuid REFERENCES contracts(id),
      dedupe_key text,
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz
    );
    CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC);
    CREATE UNIQUE INDEX notifications_dedupe_idx ON notifications (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL;

    CREATE TABLE notification_preferences (
      user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
      inbox_findings boolean NOT NULL DEFAULT true,
      inbox_deadlines boolean NOT NULL DEFAULT true,
      email_digest boolean NOT NULL DEFAULT true,
      email_critical boolean NOT NULL DEFAULT true,
      email_reminders boolean NOT NULL DEFAULT true,
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE mail_outbox (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      to_address text NOT NULL,
      subject text NOT NULL,
      body_text text NOT NULL,
      kind text NOT NULL,
      dedupe_key text UNIQUE,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','held','failed')),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    );
    CREATE INDEX mail_outbox_status_idx ON mail_outbox (status, created_at);

    CREATE TABLE webhooks (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      url text NOT NULL,
      secret text NOT NULL,
      events text[] NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_by uuid REFERENCES users(id),
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE webhook_deliveries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      webhook_id uuid NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
      event text NOT NULL,
      event_id text NOT NULL,
      payload jsonb NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','delivering','succeeded','failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_status_code integer,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      delivered_at timestamptz,
      UNIQUE (webhook_id, event_id)
    );
    CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
