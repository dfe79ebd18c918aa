// Use cases of network events (issue 7; docs/events.md): list and read them
// (public), record and change them (secretariat, kManageEvents), set a
// follow-up action's status, import them from JSON files, and the JSON shape
// shared by the CLI (`kinet event`), the API (src/http/event_routes.cc) and
// the sample (data/sample/events.json).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/event.h"
#include "core/result.h"
#include "service/permissions.h"
#include "store/database.h"
#include "store/event_repository.h"

namespace kinet {

// The Event shape of docs/api.md (keys as in src/http/openapi/events.json).
nlohmann::json EventToJson(const Event& e);
// An Event from its JSON shape; id, updated_by and updated_at are ignored.
// InvalidArgument naming the key ("sessions[1].start_time") for a wrong type
// or a missing required key (code, kind, title, start_date). Does not call
// ValidateEvent.
Result<Event> EventFromJson(const nlohmann::json& j);
// The events of a JSON file holding one event object or an array of them;
// errors name `source` and the event's position ("events.json: event 2
// (code x): ...").
Result<std::vector<Event>> ParseEventsJson(std::string_view text, std::string_view source);

class EventService {
 public:
  explicit EventService(Database& db) : db_(db) {}

  // Events matching `query`, by start date. NotFound for an unknown city.
  Result<std::vector<Event>> List(const EventQuery& query = {});
  // The event with numeric id `key`, or else with code `key`. NotFound.
  Result<Event> Find(std::string_view key);
  // Records a new event: kManageEvents; ValidateEvent and the references
  // (organisations, cities, countries) checked; AlreadyExists for a taken code.
  Result<Event> Create(const Principal& who, const Event& event);
  // Replaces event `key` whole with `event` (whose code may change).
  Result<Event> Update(const Principal& who, std::string_view key, const Event& event);
  // Sets the status (and note, when given) of follow-up action `number`.
  // NotFound for an unknown action; InvalidArgument for an unknown status.
  Result<Event> SetActionStatus(const Principal& who, std::string_view key, int number,
                                std::string_view status, std::optional<std::string> note);
  // Creates each event, or replaces the one with the same code, all in one
  // transaction: every event or none. Errors name `source` and the event.
  Result<int> Import(const Principal& who, const std::vector<Event>& events,
                     std::string_view source);

 private:
  Database& db_;
};

// Stores the compiled-in sample events (data/sample/events.json: the
// Beijing seminar of 20 March 2001 and the meetings it announced) as the
// operator "sample-loader". Needs the sample network. Returns the number.
Result<int> LoadSampleEvents(Database& db);

}  // namespace kinet
