#include "service/assistance_service.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/period.h"
#include "engine/city_size.h"
#include "service/notification_service.h"
#include "service/problem_service.h"
#include "store/audit_repository.h"
#include "store/migrations.h"
#include "store/registry_repository.h"

namespace kinet {
namespace {

bool IsSlug(std::string_view s) {
  return s.size() >= 2 && s.size() <= 80 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
         });
}

bool Contains(const std::vector<std::string>& list, std::string_view v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

std::string Usd(double v) {
  // "250,000 USD": thousands separators make budgets readable in messages.
  std::string digits = fmt::format("{:.0f}", v);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0 && digits[i - 1] != '-') out += ',';
    out += digits[i];
  }
  return out + " USD";
}

std::string Joined(const std::vector<std::string>& list) {
  std::string out;
  for (const std::string& s : list) out += (out.empty() ? "" : ", ") + s;
  return out;
}

Status CheckDate(std::string_view text, const char* field) {
  if (text.empty()) return OkStatus();
  if (text.size() != 10 || !ParseDate(text).ok()) {
    return InvalidArgument(fmt::format("{} '{}' must be a date YYYY-MM-DD", field, text), field);
  }
  return OkStatus();
}

Status CheckAmount(const std::optional<double>& v, const char* field) {
  if (v && !(*v >= 0.0)) {  // also refuses NaN
    return InvalidArgument(fmt::format("{} must be a non-negative amount in USD", field), field);
  }
  return OkStatus();
}

Status ValidateProgramme(Executor& ex, const Programme& p) {
  if (!IsSlug(p.code)) {
    return InvalidArgument(
        fmt::format("programme code '{}' must be 2..80 characters of a-z, 0-9 and '-'", p.code),
        "code");
  }
  if (p.agency_code.empty()) return InvalidArgument("the programme needs an agency", "agency");
  if (p.title.empty()) return InvalidArgument("the programme needs a title", "title");
  if (p.types.empty()) {
    return InvalidArgument("the programme needs at least one assistance type", "types");
  }
  for (const std::string& t : p.themes) {
    if (!IsAssistanceTheme(t)) {
      return InvalidArgument(fmt::format("unknown theme '{}'", t), "themes");
    }
  }
  CountryRepository countries(ex);
  for (const std::string& c : p.countries) {
    Result<Country> found = countries.FindByCode(c);
    if (!found.ok()) {
      if (found.status().code() == StatusCode::kNotFound) {
        return InvalidArgument(fmt::format("unknown country '{}'", c), "countries");
      }
      return found.status();
    }
  }
  for (const std::string& s : p.size_classes) {
    if (!FindCitySizeClass(s)) {
      return InvalidArgument(fmt::format("unknown size class '{}'", s), "size_classes");
    }
  }
  KINET_RETURN_IF_ERROR(CheckAmount(p.budget_min, "budget_min"));
  KINET_RETURN_IF_ERROR(CheckAmount(p.budget_max, "budget_max"));
  if (p.budget_min && p.budget_max && *p.budget_min > *p.budget_max) {
    return InvalidArgument("budget_min is above budget_max", "budget_min");
  }
  KINET_RETURN_IF_ERROR(CheckDate(p.open_from, "open_from"));
  KINET_RETURN_IF_ERROR(CheckDate(p.open_until, "open_until"));
  if (!p.open_from.empty() && !p.open_until.empty() && p.open_until < p.open_from) {
    return InvalidArgument("open_until is before open_from", "open_until");
  }
  return OkStatus();
}

