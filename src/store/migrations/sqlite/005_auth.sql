-- 005: people who use the web application (src/auth) — users with a role, argon2id password
-- hashes, TOTP secrets, lockout counters, and server-side sessions keyed by the SHA-256 of
-- their token. Table names avoid "user" and "session" (keywords in PostgreSQL). Instants
-- the code compares (lockout, idle and absolute expiry) are Unix seconds; the others are
-- ISO-8601 text with the +07:00 offset, like the rest of the schema.

CREATE TABLE app_user (
  id                   INTEGER PRIMARY KEY,
  login                TEXT NOT NULL UNIQUE,       -- lower case (4–60: a-z 0-9 . _ - @)
  display_name         TEXT NOT NULL,
  role                 TEXT NOT NULL CHECK (role IN ('admin', 'focal', 'official', 'auditor')),
  unit_code            TEXT NOT NULL DEFAULT '',   -- focal: its unit; official: its account's unit
  account              TEXT NOT NULL DEFAULT '',   -- official: registry account login (lower case)
  password_hash        TEXT NOT NULL,              -- argon2id string (libsodium crypto_pwhash_str)
  must_change_password INTEGER NOT NULL DEFAULT 0, -- 1 after a generated password
  disabled             INTEGER NOT NULL DEFAULT 0,
  totp_secret          TEXT NOT NULL DEFAULT '',   -- base32 of the confirmed secret; '' = none
  totp_pending         TEXT NOT NULL DEFAULT '',   -- base32 of a secret shown but not confirmed
  totp_last_step       INTEGER NOT NULL DEFAULT 0, -- last accepted 30-s step: no code used twice
  failed_logins        INTEGER NOT NULL DEFAULT 0, -- consecutive failures (password or code)
  locked_until         INTEGER NOT NULL DEFAULT 0, -- Unix seconds; 0 = not locked
  created_at           TEXT NOT NULL,
  created_by           TEXT NOT NULL,
  password_changed_at  TEXT NOT NULL,
  last_login_at        TEXT NOT NULL DEFAULT ''
);

CREATE TABLE user_session (
  token_hash TEXT PRIMARY KEY,                     -- SHA-256 (hex) of the cookie value
  user_id    INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  csrf       TEXT NOT NULL,                        -- sent back in X-CSRF-Token
  stage      TEXT NOT NULL CHECK (stage IN ('complete', 'totp', 'enrol')),
  ip         TEXT NOT NULL DEFAULT '',             -- address of the login
  created_at TEXT NOT NULL,
  last_seen  INTEGER NOT NULL,                     -- Unix seconds; refreshed at most once a minute
  expires    INTEGER NOT NULL                      -- Unix seconds: the absolute end of the session
);
CREATE INDEX user_session_user ON user_session(user_id);
CREATE INDEX user_session_expires ON user_session(expires);
