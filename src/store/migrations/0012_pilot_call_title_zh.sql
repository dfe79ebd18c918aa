-- 0012 pilot call title in Chinese: the app speaks English and Chinese, and a
-- call is announced to the member cities in both (docs/pilots.md). '' = no
-- Chinese title yet: readers then show the English `title`. Portable SQL:
-- ADD COLUMN with a constant default means the same in SQLite and PostgreSQL.
ALTER TABLE pilot_calls ADD COLUMN title_zh TEXT NOT NULL DEFAULT '';
