// The routes of best practices (docs/api.md "Best practices";
// openapi/practices.json): list and search with facets, one practice,
// create and update, the workflow steps, reviews, evidence, adoptions, the
// analysis across practices and the taxonomy. Handlers parse the request,
// call PracticeService with the principal and write the shapes of
// service/practice_json.h (the same JSON as `kinet practice ... --format
// json`); permissions and visibility are decided by the service.
//
// Usage facts: tens to a few hundred practices, so lists are read whole and
// paginated in memory; evidence is computed on request (a few series).
#include <fmt/format.h>

#include "http/api.h"
#include "http/json_codec.h"
#include "http/routes.h"
#include "service/practice_json.h"

namespace kinet {
namespace {

using nlohmann::json;

Result<PracticeQuery> QueryOf(const Call& call) {
  PracticeQuery q;
  q.city_code = call.Query("city");
  q.country_code = call.Query("country");
  q.region = call.Query("region");
  q.theme = call.Query("theme");
  q.measure_type = call.Query("measure_type");
  q.size_class = call.Query("size_class");
  q.indicator_code = call.Query("indicator");
  if (std::optional<std::string> s = call.Query("status")) {
    q.status = ParsePracticeStatus(*s);
    if (!q.status) {
      return InvalidArgument(
          fmt::format("status '{}' must be draft, submitted, reviewed or published", *s), "status");
    }
  }
  if (std::optional<std::string> e = call.Query("evidence")) {
    q.evidence_level = ParseEvidenceLevel(*e);
    if (!q.evidence_level) {
      return InvalidArgument(fmt::format("evidence '{}' must be measured-improvement, "
                                         "not-distinguishable, worse-than-peers or no-data",
                                         *e),
                             "evidence");
    }
  }
  KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> from, call.QueryInt("year_from", 1900, 2100));
  KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> to, call.QueryInt("year_to", 1900, 2100));
  if (from) q.year_from = static_cast<int>(*from);
  if (to) q.year_to = static_cast<int>(*to);
  return q;
}

Status GetPractices(Call& call) {
  KINET_ASSIGN_OR_RETURN(PageRequest page, ParsePage(call));
  PracticeSearch search;
  KINET_ASSIGN_OR_RETURN(search.filters, QueryOf(call));
  search.text = call.Query("q").value_or("");
  const std::string lang = call.Query("lang").value_or("any");
  if (lang == "en") {
    search.language = SearchLanguage::kEn;
  } else if (lang == "zh" || lang == "local") {
    search.language = SearchLanguage::kLocal;
  } else if (lang != "any") {
    return InvalidArgument(fmt::format("lang '{}' must be en, zh or any", lang), "lang");
  }
  KINET_ASSIGN_OR_RETURN(PracticeSearchResult r, call.api.practices.Search(call.principal, search));
  json body = Paginate(r.hits, page, [](const PracticeSummary& s) { return ToJson(s); });
  body["facets"] = ToJson(r.facets);
  call.Json(body);
  return OkStatus();
}

Status PostPractice(Call& call) {
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  KINET_ASSIGN_OR_RETURN(Practice input, PracticeFromJson(body));
  KINET_ASSIGN_OR_RETURN(Practice stored, call.api.practices.Create(call.principal, input));
  KINET_ASSIGN_OR_RETURN(PracticeSummary s,
                         call.api.practices.Describe(call.principal, stored.code));
  call.Json(ToJson(s), 201);
  return OkStatus();
}

Status GetPractice(Call& call) {
  KINET_ASSIGN_OR_RETURN(PracticeSummary s,
                         call.api.practices.Describe(call.principal, call.Path("code")));
  call.Json(ToJson(s));
  return OkStatus();
}

// Answers with the practice as it is after a write.
Status Answer(Call& call, const Result<Practice>& written) {
  KINET_RETURN_IF_ERROR(written.status());
  KINET_ASSIGN_OR_RETURN(PracticeSummary s,
                         call.api.practices.Describe(call.principal, written->code));
  call.Json(ToJson(s));
  return OkStatus();
}

Status PutPractice(Call& call) {
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  // The path names the practice; the body may leave out code and city.
  if (!body.contains("code")) body["code"] = call.Path("code");
  if (!body.contains("city_code")) body["city_code"] = "";
  KINET_ASSIGN_OR_RETURN(Practice input, PracticeFromJson(body));
  return Answer(call, call.api.practices.Update(call.principal, call.Path("code"), input));
}

Status PostSubmit(Call& call) {
  return Answer(call, call.api.practices.Submit(call.principal, call.Path("code")));
}

