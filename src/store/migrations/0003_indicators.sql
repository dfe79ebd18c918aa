-- 0003 indicators: the indicator catalogue and the values cities report
-- (src/core/indicator.h, docs/indicators.md). Portable SQL; {{id}}, {{real}},
-- {{now}} are dialect tokens (src/store/migrations.h).
-- Who changed a value and when goes to audit_log (0001), entity 'indicator_value'.

-- The catalogue. Builtin rows come from standards/indicators/catalogue.toml
-- (compiled in) and are synchronised by the indicator service whenever the
-- compiled-in catalogue differs from the digest in indicator_catalogue_state;
-- rows with builtin = 0 are added by the secretariat (`kinet indicator add`).
CREATE TABLE indicators (
  id {{id}},
  code TEXT NOT NULL UNIQUE,
  name_en TEXT NOT NULL,
  name_zh TEXT NOT NULL DEFAULT '',
  definition_en TEXT NOT NULL DEFAULT '',
  definition_zh TEXT NOT NULL DEFAULT '',
  theme TEXT NOT NULL
    CHECK (theme IN ('air', 'water', 'noise', 'waste', 'green-space', 'energy', 'management')),
  unit TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
  valid_min {{real}},
  valid_max {{real}},
  computed_by TEXT NOT NULL DEFAULT '' CHECK (computed_by IN ('', 'ratio', 'air-engine')),
  statistic TEXT NOT NULL DEFAULT '',
  pollutant TEXT NOT NULL DEFAULT '',
  numerator TEXT NOT NULL DEFAULT '',
  denominator TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  iso37120 TEXT NOT NULL DEFAULT '',
  iso37120_confirmed INTEGER NOT NULL DEFAULT 0 CHECK (iso37120_confirmed IN (0, 1)),
  sdg TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
  CHECK (valid_min IS NULL OR valid_max IS NULL OR valid_min <= valid_max)
);

-- One row: the digest of the builtin catalogue last synchronised.
CREATE TABLE indicator_catalogue_state (
  name TEXT PRIMARY KEY,
  digest TEXT NOT NULL,
  synced_at TEXT NOT NULL DEFAULT {{now}}
);

-- One value per city, indicator, period and source kind: a value reported by
-- the city and one computed by KINet for the same period are both kept.
-- `value` is in the indicator's unit; entered_value/entered_unit as entered.
-- flags: ';'-joined codes; flag_reasons: the reasons, '\n'-joined, same order.
CREATE TABLE indicator_values (
  id {{id}},
  city_id BIGINT NOT NULL REFERENCES cities (id),
  indicator_id BIGINT NOT NULL REFERENCES indicators (id),
  period TEXT NOT NULL,
  value {{real}} NOT NULL,
  entered_value {{real}} NOT NULL,
  entered_unit TEXT NOT NULL,
  source_kind TEXT NOT NULL CHECK (source_kind IN ('reported', 'computed')),
  source TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'submitted', 'endorsed', 'published')),
  flags TEXT NOT NULL DEFAULT '',
  flag_reasons TEXT NOT NULL DEFAULT '',
  doubtful INTEGER NOT NULL DEFAULT 0 CHECK (doubtful IN (0, 1)),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT {{now}},
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL DEFAULT {{now}},
  UNIQUE (city_id, indicator_id, period, source_kind)
);
CREATE INDEX indicator_values_indicator ON indicator_values (indicator_id, period);
