-- BackEnd.Auth's tables (users, sessions, tokens, lockouts); columns are the snake_case names of its entities.
CREATE TABLE backend_auth_users (id TEXT PRIMARY KEY, user_name TEXT NOT NULL, email TEXT NULL, password_hash TEXT NOT NULL,
    roles TEXT NOT NULL, claims TEXT NOT NULL, security_stamp TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, last_sign_in_at TIMESTAMPTZ NULL,
    version BIGINT NOT NULL);
CREATE TABLE backend_auth_sessions (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, security_stamp TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL, absolute_expires_at TIMESTAMPTZ NOT NULL, version BIGINT NOT NULL);
CREATE INDEX backend_auth_sessions_user ON backend_auth_sessions (user_id);
CREATE TABLE backend_auth_tokens (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, name TEXT NOT NULL, scopes TEXT NOT NULL,
    security_stamp TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, expires_at TIMESTAMPTZ NOT NULL, version BIGINT NOT NULL);
CREATE INDEX backend_auth_tokens_user ON backend_auth_tokens (user_id);
CREATE TABLE backend_auth_lockouts (id TEXT PRIMARY KEY, failures INTEGER NOT NULL, locked_until TIMESTAMPTZ NULL, version BIGINT NOT NULL);
