-- 0001 registry: the network registry of DESIGN.md §2.4 (src/core/network.h).
-- Portable SQL; {{id}}, {{real}}, {{now}} are dialect tokens (src/store/README.md).
-- Dates are TEXT 'YYYY-MM-DD', timestamps TEXT 'YYYY-MM-DDTHH:MM:SSZ' (UTC).
-- Lists (modalities, benefits, obligations) are ';'-joined codes.

CREATE TABLE countries (
  id {{id}},
  code TEXT NOT NULL UNIQUE,
  name_en TEXT NOT NULL,
  name_local TEXT NOT NULL DEFAULT '',
  region TEXT NOT NULL DEFAULT '',
  size_scheme TEXT NOT NULL DEFAULT 'generic'
);

CREATE TABLE cities (
  id {{id}},
  code TEXT NOT NULL UNIQUE,
  country_id BIGINT NOT NULL REFERENCES countries (id),
  name_en TEXT NOT NULL,
  name_local TEXT NOT NULL DEFAULT '',
  province_en TEXT NOT NULL DEFAULT '',
  province_local TEXT NOT NULL DEFAULT '',
  lat {{real}} CHECK (lat IS NULL OR (lat >= -90 AND lat <= 90)),
  lon {{real}} CHECK (lon IS NULL OR (lon >= -180 AND lon <= 180)),
  time_zone TEXT NOT NULL DEFAULT '',
  population_persons BIGINT CHECK (population_persons IS NULL OR population_persons >= 0),
  population_year INTEGER,
  population_kind TEXT,
  population_source TEXT,
  area_km2 {{real}} CHECK (area_km2 IS NULL OR area_km2 > 0),
  area_source TEXT NOT NULL DEFAULT '',
  data_status TEXT NOT NULL DEFAULT 'illustrative'
    CHECK (data_status IN ('real', 'illustrative')),
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX cities_country ON cities (country_id);
CREATE INDEX cities_name_en ON cities (lower(name_en));
CREATE INDEX cities_name_local ON cities (lower(name_local));

CREATE TABLE members (
  id {{id}},
  city_id BIGINT NOT NULL UNIQUE REFERENCES cities (id),
  joined TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'suspended', 'withdrawn')),
  modalities TEXT NOT NULL DEFAULT '',
  benefits_accepted TEXT NOT NULL DEFAULT '',
  obligations_accepted TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  data_status TEXT NOT NULL DEFAULT 'illustrative'
    CHECK (data_status IN ('real', 'illustrative'))
);

CREATE TABLE organisations (
  id {{id}},
  code TEXT NOT NULL UNIQUE,
  acronym TEXT NOT NULL DEFAULT '',
  name_en TEXT NOT NULL,
  name_local TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL
    CHECK (type IN ('secretariat', 'national-coordinator', 'agency', 'institute',
                    'city-government', 'ngo', 'un-body', 'ministry')),
  country_id BIGINT REFERENCES countries (id),
  note TEXT NOT NULL DEFAULT '',
  data_status TEXT NOT NULL DEFAULT 'illustrative'
    CHECK (data_status IN ('real', 'illustrative'))
);

CREATE TABLE users (
  id {{id}},
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL
    CHECK (role IN ('secretariat', 'national-coordinator', 'city-officer', 'agency-officer',
                    'expert', 'public')),
  scope TEXT NOT NULL DEFAULT '',
  organisation_id BIGINT REFERENCES organisations (id),
  password_hash TEXT NOT NULL DEFAULT '',
  data_status TEXT NOT NULL DEFAULT 'illustrative'
    CHECK (data_status IN ('real', 'illustrative')),
  created_at TEXT NOT NULL DEFAULT {{now}}
);

-- Every data change, for later issues (DESIGN.md §8: who, when, old -> new).
CREATE TABLE audit_log (
  id {{id}},
  at TEXT NOT NULL DEFAULT {{now}},
  actor TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  field TEXT,
  old_value TEXT,
  new_value TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_at ON audit_log (at);
