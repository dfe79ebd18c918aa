// The HTTP API's route table and the per-request context its handlers get
// (docs/api.md is the user's description, openapi.json the machine's).
//
// A request flows: httplib worker → Dispatch (server.cc: authenticate,
// CSRF, body limit, the one catch) → the route's handler (thin: parse the
// request, call one service with the principal, write JSON) → a non-OK Status
// returned by the handler becomes the error body through http_status.h.
// Permissions are never decided here: handlers pass the principal on.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/result.h"
#include "service/assistance_service.h"
#include "service/auth_service.h"
#include "service/event_service.h"
#include "service/indicator_service.h"
#include "service/match_service.h"
#include "service/monitoring_service.h"
#include "service/network_service.h"
#include "service/notification_service.h"
#include "service/pilot_service.h"
#include "service/practice_service.h"
#include "service/problem_service.h"
#include "service/scheme_service.h"
#include "service/target_service.h"
#include "store/database.h"

namespace kinet {

class PdfRenderings;  // http/pdf_renderings.h

// The services every request may use. Shared by all worker threads; each
// service is thread-safe (they hold only the Database, itself a pool).
struct ApiServices {
  Database& db;
  NetworkService network;
  AuthService auth;
  MonitoringService monitoring;
  IndicatorService indicators;  // indicators, values (indicator_routes.cc)
  TargetService targets;
  SchemeService schemes;
  PilotService pilots;                // pilot programme (pilot_routes.cc)
  PracticeService practices;          // best practices (practice_routes.cc)
  ProblemService problems;            // problem profiles (match_routes.cc)
  MatchService matches;               // matching (match_routes.cc)
  AssistanceService assistance;       // programmes, requests (assistance_routes.cc)
  NotificationService notifications;  // in-app notifications (assistance_routes.cc)
  EventService events;                // events (event_routes.cc)

  ApiServices(Database& database, AuthOptions auth_options)
      : db(database),
        network(database),
        auth(database, std::move(auth_options)),
        monitoring(database),
        indicators(database),
        targets(database),
        schemes(database),
        pilots(database),
        practices(database),
        problems(database),
        matches(database),
        assistance(database),
        notifications(database),
        events(database) {}
};

// One request as a handler sees it.
struct Call {
  const httplib::Request& req;
  httplib::Response& res;
  ApiServices& api;
  Principal principal;                     // anonymous unless a credential was valid
  std::optional<Authenticated> signed_in;  // the user, when signed in
  std::string session_token;               // the cookie's token, when signed in by cookie
  std::map<std::string, std::string, std::less<>> path;  // {name} values of the route
  // What the server knows of the connection (server.h ServerOptions): the
  // client's address (the peer, or behind a trusted proxy the last
  // X-Forwarded-For entry), whether cookies must be Secure, and its PDF slots.
  std::string client_address;
  bool secure_cookies = false;
  PdfRenderings* pdf = nullptr;

  // The path parameter `name` ("" when the route has none of that name).
  const std::string& Path(std::string_view name) const;
  // The query parameter `name`, or nullopt when absent or empty.
  std::optional<std::string> Query(std::string_view name) const;
  // Parses the query parameter as an integer. InvalidArgument (field = name)
  // when present but not an integer in [min, max].
  Result<std::optional<std::int64_t>> QueryInt(std::string_view name, std::int64_t min,
                                               std::int64_t max) const;
  // The request body as a JSON object. InvalidArgument (field "body") when it
  // is not valid JSON or not an object.
  Result<nlohmann::json> JsonBody() const;

  // Writes `body` as JSON with HTTP status `http_status`.
  void Json(const nlohmann::json& body, int http_status = 200);
  // The Set-Cookie value of the session cookie holding `token` for
  // `max_age_seconds` (0 with "" deletes it); Secure when secure_cookies.
  std::string SessionCookie(std::string_view token, int max_age_seconds) const;
};

// page/per_page of a list request (docs/api.md "Pagination").
struct PageRequest {
  std::int64_t page = 1;
  std::int64_t per_page = 50;
  std::int64_t offset() const { return (page - 1) * per_page; }
};
// InvalidArgument (field "page"/"per_page") outside 1.. / 1..500.
Result<PageRequest> ParsePage(const Call& call);
// {"items": items, "page", "per_page", "total"}.
nlohmann::json PageJson(nlohmann::json items, const PageRequest& page, std::int64_t total);
// One page of `all`, converted with `to_json`.
template <typename T, typename F>
nlohmann::json Paginate(const std::vector<T>& all, const PageRequest& page, F to_json) {
  nlohmann::json items = nlohmann::json::array();
  const auto total = static_cast<std::int64_t>(all.size());
  for (std::int64_t i = page.offset(); i < total && i < page.offset() + page.per_page; ++i) {
    items.push_back(to_json(all[static_cast<std::size_t>(i)]));
  }
  return PageJson(std::move(items), page, total);
}

// What a route's body is; decides the size limit.
enum class BodyKind : std::uint8_t {
  kNone,    // GET, DELETE, or a POST without a body
  kJson,    // application/json, at most kJsonBodyLimit bytes
  kUpload,  // multipart/form-data, at most kUploadBodyLimit bytes
};
inline constexpr std::size_t kJsonBodyLimit = 1 << 20;     // 1 MiB
inline constexpr std::size_t kUploadBodyLimit = 32 << 20;  // 32 MiB

using Handler = Status (*)(Call&);

struct Route {
  std::string_view method;  // "GET", "POST", "PUT", "DELETE"
  std::string_view path;    // OpenAPI template: "/api/v1/cities/{code}"
  BodyKind body;
  Handler handler;
};

// The route table (api_routes.cc): every route of /api/v1, in the order of
// docs/api.md. The OpenAPI test checks it against openapi.json both ways.
std::span<const Route> ApiRoutes();

// The OpenAPI 3 document served at /api/v1/openapi.json (src/http/openapi.json,
// compiled in).
std::string_view OpenApiDocument();

}  // namespace kinet
