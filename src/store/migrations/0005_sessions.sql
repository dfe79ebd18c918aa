-- 0005 sessions: accounts for the web server (DESIGN.md §8, docs/api.md).
-- Sessions, API tokens and login rate-limit counters live here, not in a
-- server's memory, so several `kinet serve` processes can share one database.
-- Tokens are never stored: only a BLAKE2b-256 hash (hex) of the random token.
-- Timestamps are TEXT 'YYYY-MM-DDTHH:MM:SSZ' (UTC), compared as text.

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created TEXT NOT NULL DEFAULT {{now}},
  expires TEXT NOT NULL,
  last_seen TEXT NOT NULL DEFAULT {{now}}
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires);

CREATE TABLE api_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  created TEXT NOT NULL DEFAULT {{now}},
  last_used TEXT,
  revoked TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- One fixed window per key: "email:<address>" or "addr:<client address>".
CREATE TABLE login_attempts (
  key TEXT PRIMARY KEY,
  window_start TEXT NOT NULL,
  count INTEGER NOT NULL DEFAULT 0
);
