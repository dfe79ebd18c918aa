// The repository of network events (src/core/event.h), persisted in the
// tables of 0009_events.sql: one row per event plus its organisations,
// sessions, participants, documents, decisions, follow-up actions and links,
// which are replaced whole when the event is saved (events are small and are
// always written whole by the secretariat).
//
// Thin and stateless over an Executor& like the other repositories; Save is
// several statements, so callers run it inside Database::Transact. Every
// save records one audit_log row (entity "event", entity_id the code).
//
// Errors shared by every method: Unavailable and Internal from the Executor.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/result.h"
#include "core/status.h"
#include "store/database.h"

namespace kinet {

// Which events List returns; unset members do not filter.
struct EventQuery {
  std::optional<std::string> kind;
  // Held in this city, or linked to it (a link of kind "city").
  std::optional<std::string> city_code;
  std::optional<std::string> from;  // start_date >= from
  std::optional<std::string> to;    // start_date <= to (a "YYYY-MM" start counts as its month)
  // Events with a link (kind, ref), e.g. ("request", "12").
  std::optional<std::string> link_kind;
  std::optional<std::string> link_ref;
};

class EventRepository {
 public:
  explicit EventRepository(Executor& db) : db_(db) {}

  // Inserts the event (e.id not valid) or replaces the event with id e.id
  // and all its child rows; returns the stored event. The organisations,
  // cities and countries it names must exist: InvalidArgument naming the
  // field ("organisations[1].organisation", "participants[0].city", "city",
  // "country") otherwise. AlreadyExists when another event has the code;
  // NotFound when e.id names no event.
  Result<Event> Save(const Event& e, std::string_view actor);
  // NotFound when there is none.
  Result<Event> Find(EventId id);
  Result<Event> FindByCode(std::string_view code);
  // Matching events ordered by start date, then code, each whole.
  Result<std::vector<Event>> List(const EventQuery& query = {});

 private:
  Result<Event> Load(const Row& row);
  Executor& db_;
};

}  // namespace kinet
