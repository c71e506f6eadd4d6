-- The ticket area, as SQLite's migration 0002: a ticket stored whole, its reference number
-- one integer (year * 10^14 + running number), so "newest first" is one descending order.
-- archived is an integer (0 or 1) as in SQLite, so that the shared queries compare it alike.

CREATE TABLE tickets (
    reference bigint PRIMARY KEY,
    company_id text COLLATE "C" NOT NULL,
    requester_id text COLLATE "C" NOT NULL,
    subject text NOT NULL,
    priority text NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    created_at timestamptz NOT NULL,
    state text NOT NULL CHECK (
        state IN ('new', 'open', 'waiting_for_customer', 'resolved', 'closed')
    ),
    assignee_id text COLLATE "C",
    history json NOT NULL,
    messages json NOT NULL,
    follow_up_of bigint,
    feedback json,
    archived integer GENERATED ALWAYS AS (CASE WHEN state = 'closed' THEN 1 ELSE 0 END) STORED,
    priority_rank integer GENERATED ALWAYS AS (
        CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END
    ) STORED
);

CREATE INDEX tickets_company ON tickets (company_id, archived, reference);
CREATE INDEX tickets_all ON tickets (archived, reference);
CREATE INDEX tickets_requester ON tickets (requester_id, archived, reference);
CREATE INDEX tickets_assignee ON tickets (assignee_id, archived, reference)
    WHERE assignee_id IS NOT NULL;
CREATE INDEX tickets_queue ON tickets (priority_rank, created_at, reference)
    WHERE state = 'new' AND assignee_id IS NULL;

-- One running number per year.
CREATE TABLE ticket_counters (
    year integer PRIMARY KEY CHECK (year BETWEEN 1000 AND 9999),
    value bigint NOT NULL CHECK (value >= 1)
);