Status ValidateRequestFields(const AssistanceRequest& r) {
  if (r.title.empty()) return InvalidArgument("the request needs a title", "title");
  if (!IsAssistanceTheme(r.theme)) {
    return InvalidArgument(fmt::format("unknown theme '{}'", r.theme), "theme");
  }
  KINET_RETURN_IF_ERROR(CheckAmount(r.budget, "budget"));
  KINET_RETURN_IF_ERROR(CheckAmount(r.co_funding, "co_funding"));
  if (!r.problem_code.empty()) {
    // The problems service's code form (service/problem_service.h); the
    // problem itself is recomputed from data when shown, not stored here.
    Result<ProblemKey> key = ParseProblemCode(r.problem_code);
    if (!key.ok()) return InvalidArgument(key.status().message(), "problem_code");
    if (key->city_code != r.city_code) {
      return InvalidArgument(fmt::format("problem {} is a problem of {}, not of {}", r.problem_code,
                                         key->city_code, r.city_code),
                             "problem_code");
    }
    if (!r.indicator_code.empty() && r.indicator_code != key->indicator_code) {
      return InvalidArgument(fmt::format("indicator {} is not the indicator of problem {}",
                                         r.indicator_code, r.problem_code),
                             "indicator");
    }
  }
  return CheckDate(r.wanted_start, "wanted_start");
}

std::string ProgrammeAuditText(const Programme& p) {
  std::vector<std::string> types;
  for (AssistanceType t : p.types) types.emplace_back(AssistanceTypeCode(t));
  return fmt::format(
      "{} '{}'; types {}; themes {}; countries {}; sizes {}; budget {}..{}; open {}..{}",
      p.agency_code, p.title, Joined(types), Joined(p.themes), Joined(p.countries),
      Joined(p.size_classes), p.budget_min ? Usd(*p.budget_min) : "-",
      p.budget_max ? Usd(*p.budget_max) : "-", p.open_from, p.open_until);
}

Status Audit(Executor& ex, std::string_view actor, std::string_view action, std::string_view entity,
             std::string_view entity_id, std::optional<std::string> field,
             std::optional<std::string> old_value, std::optional<std::string> new_value) {
  AuditEntry e;
  e.actor = std::string(actor);
  e.action = std::string(action);
  e.entity = std::string(entity);
  e.entity_id = std::string(entity_id);
  e.field = std::move(field);
  e.old_value = std::move(old_value);
  e.new_value = std::move(new_value);
  return AuditRepository(ex).Record(e);
}

Result<MatchCity> MatchCityOf(Executor& ex, std::string_view city_code) {
  KINET_ASSIGN_OR_RETURN(City city, CityRepository(ex).FindByCode(city_code));
  KINET_ASSIGN_OR_RETURN(Country country, CountryRepository(ex).FindByCode(city.country_code));
  MatchCity m;
  m.country_code = city.country_code;
  if (city.population) {
    std::optional<CitySizeClass> size =
        ClassifyCitySize(country.size_scheme, city.population->persons, city.population->kind);
    if (size) m.size_class = std::string(size->code);
  }
  return m;
}

Resource CityResource(const AssistanceRequest& r) {
  return Resource::City(r.country_code, r.city_code);
}

Status CheckReadable(const Principal& who, const AssistanceRequest& r) {
  if (r.status != RequestStatus::kDraft) return OkStatus();
  return Require(who, Action::kReadUnpublished, CityResource(r));
}

Status WrongState(const AssistanceRequest& r, RequestAction a, std::string_view needs) {
  return Conflict(fmt::format("request {} is {}; {} needs a request that is {}", r.id.value,
                              RequestStatusCode(r.status), RequestActionCode(a), needs));
}

const RequestProgramme* FindForwarded(const AssistanceRequest& r, std::string_view code) {
  for (const RequestProgramme& p : r.programmes) {
    if (p.programme_code == code) return &p;
  }
  return nullptr;
}

// kDecideRequest for at least one agency whose programme accepted `r`. When
// no programme accepted, there is nobody to start or complete the help and
// the state check refuses the step (Conflict) for everyone.
Status RequireAcceptingAgency(const Principal& who, const AssistanceRequest& r) {
  if (std::none_of(r.programmes.begin(), r.programmes.end(), [](const RequestProgramme& p) {
        return p.decision == ProgrammeDecision::kAccepted;
      })) {
    return OkStatus();
  }
  const RequestProgramme* first = nullptr;
  for (const RequestProgramme& p : r.programmes) {
    if (p.decision != ProgrammeDecision::kAccepted) continue;
    if (Can(who, Action::kDecideRequest, Resource::ForOrganisation(p.agency_code))) {
      return OkStatus();
    }
    if (first == nullptr) first = &p;
  }
  return Require(
      who, Action::kDecideRequest,
      first != nullptr ? Resource::ForOrganisation(first->agency_code) : Resource::None());
}

