-- Foreign keys for the ticket and service-change areas: a ticket, a booked service and a
-- change request belong to a company the portal knows; a ticket's requester and a request's
-- submitter are users of the portal (users are never removed, a deleted one keeps its row);
-- a change request belongs to a booked service. Assignees and agents stay without a key:
-- they are staff of the service company, no portal users.
--
-- SQLite adds no foreign key to an existing table, so each table is rebuilt the documented
-- way ("Making Other Kinds Of Table Schema Changes"): create the new table, copy the rows,
-- drop the old one, rename the new one, recreate its indexes. The migration runner does this
-- with foreign keys switched off for the step and runs PRAGMA foreign_key_check before it
-- commits: rows that refer to a missing company, user or service ("orphans") make the step
-- fail and roll back, leaving the database at the version before, untouched (see
-- docs/storage.md for how to resolve them). No row is dropped or invented silently.

CREATE TABLE tickets_new (
    reference INTEGER PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies (id),
    requester_id TEXT NOT NULL REFERENCES users (id),
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

-- In reference order: the new table's b-tree is filled from left to right.
INSERT INTO tickets_new (
    reference, company_id, requester_id, subject, priority, created_at, state, assignee_id,
    history, messages, follow_up_of, feedback
)
SELECT
    reference, company_id, requester_id, subject, priority, created_at, state, assignee_id,
    history, messages, follow_up_of, feedback
FROM tickets ORDER BY reference;

DROP TABLE tickets;
ALTER TABLE tickets_new RENAME TO tickets;

CREATE INDEX tickets_company ON tickets (company_id, archived, reference);
CREATE INDEX tickets_all ON tickets (archived, reference);
CREATE INDEX tickets_requester ON tickets (requester_id, archived, reference);
CREATE INDEX tickets_assignee ON tickets (assignee_id, archived, reference)
    WHERE assignee_id IS NOT NULL;
CREATE INDEX tickets_queue ON tickets (priority_rank, created_at, reference)
    WHERE state = 'new' AND assignee_id IS NULL;

-- rowid kept: listings that fall back to it keep the order of first insertion.
CREATE TABLE booked_services_new (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies (id),
    name TEXT NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity >= 0),
    unit TEXT NOT NULL,
    minimum INTEGER NOT NULL CHECK (minimum >= 0),
    maximum INTEGER CHECK (maximum >= 0),
    status TEXT NOT NULL CHECK (status IN ('active', 'paused', 'ended')),
    pause_start TEXT CHECK (pause_start LIKE '____-__-__' AND date(pause_start) = pause_start),
    pause_end TEXT CHECK (pause_end LIKE '____-__-__' AND date(pause_end) = pause_end)
) STRICT;

INSERT INTO booked_services_new (
    rowid, id, company_id, name, quantity, unit, minimum, maximum, status, pause_start,
    pause_end
)
SELECT
    rowid, id, company_id, name, quantity, unit, minimum, maximum, status, pause_start,
    pause_end
FROM booked_services ORDER BY rowid;

DROP TABLE booked_services;
ALTER TABLE booked_services_new RENAME TO booked_services;

CREATE INDEX booked_services_company ON booked_services (company_id, name, id);
CREATE INDEX booked_services_paused ON booked_services (pause_end, id)
    WHERE status = 'paused' AND pause_end IS NOT NULL;

CREATE TABLE change_requests_new (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES booked_services (id),
    company_id TEXT NOT NULL REFERENCES companies (id),
    requested_by TEXT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL CHECK (kind IN ('minimize', 'maximize', 'pause')),
    submitted_at TEXT NOT NULL CHECK (submitted_at LIKE '____-__-__T__:__:__.______Z'),
    effective TEXT NOT NULL CHECK (effective LIKE '____-__-__' AND date(effective) = effective),
    cutoff TEXT NOT NULL CHECK (cutoff LIKE '____-__-__' AND date(cutoff) = cutoff),
    quantity_before INTEGER CHECK (quantity_before >= 0),
    quantity INTEGER CHECK (quantity >= 0),
    pause_until TEXT CHECK (pause_until LIKE '____-__-__' AND date(pause_until) = pause_until),
    status TEXT NOT NULL CHECK (
        status IN ('submitted', 'withdrawn', 'replaced', 'applied', 'lapsed')
    ),
    replaces TEXT,
    closed_at TEXT CHECK (closed_at LIKE '____-__-__T__:__:__.______Z'),
    applied_on TEXT CHECK (applied_on LIKE '____-__-__' AND date(applied_on) = applied_on)
) STRICT;

INSERT INTO change_requests_new (
    rowid, id, service_id, company_id, requested_by, kind, submitted_at, effective, cutoff,
    quantity_before, quantity, pause_until, status, replaces, closed_at, applied_on
)
SELECT
    rowid, id, service_id, company_id, requested_by, kind, submitted_at, effective, cutoff,
    quantity_before, quantity, pause_until, status, replaces, closed_at, applied_on
FROM change_requests ORDER BY rowid;

DROP TABLE change_requests;
ALTER TABLE change_requests_new RENAME TO change_requests;

CREATE INDEX change_requests_service ON change_requests (service_id, submitted_at, id);
CREATE INDEX change_requests_company ON change_requests (company_id, submitted_at, id);
CREATE INDEX change_requests_due ON change_requests (effective, submitted_at, id)
    WHERE status = 'submitted';
-- A foreign key's child side needs an index, or every change of a parent row scans the
-- child table; the other keys are covered by the indexes above.
CREATE INDEX change_requests_requested_by ON change_requests (requested_by);
