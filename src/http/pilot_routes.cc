// The routes of the pilot programme (docs/api.md "Pilot programme";
// openapi/pilots.json): calls, ratings, the ranking (JSON and CSV), projects
// and progress reports. Handlers parse the request, call PilotService with
// the principal and write the shapes of service/pilot_json.h (the same JSON
// as `kinet pilot ... --format json`); permissions are decided by the service.
//
// Usage facts: a handful of calls and a few dozen projects, so lists are read
// whole and paginated in memory; a ranking is computed on request (a few
// dozen candidates × ten criteria × 2·criteria perturbations: microseconds
// beside the reads).
#include <charconv>
#include <limits>

#include <fmt/format.h>

#include "http/api.h"
#include "http/json_codec.h"
#include "http/routes.h"
#include "service/pilot_json.h"

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

// The ?step= of a ranking (default 0.2).
Result<McdaOptions> RankOptionsOf(const Call& call) {
  McdaOptions options;
  if (std::optional<std::string> text = call.Query("step")) {
    double step = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), step);
    if (ec != std::errc() || end != text->data() + text->size() || !(step > 0 && step <= 0.9)) {
      return InvalidArgument(fmt::format("step '{}' must be a number in (0, 0.9]", *text), "step");
    }
    options.sensitivity_step = step;
  }
  return options;
}

Status GetCalls(Call& call) {
  KINET_ASSIGN_OR_RETURN(PageRequest page, ParsePage(call));
  KINET_ASSIGN_OR_RETURN(std::vector<PilotCall> calls, call.api.pilots.ListCalls());
  call.Json(Paginate(calls, page, [](const PilotCall& c) { return ToJson(c); }));
  return OkStatus();
}

Status PostCall(Call& call) {
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  KINET_ASSIGN_OR_RETURN(PilotCall input, PilotCallFromJson(body));
  KINET_ASSIGN_OR_RETURN(PilotCall stored, call.api.pilots.CreateCall(call.principal, input));
  call.Json(ToJson(stored), 201);
  return OkStatus();
}

Status GetCall(Call& call) {
  KINET_ASSIGN_OR_RETURN(std::int64_t id, PathId(call));
  KINET_ASSIGN_OR_RETURN(PilotCall c, call.api.pilots.FindCall(PilotCallId(id)));
  KINET_ASSIGN_OR_RETURN(std::vector<PilotRating> ratings, call.api.pilots.ListRatings(c.id));
  call.Json(ToJson(c, &ratings));
  return OkStatus();
}

Status PutCall(Call& call) {
  KINET_ASSIGN_OR_RETURN(std::int64_t id, PathId(call));
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  KINET_ASSIGN_OR_RETURN(PilotCall input, PilotCallFromJson(body));
  input.id = PilotCallId(id);
  KINET_ASSIGN_OR_RETURN(PilotCall stored, call.api.pilots.UpdateCall(call.principal, input));
  KINET_ASSIGN_OR_RETURN(std::vector<PilotRating> ratings, call.api.pilots.ListRatings(stored.id));
  call.Json(ToJson(stored, &ratings));
  return OkStatus();
}

Status PostRating(Call& call) {
  KINET_ASSIGN_OR_RETURN(std::int64_t id, PathId(call));
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  PilotRating rating;
  rating.call_id = PilotCallId(id);
  KINET_ASSIGN_OR_RETURN(rating.criterion_code, RequiredString(body, "criterion"));
  KINET_ASSIGN_OR_RETURN(rating.city_code, RequiredString(body, "city"));
  if (!body.contains("value") || !body["value"].is_number()) {
    return InvalidArgument("'value' must be a number", "value");
  }
  rating.value = body["value"].get<double>();
  KINET_ASSIGN_OR_RETURN(std::optional<std::string> note, OptionalString(body, "note"));
  rating.note = note.value_or("");
  KINET_ASSIGN_OR_RETURN(PilotRating stored, call.api.pilots.Rate(call.principal, rating));
  call.Json(ToJson(stored));
  return OkStatus();
}

Status GetRanking(Call& call) {
  KINET_ASSIGN_OR_RETURN(std::int64_t id, PathId(call));
  KINET_ASSIGN_OR_RETURN(McdaOptions options, RankOptionsOf(call));
  KINET_ASSIGN_OR_RETURN(PilotRanking r, call.api.pilots.Rank(PilotCallId(id), options));
  call.Json(ToJson(r));
  return OkStatus();
}

