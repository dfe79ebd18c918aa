// The route table of /api/v1 and its handlers. Each handler parses the
// request, calls one service with the principal, and writes JSON; a failure
// is returned as a Status and written by the dispatcher (server.cc) through
// the one mapping of http_status.h.
#include <charconv>

#include <fmt/format.h>

#include "core/period.h"
#include "core/privacy.h"
#include "http/api.h"
#include "http/json_codec.h"
#include "http/routes.h"
#include "store/migrations.h"

namespace kinet {

using nlohmann::json;

// ---- Call ------------------------------------------------------------------

const std::string& Call::Path(std::string_view name) const {
  static const std::string kEmpty;
  auto it = path.find(name);
  return it == path.end() ? kEmpty : it->second;
}

std::optional<std::string> Call::Query(std::string_view name) const {
  std::string key(name);
  if (!req.has_param(key.c_str())) return std::nullopt;
  std::string v = req.get_param_value(key.c_str());
  if (v.empty()) return std::nullopt;
  return v;
}

Result<std::optional<std::int64_t>> Call::QueryInt(std::string_view name, std::int64_t min,
                                                   std::int64_t max) const {
  std::optional<std::string> text = Query(name);
  if (!text) return std::optional<std::int64_t>();
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || end != text->data() + text->size() || v < min || v > max) {
    return InvalidArgument(fmt::format("{} must be an integer from {} to {}", name, min, max),
                           std::string(name));
  }
  return std::optional<std::int64_t>(v);
}

Result<json> Call::JsonBody() const {
  json body = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return InvalidArgument("the request body is not valid JSON", "body");
  if (!body.is_object()) return InvalidArgument("the request body must be a JSON object", "body");
  return body;
}

namespace {

// Replaces the account identities in `j` (core/privacy.h) by null, at any
// depth: the anonymous public reads records without who wrote them.
void WithholdAccountIdentities(json& j) {
  if (j.is_object()) {
    for (auto& [key, value] : j.items()) {
      if (IsAccountIdentityField(key) && value.is_string()) {
        value = nullptr;
      } else {
        WithholdAccountIdentities(value);
      }
    }
  } else if (j.is_array()) {
    for (json& item : j) WithholdAccountIdentities(item);
  }
}

}  // namespace

void Call::Json(const json& body, int http_status) {
  res.status = http_status;
  if (principal.signed_in()) {
    res.set_content(body.dump(), "application/json; charset=utf-8");
    return;
  }
  json withheld = body;
  WithholdAccountIdentities(withheld);
  res.set_content(withheld.dump(), "application/json; charset=utf-8");
}

std::string Call::SessionCookie(std::string_view token, int max_age_seconds) const {
  return fmt::format("kinet_session={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}", token,
                     max_age_seconds, secure_cookies ? "; Secure" : "");
}

Result<PageRequest> ParsePage(const Call& call) {
  PageRequest page;
  KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> p, call.QueryInt("page", 1, 1'000'000));
  KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> n, call.QueryInt("per_page", 1, 500));
  if (p) page.page = *p;
  if (n) page.per_page = *n;
  return page;
}

json PageJson(json items, const PageRequest& page, std::int64_t total) {
  return {{"items", std::move(items)},
          {"page", page.page},
          {"per_page", page.per_page},
          {"total", total}};
}

