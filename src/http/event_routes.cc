// The routes of network events (docs/api.md "Events"; openapi/events.json).
// Handlers parse the request, call EventService with the principal and
// write the Event shape of service/event_service.h (the same JSON as
// `kinet event show ID --format json`). {id} is the numeric id or the code.
//
// Usage facts: a few events a year, read whole and paginated in memory.
#include <charconv>

#include <fmt/format.h>

#include "http/api.h"
#include "http/json_codec.h"
#include "http/routes.h"
#include "service/event_service.h"

namespace kinet {
namespace {

using nlohmann::json;

Status GetEvents(Call& call) {
  KINET_ASSIGN_OR_RETURN(PageRequest page, ParsePage(call));
  EventQuery q;
  q.kind = call.Query("kind");
  q.city_code = call.Query("city");
  q.from = call.Query("from");
  q.to = call.Query("to");
  q.link_kind = call.Query("link_kind");
  q.link_ref = call.Query("link_ref");
  if (q.link_kind.has_value() != q.link_ref.has_value()) {
    return InvalidArgument("link_kind and link_ref go together",
                           q.link_kind ? "link_ref" : "link_kind");
  }
  if (q.kind && !IsEventKind(*q.kind)) {
    return InvalidArgument(fmt::format("unknown kind '{}'", *q.kind), "kind");
  }
  KINET_ASSIGN_OR_RETURN(std::vector<Event> all, call.api.events.List(q));
  call.Json(Paginate(all, page, [](const Event& e) { return EventToJson(e); }));
  return OkStatus();
}

Status PostEvent(Call& call) {
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  KINET_ASSIGN_OR_RETURN(Event input, EventFromJson(body));
  KINET_ASSIGN_OR_RETURN(Event stored, call.api.events.Create(call.principal, input));
  call.Json(EventToJson(stored), 201);
  return OkStatus();
}

Status GetEvent(Call& call) {
  KINET_ASSIGN_OR_RETURN(Event e, call.api.events.Find(call.Path("id")));
  call.Json(EventToJson(e));
  return OkStatus();
}

Status PutEvent(Call& call) {
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  KINET_ASSIGN_OR_RETURN(Event input, EventFromJson(body));
  KINET_ASSIGN_OR_RETURN(Event stored,
                         call.api.events.Update(call.principal, call.Path("id"), input));
  call.Json(EventToJson(stored));
  return OkStatus();
}

Status PutEventAction(Call& call) {
  const std::string& text = call.Path("number");
  int number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || end != text.data() + text.size() || number <= 0) {
    return InvalidArgument(fmt::format("'{}' is not an action number", text), "number");
  }
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  KINET_ASSIGN_OR_RETURN(std::string status, RequiredString(body, "status"));
  KINET_ASSIGN_OR_RETURN(std::optional<std::string> note, OptionalString(body, "note"));
  KINET_ASSIGN_OR_RETURN(Event e, call.api.events.SetActionStatus(call.principal, call.Path("id"),
                                                                  number, status, std::move(note)));
  call.Json(EventToJson(e));
  return OkStatus();
}

constexpr Route kRoutes[] = {
    {"GET", "/api/v1/events", BodyKind::kNone, GetEvents},
    {"POST", "/api/v1/events", BodyKind::kJson, PostEvent},
    {"GET", "/api/v1/events/{id}", BodyKind::kNone, GetEvent},
    {"PUT", "/api/v1/events/{id}", BodyKind::kJson, PutEvent},
    {"PUT", "/api/v1/events/{id}/actions/{number}", BodyKind::kJson, PutEventAction},
};

}  // namespace

std::span<const Route> EventRoutes() { return kRoutes; }

}  // namespace kinet