Status GetRankingCsv(Call& call) {
  KINET_ASSIGN_OR_RETURN(std::int64_t id, PathId(call));
  KINET_ASSIGN_OR_RETURN(McdaOptions options, RankOptionsOf(call));
  KINET_ASSIGN_OR_RETURN(PilotRanking r, call.api.pilots.Rank(PilotCallId(id), options));
  call.res.set_header("Content-Disposition",
                      fmt::format("attachment; filename=\"pilot-call-{}-ranking.csv\"", id));
  call.res.set_content(RankingCsv(r), "text/csv; charset=utf-8");
  return OkStatus();
}

Status GetProjects(Call& call) {
  KINET_ASSIGN_OR_RETURN(PageRequest page, ParsePage(call));
  PilotProjectQuery q;
  q.city_code = call.Query("city");
  KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> call_id,
                         call.QueryInt("call", 1, std::numeric_limits<std::int64_t>::max()));
  if (call_id) q.call_id = PilotCallId(*call_id);
  if (std::optional<std::string> status = call.Query("status")) {
    q.status = ParseProjectStatus(*status);
    if (!q.status) {
      return InvalidArgument("status must be planned, active, completed or cancelled", "status");
    }
  }
  KINET_ASSIGN_OR_RETURN(std::vector<PilotProject> projects, call.api.pilots.ListProjects(q));
  call.Json(Paginate(projects, page, [](const PilotProject& p) { return ToJson(p); }));
  return OkStatus();
}

Status PostProject(Call& call) {
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  KINET_ASSIGN_OR_RETURN(PilotProject input, PilotProjectFromJson(body));
  KINET_ASSIGN_OR_RETURN(PilotProject stored, call.api.pilots.CreateProject(call.principal, input));
  call.Json(ToJson(stored), 201);
  return OkStatus();
}

Status GetProject(Call& call) {
  KINET_ASSIGN_OR_RETURN(std::int64_t id, PathId(call));
  KINET_ASSIGN_OR_RETURN(PilotProjectView view,
                         call.api.pilots.ShowProject(call.principal, PilotProjectId(id)));
  call.Json(ToJson(view));
  return OkStatus();
}

// The body is the PilotProjectInput of POST /pilots; without "status" the
// project keeps its current status.
Status PutProject(Call& call) {
  KINET_ASSIGN_OR_RETURN(std::int64_t id, PathId(call));
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  KINET_ASSIGN_OR_RETURN(PilotProject current, call.api.pilots.FindProject(PilotProjectId(id)));
  KINET_ASSIGN_OR_RETURN(PilotProject input, PilotProjectFromJson(body, current.status));
  input.id = PilotProjectId(id);
  KINET_ASSIGN_OR_RETURN(PilotProject stored, call.api.pilots.UpdateProject(call.principal, input));
  call.Json(ToJson(stored));
  return OkStatus();
}

Status PostProjectStatus(Call& call) {
  KINET_ASSIGN_OR_RETURN(std::int64_t id, PathId(call));
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  KINET_ASSIGN_OR_RETURN(std::string text, RequiredString(body, "status"));
  std::optional<ProjectStatus> status = ParseProjectStatus(text);
  if (!status) {
    return InvalidArgument("status must be planned, active, completed or cancelled", "status");
  }
  KINET_ASSIGN_OR_RETURN(PilotProject p, call.api.pilots.SetProjectStatus(
                                             call.principal, PilotProjectId(id), *status));
  call.Json(ToJson(p));
  return OkStatus();
}

Status PostMilestone(Call& call) {
  KINET_ASSIGN_OR_RETURN(std::int64_t id, PathId(call));
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  PilotMilestone m;
  KINET_ASSIGN_OR_RETURN(m.title, RequiredString(body, "title"));
  KINET_ASSIGN_OR_RETURN(m.due, RequiredString(body, "due"));
  KINET_ASSIGN_OR_RETURN(std::optional<std::string> done, OptionalString(body, "done"));
  m.done = done.value_or("");
  KINET_ASSIGN_OR_RETURN(std::optional<std::string> note, OptionalString(body, "note"));
  m.note = note.value_or("");
  KINET_ASSIGN_OR_RETURN(PilotProject p,
                         call.api.pilots.AddMilestone(call.principal, PilotProjectId(id), m));
  call.Json(ToJson(p), 201);
  return OkStatus();
}

// {number} is the milestone's 1-based number, as listed.
Status PostMilestoneDone(Call& call) {
  KINET_ASSIGN_OR_RETURN(std::int64_t id, PathId(call));
  const std::string& text = call.Path("number");
  int number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || end != text.data() + text.size() || number <= 0) {
    return InvalidArgument(fmt::format("'{}' is not a milestone number", text), "number");
  }
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  KINET_ASSIGN_OR_RETURN(std::string date, RequiredString(body, "date"));
  KINET_ASSIGN_OR_RETURN(PilotProject p, call.api.pilots.CompleteMilestone(
                                             call.principal, PilotProjectId(id),
                                             static_cast<std::size_t>(number - 1), date));
  call.Json(ToJson(p));
  return OkStatus();
}

