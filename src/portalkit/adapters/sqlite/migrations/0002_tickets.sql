-- The ticket area. A ticket is stored whole: the columns the lists filter and sort on, and
-- its history, messages and feedback as JSON. The reference number is one integer,
-- year * 10^14 + running number, so "newest first" is one descending integer order.
-- Tickets name companies and users by id without foreign keys: tickets outlive the users
-- who opened them (a deleted user's row stays, but an agent's id is no user at all).

CREATE TABLE tickets (
    reference INTEGER PRIMARY KEY,
    company_id TEXT NOT NULL,
    requester_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    priority TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    created_at TEXT NOT NULL CHECK (created_at LIKE '____-__-__T__:__:__.______Z'),
    state TEXT NOT NULL CHECK (
        state IN ('new', 'open', 'waiting_for_customer', 'resolved', 'closed')
    ),
    assignee_id TEXT,
    history TEXT NOT NULL CHECK (json_valid(history)),
    messages TEXT NOT NULL CHECK (json_valid(messages)),
    follow_up_of INTEGER,
    feedback TEXT CHECK (feedback IS NULL OR json_valid(feedback)),
    archived INTEGER GENERATED ALWAYS AS (state = 'closed') VIRTUAL,
    priority_rank INTEGER GENERATED ALWAYS AS (
        CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END
    ) VIRTUAL
) STRICT;

-- Keyset pages, newest first: a company's tickets, every company's (agents), a requester's,
-- an assignee's.
CREATE INDEX tickets_company ON tickets (company_id, archived, reference);
CREATE INDEX tickets_all ON tickets (archived, reference);
CREATE INDEX tickets_requester ON tickets (requester_id, archived, reference);
CREATE INDEX tickets_assignee ON tickets (assignee_id, archived, reference)
    WHERE assignee_id IS NOT NULL;
-- The queue of unassigned new tickets, in its order.
CREATE INDEX tickets_queue ON tickets (priority_rank, created_at, reference)
    WHERE state = 'new' AND assignee_id IS NULL;

-- One running number per year.
CREATE TABLE ticket_counters (
    year INTEGER PRIMARY KEY CHECK (year BETWEEN 1000 AND 9999),
    value INTEGER NOT NULL CHECK (value >= 1)
) STRICT;