namespace {

template <typename T>
json ItemJson(const T& value) {
  return ToJson(value);
}

Status NotSignedIn() { return Unauthenticated("sign in first"); }

// ---- health, documents -----------------------------------------------------

Status GetHealth(Call& call) {
  KINET_ASSIGN_OR_RETURN(SchemaInfo info, ReadSchemaInfo(call.api.db));
  call.Json({{"status", "ok"},
             {"version", "0.1.0"},
             {"database", std::string(BackendName(call.api.db.backend()))},
             {"schema_version", info.current_version}});
  return OkStatus();
}

Status GetOpenApi(Call& call) {
  call.res.set_content(std::string(OpenApiDocument()), "application/json; charset=utf-8");
  return OkStatus();
}

// ---- auth ------------------------------------------------------------------

Status PostLogin(Call& call) {
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  KINET_ASSIGN_OR_RETURN(std::string email, RequiredString(body, "email"));
  KINET_ASSIGN_OR_RETURN(std::string password, RequiredString(body, "password"));
  KINET_ASSIGN_OR_RETURN(LoginResult login,
                         call.api.auth.Login(email, password, call.client_address));
  call.res.set_header("Set-Cookie", call.SessionCookie(login.session_token, 12 * 3600));
  call.Json({{"user", ToJson(login.user)}, {"csrf_token", login.csrf_token}});
  return OkStatus();
}

Status PostLogout(Call& call) {
  if (!call.signed_in) return NotSignedIn();
  if (!call.session_token.empty()) {
    KINET_RETURN_IF_ERROR(call.api.auth.Logout(call.session_token));
  }
  call.res.set_header("Set-Cookie", call.SessionCookie("", 0));
  call.res.status = 204;
  return OkStatus();
}

Status GetMe(Call& call) {
  if (!call.signed_in) return NotSignedIn();
  const std::string& csrf = call.signed_in->csrf_token;
  call.Json(
      {{"user", ToJson(call.signed_in->user)}, {"csrf_token", csrf.empty() ? json() : json(csrf)}});
  return OkStatus();
}

// ---- registry --------------------------------------------------------------

Status GetCountries(Call& call) {
  KINET_ASSIGN_OR_RETURN(PageRequest page, ParsePage(call));
  KINET_ASSIGN_OR_RETURN(std::vector<Country> countries, call.api.network.ListCountries());
  call.Json(Paginate(countries, page, ItemJson<Country>));
  return OkStatus();
}

Result<std::optional<bool>> BoolQuery(const Call& call, std::string_view name) {
  std::optional<std::string> v = call.Query(name);
  if (!v) return std::optional<bool>();
  if (*v == "true" || *v == "1") return std::optional<bool>(true);
  if (*v == "false" || *v == "0") return std::optional<bool>(false);
  return InvalidArgument(fmt::format("{} must be true or false", name), std::string(name));
}

Status GetCities(Call& call) {
  KINET_ASSIGN_OR_RETURN(PageRequest page, ParsePage(call));
  CityQuery query;
  query.country_code = call.Query("country");
  KINET_ASSIGN_OR_RETURN(query.member, BoolQuery(call, "member"));
  query.text = call.Query("q").value_or("");
  KINET_ASSIGN_OR_RETURN(std::vector<CityProfile> cities, call.api.network.ListCities(query));
  call.Json(Paginate(cities, page, ItemJson<CityProfile>));
  return OkStatus();
}

Status PostCity(Call& call) {
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  KINET_ASSIGN_OR_RETURN(City city, CityFromJson(body));
  KINET_ASSIGN_OR_RETURN(CityProfile created, call.api.network.AddCity(call.principal, city));
  call.Json(ToJson(created), 201);
  return OkStatus();
}

Status GetCity(Call& call) {
  KINET_ASSIGN_OR_RETURN(CityProfile city, call.api.network.FindCity(call.Path("code")));
  call.Json(ToJson(city));
  return OkStatus();
}

Status PutCity(Call& call) {
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  KINET_ASSIGN_OR_RETURN(City city, CityFromJson(body));
  KINET_ASSIGN_OR_RETURN(CityProfile updated,
                         call.api.network.UpdateCity(call.principal, call.Path("code"), city));
  call.Json(ToJson(updated));
  return OkStatus();
}

Status GetMembers(Call& call) {
  KINET_ASSIGN_OR_RETURN(PageRequest page, ParsePage(call));
  std::optional<MemberStatus> status;
  if (std::optional<std::string> text = call.Query("status")) {
    status = ParseMemberStatus(*text);
    if (!status) {
      return InvalidArgument("status must be active, suspended or withdrawn", "status");
    }
  }
  KINET_ASSIGN_OR_RETURN(std::vector<CityProfile> members, call.api.network.ListMembers(status));
  call.Json(Paginate(members, page, ItemJson<CityProfile>));
  return OkStatus();
}

Status GetOrganisations(Call& call) {
  KINET_ASSIGN_OR_RETURN(PageRequest page, ParsePage(call));
  KINET_ASSIGN_OR_RETURN(std::vector<Organisation> orgs, call.api.network.ListOrganisations());
  call.Json(Paginate(orgs, page, ItemJson<Organisation>));
  return OkStatus();
}

// ---- users and audit -------------------------------------------------------

Status GetUsers(Call& call) {
  KINET_ASSIGN_OR_RETURN(PageRequest page, ParsePage(call));
  KINET_ASSIGN_OR_RETURN(std::vector<User> users, call.api.auth.ListUsers(call.principal));
  call.Json(Paginate(users, page, ItemJson<User>));
  return OkStatus();
}

Status PostUser(Call& call) {
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  KINET_ASSIGN_OR_RETURN(NewUser user, NewUserFromJson(body));
  KINET_ASSIGN_OR_RETURN(User created, call.api.auth.CreateUser(call.principal, user));
  call.Json(ToJson(created), 201);
  return OkStatus();
}

Status GetAudit(Call& call) {
  KINET_ASSIGN_OR_RETURN(PageRequest page, ParsePage(call));
  AuditQuery query;
  query.entity = call.Query("entity");
  query.entity_id = call.Query("entity_id");
  query.actor = call.Query("actor");
  query.limit = page.per_page;
  query.offset = page.offset();
  KINET_ASSIGN_OR_RETURN(AuditPage result, call.api.auth.ReadAudit(call.principal, query));
  json items = json::array();
  for (const AuditEntry& e : result.items) items.push_back(ToJson(e));
  call.Json(PageJson(std::move(items), page, result.total));
  return OkStatus();
}

// ---- air quality -----------------------------------------------------------

Status GetAirAnnual(Call& call) {
  KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> year, call.QueryInt("year", 1900, 2200));
  if (!year) return InvalidArgument("year is missing", "year");
  AirAssessOptions options;
  options.store = false;  // a read must not write
  KINET_ASSIGN_OR_RETURN(
      CityAirAssessment assessment,
      call.api.monitoring.AssessCityYear(call.Path("code"), static_cast<int>(*year), options));
  call.Json(ToJson(assessment));
  return OkStatus();
}

