-- The account area: companies, users, tokens, sessions, requests, audit log and outbox.
-- Instants are UTC text 'YYYY-MM-DDTHH:MM:SS.ffffffZ' (text order is time order), days
-- 'YYYY-MM-DD', sets and mappings JSON text. Saving is an upsert that keeps the rowid, so
-- listings keep the order of first insertion.

CREATE TABLE companies (
    id TEXT PRIMARY KEY,
    customer_number TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    email_domains TEXT NOT NULL CHECK (json_valid(email_domains)),
    allow_subdomains INTEGER NOT NULL CHECK (allow_subdomains IN (0, 1)),
    status TEXT NOT NULL CHECK (status IN ('active', 'needs_administrator', 'closed')),
    internal INTEGER NOT NULL CHECK (internal IN (0, 1)),
    user_limit INTEGER CHECK (user_limit >= 0)
) STRICT;

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies (id),
    email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('administrator', 'manager', 'employee', 'guest')),
    status TEXT NOT NULL CHECK (
        status IN ('invited', 'pending_activation', 'active', 'locked', 'deactivated', 'deleted')
    ),
    created_at TEXT NOT NULL CHECK (created_at LIKE '____-__-__T__:__:__.______Z'),
    title TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    phone TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('de', 'en')),
    password_hash TEXT,
    password_history TEXT NOT NULL CHECK (json_valid(password_history)),
    failed_logins INTEGER NOT NULL CHECK (failed_logins >= 0),
    locked_until TEXT CHECK (locked_until LIKE '____-__-__T__:__:__.______Z'),
    last_login TEXT CHECK (last_login LIKE '____-__-__T__:__:__.______Z'),
    last_activity TEXT CHECK (last_activity LIKE '____-__-__T__:__:__.______Z'),
    grants TEXT NOT NULL CHECK (json_valid(grants)),
    authorised_for TEXT NOT NULL CHECK (json_valid(authorised_for)),
    inactivity_notice_at TEXT CHECK (inactivity_notice_at LIKE '____-__-__T__:__:__.______Z'),
    exported_at TEXT CHECK (exported_at LIKE '____-__-__T__:__:__.______Z')
) STRICT;

-- An address belongs to at most one user that is not deleted; also the login look-up.
CREATE UNIQUE INDEX users_email ON users (email) WHERE status <> 'deleted';
-- A company's users, and keyset pages of them in address order.
CREATE INDEX users_company ON users (company_id, email, id);
-- The inactivity sweep: only users that are not deleted, ordered by their last sign of life,
-- so that selecting the due ones reads just those index entries.
CREATE INDEX users_inactivity ON users (coalesce(last_activity, created_at), id)
    WHERE status <> 'deleted';

CREATE TABLE tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    purpose TEXT NOT NULL CHECK (
        purpose IN (
            'invitation', 'activation', 'password_reset', 'one_time_password', 'email_change'
        )
    ),
    secret_hash TEXT NOT NULL UNIQUE,
    issued_at TEXT NOT NULL CHECK (issued_at LIKE '____-__-__T__:__:__.______Z'),
    expires_at TEXT NOT NULL CHECK (expires_at LIKE '____-__-__T__:__:__.______Z'),
    used_at TEXT CHECK (used_at LIKE '____-__-__T__:__:__.______Z'),
    revoked_at TEXT CHECK (revoked_at LIKE '____-__-__T__:__:__.______Z'),
    payload TEXT NOT NULL
) STRICT;

CREATE INDEX tokens_user ON tokens (user_id, purpose);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    secret_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL CHECK (created_at LIKE '____-__-__T__:__:__.______Z'),
    last_seen_at TEXT NOT NULL CHECK (last_seen_at LIKE '____-__-__T__:__:__.______Z'),
    revoked_at TEXT CHECK (revoked_at LIKE '____-__-__T__:__:__.______Z'),
    revoke_reason TEXT NOT NULL,
    device TEXT NOT NULL
) STRICT;

CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE access_requests (
    id TEXT PRIMARY KEY,
    company_name TEXT NOT NULL,
    contact_name TEXT NOT NULL,
    email TEXT NOT NULL,
    received_at TEXT NOT NULL CHECK (received_at LIKE '____-__-__T__:__:__.______Z'),
    deadline TEXT NOT NULL CHECK (deadline LIKE '____-__-__' AND date(deadline) = deadline),
    customer_number TEXT NOT NULL,
    message TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'done'))
) STRICT;

CREATE TABLE profile_requests (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    company_id TEXT NOT NULL REFERENCES companies (id),
    requested_at TEXT NOT NULL CHECK (requested_at LIKE '____-__-__T__:__:__.______Z'),
    first_name TEXT,
    last_name TEXT,
    company_name TEXT,
    reason TEXT NOT NULL
) STRICT;

CREATE INDEX profile_requests_user ON profile_requests (user_id);

-- Append-only; seq keeps the order of appending.
CREATE TABLE audit_events (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL CHECK (at LIKE '____-__-__T__:__:__.______Z'),
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    company_id TEXT,
    "before" TEXT CHECK ("before" IS NULL OR json_valid("before")),
    "after" TEXT CHECK ("after" IS NULL OR json_valid("after"))
) STRICT;

CREATE INDEX audit_events_target ON audit_events (target, seq);

CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    recipient TEXT NOT NULL,
    template TEXT NOT NULL,
    params TEXT NOT NULL CHECK (json_valid(params)),
    language TEXT NOT NULL CHECK (language IN ('de', 'en')),
    created_at TEXT NOT NULL CHECK (created_at LIKE '____-__-__T__:__:__.______Z'),
    attachment TEXT
) STRICT;
