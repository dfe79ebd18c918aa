-- 0004 targets: quantitative targets with their milestones, and the cached
-- results of assessment schemes (src/store/target_repository.h,
-- docs/indicators.md "Targets and progress", "Assessment schemes").
-- Portable SQL; {{id}}, {{real}}, {{now}} are dialect tokens (src/store/migrations.h).
-- Who changed a target and when goes to audit_log (0001), entity 'target'.

-- One target per city, indicator and target year (setting it again replaces
-- it). kind: a legal target (a plan or law binds the city, e.g. China's
-- environmental protection target responsibility system) or a voluntary one.
CREATE TABLE targets (
  id {{id}},
  city_id BIGINT NOT NULL REFERENCES cities (id),
  indicator_id BIGINT NOT NULL REFERENCES indicators (id),
  baseline_year INTEGER NOT NULL,
  baseline_value {{real}} NOT NULL,
  target_year INTEGER NOT NULL,
  target_value {{real}} NOT NULL,
  kind TEXT NOT NULL DEFAULT 'voluntary' CHECK (kind IN ('legal', 'voluntary')),
  set_by TEXT NOT NULL DEFAULT '',
  responsible_body TEXT NOT NULL DEFAULT '',
  responsible_person TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  data_status TEXT NOT NULL DEFAULT 'real' CHECK (data_status IN ('real', 'illustrative')),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT {{now}},
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL DEFAULT {{now}},
  CHECK (target_year > baseline_year),
  UNIQUE (city_id, indicator_id, target_year)
);
CREATE INDEX targets_indicator ON targets (indicator_id);

-- Interim milestones: the value the path should reach by a year.
CREATE TABLE target_milestones (
  id {{id}},
  target_id BIGINT NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
  year INTEGER NOT NULL,
  value {{real}} NOT NULL,
  UNIQUE (target_id, year)
);

-- Scheme results per city and year, kept for history and for fast lists.
-- A rescoring of (scheme, version, year) replaces its rows. designated:
-- 1/0, NULL when the scheme has no designation rules. detail: the per-item
-- points, values, thresholds, missing items and failed criteria as JSON text.
CREATE TABLE scheme_scores (
  id {{id}},
  scheme_id TEXT NOT NULL,
  scheme_version TEXT NOT NULL,
  city_id BIGINT NOT NULL REFERENCES cities (id),
  year INTEGER NOT NULL,
  total {{real}} NOT NULL,
  max_total {{real}} NOT NULL,
  rank INTEGER,
  designated INTEGER CHECK (designated IS NULL OR designated IN (0, 1)),
  detail TEXT NOT NULL DEFAULT '{}',
  computed_at TEXT NOT NULL DEFAULT {{now}},
  UNIQUE (scheme_id, scheme_version, city_id, year)
);
CREATE INDEX scheme_scores_year ON scheme_scores (scheme_id, year);
