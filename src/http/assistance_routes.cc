// The routes of assistance programmes, requests and notifications
// (docs/api.md "Assistance programmes, requests and notifications";
// openapi/assistance.json). Handlers parse the request, call
// AssistanceService / NotificationService with the principal and write the
// shapes of service/assistance_json.h (the same JSON as `kinet programme|
// request|notification --format json`); the service decides permissions.
//
// Usage facts: a few dozen programmes and a few hundred requests, so lists
// are read whole and paginated in memory.
#include <charconv>

#include <fmt/format.h>

#include "http/api.h"
#include "http/json_codec.h"
#include "http/routes.h"
#include "service/assistance_json.h"
#include "service/notification_service.h"

namespace kinet {
namespace {

using nlohmann::json;

// The numeric {id} of the path; InvalidArgument (field "id") otherwise.
Result<std::int64_t> PathId(const Call& call) {
  const std::string& text = call.Path("id");
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) {
    return InvalidArgument(fmt::format("'{}' is not an id (a positive integer)", text), "id");
  }
  return id;
}

// ---- programmes ---------------------------------------------------------------

Status GetProgrammes(Call& call) {
  KINET_ASSIGN_OR_RETURN(PageRequest page, ParsePage(call));
  ProgrammeFilter filter;
  filter.agency_code = call.Query("agency");
  if (std::optional<std::string> type = call.Query("type")) {
    filter.type = ParseAssistanceType(*type);
    if (!filter.type) return InvalidArgument(fmt::format("unknown type '{}'", *type), "type");
  }
  filter.theme = call.Query("theme");
  KINET_ASSIGN_OR_RETURN(std::vector<Programme> all, call.api.assistance.ListProgrammes(filter));
  call.Json(Paginate(all, page, [](const Programme& p) { return ToJson(p); }));
  return OkStatus();
}

Status PostProgramme(Call& call) {
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  KINET_ASSIGN_OR_RETURN(Programme input, ProgrammeFromJson(body));
  KINET_ASSIGN_OR_RETURN(Programme stored,
                         call.api.assistance.CreateProgramme(call.principal, input));
  call.Json(ToJson(stored), 201);
  return OkStatus();
}

Status GetProgramme(Call& call) {
  KINET_ASSIGN_OR_RETURN(Programme p, call.api.assistance.FindProgramme(call.Path("code")));
  call.Json(ToJson(p));
  return OkStatus();
}

Status PutProgramme(Call& call) {
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  body["code"] = call.Path("code");
  KINET_ASSIGN_OR_RETURN(Programme input, ProgrammeFromJson(body));
  KINET_ASSIGN_OR_RETURN(Programme stored,
                         call.api.assistance.UpdateProgramme(call.principal, input));
  call.Json(ToJson(stored));
  return OkStatus();
}

// ---- requests -------------------------------------------------------------------

Status GetRequests(Call& call) {
  KINET_ASSIGN_OR_RETURN(PageRequest page, ParsePage(call));
  RequestQuery q;
  q.city_code = call.Query("city");
  if (std::optional<std::string> status = call.Query("status")) {
    q.status = ParseRequestStatus(*status);
    if (!q.status) return InvalidArgument(fmt::format("unknown status '{}'", *status), "status");
  }
  q.programme_code = call.Query("programme");
  KINET_ASSIGN_OR_RETURN(std::vector<AssistanceRequest> all,
                         call.api.assistance.ListRequests(call.principal, q));
  call.Json(Paginate(all, page, [](const AssistanceRequest& r) { return ToJson(r); }));
  return OkStatus();
}

Status PostRequest(Call& call) {
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  KINET_ASSIGN_OR_RETURN(AssistanceRequest input, RequestFromJson(body));
  KINET_ASSIGN_OR_RETURN(AssistanceRequest stored,
                         call.api.assistance.CreateRequest(call.principal, input));
  call.Json(ToJson(stored), 201);
  return OkStatus();
}

Status GetRequest(Call& call) {
  KINET_ASSIGN_OR_RETURN(std::int64_t id, PathId(call));
  KINET_ASSIGN_OR_RETURN(AssistanceRequest r,
                         call.api.assistance.GetRequest(call.principal, RequestId(id)));
  call.Json(ToJson(r));
  return OkStatus();
}

Status PutRequest(Call& call) {
  KINET_ASSIGN_OR_RETURN(std::int64_t id, PathId(call));
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  KINET_ASSIGN_OR_RETURN(AssistanceRequest input, RequestFromJson(body));
  input.id = RequestId(id);
  KINET_ASSIGN_OR_RETURN(AssistanceRequest stored,
                         call.api.assistance.UpdateRequest(call.principal, input));
  call.Json(ToJson(stored));
  return OkStatus();
}

Status PostTransition(Call& call) {
  KINET_ASSIGN_OR_RETURN(std::int64_t id, PathId(call));
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  KINET_ASSIGN_OR_RETURN(RequestTransition step, TransitionFromJson(body));
  KINET_ASSIGN_OR_RETURN(AssistanceRequest r,
                         call.api.assistance.Transition(call.principal, RequestId(id), step));
  call.Json(ToJson(r));
  return OkStatus();
}

Status GetMatches(Call& call) {
  KINET_ASSIGN_OR_RETURN(std::int64_t id, PathId(call));
  KINET_ASSIGN_OR_RETURN(ProgrammeMatches m,
                         call.api.assistance.Match(call.principal, RequestId(id)));
  call.Json(ToJson(m));
  return OkStatus();
}

// ---- notifications --------------------------------------------------------------

Status GetNotifications(Call& call) {
  KINET_ASSIGN_OR_RETURN(PageRequest page, ParsePage(call));
  bool unread = false;
  if (std::optional<std::string> u = call.Query("unread")) {
    if (*u != "true" && *u != "false")
      return InvalidArgument("unread must be true or false", "unread");
    unread = *u == "true";
  }
  KINET_ASSIGN_OR_RETURN(
      NotificationPage notes,
      call.api.notifications.List(call.principal, unread, page.per_page, page.offset()));
  json items = json::array();
  for (const Notification& n : notes.items) items.push_back(ToJson(n));
  json out = PageJson(std::move(items), page, notes.total);
  out["unread"] = notes.unread;
  call.Json(out);
  return OkStatus();
}

Status PostNotificationRead(Call& call) {
  KINET_ASSIGN_OR_RETURN(std::int64_t id, PathId(call));
  KINET_ASSIGN_OR_RETURN(Notification n, call.api.notifications.MarkRead(call.principal, id));
  call.Json(ToJson(n));
  return OkStatus();
}

Status PostNotificationsReadAll(Call& call) {
  KINET_ASSIGN_OR_RETURN(std::int64_t n, call.api.notifications.MarkAllRead(call.principal));
  call.Json({{"marked", n}});
  return OkStatus();
}

constexpr Route kRoutes[] = {
    {"GET", "/api/v1/programmes", BodyKind::kNone, GetProgrammes},
    {"POST", "/api/v1/programmes", BodyKind::kJson, PostProgramme},
    {"GET", "/api/v1/programmes/{code}", BodyKind::kNone, GetProgramme},
    {"PUT", "/api/v1/programmes/{code}", BodyKind::kJson, PutProgramme},
    {"GET", "/api/v1/requests", BodyKind::kNone, GetRequests},
    {"POST", "/api/v1/requests", BodyKind::kJson, PostRequest},
    {"GET", "/api/v1/requests/{id}", BodyKind::kNone, GetRequest},
    {"PUT", "/api/v1/requests/{id}", BodyKind::kJson, PutRequest},
    {"POST", "/api/v1/requests/{id}/transitions", BodyKind::kJson, PostTransition},
    {"GET", "/api/v1/requests/{id}/matches", BodyKind::kNone, GetMatches},
    {"GET", "/api/v1/notifications", BodyKind::kNone, GetNotifications},
    {"POST", "/api/v1/notifications/{id}/read", BodyKind::kNone, PostNotificationRead},
    {"POST", "/api/v1/notifications/read-all", BodyKind::kNone, PostNotificationsReadAll},
};

}  // namespace

std::span<const Route> AssistanceRoutes() { return kRoutes; }

}  // namespace kinet
