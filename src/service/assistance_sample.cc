// LoadSampleAssistance (service/assistance_service.h): the sample programmes
// and requests of data/sample/programmes.csv and requests.csv.
#include <fmt/format.h>

#include "core/csv.h"
#include "core/embedded.h"
#include "core/period.h"
#include "service/assistance_service.h"
#include "store/registry_repository.h"

namespace kinet {

std::span<const EmbeddedFile> SampleAssistanceFiles();  // generated (cmake/EmbedFiles.cmake)

namespace {

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const std::size_t semi = text.find(';');
    if (semi != 0) out.emplace_back(text.substr(0, semi));
    if (semi == std::string_view::npos) break;
    text = text.substr(semi + 1);
  }
  return out;
}

std::string_view FileText(std::string_view name) {
  for (const EmbeddedFile& f : SampleAssistanceFiles()) {
    if (f.path == name) return f.contents;
  }
  return {};
}

Result<DataStatus> DataStatusOf(const CsvTable& t) {
  std::optional<DataStatus> s = ParseDataStatus(t.Get("data_status"));
  if (!s) return t.Error("data_status", "must be real or illustrative");
  return *s;
}

Result<std::vector<Programme>> ParseProgrammes(std::string_view text, std::string source) {
  KINET_ASSIGN_OR_RETURN(
      CsvTable t,
      CsvTable::Open(text, std::move(source), {"code", "agency", "title", "types", "data_status"}));
  std::vector<Programme> out;
  for (;;) {
    KINET_ASSIGN_OR_RETURN(bool more, t.Next());
    if (!more) break;
    Programme p;
    KINET_ASSIGN_OR_RETURN(p.code, t.Required("code"));
    KINET_ASSIGN_OR_RETURN(p.agency_code, t.Required("agency"));
    KINET_ASSIGN_OR_RETURN(p.title, t.Required("title"));
    p.description = t.Get("description");
    for (const std::string& code : SplitList(t.Get("types"))) {
      std::optional<AssistanceType> type = ParseAssistanceType(code);
      if (!type) return t.Error("types", fmt::format("unknown assistance type '{}'", code));
      p.types.push_back(*type);
    }
    p.themes = SplitList(t.Get("themes"));
    p.countries = SplitList(t.Get("countries"));
    p.size_classes = SplitList(t.Get("size_classes"));
    KINET_ASSIGN_OR_RETURN(p.budget_min, t.Double("budget_min"));
    KINET_ASSIGN_OR_RETURN(p.budget_max, t.Double("budget_max"));
    p.open_from = t.Get("open_from");
    p.open_until = t.Get("open_until");
    KINET_ASSIGN_OR_RETURN(p.data_status, DataStatusOf(t));
    p.note = t.Get("note");
    out.push_back(std::move(p));
  }
  return out;
}

// The sample user who holds `role` for `scope` (first by e-mail), or the
// operator when the sample has none.
Principal Holder(const std::vector<User>& users, Role role, std::string_view scope) {
  for (const User& u : users) {
    if (u.role == role && (scope.empty() || u.scope == scope)) return Principal::ForUser(u);
  }
  return Principal::Operator("sample-loader");
}

}  // namespace

