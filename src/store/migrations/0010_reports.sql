-- 0010 reports: the narrative of a city's annual report, written by the city
-- officer per city, year and language (src/store/report_repository.h,
-- docs/reports.md). Everything else in a report is generated from the data
-- when it is rendered; only what a person writes is stored here.
-- Portable SQL; {{id}}, {{now}} are dialect tokens (src/store/migrations.h).
-- Who changed a narrative and when goes to audit_log (0001), entity 'city_report'.

-- status: a draft is read by those who may read the city's unpublished data;
-- a published narrative is public.
CREATE TABLE city_reports (
  id {{id}},
  city_id BIGINT NOT NULL REFERENCES cities (id),
  year INTEGER NOT NULL CHECK (year >= 1900 AND year <= 2200),
  lang TEXT NOT NULL CHECK (lang IN ('en', 'zh')),
  summary TEXT NOT NULL DEFAULT '',
  achievements TEXT NOT NULL DEFAULT '',
  challenges TEXT NOT NULL DEFAULT '',
  needs TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL DEFAULT {{now}},
  UNIQUE (city_id, year, lang)
);
