#include "report/area_sections.h"

#include <map>

#include <fmt/format.h>

#include "core/indicator_unit.h"
#include "service/assistance_service.h"
#include "service/pilot_service.h"
#include "service/practice_service.h"
#include "service/problem_service.h"

namespace kinet {
namespace {

std::string Number(double v) { return fmt::format("{:.4g}", v); }

std::vector<std::string> Columns(ReportLang lang, std::initializer_list<std::string_view> keys) {
  std::vector<std::string> out;
  for (std::string_view k : keys) out.emplace_back(Tr(lang, k));
  return out;
}

// The evidence of a problem: the service's English sentence in English;
// in Chinese the numbers behind it with translated words.
std::string Evidence(ReportLang lang, const Problem& p) {
  if (lang == ReportLang::kEn) return p.summary;
  if (p.standard) {
    return fmt::format(fmt::runtime(std::string(Tr(lang, "evidence.standard"))),
                       Number(p.standard->limit), UnitSymbol(p.standard->unit),
                       p.standard->limit_set, p.standard->level);
  }
  if (p.target) {
    return fmt::format(fmt::runtime(std::string(Tr(lang, "evidence.target"))),
                       Number(p.target->target_value), p.target->target_year,
                       p.target->expected_at_latest ? Number(*p.target->expected_at_latest) : "–");
  }
  if (p.trend) {
    return fmt::format(fmt::runtime(std::string(Tr(lang, "evidence.trend"))),
                       Number(p.trend->sen_slope), p.trend->from_year, p.trend->to_year,
                       fmt::format("{:.3f}", p.trend->p_value));
  }
  return p.summary;
}

Result<ReportTable> Problems([[maybe_unused]] Database& db, [[maybe_unused]] const Principal& who,
                             const CityReport& report) {
  ReportTable t;
  t.key = "section.problems";
  const ReportLang lang = report.lang;
  t.columns =
      Columns(lang, {"col.indicator", "col.problem", "col.severity", "col.value", "col.evidence"});
  ProblemService problems(db);
  ProblemQuery query;
  query.year = report.year;
  KINET_ASSIGN_OR_RETURN(ProblemProfile profile,
                         problems.Profile(who, report.profile.city.code, query));
  for (const Problem& p : profile.problems) {
    std::string value = p.value ? Number(*p.value) + " " + std::string(UnitSymbol(p.unit)) : "";
    t.rows.push_back({std::string(Pick(lang, p.indicator_name_en, p.indicator_name_zh)),
                      std::string(Tr(lang, "problem." + std::string(ProblemKindCode(p.kind)))),
                      std::string(Tr(lang, "severity." + std::string(SeverityCode(p.severity)))),
                      value, Evidence(lang, p)});
  }
  return t;
}

Result<ReportTable> Practices([[maybe_unused]] Database& db, [[maybe_unused]] const Principal& who,
                              const CityReport& report) {
  ReportTable t;
  t.key = "section.practices";
  const ReportLang lang = report.lang;
  t.columns =
      Columns(lang, {"col.practice", "col.period", "col.themes", "col.status", "col.summary"});
  PracticeService practices(db);
  PracticeQuery query;
  query.city_code = report.profile.city.code;
  KINET_ASSIGN_OR_RETURN(std::vector<PracticeSummary> list, practices.List(who, query));
  for (const PracticeSummary& s : list) {
    const Practice& p = s.practice;
    if (p.start_year > report.year) continue;
    std::string themes;
    for (const std::string& th : p.themes) themes += (themes.empty() ? "" : ", ") + th;
    std::string period =
        fmt::format("{}–{}", p.start_year, p.end_year ? std::to_string(*p.end_year) : "");
    std::string title =
        lang == ReportLang::kZh && p.local_language == "zh" && !p.title_local.empty()
            ? p.title_local
            : p.title_en;
    std::string summary =
        lang == ReportLang::kZh && p.local_language == "zh" && !p.summary_local.empty()
            ? p.summary_local
            : p.summary_en;
    if (p.data_status == DataStatus::kIllustrative) {
      summary += std::string(" (") + std::string(Tr(lang, "illustrative")) + ")";
    }
    t.rows.push_back({title, period, themes,
                      std::string(Tr(lang, "status." + std::string(PracticeStatusCode(p.status)))),
                      summary});
  }
  return t;
}

Result<ReportTable> Requests([[maybe_unused]] Database& db, [[maybe_unused]] const Principal& who,
                             const CityReport& report) {
  ReportTable t;
  t.key = "section.requests";
  t.columns = Columns(report.lang, {"col.request", "col.kind", "col.status", "col.summary"});
  const ReportLang lang = report.lang;
  AssistanceService assistance(db);
  RequestQuery query;
  query.city_code = report.profile.city.code;
  KINET_ASSIGN_OR_RETURN(std::vector<AssistanceRequest> list, assistance.ListRequests(who, query));
  for (const AssistanceRequest& r : list) {
    if (r.created_at.size() >= 4 && std::atoi(r.created_at.substr(0, 4).c_str()) > report.year) {
      continue;
    }
    std::string summary = r.description;
    if (r.budget) summary += fmt::format(" (USD {})", Number(*r.budget));
    if (r.data_status == DataStatus::kIllustrative) {
      summary += std::string(" (") + std::string(Tr(lang, "illustrative")) + ")";
    }
    t.rows.push_back(
        {r.title, std::string(Tr(lang, "assistance." + std::string(AssistanceTypeCode(r.type)))),
         std::string(Tr(lang, "status." + std::string(RequestStatusCode(r.status)))), summary});
  }
  return t;
}

Result<ReportTable> Pilots([[maybe_unused]] Database& db, [[maybe_unused]] const Principal& who,
                           const CityReport& report) {
  ReportTable t;
  t.key = "section.pilots";
  const ReportLang lang = report.lang;
  t.columns = Columns(lang, {"col.pilot", "col.period", "col.status", "col.budget", "col.summary"});
  PilotService pilots(db);
  PilotProjectQuery query;
  query.city_code = report.profile.city.code;
  KINET_ASSIGN_OR_RETURN(std::vector<PilotProject> list, pilots.ListProjects(query));
  std::map<std::int64_t, std::string> call_titles;  // in the report's language
  for (const PilotProject& p : list) {
    if (p.start.size() >= 4 && std::atoi(p.start.substr(0, 4).c_str()) > report.year) continue;
    std::string title = p.title;
    if (p.call_id) {
      auto it = call_titles.find(p.call_id->value);
      if (it == call_titles.end()) {
        KINET_ASSIGN_OR_RETURN(PilotCall call, pilots.FindCall(*p.call_id));
        // A call without a Chinese title shows its English one (Pick).
        it = call_titles
                 .emplace(p.call_id->value, std::string(Pick(lang, call.title, call.title_zh)))
                 .first;
      }
      title =
          fmt::format(fmt::runtime(std::string(Tr(lang, "pilot.from-call"))), p.title, it->second);
    }
    std::string budget = p.budget ? Number(*p.budget) + " " + p.currency : "";
    std::string summary = p.summary;
    if (p.data_status == DataStatus::kIllustrative) {
      summary += std::string(" (") + std::string(Tr(lang, "illustrative")) + ")";
    }
    t.rows.push_back({title, p.start + " – " + p.end,
                      std::string(Tr(lang, "status." + std::string(ProjectStatusCode(p.status)))),
                      budget, summary});
  }
  return t;
}

}  // namespace

Status AddAreaSections(Database& db, const Principal& who, CityReport& report) {
  for (auto* section : {Problems, Practices, Requests, Pilots}) {
    KINET_ASSIGN_OR_RETURN(ReportTable t, section(db, who, report));
    report.sections.push_back(std::move(t));
  }
  return OkStatus();
}

Status AddAreaCounts([[maybe_unused]] Database& db, [[maybe_unused]] const Principal& who,
                     [[maybe_unused]] NetworkReport& report) {
  {
    report.count_keys.push_back("practices");
    PracticeService practices(db);
    KINET_ASSIGN_OR_RETURN(std::vector<PracticeSummary> list, practices.List(who, {}));
    for (NetworkCityLine& line : report.cities) {
      int n = 0;
      for (const PracticeSummary& s : list) n += s.practice.city_code == line.profile.city.code;
      line.counts["practices"] = n;
    }
  }
  {
    report.count_keys.push_back("requests");
    AssistanceService assistance(db);
    KINET_ASSIGN_OR_RETURN(std::vector<AssistanceRequest> list, assistance.ListRequests(who, {}));
    for (NetworkCityLine& line : report.cities) {
      int n = 0;
      for (const AssistanceRequest& r : list) n += r.city_code == line.profile.city.code;
      line.counts["requests"] = n;
    }
  }
  {
    report.count_keys.push_back("pilots");
    PilotService pilots(db);
    KINET_ASSIGN_OR_RETURN(std::vector<PilotProject> list, pilots.ListProjects({}));
    for (NetworkCityLine& line : report.cities) {
      int n = 0;
      for (const PilotProject& p : list) n += p.city_code == line.profile.city.code;
      line.counts["pilots"] = n;
    }
  }
  return OkStatus();
}

}  // namespace kinet
