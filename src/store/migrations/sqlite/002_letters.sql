-- 002: remembered inputs of official letters, per campaign and kind of letter.
CREATE TABLE letter_inputs (
  campaign_id INTEGER NOT NULL REFERENCES campaign(id),
  kind        TEXT NOT NULL,               -- "reminder"
  inputs      TEXT NOT NULL,               -- JSON of docs::LetterInputs
  updated_at  TEXT NOT NULL,
  updated_by  TEXT NOT NULL,
  PRIMARY KEY (campaign_id, kind)
);
