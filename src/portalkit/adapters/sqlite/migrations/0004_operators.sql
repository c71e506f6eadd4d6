-- Operators' own accounts (staff of the service company) and the sessions of their pages.
-- Apart from users: an operator belongs to no company, and an address may be both a
-- customer's and an operator's.

CREATE TABLE operators (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL CHECK (name <> ''),
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL CHECK (created_at LIKE '____-__-__T__:__:__.______Z'),
    active INTEGER NOT NULL CHECK (active IN (0, 1)),
    failed_logins INTEGER NOT NULL CHECK (failed_logins >= 0),
    locked_until TEXT CHECK (locked_until LIKE '____-__-__T__:__:__.______Z'),
    last_login TEXT CHECK (last_login LIKE '____-__-__T__:__:__.______Z')
) STRICT;

-- The columns of the customers' sessions table; user_id names the operator.
CREATE TABLE operator_sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES operators (id),
    secret_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL CHECK (created_at LIKE '____-__-__T__:__:__.______Z'),
    last_seen_at TEXT NOT NULL CHECK (last_seen_at LIKE '____-__-__T__:__:__.______Z'),
    revoked_at TEXT CHECK (revoked_at LIKE '____-__-__T__:__:__.______Z'),
    revoke_reason TEXT NOT NULL,
    device TEXT NOT NULL
) STRICT;

CREATE INDEX operator_sessions_user ON operator_sessions (user_id);