Result<CivilDate> DateQuery(const Call& call, std::string_view name) {
  std::optional<std::string> text = call.Query(name);
  if (!text) return InvalidArgument(fmt::format("{} is missing", name), std::string(name));
  Result<CivilDate> date = ParseDate(*text);
  if (!date.ok()) {
    return InvalidArgument(fmt::format("{} must be a date YYYY-MM-DD", name), std::string(name));
  }
  return date;
}

Status GetAirDaily(Call& call) {
  KINET_ASSIGN_OR_RETURN(CivilDate from, DateQuery(call, "from"));
  KINET_ASSIGN_OR_RETURN(CivilDate to, DateQuery(call, "to"));
  if (to < from) return InvalidArgument("to is before from", "to");
  KINET_ASSIGN_OR_RETURN(std::vector<DailyAqiRow> rows,
                         call.api.monitoring.DailyAqi(call.Path("code"), from, to));
  json items = json::array();
  for (const DailyAqiRow& r : rows) items.push_back(ToJson(r));
  call.Json({{"items", std::move(items)}});
  return OkStatus();
}

Status PostMonitoring(Call& call) {
  KINET_ASSIGN_OR_RETURN(
      CityProfile city,
      call.api.network.AuthorizeCity(call.principal, Action::kUploadMonitoring, call.Path("code")));
  if (!call.req.has_file("file")) {
    return InvalidArgument("the upload has no part named 'file'", "file");
  }
  httplib::MultipartFormData file = call.req.get_file_value("file");
  MonitoringImportOptions options;
  options.city = city.city.code;
  if (call.req.has_file("format")) {
    std::optional<MonitoringFormat> format =
        ParseMonitoringFormat(call.req.get_file_value("format").content);
    if (!format) return InvalidArgument("format must be wide, long or prsa", "format");
    options.format = *format;
  }
  if (call.req.has_file("time_zone")) {
    options.time_zone = call.req.get_file_value("time_zone").content;
  }
  std::string name = file.filename.empty() ? "upload.csv" : file.filename;
  Result<MonitoringImportSummary> summary =
      call.api.monitoring.ImportTexts({{name, std::move(file.content)}}, options);
  if (!summary.ok()) return summary.status();
  call.Json(ToJson(*summary));
  return OkStatus();
}

// ---- the table -------------------------------------------------------------

constexpr Route kRoutes[] = {
    {"GET", "/api/v1/health", BodyKind::kNone, GetHealth},
    {"GET", "/api/v1/openapi.json", BodyKind::kNone, GetOpenApi},

    {"POST", "/api/v1/auth/login", BodyKind::kJson, PostLogin},
    {"POST", "/api/v1/auth/logout", BodyKind::kNone, PostLogout},
    {"GET", "/api/v1/auth/me", BodyKind::kNone, GetMe},

    {"GET", "/api/v1/countries", BodyKind::kNone, GetCountries},
    {"GET", "/api/v1/cities", BodyKind::kNone, GetCities},
    {"POST", "/api/v1/cities", BodyKind::kJson, PostCity},
    {"GET", "/api/v1/cities/{code}", BodyKind::kNone, GetCity},
    {"PUT", "/api/v1/cities/{code}", BodyKind::kJson, PutCity},
    {"GET", "/api/v1/cities/{code}/air/annual", BodyKind::kNone, GetAirAnnual},
    {"GET", "/api/v1/cities/{code}/air/daily", BodyKind::kNone, GetAirDaily},
    {"POST", "/api/v1/cities/{code}/monitoring", BodyKind::kUpload, PostMonitoring},
    {"GET", "/api/v1/members", BodyKind::kNone, GetMembers},
    {"GET", "/api/v1/organisations", BodyKind::kNone, GetOrganisations},

    {"GET", "/api/v1/users", BodyKind::kNone, GetUsers},
    {"POST", "/api/v1/users", BodyKind::kJson, PostUser},
    {"GET", "/api/v1/audit", BodyKind::kNone, GetAudit},
};

}  // namespace

std::span<const Route> CoreRoutes() { return kRoutes; }

}  // namespace kinet
