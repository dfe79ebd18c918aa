-- 0006 practices: best practices with their taxonomy tags, lists, quantified
-- results, contacts and links; reviews; adoptions (uptake)
-- (src/core/practice.h, src/store/practice_repository.h, docs/practices.md).
-- Portable SQL; {{id}}, {{real}}, {{now}} are dialect tokens (src/store/migrations.h).
-- The full-text index is dialect-specific: 0006_practices.sqlite.sql (FTS5)
-- and 0006_practices.postgres.sql (tsvector + GIN).
-- Who changed a practice and when goes to audit_log (0001), entity 'practice'.

CREATE TABLE practices (
  id {{id}},
  code TEXT NOT NULL UNIQUE,
  city_id BIGINT NOT NULL REFERENCES cities (id),
  title_en TEXT NOT NULL,
  title_local TEXT NOT NULL DEFAULT '',
  local_language TEXT NOT NULL DEFAULT '',
  summary_en TEXT NOT NULL DEFAULT '',
  summary_local TEXT NOT NULL DEFAULT '',
  start_year INTEGER NOT NULL,
  end_year INTEGER,
  situation_before TEXT NOT NULL DEFAULT '',
  objectives TEXT NOT NULL DEFAULT '',
  measures TEXT NOT NULL DEFAULT '',
  cost TEXT NOT NULL DEFAULT '',
  cost_usd {{real}},
  lessons TEXT NOT NULL DEFAULT '',
  transfer_conditions TEXT NOT NULL DEFAULT '',
  data_status TEXT NOT NULL DEFAULT 'illustrative' CHECK (data_status IN ('real', 'illustrative')),
  status TEXT NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'submitted', 'reviewed', 'published')),
  published_at TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT {{now}},
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL DEFAULT {{now}},
  CHECK (end_year IS NULL OR end_year >= start_year)
);
CREATE INDEX practices_city ON practices (city_id);

-- Taxonomy codes (standards/practices/taxonomy.toml), in the record's order.
CREATE TABLE practice_tags (
  practice_id BIGINT NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('theme', 'measure_type')),
  position INTEGER NOT NULL,
  code TEXT NOT NULL,
  PRIMARY KEY (practice_id, kind, position),
  UNIQUE (practice_id, kind, code)
);
CREATE INDEX practice_tags_code ON practice_tags (kind, code);

-- Short lists of text: funding sources and partners.
CREATE TABLE practice_list_items (
  practice_id BIGINT NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('funding_source', 'partner')),
  position INTEGER NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (practice_id, kind, position)
);

-- Quantified results, each on one indicator of the practice's city, with the
-- periods before and after (inclusive years).
CREATE TABLE practice_results (
  practice_id BIGINT NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  indicator_id BIGINT NOT NULL REFERENCES indicators (id),
  description TEXT NOT NULL DEFAULT '',
  before_from INTEGER NOT NULL,
  before_to INTEGER NOT NULL,
  after_from INTEGER NOT NULL,
  after_to INTEGER NOT NULL,
  claimed_before {{real}},
  claimed_after {{real}},
  PRIMARY KEY (practice_id, position),
  CHECK (before_from <= before_to AND after_from <= after_to AND after_from > before_to)
);
CREATE INDEX practice_results_indicator ON practice_results (indicator_id);

CREATE TABLE practice_contacts (
  practice_id BIGINT NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  organisation TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (practice_id, position)
);

-- Links to documents, reports and web pages (attachments are links too).
CREATE TABLE practice_links (
  practice_id BIGINT NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL,
  PRIMARY KEY (practice_id, position)
);

-- Reviews and comments, kept for the life of the practice.
CREATE TABLE practice_reviews (
  id {{id}},
  practice_id BIGINT NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  reviewer TEXT NOT NULL,
  reviewer_role TEXT NOT NULL,
  verdict TEXT NOT NULL CHECK (verdict IN ('accept', 'revise', 'comment')),
  comment TEXT NOT NULL DEFAULT '',
  at TEXT NOT NULL DEFAULT {{now}}
);
CREATE INDEX practice_reviews_practice ON practice_reviews (practice_id);

-- Uptake: a city adopted a practice in a year, inspired by it.
CREATE TABLE practice_adoptions (
  id {{id}},
  practice_id BIGINT NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  city_id BIGINT NOT NULL REFERENCES cities (id),
  year INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  data_status TEXT NOT NULL DEFAULT 'illustrative' CHECK (data_status IN ('real', 'illustrative')),
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL DEFAULT {{now}},
  UNIQUE (practice_id, city_id)
);