std::string StepMessage(const AssistanceRequest& r, RequestAction a, std::string_view actor,
                        const RequestTransition& step) {
  std::string what;
  switch (a) {
    case RequestAction::kSubmit:
      what = "was submitted";
      break;
    case RequestAction::kReturn:
      what = "was returned to draft";
      break;
    case RequestAction::kEndorse:
      what = "was endorsed";
      break;
    case RequestAction::kForward:
      what = "was forwarded to " + Joined(step.programmes);
      break;
    case RequestAction::kAccept:
      what = "was accepted by " + step.programme;
      break;
    case RequestAction::kDecline:
      what = "was declined by " + step.programme;
      break;
    case RequestAction::kStart:
      what = "is in progress";
      break;
    case RequestAction::kComplete:
      what = "was completed";
      break;
    case RequestAction::kWithdraw:
      what = "was withdrawn";
      break;
    case RequestAction::kCreate:
    case RequestAction::kEdit:
      what = "was changed";
      break;
  }
  std::string msg =
      fmt::format("Request {} '{}' ({}) {} by {}", r.id.value, r.title, r.city_code, what, actor);
  if (!step.comment.empty()) msg += ": " + step.comment;
  return msg;
}

}  // namespace

// ---- matching -------------------------------------------------------------------

std::string MatchReferenceDate(const AssistanceRequest& r) {
  if (!r.wanted_start.empty()) return r.wanted_start;
  return r.created_at.substr(0, 10);
}

std::vector<IneligibilityReason> CheckEligibility(const Programme& p, const AssistanceRequest& r,
                                                  const MatchCity& city,
                                                  std::string_view reference_date) {
  std::vector<IneligibilityReason> out;
  if (!p.countries.empty() && !Contains(p.countries, city.country_code)) {
    out.push_back({"country", fmt::format("open to cities in {} only; {} is in {}",
                                          Joined(p.countries), r.city_code, city.country_code)});
  }
  if (!p.size_classes.empty()) {
    if (!city.size_class) {
      out.push_back({"size-class",
                     fmt::format("open to size classes {} only; the size class of {} is unknown "
                                 "(no population of the kind its country's scheme uses)",
                                 Joined(p.size_classes), r.city_code)});
    } else if (!Contains(p.size_classes, *city.size_class)) {
      out.push_back(
          {"size-class", fmt::format("open to size classes {} only; {} is {}",
                                     Joined(p.size_classes), r.city_code, *city.size_class)});
    }
  }
  if (!p.themes.empty() && !Contains(p.themes, r.theme)) {
    out.push_back({"theme", fmt::format("covers {} only; the request is about {}", Joined(p.themes),
                                        r.theme)});
  }
  if (std::find(p.types.begin(), p.types.end(), r.type) == p.types.end()) {
    std::vector<std::string> types;
    for (AssistanceType t : p.types) types.emplace_back(AssistanceTypeCode(t));
    out.push_back({"type", fmt::format("offers {} only; the request asks for {}", Joined(types),
                                       AssistanceTypeCode(r.type))});
  }
  if (r.budget) {
    if (p.budget_min && *r.budget < *p.budget_min) {
      out.push_back({"budget", fmt::format("the request asks for {}, below the programme's "
                                           "minimum of {}",
                                           Usd(*r.budget), Usd(*p.budget_min))});
    } else if (p.budget_max && *r.budget > *p.budget_max) {
      out.push_back({"budget", fmt::format("the request asks for {}, above the programme's "
                                           "maximum of {}",
                                           Usd(*r.budget), Usd(*p.budget_max))});
    }
  }
  if (!p.open_from.empty() && reference_date < p.open_from) {
    out.push_back({"period", fmt::format("opens on {}; the request's date is {}", p.open_from,
                                         reference_date)});
  } else if (!p.open_until.empty() && reference_date > p.open_until) {
    out.push_back({"period", fmt::format("closed on {}; the request's date is {}", p.open_until,
                                         reference_date)});
  }
  return out;
}

// ---- programmes -------------------------------------------------------------------

