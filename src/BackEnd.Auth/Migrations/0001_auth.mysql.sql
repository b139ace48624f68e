-- The tables of BackEnd.Auth (users, sessions, tokens, lockouts), as its README lists them. Binary collation: keys and
-- names compare exactly, as on SQLite and PostgreSQL (BackEnd.Auth normalises user names before they become keys).
CREATE TABLE backend_auth_users (
    id VARCHAR(255) NOT NULL PRIMARY KEY,
    user_name VARCHAR(255) NOT NULL,
    email VARCHAR(255) NULL,
    password_hash TEXT NOT NULL,
    roles TEXT NOT NULL,
    claims TEXT NOT NULL,
    security_stamp VARCHAR(255) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    last_sign_in_at DATETIME(6) NULL,
    version BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE backend_auth_sessions (
    id VARCHAR(255) NOT NULL PRIMARY KEY,
    user_id VARCHAR(255) NOT NULL,
    security_stamp VARCHAR(255) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    expires_at DATETIME(6) NOT NULL,
    absolute_expires_at DATETIME(6) NOT NULL,
    version BIGINT NOT NULL,
    INDEX backend_auth_sessions_user (user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE backend_auth_tokens (
    id VARCHAR(255) NOT NULL PRIMARY KEY,
    user_id VARCHAR(255) NOT NULL,
    name TEXT NOT NULL,
    scopes TEXT NOT NULL,
    security_stamp VARCHAR(255) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    expires_at DATETIME(6) NOT NULL,
    version BIGINT NOT NULL,
    INDEX backend_auth_tokens_user (user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE backend_auth_lockouts (
    id VARCHAR(255) NOT NULL PRIMARY KEY,
    failures INT NOT NULL,
    locked_until DATETIME(6) NULL,
    version BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