Status PostReport(Call& call) {
  KINET_ASSIGN_OR_RETURN(std::int64_t id, PathId(call));
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  KINET_ASSIGN_OR_RETURN(PilotReport report, PilotReportFromJson(body));
  report.project_id = PilotProjectId(id);
  KINET_ASSIGN_OR_RETURN(PilotReport stored, call.api.pilots.AddReport(call.principal, report));
  call.Json(ToJson(stored), 201);
  return OkStatus();
}

Status PostReportStatus(Call& call) {
  KINET_ASSIGN_OR_RETURN(std::int64_t id, PathId(call));
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  KINET_ASSIGN_OR_RETURN(std::string text, RequiredString(body, "to"));
  std::optional<ReportStatus> to = ParseReportStatus(text);
  if (!to || *to == ReportStatus::kDraft) {
    return InvalidArgument("to must be submitted, approved or returned", "to");
  }
  KINET_ASSIGN_OR_RETURN(std::optional<std::string> note, OptionalString(body, "note"));
  KINET_ASSIGN_OR_RETURN(PilotReport r,
                         call.api.pilots.ChangeReportStatus(call.principal, PilotReportId(id), *to,
                                                            note.value_or("")));
  call.Json(ToJson(r));
  return OkStatus();
}

Status GetOutcome(Call& call) {
  KINET_ASSIGN_OR_RETURN(std::int64_t id, PathId(call));
  KINET_ASSIGN_OR_RETURN(std::vector<PilotOutcome> outcomes,
                         call.api.pilots.Outcome(call.principal, PilotProjectId(id)));
  json items = json::array();
  for (const PilotOutcome& o : outcomes) items.push_back(ToJson(o));
  call.Json({{"project_id", id}, {"items", std::move(items)}});
  return OkStatus();
}

Status PostPractice(Call& call) {
  KINET_ASSIGN_OR_RETURN(std::int64_t id, PathId(call));
  std::string code;
  if (!call.req.body.empty()) {
    KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
    KINET_ASSIGN_OR_RETURN(std::optional<std::string> c, OptionalString(body, "code"));
    code = c.value_or("");
  }
  KINET_ASSIGN_OR_RETURN(std::string practice,
                         call.api.pilots.ToPractice(call.principal, PilotProjectId(id), code));
  call.Json({{"project_id", id}, {"practice_code", practice}}, 201);
  return OkStatus();
}

constexpr Route kRoutes[] = {
    {"GET", "/api/v1/pilot-calls", BodyKind::kNone, GetCalls},
    {"POST", "/api/v1/pilot-calls", BodyKind::kJson, PostCall},
    {"GET", "/api/v1/pilot-calls/{id}", BodyKind::kNone, GetCall},
    {"PUT", "/api/v1/pilot-calls/{id}", BodyKind::kJson, PutCall},
    {"POST", "/api/v1/pilot-calls/{id}/ratings", BodyKind::kJson, PostRating},
    {"GET", "/api/v1/pilot-calls/{id}/ranking", BodyKind::kNone, GetRanking},
    {"GET", "/api/v1/pilot-calls/{id}/ranking.csv", BodyKind::kNone, GetRankingCsv},
    {"GET", "/api/v1/pilots", BodyKind::kNone, GetProjects},
    {"POST", "/api/v1/pilots", BodyKind::kJson, PostProject},
    {"GET", "/api/v1/pilots/{id}", BodyKind::kNone, GetProject},
    {"PUT", "/api/v1/pilots/{id}", BodyKind::kJson, PutProject},
    {"POST", "/api/v1/pilots/{id}/status", BodyKind::kJson, PostProjectStatus},
    {"POST", "/api/v1/pilots/{id}/milestones", BodyKind::kJson, PostMilestone},
    {"POST", "/api/v1/pilots/{id}/milestones/{number}/done", BodyKind::kJson, PostMilestoneDone},
    {"POST", "/api/v1/pilots/{id}/reports", BodyKind::kJson, PostReport},
    {"GET", "/api/v1/pilots/{id}/outcome", BodyKind::kNone, GetOutcome},
    {"POST", "/api/v1/pilots/{id}/practice", BodyKind::kJson, PostPractice},
    {"POST", "/api/v1/pilot-reports/{id}/status", BodyKind::kJson, PostReportStatus},
};

}  // namespace

std::span<const Route> PilotRoutes() { return kRoutes; }

}  // namespace kinet