Result<std::vector<Programme>> AssistanceService::ListProgrammes(const ProgrammeFilter& f) {
  KINET_ASSIGN_OR_RETURN(std::vector<Programme> all, ProgrammeRepository(db_).List(f.agency_code));
  std::vector<Programme> out;
  for (Programme& p : all) {
    if (f.type && std::find(p.types.begin(), p.types.end(), *f.type) == p.types.end()) continue;
    if (f.theme && !Contains(p.themes, *f.theme)) continue;
    out.push_back(std::move(p));
  }
  return out;
}

Result<Programme> AssistanceService::FindProgramme(std::string_view code) {
  return ProgrammeRepository(db_).FindByCode(code);
}

Result<Programme> AssistanceService::CreateProgramme(const Principal& who, const Programme& p) {
  KINET_RETURN_IF_ERROR(
      Require(who, Action::kManageProgramme, Resource::ForOrganisation(p.agency_code)));
  Programme stored;
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& tx) -> Status {
    KINET_RETURN_IF_ERROR(ValidateProgramme(tx, p));
    Result<Programme> r = ProgrammeRepository(tx).Insert(p, who.actor());
    if (!r.ok() && r.status().code() == StatusCode::kAlreadyExists) {
      return AlreadyExists(fmt::format("a programme with the code '{}' exists", p.code));
    }
    KINET_ASSIGN_OR_RETURN(stored, std::move(r));
    return Audit(tx, who.actor(), "insert", "programme", p.code, std::nullopt, std::nullopt,
                 ProgrammeAuditText(stored));
  }));
  return stored;
}

Result<Programme> AssistanceService::UpdateProgramme(const Principal& who, const Programme& p) {
  KINET_ASSIGN_OR_RETURN(Programme old, ProgrammeRepository(db_).FindByCode(p.code));
  KINET_RETURN_IF_ERROR(
      Require(who, Action::kManageProgramme, Resource::ForOrganisation(old.agency_code)));
  KINET_RETURN_IF_ERROR(
      Require(who, Action::kManageProgramme, Resource::ForOrganisation(p.agency_code)));
  Programme stored;
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& tx) -> Status {
    KINET_RETURN_IF_ERROR(ValidateProgramme(tx, p));
    KINET_ASSIGN_OR_RETURN(stored, ProgrammeRepository(tx).Update(p, who.actor()));
    return Audit(tx, who.actor(), "update", "programme", p.code, std::nullopt,
                 ProgrammeAuditText(old), ProgrammeAuditText(stored));
  }));
  return stored;
}

// ---- requests ---------------------------------------------------------------------

Result<std::vector<AssistanceRequest>> AssistanceService::ListRequests(const Principal& who,
                                                                       const RequestQuery& query) {
  if (query.city_code)
    KINET_RETURN_IF_ERROR(CityRepository(db_).FindByCode(*query.city_code).status());
  KINET_ASSIGN_OR_RETURN(std::vector<AssistanceRequest> all, RequestRepository(db_).List(query));
  std::vector<AssistanceRequest> out;
  for (AssistanceRequest& r : all) {
    if (r.status == RequestStatus::kDraft && !Can(who, Action::kReadUnpublished, CityResource(r))) {
      continue;
    }
    out.push_back(std::move(r));
  }
  return out;
}

Result<AssistanceRequest> AssistanceService::GetRequest(const Principal& who, RequestId id) {
  KINET_ASSIGN_OR_RETURN(AssistanceRequest r, RequestRepository(db_).Find(id));
  KINET_RETURN_IF_ERROR(CheckReadable(who, r));
  return r;
}

