// The routes of problem profiles and matching (docs/api.md "Problems and
// matching"; openapi/matching.json). Handlers parse the request, call
// ProblemService / MatchService with the principal (which decides whether
// unpublished values are used) and write the shapes of service/match_json.h,
// the same JSON as `kinet problems|match --format json`.
//
// Usage facts: a profile is recomputed per request (a few dozen small
// queries, plus one monitoring city-year assessment when the city has
// monitoring data); pages are cut from the whole profile in memory.
#include <fmt/format.h>

#include "http/api.h"
#include "http/routes.h"
#include "service/match_json.h"

namespace kinet {
namespace {

using nlohmann::json;

Result<std::optional<int>> Year(const Call& call) {
  KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> year, call.QueryInt("year", 1900, 2200));
  if (!year) return std::optional<int>();
  return std::optional<int>(static_cast<int>(*year));
}

Status GetCityProblems(Call& call) {
  KINET_ASSIGN_OR_RETURN(PageRequest page, ParsePage(call));
  ProblemQuery q;
  KINET_ASSIGN_OR_RETURN(q.year, Year(call));
  std::optional<ProblemKind> kind;
  if (std::optional<std::string> k = call.Query("kind")) {
    kind = ParseProblemKind(*k);
    if (!kind) {
      return InvalidArgument(
          fmt::format("unknown kind '{}' (exceeds-standard, off-track-target, worsening)", *k),
          "kind");
    }
  }
  std::optional<Severity> severity;
  if (std::optional<std::string> s = call.Query("severity")) {
    severity = ParseSeverity(*s);
    if (!severity) {
      return InvalidArgument(fmt::format("unknown severity '{}' (high, medium, low)", *s),
                             "severity");
    }
  }
  KINET_ASSIGN_OR_RETURN(ProblemProfile profile,
                         call.api.problems.Profile(call.principal, call.Path("code"), q));
  std::vector<Problem> shown;
  for (const Problem& p : profile.problems) {
    if (kind && p.kind != *kind) continue;
    if (severity && p.severity != *severity) continue;
    shown.push_back(p);
  }
  json body = Paginate(shown, page, [](const Problem& p) { return ToJson(p); });
  json whole = ToJson(profile);
  for (const char* key :
       {"city", "city_name_en", "city_name_local", "year", "published_only", "counts", "notes"}) {
    body[key] = whole[key];
  }
  call.Json(body);
  return OkStatus();
}

Status GetProblem(Call& call) {
  ProblemQuery q;
  KINET_ASSIGN_OR_RETURN(q.year, Year(call));
  KINET_ASSIGN_OR_RETURN(Problem p, call.api.problems.Find(call.principal, call.Path("code"), q));
  call.Json(ToJson(p));
  return OkStatus();
}

Status GetCityMatches(Call& call) {
  MatchQuery q;
  q.problem_code = call.Query("problem");
  KINET_ASSIGN_OR_RETURN(q.year, Year(call));
  KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> limit, call.QueryInt("limit", 1, 50));
  if (limit) q.limit = static_cast<int>(*limit);
  KINET_ASSIGN_OR_RETURN(MatchReport report,
                         call.api.matches.Match(call.principal, call.Path("code"), q));
  call.Json(ToJson(report));
  return OkStatus();
}

constexpr Route kRoutes[] = {
    {"GET", "/api/v1/cities/{code}/problems", BodyKind::kNone, GetCityProblems},
    {"GET", "/api/v1/problems/{code}", BodyKind::kNone, GetProblem},
    {"GET", "/api/v1/cities/{code}/matches", BodyKind::kNone, GetCityMatches},
};

}  // namespace

std::span<const Route> MatchRoutes() { return kRoutes; }

}  // namespace kinet