Status PostReview(Call& call) {
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  KINET_ASSIGN_OR_RETURN(std::string verdict_text, RequiredString(body, "verdict"));
  std::optional<ReviewVerdict> verdict = ParseReviewVerdict(verdict_text);
  if (!verdict) {
    return InvalidArgument(
        fmt::format("verdict '{}' must be accept, revise or comment", verdict_text), "verdict");
  }
  KINET_ASSIGN_OR_RETURN(std::optional<std::string> comment, OptionalString(body, "comment"));
  return Answer(call, call.api.practices.Review(call.principal, call.Path("code"), *verdict,
                                                comment.value_or("")));
}

Status PostPublish(Call& call) {
  return Answer(call, call.api.practices.Publish(call.principal, call.Path("code")));
}

Status PostWithdraw(Call& call) {
  std::optional<std::string> reason;
  if (!call.req.body.empty()) {
    KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
    KINET_ASSIGN_OR_RETURN(reason, OptionalString(body, "reason"));
  }
  return Answer(
      call, call.api.practices.Withdraw(call.principal, call.Path("code"), reason.value_or("")));
}

Status GetReviews(Call& call) {
  KINET_ASSIGN_OR_RETURN(std::vector<PracticeReview> reviews,
                         call.api.practices.Reviews(call.principal, call.Path("code")));
  json items = json::array();
  for (const PracticeReview& r : reviews) items.push_back(ToJson(r));
  call.Json({{"items", items}});
  return OkStatus();
}

Status GetEvidence(Call& call) {
  KINET_ASSIGN_OR_RETURN(PracticeEvidence ev,
                         call.api.practices.Evidence(call.principal, call.Path("code")));
  call.Json(ToJson(ev));
  return OkStatus();
}

Status GetAdoptions(Call& call) {
  KINET_ASSIGN_OR_RETURN(std::vector<PracticeAdoption> adoptions,
                         call.api.practices.Adoptions(call.principal, call.Path("code")));
  json items = json::array();
  for (const PracticeAdoption& a : adoptions) items.push_back(ToJson(a));
  call.Json({{"items", items}});
  return OkStatus();
}

Status PostAdoption(Call& call) {
  KINET_ASSIGN_OR_RETURN(json body, call.JsonBody());
  KINET_ASSIGN_OR_RETURN(PracticeAdoption input, PracticeAdoptionFromJson(body));
  input.practice_code = call.Path("code");
  KINET_ASSIGN_OR_RETURN(PracticeAdoption stored,
                         call.api.practices.RecordAdoption(call.principal, input));
  call.Json(ToJson(stored), 201);
  return OkStatus();
}

Status GetAnalysis(Call& call) {
  KINET_ASSIGN_OR_RETURN(PracticeAnalysis a, call.api.practices.Analysis(call.principal));
  call.Json(ToJson(a));
  return OkStatus();
}

Status GetTaxonomy(Call& call) {
  call.Json(ToJson(BuiltinPracticeTaxonomy()));
  return OkStatus();
}

constexpr Route kRoutes[] = {
    {"GET", "/api/v1/practices", BodyKind::kNone, GetPractices},
    {"POST", "/api/v1/practices", BodyKind::kJson, PostPractice},
    {"GET", "/api/v1/practices/{code}", BodyKind::kNone, GetPractice},
    {"PUT", "/api/v1/practices/{code}", BodyKind::kJson, PutPractice},
    {"POST", "/api/v1/practices/{code}/submit", BodyKind::kNone, PostSubmit},
    {"POST", "/api/v1/practices/{code}/review", BodyKind::kJson, PostReview},
    {"POST", "/api/v1/practices/{code}/publish", BodyKind::kNone, PostPublish},
    {"POST", "/api/v1/practices/{code}/withdraw", BodyKind::kJson, PostWithdraw},
    {"GET", "/api/v1/practices/{code}/reviews", BodyKind::kNone, GetReviews},
    {"GET", "/api/v1/practices/{code}/evidence", BodyKind::kNone, GetEvidence},
    {"GET", "/api/v1/practices/{code}/adoptions", BodyKind::kNone, GetAdoptions},
    {"POST", "/api/v1/practices/{code}/adoptions", BodyKind::kJson, PostAdoption},
    {"GET", "/api/v1/practice-analysis", BodyKind::kNone, GetAnalysis},
    {"GET", "/api/v1/practice-taxonomy", BodyKind::kNone, GetTaxonomy},
};

}  // namespace

std::span<const Route> PracticeRoutes() { return kRoutes; }

}  // namespace kinet
