-- 0008 pilots: calls for pilot cities with weighted criteria and assessors'
-- ratings; pilot projects with partners, funding, a results framework,
-- milestones and progress reports (src/core/pilot.h,
-- src/store/pilot_repository.h, docs/pilots.md).
-- Portable SQL; {{id}}, {{real}}, {{now}} are dialect tokens (src/store/migrations.h).
-- Who changed what and when goes to audit_log (0001), entities 'pilot_call',
-- 'pilot_rating', 'pilot_project', 'pilot_report'.

-- A call. eligible_countries: ISO codes separated by commas ('' = any).
-- missing_rule: what happens to a candidate without a value (engine/mcda.h).
CREATE TABLE pilot_calls (
  id {{id}},
  title TEXT NOT NULL CHECK (title <> ''),
  description TEXT NOT NULL DEFAULT '',
  opens TEXT NOT NULL,
  closes TEXT NOT NULL,
  eligible_countries TEXT NOT NULL DEFAULT '',
  missing_rule TEXT NOT NULL DEFAULT 'exclude' CHECK (missing_rule IN ('exclude', 'worst')),
  data_status TEXT NOT NULL DEFAULT 'real' CHECK (data_status IN ('real', 'illustrative')),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT {{now}},
  CHECK (closes >= opens)
);

-- The candidate cities of a call, in entry order.
CREATE TABLE pilot_call_candidates (
  id {{id}},
  call_id BIGINT NOT NULL REFERENCES pilot_calls (id) ON DELETE CASCADE,
  city_id BIGINT NOT NULL REFERENCES cities (id),
  position INTEGER NOT NULL,
  UNIQUE (call_id, city_id)
);

-- A criterion of a call. source says which of indicator_id (+ year),
-- scheme_id (+ year) applies; ratings live in pilot_ratings; population
-- comes from the city's profile.
CREATE TABLE pilot_criteria (
  id {{id}},
  call_id BIGINT NOT NULL REFERENCES pilot_calls (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  code TEXT NOT NULL CHECK (code <> ''),
  name TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL CHECK (source IN ('indicator', 'scheme', 'rating', 'population')),
  indicator_id BIGINT REFERENCES indicators (id),
  scheme_id TEXT NOT NULL DEFAULT '',
  year INTEGER,
  direction TEXT NOT NULL CHECK (direction IN ('benefit', 'cost', 'target')),
  normalisation TEXT NOT NULL CHECK (normalisation IN ('min-max', 'vector', 'target')),
  target_value {{real}},
  weight {{real}} NOT NULL CHECK (weight > 0),
  note TEXT NOT NULL DEFAULT '',
  UNIQUE (call_id, code)
);

-- An assessor's rating of one candidate on one rating criterion (entering
-- it again replaces it).
CREATE TABLE pilot_ratings (
  id {{id}},
  criterion_id BIGINT NOT NULL REFERENCES pilot_criteria (id) ON DELETE CASCADE,
  city_id BIGINT NOT NULL REFERENCES cities (id),
  value {{real}} NOT NULL,
  assessor TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  rated_at TEXT NOT NULL DEFAULT {{now}},
  UNIQUE (criterion_id, city_id)
);

-- A pilot project. themes and comparison_cities: codes separated by commas.
-- practice_code: the best practice the completed pilot became ('' = none).
CREATE TABLE pilot_projects (
  id {{id}},
  call_id BIGINT REFERENCES pilot_calls (id),
  title TEXT NOT NULL CHECK (title <> ''),
  city_id BIGINT NOT NULL REFERENCES cities (id),
  summary TEXT NOT NULL DEFAULT '',
  themes TEXT NOT NULL DEFAULT '',
  budget {{real}},
  currency TEXT NOT NULL DEFAULT '',
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'planned'
    CHECK (status IN ('planned', 'active', 'completed', 'cancelled')),
  comparison_cities TEXT NOT NULL DEFAULT '',
  practice_code TEXT NOT NULL DEFAULT '',
  data_status TEXT NOT NULL DEFAULT 'real' CHECK (data_status IN ('real', 'illustrative')),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT {{now}},
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL DEFAULT {{now}},
  CHECK (end_date > start_date)
);
CREATE INDEX pilot_projects_city ON pilot_projects (city_id);

CREATE TABLE pilot_partners (
  id {{id}},
  project_id BIGINT NOT NULL REFERENCES pilot_projects (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('mentor-city', 'agency', 'institute', 'other')),
  code TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL DEFAULT ''
);

CREATE TABLE pilot_funding (
  id {{id}},
  project_id BIGINT NOT NULL REFERENCES pilot_projects (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  source TEXT NOT NULL,
  amount {{real}} NOT NULL CHECK (amount >= 0),
  currency TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT ''
);

-- The results framework: baseline and target of an indicator; actual values
-- are read from indicator_values when the project is shown.
CREATE TABLE pilot_result_indicators (
  id {{id}},
  project_id BIGINT NOT NULL REFERENCES pilot_projects (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  indicator_id BIGINT NOT NULL REFERENCES indicators (id),
  baseline_year INTEGER NOT NULL,
  baseline_value {{real}} NOT NULL,
  target_year INTEGER NOT NULL,
  target_value {{real}} NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  CHECK (target_year > baseline_year)
);

CREATE TABLE pilot_milestones (
  id {{id}},
  project_id BIGINT NOT NULL REFERENCES pilot_projects (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  title TEXT NOT NULL,
  due TEXT NOT NULL,
  done TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT ''
);

-- Progress reports, one per project and period, with the approval step
-- draft -> submitted -> approved | returned (returned -> submitted).
CREATE TABLE pilot_reports (
  id {{id}},
  project_id BIGINT NOT NULL REFERENCES pilot_projects (id) ON DELETE CASCADE,
  period TEXT NOT NULL CHECK (period <> ''),
  progress TEXT NOT NULL DEFAULT '',
  problems TEXT NOT NULL DEFAULT '',
  next_steps TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
  author TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT {{now}},
  submitted_at TEXT NOT NULL DEFAULT '',
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at TEXT NOT NULL DEFAULT '',
  decision_note TEXT NOT NULL DEFAULT '',
  UNIQUE (project_id, period)
);
