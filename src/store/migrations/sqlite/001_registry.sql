-- 001: the registry — organisations catalogue, campaigns, registration forms, accounts,
-- purposes, commitments with their signed scans, and the change history of each.

CREATE TABLE org (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,          -- mã định danh (QĐ 20/2020), upper case
  legacy_code INTEGER NOT NULL DEFAULT 0,    -- 1 = old 9-character code
  fictitious  INTEGER NOT NULL DEFAULT 0,    -- 1 = demo code, not a real one
  gso_code    TEXT,                          -- mã đơn vị hành chính (GSO), if any
  name        TEXT NOT NULL,
  short_name  TEXT NOT NULL DEFAULT '',       -- as letters list it: "Tài chính", "xã Bình Sơn"
  name_key    TEXT NOT NULL,                 -- name folded for accent-free search
  kind        TEXT NOT NULL CHECK (kind IN ('tinh', 'so', 'huyen', 'phong', 'xa')),
  parent_code TEXT REFERENCES org(code),
  valid_from  TEXT NOT NULL,                 -- ISO date
  valid_to    TEXT,                          -- ISO date of the last valid day; NULL = open
  position    INTEGER NOT NULL DEFAULT 0     -- order of the source file, for stable lists
);
CREATE INDEX org_parent ON org(parent_code);

CREATE TABLE purpose (
  code     TEXT PRIMARY KEY,                 -- MaDVC / TTHC code
  text     TEXT NOT NULL,
  text_key TEXT NOT NULL
);
CREATE INDEX purpose_text ON purpose(text_key);

CREATE TABLE campaign (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  basis      TEXT NOT NULL,                  -- legal basis, e.g. Kế hoạch số 129/KH-UBND
  open_date  TEXT NOT NULL,
  deadline   TEXT NOT NULL,
  rules      TEXT NOT NULL,                  -- JSON: what "complete" means per unit type
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);

CREATE TABLE campaign_target (
  campaign_id INTEGER NOT NULL REFERENCES campaign(id),
  org_code    TEXT NOT NULL REFERENCES org(code),
  PRIMARY KEY (campaign_id, org_code)
);

CREATE TABLE document (
  sha256     TEXT PRIMARY KEY,
  filename   TEXT NOT NULL,
  mime       TEXT NOT NULL,
  size       INTEGER NOT NULL,
  content    BLOB NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE registration (
  id                INTEGER PRIMARY KEY,
  campaign_id       INTEGER NOT NULL REFERENCES campaign(id),
  org_code          TEXT NOT NULL REFERENCES org(code),
  status            TEXT NOT NULL,
  systems           TEXT NOT NULL DEFAULT '[]',   -- JSON array of system names
  contact_name      TEXT NOT NULL DEFAULT '',
  contact_position  TEXT NOT NULL DEFAULT '',
  contact_phone     TEXT NOT NULL DEFAULT '',
  contact_email     TEXT NOT NULL DEFAULT '',
  contact_workplace TEXT NOT NULL DEFAULT '',
  return_reason     TEXT NOT NULL DEFAULT '',
  source_file       TEXT NOT NULL DEFAULT '',
  source_sha256     TEXT NOT NULL DEFAULT '',
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  UNIQUE (campaign_id, org_code)
);

CREATE TABLE account (
  id                  INTEGER PRIMARY KEY,
  registration_id     INTEGER NOT NULL REFERENCES registration(id) ON DELETE CASCADE,
  campaign_id         INTEGER NOT NULL REFERENCES campaign(id),
  row_no              INTEGER NOT NULL,
  full_name           TEXT NOT NULL,
  login               TEXT NOT NULL,
  login_key           TEXT NOT NULL,        -- lower case: unique case-insensitively
  phone               TEXT NOT NULL,
  agency_code         TEXT NOT NULL REFERENCES org(code),
  agency_name         TEXT NOT NULL,
  role                TEXT NOT NULL,
  dossiers_per_day    INTEGER NOT NULL,
  queries_per_dossier INTEGER NOT NULL,
  daily_quota         INTEGER NOT NULL,
  status              TEXT NOT NULL,
  status_reason       TEXT NOT NULL DEFAULT '',
  UNIQUE (campaign_id, login_key)
);
CREATE INDEX account_registration ON account(registration_id);
CREATE INDEX account_agency ON account(agency_code);

CREATE TABLE account_purpose (
  account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  code       TEXT NOT NULL,
  text       TEXT NOT NULL,
  PRIMARY KEY (account_id, code)
);

CREATE TABLE commitment (
  id             INTEGER PRIMARY KEY,
  org_code       TEXT NOT NULL REFERENCES org(code),
  rep_name       TEXT NOT NULL,
  nationality    TEXT NOT NULL,
  id_kind        TEXT NOT NULL CHECK (id_kind IN ('cccd', 'cmnd')),
  id_number      TEXT NOT NULL,
  phone          TEXT NOT NULL,
  issue_date     TEXT NOT NULL,
  issue_place    TEXT NOT NULL,
  position       TEXT NOT NULL,
  sign_place     TEXT NOT NULL,
  sign_date      TEXT NOT NULL,
  valid_to       TEXT,                       -- NULL = until revoked
  scan_sha256    TEXT REFERENCES document(sha256),
  status         TEXT NOT NULL CHECK (status IN ('valid', 'revoked')),
  created_at     TEXT NOT NULL,
  created_by     TEXT NOT NULL
);
CREATE INDEX commitment_org ON commitment(org_code);

-- Every change of the registry: who, when, what, why.
CREATE TABLE history (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  entity      TEXT NOT NULL,                 -- org, campaign, registration, account, commitment
  entity_id   TEXT NOT NULL,
  action      TEXT NOT NULL,
  from_status TEXT NOT NULL DEFAULT '',
  to_status   TEXT NOT NULL DEFAULT '',
  reason      TEXT NOT NULL DEFAULT '',
  detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX history_entity ON history(entity, entity_id);