Result<AssistanceRequest> AssistanceService::CreateRequest(const Principal& who,
                                                           const AssistanceRequest& request) {
  if (request.city_code.empty()) return InvalidArgument("the request needs a city", "city");
  Result<City> city = CityRepository(db_).FindByCode(request.city_code);
  if (!city.ok()) {
    if (city.status().code() == StatusCode::kNotFound) {
      return InvalidArgument(fmt::format("no city has the code '{}'", request.city_code), "city");
    }
    return city.status();
  }
  KINET_RETURN_IF_ERROR(
      Require(who, Action::kWriteRequest, Resource::City(city->country_code, city->code)));
  KINET_RETURN_IF_ERROR(ValidateRequestFields(request));
  AssistanceRequest draft = request;
  draft.status = RequestStatus::kDraft;
  if (draft.indicator_code.empty() && !draft.problem_code.empty()) {
    draft.indicator_code = ParseProblemCode(draft.problem_code)->indicator_code;  // validated
  }
  RequestId id;
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& tx) -> Status {
    KINET_ASSIGN_OR_RETURN(id, RequestRepository(tx).Insert(draft, who.actor()));
    RequestStep step;
    step.at = draft.created_at;
    step.actor = who.actor();
    step.action = RequestAction::kCreate;
    step.to = RequestStatus::kDraft;
    KINET_RETURN_IF_ERROR(RequestRepository(tx).AddStep(id, step));
    return Audit(tx, who.actor(), "insert", "request", std::to_string(id.value), std::nullopt,
                 std::nullopt,
                 fmt::format("{} '{}' {} {} budget {}", draft.city_code, draft.title,
                             AssistanceTypeCode(draft.type), draft.theme,
                             draft.budget ? Usd(*draft.budget) : "-"));
  }));
  return RequestRepository(db_).Find(id);
}

Result<AssistanceRequest> AssistanceService::UpdateRequest(const Principal& who,
                                                           const AssistanceRequest& request) {
  KINET_ASSIGN_OR_RETURN(AssistanceRequest old, RequestRepository(db_).Find(request.id));
  KINET_RETURN_IF_ERROR(Require(who, Action::kWriteRequest, CityResource(old)));
  if (old.status != RequestStatus::kDraft) {
    return Conflict(fmt::format("request {} is {}; only a draft can be changed", old.id.value,
                                RequestStatusCode(old.status)));
  }
  AssistanceRequest edit = request;
  edit.city_code = old.city_code;  // a request stays with its city
  KINET_RETURN_IF_ERROR(ValidateRequestFields(edit));
  if (edit.indicator_code.empty() && !edit.problem_code.empty()) {
    edit.indicator_code = ParseProblemCode(edit.problem_code)->indicator_code;  // validated
  }
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& tx) -> Status {
    KINET_RETURN_IF_ERROR(RequestRepository(tx).UpdateFields(edit));
    RequestStep step;
    step.actor = who.actor();
    step.action = RequestAction::kEdit;
    step.from = RequestStatus::kDraft;
    step.to = RequestStatus::kDraft;
    KINET_RETURN_IF_ERROR(RequestRepository(tx).AddStep(request.id, step));
    return Audit(
        tx, who.actor(), "update", "request", std::to_string(old.id.value), std::nullopt,
        fmt::format("'{}' budget {}", old.title, old.budget ? Usd(*old.budget) : "-"),
        fmt::format("'{}' budget {}", request.title, request.budget ? Usd(*request.budget) : "-"));
  }));
  return RequestRepository(db_).Find(request.id);
}