Result<AssistanceSampleSummary> LoadSampleAssistance(Database& db) {
  AssistanceSampleSummary summary;
  AssistanceService service(db);
  const Principal loader = Principal::Operator("sample-loader");
  KINET_ASSIGN_OR_RETURN(std::vector<Programme> programmes,
                         ParseProgrammes(FileText("programmes.csv"), "programmes.csv"));
  for (const Programme& p : programmes) {
    Result<Programme> stored = service.CreateProgramme(loader, p);
    if (!stored.ok()) {
      return Status(
          stored.status().code(),
          fmt::format("programmes.csv: programme {}: {}", p.code, stored.status().message()),
          stored.status().field());
    }
    ++summary.programmes;
  }

  KINET_ASSIGN_OR_RETURN(std::vector<User> users, UserRepository(db).List());
  KINET_ASSIGN_OR_RETURN(CsvTable t, CsvTable::Open(FileText("requests.csv"), "requests.csv",
                                                    {"city", "title", "type", "theme", "steps",
                                                     "dates", "data_status"}));
  for (;;) {
    KINET_ASSIGN_OR_RETURN(bool more, t.Next());
    if (!more) break;
    AssistanceRequest r;
    KINET_ASSIGN_OR_RETURN(r.city_code, t.Required("city"));
    KINET_ASSIGN_OR_RETURN(r.title, t.Required("title"));
    r.problem_code = t.Get("problem_code");
    r.indicator_code = t.Get("indicator");
    std::optional<AssistanceType> type = ParseAssistanceType(t.Get("type"));
    if (!type) return t.Error("type", "unknown assistance type");
    r.type = *type;
    r.theme = t.Get("theme");
    r.description = t.Get("description");
    KINET_ASSIGN_OR_RETURN(r.budget, t.Double("budget"));
    KINET_ASSIGN_OR_RETURN(r.co_funding, t.Double("co_funding"));
    r.wanted_start = t.Get("wanted_start");
    KINET_ASSIGN_OR_RETURN(r.data_status, DataStatusOf(t));
    // `dates`: the day the request was filed, then one day per step, so the
    // history reads as the sample story (late 2001 to 2002), not as the day
    // `init --sample` ran. Midnight UTC stands for the day.
    const std::vector<std::string> steps = SplitList(t.Get("steps"));
    const std::vector<std::string> dates = SplitList(t.Get("dates"));
    if (dates.size() != steps.size() + 1) {
      return t.Error("dates", fmt::format("needs {} dates (filed, then one per step), not {}",
                                          steps.size() + 1, dates.size()));
    }
    std::vector<std::string> stamps;
    for (const std::string& d : dates) {
      if (d.size() != 10 || !ParseDate(d).ok()) {
        return t.Error("dates", fmt::format("'{}' is not a date YYYY-MM-DD", d));
      }
      if (!stamps.empty() && d + "T00:00:00Z" < stamps.back()) {
        return t.Error("dates", fmt::format("'{}' is before the step it follows", d));
      }
      stamps.push_back(d + "T00:00:00Z");
    }
    r.created_at = stamps[0];
    KINET_ASSIGN_OR_RETURN(City city, CityRepository(db).FindByCode(r.city_code));
    const Principal officer = Holder(users, Role::kCityOfficer, city.code);
    Result<AssistanceRequest> created = service.CreateRequest(officer, r);
    if (!created.ok()) return t.Error("city", created.status().message());
    for (std::size_t k = 0; k < steps.size(); ++k) {
      const std::string& item = steps[k];
      const std::size_t colon = item.find(':');
      std::optional<RequestAction> action = ParseRequestAction(item.substr(0, colon));
      if (!action) return t.Error("steps", fmt::format("unknown step '{}'", item));
      RequestTransition step;
      step.action = *action;
      step.at = stamps[k + 1];
      const std::string arg = colon == std::string::npos ? "" : item.substr(colon + 1);
      Principal who = loader;
      switch (*action) {
        case RequestAction::kSubmit:
        case RequestAction::kWithdraw:
          who = officer;
          break;
        case RequestAction::kReturn:
        case RequestAction::kEndorse:
          who = Holder(users, Role::kNationalCoordinator, city.country_code);
          step.comment = *action == RequestAction::kReturn ? "Returned in the sample." : "";
          break;
        case RequestAction::kForward:
          who = Holder(users, Role::kSecretariat, "");
          step.programmes = {arg};
          break;
        case RequestAction::kAccept:
        case RequestAction::kDecline: {
          step.programme = arg;
          KINET_ASSIGN_OR_RETURN(Programme p, service.FindProgramme(arg));
          who = Holder(users, Role::kAgencyOfficer, p.agency_code);
          if (*action == RequestAction::kDecline) {
            step.comment = "Outside the programme's current pipeline (illustrative).";
          }
          break;
        }
        case RequestAction::kStart:
        case RequestAction::kComplete: {
          KINET_ASSIGN_OR_RETURN(AssistanceRequest now, service.GetRequest(loader, created->id));
          for (const RequestProgramme& rp : now.programmes) {
            if (rp.decision == ProgrammeDecision::kAccepted) {
              who = Holder(users, Role::kAgencyOfficer, rp.agency_code);
              break;
            }
          }
          if (*action == RequestAction::kComplete) {
            RequestOutcome o;
            o.help_delivered = t.Get("outcome_help");
            KINET_ASSIGN_OR_RETURN(o.funds, t.Double("outcome_funds"));
            o.note = "Illustrative outcome.";
            step.outcome = o;
          }
          break;
        }
        case RequestAction::kCreate:
        case RequestAction::kEdit:
          return t.Error("steps", fmt::format("'{}' is not a lifecycle step", item));
      }
      Result<AssistanceRequest> moved = service.Transition(who, created->id, step);
      if (!moved.ok()) {
        return t.Error("steps", fmt::format("step '{}': {}", item, moved.status().message()));
      }
    }
    ++summary.requests;
  }
  return summary;
}

}  // namespace kinet
