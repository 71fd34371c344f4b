-- 004: the gateway — integrated systems with their hashed credentials, and the fields each
-- purpose (service code) may receive.

CREATE TABLE integrated_system (
  id               INTEGER PRIMARY KEY,
  name             TEXT NOT NULL,
  key_id           TEXT NOT NULL UNIQUE,       -- public part of the API key ("dck_<key_id>_…")
  key_hash         TEXT NOT NULL,              -- argon2id of the secret part (libsodium string)
  cert_fingerprint TEXT NOT NULL DEFAULT '',   -- optional SHA-256 of the client certificate
  units            TEXT NOT NULL,              -- JSON array of agency codes it may act for
  status           TEXT NOT NULL CHECK (status IN ('active', 'revoked')),
  created_at       TEXT NOT NULL,
  created_by       TEXT NOT NULL,
  revoked_at       TEXT NOT NULL DEFAULT ''
);

CREATE TABLE service_fields (
  code   TEXT PRIMARY KEY,                     -- MaDVC / purpose code
  fields TEXT NOT NULL                         -- JSON array of response fields it may receive
);
