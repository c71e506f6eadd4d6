-- The service-change area, as SQLite's migration 0003: booked services and the requests to
-- change them; no foreign keys to companies (services may arrive before the company).

CREATE TABLE booked_services (
    rowid bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id text COLLATE "C" PRIMARY KEY,
    company_id text COLLATE "C" NOT NULL,
    name text COLLATE "C" NOT NULL,
    quantity bigint NOT NULL CHECK (quantity >= 0),
    unit text NOT NULL,
    minimum bigint NOT NULL CHECK (minimum >= 0),
    maximum bigint CHECK (maximum >= 0),
    status text NOT NULL CHECK (status IN ('active', 'paused', 'ended')),
    pause_start date,
    pause_end date
);

CREATE INDEX booked_services_company ON booked_services (company_id, name, id);
CREATE INDEX booked_services_paused ON booked_services (pause_end, id)
    WHERE status = 'paused' AND pause_end IS NOT NULL;

CREATE TABLE change_requests (
    rowid bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id text COLLATE "C" PRIMARY KEY,
    service_id text COLLATE "C" NOT NULL,
    company_id text COLLATE "C" NOT NULL,
    requested_by text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('minimize', 'maximize', 'pause')),
    submitted_at timestamptz NOT NULL,
    effective date NOT NULL,
    cutoff date NOT NULL,
    quantity_before bigint CHECK (quantity_before >= 0),
    quantity bigint CHECK (quantity >= 0),
    pause_until date,
    status text NOT NULL CHECK (
        status IN ('submitted', 'withdrawn', 'replaced', 'applied', 'lapsed')
    ),
    replaces text,
    closed_at timestamptz,
    applied_on date
);

CREATE INDEX change_requests_service ON change_requests (service_id, submitted_at, id);
CREATE INDEX change_requests_company ON change_requests (company_id, submitted_at, id);
CREATE INDEX change_requests_due ON change_requests (effective, submitted_at, id)
    WHERE status = 'submitted';
