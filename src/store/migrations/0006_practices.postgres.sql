-- 0006 practices, PostgreSQL: the full-text index (tsvector + GIN). Rows are
-- written by PracticeRepository with text already normalised (lower-case
-- words and overlapping CJK bigrams, space-separated), so the 'simple'
-- configuration (no stemming, no stop words) only splits on spaces; titles
-- weigh A, bodies B.
CREATE TABLE practice_search (
  practice_id BIGINT PRIMARY KEY REFERENCES practices (id) ON DELETE CASCADE,
  title_en TEXT NOT NULL DEFAULT '',
  body_en TEXT NOT NULL DEFAULT '',
  title_local TEXT NOT NULL DEFAULT '',
  body_local TEXT NOT NULL DEFAULT '',
  tsv_en tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, title_en), 'A') ||
    setweight(to_tsvector('simple'::regconfig, body_en), 'B')) STORED,
  tsv_local tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, title_local), 'A') ||
    setweight(to_tsvector('simple'::regconfig, body_local), 'B')) STORED,
  tsv_all tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, title_en), 'A') ||
    setweight(to_tsvector('simple'::regconfig, body_en), 'B') ||
    setweight(to_tsvector('simple'::regconfig, title_local), 'A') ||
    setweight(to_tsvector('simple'::regconfig, body_local), 'B')) STORED
);
CREATE INDEX practice_search_en ON practice_search USING GIN (tsv_en);
CREATE INDEX practice_search_local ON practice_search USING GIN (tsv_local);
CREATE INDEX practice_search_all ON practice_search USING GIN (tsv_all);
