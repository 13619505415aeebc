import { type Kysely, sql } from 'kysely';

/** Milestones, deliverables, test and evaluation plans, and evaluation runs (issue 6). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE milestones (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      contract_id uuid NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
      title text NOT NULL,
      type text NOT NULL CHECK (type IN ('delivery','reporting','payment','approval','assessment','engagement','financing')),
      description text NOT NULL DEFAULT '',
      due_date date NOT NULL,
      owner_team text NULL CHECK (owner_team IN ('procurement','buyer','it_data')),
      owner_user_id uuid NULL REFERENCES users(id),
      status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled','met','notMet','partiallyMet')),
      date_met date NULL,
      payment_amount numeric(18,2) NULL,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (payment_amount IS NULL OR type = 'payment')
    );
    CREATE INDEX milestones_contract_idx ON milestones (contract_id, due_date);

    CREATE TABLE deliverables (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      contract_id uuid NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
      milestone_id uuid NULL REFERENCES milestones(id) ON DELETE SET NULL,
      title text NOT NULL,
      description text NOT NULL DEFAULT '',
      acceptance_criteria jsonb NOT NULL DEFAULT '[]',
      due_date date NOT NULL,
      delivered_date date NULL,
      delivered_by uuid NULL REFERENCES users(id),
      decision text NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending','accepted','rejected','accepted_with_conditions')),
      decision_reasons text NOT NULL DEFAULT '',
      decided_by uuid NULL REFERENCES users(id),
      decided_at timestamptz NULL,
      disputed boolean NOT NULL DEFAULT false,
      acceptance_period_days integer NULL CHECK (acceptance_period_days BETWEEN 1 AND 365),
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX deliverables_contract_idx ON deliverables (contract_id, due_date);

    CREATE TABLE test_plans (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      deliverable_id uuid NOT NULL UNIQUE REFERENCES deliverables(id) ON DELETE CASCADE,
      tester_user_id uuid NULL REFERENCES users(id),
      tester_team text NULL CHECK (tester_team IN ('procurement','buyer','it_data')),
      method text NOT NULL,
      notes text NOT NULL DEFAULT '',
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE evaluation_criteria (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      test_plan_id uuid NOT NULL REFERENCES test_plans(id) ON DELETE CASCADE,
      position integer NOT NULL,
      name text NOT NULL,
      metric text NULL,
      threshold numeric NULL,
      direction text NULL CHECK (direction IN ('at_least','at_most')),
      CHECK ((threshold IS NULL) = (direction IS NULL)),
      UNIQUE (test_plan_id, name)
    );

    CREATE TABLE evaluation_runs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      test_plan_id uuid NOT NULL REFERENCES test_plans(id) ON DELETE CASCADE,
      run_date date NOT NULL,
      scenario text NOT NULL DEFAULT '',
      results jsonb NOT NULL,
      passed boolean NOT NULL,
      notes text NOT NULL DEFAULT '',
      created_by uuid NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX evaluation_runs_plan_idx ON evaluation_runs (test_plan_id, run_date DESC, created_at DESC);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
