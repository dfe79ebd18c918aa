-- 0006 practices, SQLite: the full-text index (FTS5). Rows are written by
-- PracticeRepository (rowid = practices.id) with text already normalised:
-- lower-case words and overlapping CJK bigrams, space-separated
-- (store/practice_repository.h, SearchTokens), so the unicode61 tokenizer
-- only splits on spaces and Chinese needs no special tokenizer.
CREATE VIRTUAL TABLE practice_fts USING fts5(title_en, body_en, title_local, body_local,
                                             tokenize = 'unicode61');
