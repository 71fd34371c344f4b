-- 007: the gateway on the real network (issue 11) — the official's identity sent upstream,
-- purpose codes mapped to the national codes and to what each integrated system sends, and the
-- credentials real clients already use.

-- The official's CCCD (MaCanBo upstream); '' until the unit gives it.
ALTER TABLE account ADD COLUMN official_id TEXT NOT NULL DEFAULT '';

-- The purpose's code at the national service (MaDVC sent upstream); '' = dancu's code.
ALTER TABLE purpose ADD COLUMN national_code TEXT NOT NULL DEFAULT '';

-- What an integrated system sends as MaDVC for one of dancu's purposes (like OpenCPS's
-- service-info table). A code a system sends that is neither mapped here nor a purpose code or
-- national code is refused.
CREATE TABLE purpose_alias (
  system_id    INTEGER NOT NULL REFERENCES integrated_system(id),
  code         TEXT NOT NULL,
  purpose_code TEXT NOT NULL REFERENCES purpose(code),
  PRIMARY KEY (system_id, code)
);

-- The timestamped-hash credential: the system's signing secret sealed under the installation's
-- secret key (checking needs it, so it cannot be a one-way hash), and the endpoint URL the
-- client signs (behind a proxy dancu cannot see it).
ALTER TABLE integrated_system ADD COLUMN sign_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE integrated_system ADD COLUMN sign_url TEXT NOT NULL DEFAULT '';
