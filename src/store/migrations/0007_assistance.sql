-- 0007 assistance: agencies' programmes, cities' assistance requests with
-- the programmes they were forwarded to and every step of their history, and
-- the in-app notifications those steps send (src/core/assistance.h,
-- src/store/assistance_repository.h, docs/assistance.md).
-- Portable SQL; {{id}}, {{real}}, {{now}} are dialect tokens (src/store/migrations.h).
-- Lists (types, themes, countries, size classes) are ';'-joined codes, as in
-- 0001: they are read whole and matched in the service, never queried by SQL.
-- Amounts are USD. Who changed what also goes to audit_log (0001).

CREATE TABLE programmes (
  id {{id}},
  code TEXT NOT NULL UNIQUE,
  agency_id BIGINT NOT NULL REFERENCES organisations (id),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  types TEXT NOT NULL,
  themes TEXT NOT NULL DEFAULT '',
  countries TEXT NOT NULL DEFAULT '',
  size_classes TEXT NOT NULL DEFAULT '',
  budget_min {{real}} CHECK (budget_min IS NULL OR budget_min >= 0),
  budget_max {{real}} CHECK (budget_max IS NULL OR budget_max >= 0),
  open_from TEXT NOT NULL DEFAULT '',
  open_until TEXT NOT NULL DEFAULT '',
  data_status TEXT NOT NULL DEFAULT 'illustrative' CHECK (data_status IN ('real', 'illustrative')),
  note TEXT NOT NULL DEFAULT '',
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL DEFAULT {{now}},
  CHECK (budget_min IS NULL OR budget_max IS NULL OR budget_min <= budget_max)
);
CREATE INDEX programmes_agency ON programmes (agency_id);

CREATE TABLE assistance_requests (
  id {{id}},
  city_id BIGINT NOT NULL REFERENCES cities (id),
  title TEXT NOT NULL,
  problem_code TEXT NOT NULL DEFAULT '',
  indicator_code TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL CHECK (type IN ('expert-support', 'technical-cooperation', 'joint-research',
                                     'advisory-mission', 'finance', 'training')),
  theme TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  budget {{real}} CHECK (budget IS NULL OR budget >= 0),
  co_funding {{real}} CHECK (co_funding IS NULL OR co_funding >= 0),
  wanted_start TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'submitted', 'endorsed', 'forwarded', 'accepted', 'declined',
                      'in-progress', 'completed', 'withdrawn')),
  outcome_help TEXT,
  outcome_funds {{real}},
  outcome_pilot_id BIGINT,
  outcome_note TEXT,
  data_status TEXT NOT NULL DEFAULT 'real' CHECK (data_status IN ('real', 'illustrative')),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT {{now}},
  updated_at TEXT NOT NULL DEFAULT {{now}}
);
CREATE INDEX assistance_requests_city ON assistance_requests (city_id);
CREATE INDEX assistance_requests_status ON assistance_requests (status);

-- The programmes a request was forwarded to and each agency's answer.
CREATE TABLE request_programmes (
  id {{id}},
  request_id BIGINT NOT NULL REFERENCES assistance_requests (id) ON DELETE CASCADE,
  programme_id BIGINT NOT NULL REFERENCES programmes (id),
  decision TEXT NOT NULL DEFAULT 'forwarded'
    CHECK (decision IN ('forwarded', 'accepted', 'declined')),
  comment TEXT NOT NULL DEFAULT '',
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at TEXT NOT NULL DEFAULT '',
  UNIQUE (request_id, programme_id)
);
CREATE INDEX request_programmes_programme ON request_programmes (programme_id);

-- Every step of a request: who, when, from which status to which, comment.
CREATE TABLE request_steps (
  id {{id}},
  request_id BIGINT NOT NULL REFERENCES assistance_requests (id) ON DELETE CASCADE,
  at TEXT NOT NULL DEFAULT {{now}},
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  programme_code TEXT NOT NULL DEFAULT '',
  comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX request_steps_request ON request_steps (request_id);

-- In-app notifications, one row per recipient (a user's e-mail). read_at is
-- NULL while unread.
CREATE TABLE notifications (
  id {{id}},
  recipient TEXT NOT NULL,
  at TEXT NOT NULL DEFAULT {{now}},
  kind TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  message TEXT NOT NULL,
  read_at TEXT
);
CREATE INDEX notifications_recipient ON notifications (recipient, read_at);
