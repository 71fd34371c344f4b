-- 006: access per login across campaigns (issue 10 item 9). A revoked account keeps its login
-- from querying in every campaign until the login is reinstated; a login belongs to one unit
-- at a time, and moving it to another unit is an explicit transfer.

-- Revoked rows: when the login was reinstated (the revocation no longer blocks it); NULL = blocks.
ALTER TABLE account ADD COLUMN reinstated_at TEXT;
CREATE INDEX account_login ON account(login_key);

-- A login moved to another unit (`dancu account transfer`): the rows of the old unit are ended
-- (status 'ended') and the login is kept for the new unit until that unit registers it.
CREATE TABLE login_transfer (
  login_key TEXT PRIMARY KEY,
  login     TEXT NOT NULL,
  from_org  TEXT NOT NULL REFERENCES org(code),
  to_org    TEXT NOT NULL REFERENCES org(code),
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  reason    TEXT NOT NULL
);
