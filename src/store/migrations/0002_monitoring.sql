-- 0002 monitoring: stations, dense hourly monitoring blocks, the imports that
-- filled them, and the assessed air indicators (DESIGN.md §5, docs/monitoring.md).
-- Portable SQL; {{id}}, {{blob}}, {{real}}, {{now}} are dialect tokens (store/migrations.h).
-- Dates are TEXT 'YYYY-MM-DD', timestamps TEXT 'YYYY-MM-DDTHH:MM:SSZ' (UTC).

CREATE TABLE stations (
  id {{id}},
  code TEXT NOT NULL UNIQUE,
  city_id BIGINT NOT NULL REFERENCES cities (id),
  name_en TEXT NOT NULL DEFAULT '',
  name_local TEXT NOT NULL DEFAULT '',
  lat {{real}} CHECK (lat IS NULL OR (lat >= -90 AND lat <= 90)),
  lon {{real}} CHECK (lon IS NULL OR (lon >= -180 AND lon <= 180)),
  type TEXT NOT NULL DEFAULT 'urban'
    CHECK (type IN ('urban', 'background', 'traffic', 'industrial')),
  active_from TEXT,
  active_to TEXT,
  source TEXT NOT NULL DEFAULT '',
  data_status TEXT NOT NULL DEFAULT 'illustrative'
    CHECK (data_status IN ('real', 'illustrative'))
);
CREATE INDEX stations_city ON stations (city_id);

-- One row per input file of an import. checksum is the SHA-256 of the file's
-- bytes as read (after gzip decompression).
CREATE TABLE monitoring_imports (
  id {{id}},
  file_name TEXT NOT NULL,
  checksum TEXT NOT NULL,
  format TEXT NOT NULL,
  options TEXT NOT NULL DEFAULT '',
  rows_read BIGINT NOT NULL DEFAULT 0,
  values_read BIGINT NOT NULL DEFAULT 0,
  missing_values BIGINT NOT NULL DEFAULT 0,
  flagged_values BIGINT NOT NULL DEFAULT 0,
  changed_values BIGINT NOT NULL DEFAULT 0,
  outcome TEXT NOT NULL DEFAULT 'changed' CHECK (outcome IN ('changed', 'unchanged')),
  imported_at TEXT NOT NULL DEFAULT {{now}}
);
CREATE INDEX monitoring_imports_checksum ON monitoring_imports (checksum);

-- One station, parameter and year of hourly values in local standard time:
-- hour_values holds 8784 little-endian float32 (NaN = missing; hour 0 is
-- 1 January 00:00-01:00 LST; the last 24 are NaN in a common year), flags
-- 8784 uint8 quality-flag bit sets (docs/monitoring.md "Quality flags").
CREATE TABLE monitoring_blocks (
  id {{id}},
  station_id BIGINT NOT NULL REFERENCES stations (id),
  parameter TEXT NOT NULL,
  year INTEGER NOT NULL,
  unit TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  utc_offset_seconds INTEGER NOT NULL,
  hour_values {{blob}} NOT NULL,
  flags {{blob}} NOT NULL,
  value_count INTEGER NOT NULL CHECK (value_count >= 0 AND value_count <= 8784),
  flagged_count INTEGER NOT NULL DEFAULT 0,
  import_id BIGINT REFERENCES monitoring_imports (id),
  checksum TEXT NOT NULL,
  updated_at TEXT NOT NULL DEFAULT {{now}},
  UNIQUE (station_id, parameter, year)
);

-- Assessed values of cities and stations with their provenance (DESIGN.md §3).
CREATE TABLE air_assessments (
  id {{id}},
  level TEXT NOT NULL CHECK (level IN ('city', 'station')),
  entity_code TEXT NOT NULL,
  period TEXT NOT NULL,
  pollutant TEXT NOT NULL,
  statistic TEXT NOT NULL,
  value {{real}},
  valid INTEGER NOT NULL DEFAULT 0 CHECK (valid IN (0, 1)),
  data_capture {{real}},
  verdict TEXT,
  rule_set_id TEXT NOT NULL,
  rule_set_version TEXT NOT NULL,
  time_from TEXT NOT NULL,
  time_to TEXT NOT NULL,
  input_checksum TEXT NOT NULL,
  computed_at TEXT NOT NULL DEFAULT {{now}},
  UNIQUE (level, entity_code, period, pollutant, statistic, rule_set_id)
);
CREATE INDEX air_assessments_entity ON air_assessments (entity_code, period);