Result<AssistanceRequest> AssistanceService::Transition(const Principal& who, RequestId id,
                                                        const RequestTransition& step) {
  KINET_ASSIGN_OR_RETURN(AssistanceRequest r, RequestRepository(db_).Find(id));
  KINET_RETURN_IF_ERROR(CheckReadable(who, r));  // a draft's state is the city's business
  const RequestAction a = step.action;
  const RequestStatus from = r.status;
  RequestStatus to = from;
  // 1. Who may take this step (before looking at the state, so that a caller
  //    without the right learns nothing about the request's progress).
  switch (a) {
    case RequestAction::kSubmit:
    case RequestAction::kWithdraw:
      KINET_RETURN_IF_ERROR(Require(who, Action::kWriteRequest, CityResource(r)));
      break;
    case RequestAction::kReturn:
    case RequestAction::kEndorse:
      KINET_RETURN_IF_ERROR(Require(who, Action::kEndorseRequest, CityResource(r)));
      break;
    case RequestAction::kForward:
      KINET_RETURN_IF_ERROR(Require(who, Action::kForwardRequest, Resource::None()));
      break;
    case RequestAction::kAccept:
    case RequestAction::kDecline: {
      if (step.programme.empty()) {
        return InvalidArgument(
            fmt::format("{} needs the programme that answers", RequestActionCode(a)), "programme");
      }
      KINET_ASSIGN_OR_RETURN(Programme p, ProgrammeRepository(db_).FindByCode(step.programme));
      KINET_RETURN_IF_ERROR(
          Require(who, Action::kDecideRequest, Resource::ForOrganisation(p.agency_code)));
      break;
    }
    case RequestAction::kStart:
    case RequestAction::kComplete:
      KINET_RETURN_IF_ERROR(RequireAcceptingAgency(who, r));
      break;
    case RequestAction::kCreate:
    case RequestAction::kEdit:
      return InvalidArgument(fmt::format("'{}' is not a lifecycle step; use the create and "
                                         "update calls",
                                         RequestActionCode(a)),
                             "action");
  }
  // 2. Whether the state allows it, and what it leads to.
  switch (a) {
    case RequestAction::kSubmit:
      if (from != RequestStatus::kDraft) return WrongState(r, a, "draft");
      to = RequestStatus::kSubmitted;
      break;
    case RequestAction::kReturn:
      if (from != RequestStatus::kSubmitted) return WrongState(r, a, "submitted");
      if (step.comment.empty()) {
        return InvalidArgument("say why the request goes back to the city (a comment)", "comment");
      }
      to = RequestStatus::kDraft;
      break;
    case RequestAction::kEndorse:
      if (from != RequestStatus::kSubmitted) return WrongState(r, a, "submitted");
      to = RequestStatus::kEndorsed;
      break;
    case RequestAction::kForward: {
      if (from != RequestStatus::kEndorsed && from != RequestStatus::kForwarded &&
          from != RequestStatus::kDeclined) {
        return WrongState(r, a, "endorsed, forwarded or declined");
      }
      if (step.programmes.empty()) {
        return InvalidArgument("name the programmes to forward the request to", "programmes");
      }
      KINET_ASSIGN_OR_RETURN(MatchCity city, MatchCityOf(db_, r.city_code));
      const std::string date = MatchReferenceDate(r);
      for (const std::string& code : step.programmes) {
        if (FindForwarded(r, code) != nullptr) {
          return Conflict(fmt::format("request {} was already forwarded to {}", r.id.value, code));
        }
        KINET_ASSIGN_OR_RETURN(Programme p, ProgrammeRepository(db_).FindByCode(code));
        std::vector<IneligibilityReason> reasons = CheckEligibility(p, r, city, date);
        if (!reasons.empty()) {
          std::string why;
          for (const IneligibilityReason& reason : reasons) {
            why +=
                fmt::format("{}{}: {}", why.empty() ? "" : "; ", reason.criterion, reason.message);
          }
          return Conflict(fmt::format("programme {} is not eligible for request {} ({})", code,
                                      r.id.value, why));
        }
      }
      to = RequestStatus::kForwarded;
      break;
    }
    case RequestAction::kAccept:
    case RequestAction::kDecline: {
      if (from != RequestStatus::kForwarded && from != RequestStatus::kAccepted &&
          from != RequestStatus::kDeclined) {
        return WrongState(r, a, "forwarded");
      }
      const RequestProgramme* rp = FindForwarded(r, step.programme);
      if (rp == nullptr) {
        return Conflict(fmt::format("request {} was not forwarded to programme {}", r.id.value,
                                    step.programme));
      }
      if (rp->decision != ProgrammeDecision::kForwarded) {
        return Conflict(fmt::format("programme {} already {} request {}", step.programme,
                                    ProgrammeDecisionCode(rp->decision), r.id.value));
      }
      bool any_accepted = a == RequestAction::kAccept;
      bool all_declined = true;
      for (const RequestProgramme& p : r.programmes) {
        const ProgrammeDecision d =
            p.programme_code == step.programme
                ? (a == RequestAction::kAccept ? ProgrammeDecision::kAccepted
                                               : ProgrammeDecision::kDeclined)
                : p.decision;
        if (d == ProgrammeDecision::kAccepted) any_accepted = true;
        if (d != ProgrammeDecision::kDeclined) all_declined = false;
      }
      to = any_accepted   ? RequestStatus::kAccepted
           : all_declined ? RequestStatus::kDeclined
                          : RequestStatus::kForwarded;
      break;
    }
    case RequestAction::kStart:
      if (from != RequestStatus::kAccepted) return WrongState(r, a, "accepted");
      to = RequestStatus::kInProgress;
      break;
    case RequestAction::kComplete:
      if (from != RequestStatus::kInProgress) return WrongState(r, a, "in-progress");
      if (!step.outcome || step.outcome->help_delivered.empty()) {
        return InvalidArgument("record the outcome: the help delivered", "outcome");
      }
      KINET_RETURN_IF_ERROR(CheckAmount(step.outcome->funds, "outcome.funds"));
      to = RequestStatus::kCompleted;
      break;
    case RequestAction::kWithdraw:
      if (from != RequestStatus::kDraft && from != RequestStatus::kSubmitted &&
          from != RequestStatus::kEndorsed && from != RequestStatus::kForwarded) {
        return WrongState(r, a, "draft, submitted, endorsed or forwarded");
      }
      to = RequestStatus::kWithdrawn;
      break;
    case RequestAction::kCreate:
    case RequestAction::kEdit:
      break;
  }
  // 3. One transaction: status, programme rows, outcome, history, audit,
  //    notifications.
  const std::string actor = who.actor();
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& tx) -> Status {
    RequestRepository repo(tx);
    const std::string now = step.at.empty() ? UtcNowText() : step.at;
    if (a == RequestAction::kForward) {
      for (const std::string& code : step.programmes) {
        KINET_RETURN_IF_ERROR(repo.AddProgramme(r.id, code));
      }
    }
    if (a == RequestAction::kAccept || a == RequestAction::kDecline) {
      KINET_RETURN_IF_ERROR(repo.SetDecision(
          r.id, step.programme,
          a == RequestAction::kAccept ? ProgrammeDecision::kAccepted : ProgrammeDecision::kDeclined,
          step.comment, actor, now));
    }
    if (a == RequestAction::kComplete) KINET_RETURN_IF_ERROR(repo.SetOutcome(r.id, *step.outcome));
    if (to != from) KINET_RETURN_IF_ERROR(repo.SetStatus(r.id, to));
    RequestStep s;
    s.at = now;
    s.actor = actor;
    s.action = a;
    s.from = from;
    s.to = to;
    s.programme_code = a == RequestAction::kForward ? Joined(step.programmes) : step.programme;
    s.comment = step.comment;
    KINET_RETURN_IF_ERROR(repo.AddStep(r.id, s));
    KINET_RETURN_IF_ERROR(
        Audit(tx, actor, "update", "request", std::to_string(r.id.value), "status",
              std::string(RequestStatusCode(from)),
              fmt::format("{} ({}{}{})", RequestStatusCode(to), RequestActionCode(a),
                          s.programme_code.empty() ? "" : " ", s.programme_code)));
    // The parties as they are after the step (a forward adds the agencies).
    KINET_ASSIGN_OR_RETURN(AssistanceRequest after, repo.Find(r.id));
    return NotifyParties(tx, after, fmt::format("request-{}", RequestActionCode(a)),
                         StepMessage(r, a, actor, step), actor)
        .status();
  }));
  return RequestRepository(db_).Find(id);
}

Result<ProgrammeMatches> AssistanceService::Match(const Principal& who, RequestId id) {
  KINET_ASSIGN_OR_RETURN(AssistanceRequest r, GetRequest(who, id));
  KINET_ASSIGN_OR_RETURN(MatchCity city, MatchCityOf(db_, r.city_code));
  KINET_ASSIGN_OR_RETURN(std::vector<Programme> programmes, ProgrammeRepository(db_).List());
  ProgrammeMatches out;
  out.request_id = r.id;
  out.reference_date = MatchReferenceDate(r);
  for (Programme& p : programmes) {
    ProgrammeMatch m;
    m.reasons = CheckEligibility(p, r, city, out.reference_date);
    m.programme = std::move(p);
    out.items.push_back(std::move(m));
  }
  std::stable_partition(out.items.begin(), out.items.end(),
                        [](const ProgrammeMatch& m) { return m.eligible(); });
  return out;
}

}  // namespace kinet
