-- 003: the audit log (src/audit) — append-only, hash-chained records and signed checkpoints.
-- The log lives in its own database file (by convention var/audit.db); like every migration
-- this one runs on every database file, so the registry's file holds these tables empty.
-- Column names avoid words that are keywords or types in PostgreSQL (time, day, system).

CREATE TABLE audit_record (
  seq          INTEGER PRIMARY KEY,          -- 1, 2, 3, … without gaps: the chain order
  at           TEXT NOT NULL,                -- ISO-8601 with offset, e.g. …T09:15:00.123+07:00
  local_day    TEXT NOT NULL,                -- calendar day in Asia/Ho_Chi_Minh, YYYY-MM-DD
  kind         TEXT NOT NULL,                -- query | admin
  actor        TEXT NOT NULL,                -- account login or user name
  unit         TEXT NOT NULL,                -- agency code (mã định danh)
  system_id    TEXT NOT NULL,                -- integrated system
  purpose      TEXT NOT NULL,                -- service code (MaDVC)
  dossier      TEXT NOT NULL,                -- số hồ sơ
  subject_hash TEXT NOT NULL,                -- keyed BLAKE2b-256 (hex) of the identifier; '' if none
  subject_enc  BLOB NOT NULL,                -- 24-byte nonce ‖ secretbox(identifier); empty if none
  outcome      TEXT NOT NULL,                -- allowed | refused | failed
  reason_code  TEXT NOT NULL,
  reason       TEXT NOT NULL,
  action       TEXT NOT NULL,                -- lookup, verify, approve, suspend, export, login, …
  latency_us   INTEGER NOT NULL,
  detail       TEXT NOT NULL,                -- small JSON without personal data
  prev_hash    TEXT NOT NULL,                -- hash of record seq-1 (64 zeros for seq 1)
  hash         TEXT NOT NULL,                -- SHA-256 (hex) of the canonical encoding
  -- Search keys, derived from the columns above (verification checks them):
  -- ((seq-1) / 16384) * 2^32 + a 32-bit tag of the value. Keys that begin with the block
  -- of seq keep every insert inside the newest, cache-resident part of each index (an
  -- index on a hash or on thousands of logins would touch a random page per record, and
  -- appending was 4 times slower); a search visits each block of 16,384 records with one
  -- index seek (src/audit/search.cc).
  actor_key    INTEGER NOT NULL,             -- tag: BLAKE2b("actor", actor)
  unit_key     INTEGER NOT NULL,             -- tag: BLAKE2b("unit", unit)
  subject_key  INTEGER                       -- tag: first 4 bytes of subject_hash; NULL if none
);
CREATE INDEX audit_record_actor ON audit_record(actor_key);
CREATE INDEX audit_record_unit ON audit_record(unit_key);
CREATE INDEX audit_record_subject ON audit_record(subject_key);
-- Day-range search and the quota rebuild (allowed queries per account of one local day).
CREATE INDEX audit_record_day ON audit_record(local_day);

-- Ed25519 signature over "dancu-audit-checkpoint\n<seq>\n<hash>\n<at>".
CREATE TABLE audit_checkpoint (
  seq        INTEGER PRIMARY KEY,            -- the record whose hash is signed
  hash       TEXT NOT NULL,
  at         TEXT NOT NULL,
  public_key TEXT NOT NULL,                  -- hex
  signature  TEXT NOT NULL                   -- hex
);

-- Append-only: the application never changes or removes a record or a checkpoint. (Someone
-- with access to the file can drop these triggers; verification detects what they do next.)
CREATE TRIGGER audit_record_no_update BEFORE UPDATE ON audit_record
BEGIN SELECT RAISE(ABORT, 'audit_record is append-only'); END;
CREATE TRIGGER audit_record_no_delete BEFORE DELETE ON audit_record
BEGIN SELECT RAISE(ABORT, 'audit_record is append-only'); END;
CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE ON audit_checkpoint
BEGIN SELECT RAISE(ABORT, 'audit_checkpoint is append-only'); END;
CREATE TRIGGER audit_checkpoint_no_delete BEFORE DELETE ON audit_checkpoint
BEGIN SELECT RAISE(ABORT, 'audit_checkpoint is append-only'); END;
