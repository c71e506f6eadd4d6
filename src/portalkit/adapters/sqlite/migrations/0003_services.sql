-- The service-change area: booked services and the requests to change them. Days are
-- 'YYYY-MM-DD' text; like tickets, no foreign keys to companies (the services come from the
-- service company's systems and may arrive before the portal knows the company).

CREATE TABLE booked_services (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL,
    name TEXT NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity >= 0),
    unit TEXT NOT NULL,
    minimum INTEGER NOT NULL CHECK (minimum >= 0),
    maximum INTEGER CHECK (maximum >= 0),
    status TEXT NOT NULL CHECK (status IN ('active', 'paused', 'ended')),
    pause_start TEXT CHECK (pause_start LIKE '____-__-__' AND date(pause_start) = pause_start),
    pause_end TEXT CHECK (pause_end LIKE '____-__-__' AND date(pause_end) = pause_end)
) STRICT;

CREATE INDEX booked_services_company ON booked_services (company_id, name, id);
CREATE INDEX booked_services_paused ON booked_services (pause_end, id)
    WHERE status = 'paused' AND pause_end IS NOT NULL;

CREATE TABLE change_requests (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL,
    company_id TEXT NOT NULL,
    requested_by TEXT NOT NULL,
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

CREATE INDEX change_requests_service ON change_requests (service_id, submitted_at, id);
CREATE INDEX change_requests_company ON change_requests (company_id, submitted_at, id);
CREATE INDEX change_requests_due ON change_requests (effective, submitted_at, id)
    WHERE status = 'submitted';
