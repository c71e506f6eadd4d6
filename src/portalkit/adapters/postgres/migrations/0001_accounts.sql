-- The account area: companies, users, tokens, sessions, requests, audit log and outbox.
-- The same tables and numbers as SQLite's migration 0001, in PostgreSQL's types: instants are
-- timestamptz, days date, flags boolean, sets and mappings json (kept as written, so that a
-- row reads back as the text it was saved with). Every table has a rowid identity that keeps
-- the order of first insertion, like SQLite's rowid (an upsert keeps it). Keys and the
-- columns that lists sort by use the "C" collation: byte order, as in SQLite and in Python,
-- whatever collation the database was created with. Numbers are bigint: SQLite's integers
-- have 64 bits, and a copied database must fit.

CREATE TABLE companies (
    rowid bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id text COLLATE "C" PRIMARY KEY,
    customer_number text COLLATE "C" NOT NULL UNIQUE,
    name text NOT NULL,
    email_domains json NOT NULL,
    allow_subdomains boolean NOT NULL,
    status text NOT NULL CHECK (status IN ('active', 'needs_administrator', 'closed')),
    internal boolean NOT NULL,
    user_limit bigint CHECK (user_limit >= 0)
);

CREATE TABLE users (
    rowid bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id text COLLATE "C" PRIMARY KEY,
    company_id text COLLATE "C" NOT NULL REFERENCES companies (id),
    email text COLLATE "C" NOT NULL,
    role text NOT NULL CHECK (role IN ('administrator', 'manager', 'employee', 'guest')),
    status text NOT NULL CHECK (
        status IN ('invited', 'pending_activation', 'active', 'locked', 'deactivated', 'deleted')
    ),
    created_at timestamptz NOT NULL,
    title text NOT NULL,
    first_name text NOT NULL,
    last_name text NOT NULL,
    phone text NOT NULL,
    language text NOT NULL CHECK (language IN ('de', 'en')),
    password_hash text,
    password_history json NOT NULL,
    failed_logins bigint NOT NULL CHECK (failed_logins >= 0),
    locked_until timestamptz,
    last_login timestamptz,
    last_activity timestamptz,
    grants json NOT NULL,
    authorised_for json NOT NULL,
    inactivity_notice_at timestamptz,
    exported_at timestamptz
);

-- An address belongs to at most one user that is not deleted; also the login look-up.
CREATE UNIQUE INDEX users_email ON users (email) WHERE status <> 'deleted';
-- A company's users, and keyset pages of them in address order.
CREATE INDEX users_company ON users (company_id, email, id);
-- The inactivity sweep: only users that are not deleted, ordered by their last sign of life.
CREATE INDEX users_inactivity ON users ((coalesce(last_activity, created_at)), id)
    WHERE status <> 'deleted';
-- Statistics of that expression, so that the planner knows how few users are due and reads
-- the index instead of the table (without them it guesses a third of the table).
CREATE STATISTICS users_last_sign_of_life ON (coalesce(last_activity, created_at)) FROM users;

CREATE TABLE tokens (
    rowid bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id text COLLATE "C" PRIMARY KEY,
    user_id text COLLATE "C" NOT NULL REFERENCES users (id),
    purpose text NOT NULL CHECK (
        purpose IN (
            'invitation', 'activation', 'password_reset', 'one_time_password', 'email_change'
        )
    ),
    secret_hash text COLLATE "C" NOT NULL UNIQUE,
    issued_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    revoked_at timestamptz,
    payload text NOT NULL
);

CREATE INDEX tokens_user ON tokens (user_id, purpose);

CREATE TABLE sessions (
    rowid bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id text COLLATE "C" PRIMARY KEY,
    user_id text COLLATE "C" NOT NULL REFERENCES users (id),
    secret_hash text COLLATE "C" NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    revoked_at timestamptz,
    revoke_reason text NOT NULL,
    device text NOT NULL
);

CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE access_requests (
    rowid bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id text COLLATE "C" PRIMARY KEY,
    company_name text NOT NULL,
    contact_name text NOT NULL,
    email text NOT NULL,
    received_at timestamptz NOT NULL,
    deadline date NOT NULL,
    customer_number text NOT NULL,
    message text NOT NULL,
    status text NOT NULL CHECK (status IN ('open', 'done'))
);

CREATE TABLE profile_requests (
    rowid bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id text COLLATE "C" PRIMARY KEY,
    user_id text COLLATE "C" NOT NULL REFERENCES users (id),
    company_id text COLLATE "C" NOT NULL REFERENCES companies (id),
    requested_at timestamptz NOT NULL,
    first_name text,
    last_name text,
    company_name text,
    reason text NOT NULL
);

CREATE INDEX profile_requests_user ON profile_requests (user_id);

-- Append-only; seq keeps the order of appending.
CREATE TABLE audit_events (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id text COLLATE "C" NOT NULL UNIQUE,
    at timestamptz NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    target text COLLATE "C" NOT NULL,
    company_id text,
    "before" json,
    "after" json
);

CREATE INDEX audit_events_target ON audit_events (target, seq);

CREATE TABLE outbox (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id text COLLATE "C" NOT NULL UNIQUE,
    recipient text NOT NULL,
    template text NOT NULL,
    params json NOT NULL,
    language text NOT NULL CHECK (language IN ('de', 'en')),
    created_at timestamptz NOT NULL,
    attachment text
);
