-- 0009 events: seminars, workshops, network meetings, training courses and
-- missions with their organisations, sessions, participants, documents,
-- decisions, follow-up actions and links (src/core/event.h,
-- src/store/event_repository.h, docs/events.md).
-- Portable SQL; {{id}}, {{now}} are dialect tokens (src/store/migrations.h).
-- Dates are TEXT 'YYYY-MM-DD', or 'YYYY-MM' when only the month is known.
-- Child rows are replaced whole when an event is saved. Links name other
-- records by (kind, ref) without a foreign key, so that practices, requests
-- and pilots (other areas' tables) can change without touching this schema.

CREATE TABLE events (
  id {{id}},
  code TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('seminar', 'workshop', 'network-meeting', 'training-course',
                                     'mission', 'conference')),
  status TEXT NOT NULL DEFAULT 'held' CHECK (status IN ('planned', 'held', 'cancelled')),
  title TEXT NOT NULL,
  title_local TEXT NOT NULL DEFAULT '',
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL DEFAULT '',
  dates_note TEXT NOT NULL DEFAULT '',
  venue TEXT NOT NULL DEFAULT '',
  city_id BIGINT REFERENCES cities (id),
  country_id BIGINT REFERENCES countries (id),
  summary TEXT NOT NULL DEFAULT '',
  data_status TEXT NOT NULL DEFAULT 'real' CHECK (data_status IN ('real', 'illustrative')),
  note TEXT NOT NULL DEFAULT '',
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL DEFAULT {{now}}
);
CREATE INDEX events_start ON events (start_date);

CREATE TABLE event_organisations (
  id {{id}},
  event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  organisation_id BIGINT NOT NULL REFERENCES organisations (id),
  role TEXT NOT NULL CHECK (role IN ('organiser', 'co-organiser', 'host', 'sponsor', 'co-sponsor',
                                     'supporter')),
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX event_organisations_event ON event_organisations (event_id);

CREATE TABLE event_sessions (
  id {{id}},
  event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT '',
  date TEXT NOT NULL DEFAULT '',
  start_time TEXT NOT NULL DEFAULT '',
  end_time TEXT NOT NULL DEFAULT '',
  chairs TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '',
  UNIQUE (event_id, number)
);

CREATE TABLE event_participants (
  id {{id}},
  event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  organisation_id BIGINT REFERENCES organisations (id),
  city_id BIGINT REFERENCES cities (id),
  role TEXT NOT NULL DEFAULT '',
  count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1),
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX event_participants_event ON event_participants (event_id);

CREATE TABLE event_documents (
  id {{id}},
  event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  title TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX event_documents_event ON event_documents (event_id);

CREATE TABLE event_decisions (
  id {{id}},
  event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  text TEXT NOT NULL,
  UNIQUE (event_id, number)
);

-- Follow-up actions with owner, due date and status.
CREATE TABLE event_actions (
  id {{id}},
  event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  decision INTEGER,
  text TEXT NOT NULL,
  owner TEXT NOT NULL DEFAULT '',
  due_date TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in-progress', 'done', 'cancelled')),
  note TEXT NOT NULL DEFAULT '',
  UNIQUE (event_id, number)
);

CREATE TABLE event_links (
  id {{id}},
  event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('city', 'practice', 'request', 'pilot', 'event', 'organisation')),
  ref TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX event_links_ref ON event_links (kind, ref);
CREATE INDEX event_links_event ON event_links (event_id);
