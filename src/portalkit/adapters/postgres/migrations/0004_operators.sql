-- Operators' own accounts and the sessions of their pages, as SQLite's migration 0004.

CREATE TABLE operators (
    rowid bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id text COLLATE "C" PRIMARY KEY,
    email text COLLATE "C" NOT NULL UNIQUE,
    name text NOT NULL CHECK (name <> ''),
    password_hash text NOT NULL,
    created_at timestamptz NOT NULL,
    active boolean NOT NULL,
    failed_logins bigint NOT NULL CHECK (failed_logins >= 0),
    locked_until timestamptz,
    last_login timestamptz
);

-- The columns of the customers' sessions table; user_id names the operator.
CREATE TABLE operator_sessions (
    rowid bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id text COLLATE "C" PRIMARY KEY,
    user_id text COLLATE "C" NOT NULL REFERENCES operators (id),
    secret_hash text COLLATE "C" NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    revoked_at timestamptz,
    revoke_reason text NOT NULL,
    device text NOT NULL
);

CREATE INDEX operator_sessions_user ON operator_sessions (user_id);
