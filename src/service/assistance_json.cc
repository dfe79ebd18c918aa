#include "service/assistance_json.h"

#include <fmt/format.h>

namespace kinet {
namespace {

using nlohmann::json;

json Opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
json OptText(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

Status Wrong(const char* key, const char* what) {
  return InvalidArgument(fmt::format("{} must be {}", key, what), key);
}

Status Str(const json& j, const char* key, std::string& out, bool required = false) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    return required ? InvalidArgument(fmt::format("{} is required", key), key) : OkStatus();
  }
  if (!it->is_string()) return Wrong(key, "a string");
  out = it->get<std::string>();
  if (required && out.empty()) return InvalidArgument(fmt::format("{} is required", key), key);
  return OkStatus();
}

Status Num(const json& j, const char* key, std::optional<double>& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return OkStatus();
  if (!it->is_number()) return Wrong(key, "a number");
  out = it->get<double>();
  return OkStatus();
}

Status Strings(const json& j, const char* key, std::vector<std::string>& out,
               bool required = false) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    return required ? InvalidArgument(fmt::format("{} is required", key), key) : OkStatus();
  }
  if (!it->is_array()) return Wrong(key, "an array of strings");
  out.clear();
  for (const json& v : *it) {
    if (!v.is_string()) return Wrong(key, "an array of strings");
    out.push_back(v.get<std::string>());
  }
  return OkStatus();
}

Status TypeOf(const json& j, const char* key, AssistanceType& out) {
  std::string code;
  KINET_RETURN_IF_ERROR(Str(j, key, code, true));
  std::optional<AssistanceType> t = ParseAssistanceType(code);
  if (!t) {
    return InvalidArgument(fmt::format("{} '{}' must be expert-support, technical-cooperation, "
                                       "joint-research, advisory-mission, finance or training",
                                       key, code),
                           key);
  }
  out = *t;
  return OkStatus();
}

Status DataStatusOf(const json& j, DataStatus& out) {
  std::string code;
  KINET_RETURN_IF_ERROR(Str(j, "data_status", code));
  if (code.empty()) return OkStatus();
  std::optional<DataStatus> s = ParseDataStatus(code);
  if (!s) return Wrong("data_status", "real or illustrative");
  out = *s;
  return OkStatus();
}

}  // namespace

json ToJson(const Programme& p) {
  json types = json::array();
  for (AssistanceType t : p.types) types.push_back(AssistanceTypeCode(t));
  return {{"code", p.code},
          {"agency", p.agency_code},
          {"agency_name", p.agency_name},
          {"title", p.title},
          {"description", p.description},
          {"types", types},
          {"themes", p.themes},
          {"countries", p.countries},
          {"size_classes", p.size_classes},
          {"budget_min", Opt(p.budget_min)},
          {"budget_max", Opt(p.budget_max)},
          {"open_from", OptText(p.open_from)},
          {"open_until", OptText(p.open_until)},
          {"data_status", DataStatusCode(p.data_status)},
          {"note", p.note},
          {"updated_by", p.updated_by},
          {"updated_at", p.updated_at}};
}

json ToJson(const AssistanceRequest& r) {
  json programmes = json::array();
  for (const RequestProgramme& p : r.programmes) {
    programmes.push_back({{"programme", p.programme_code},
                          {"agency", p.agency_code},
                          {"status", ProgrammeDecisionCode(p.decision)},
                          {"comment", p.comment},
                          {"decided_by", p.decided_by},
                          {"decided_at", OptText(p.decided_at)}});
  }
  json history = json::array();
  for (const RequestStep& s : r.history) {
    history.push_back({{"at", s.at},
                       {"actor", s.actor},
                       {"action", RequestActionCode(s.action)},
                       {"from", s.from ? json(RequestStatusCode(*s.from)) : json(nullptr)},
                       {"to", RequestStatusCode(s.to)},
                       {"programme", s.programme_code},
                       {"comment", s.comment}});
  }
  json outcome = nullptr;
  if (r.outcome) {
    outcome = {{"help_delivered", r.outcome->help_delivered},
               {"funds", Opt(r.outcome->funds)},
               {"pilot_id", r.outcome->pilot_id ? json(*r.outcome->pilot_id) : json(nullptr)},
               {"note", r.outcome->note}};
  }
  return {{"id", r.id.value},
          {"city", r.city_code},
          {"country", r.country_code},
          {"title", r.title},
          {"problem_code", r.problem_code},
          {"indicator", r.indicator_code},
          {"type", AssistanceTypeCode(r.type)},
          {"theme", r.theme},
          {"description", r.description},
          {"budget", Opt(r.budget)},
          {"co_funding", Opt(r.co_funding)},
          {"wanted_start", OptText(r.wanted_start)},
          {"status", RequestStatusCode(r.status)},
          {"programmes", programmes},
          {"outcome", outcome},
          {"history", history},
          {"data_status", DataStatusCode(r.data_status)},
          {"created_by", r.created_by},
          {"created_at", r.created_at},
          {"updated_at", r.updated_at}};
}

json ToJson(const ProgrammeMatches& m) {
  json items = json::array();
  for (const ProgrammeMatch& pm : m.items) {
    json reasons = json::array();
    for (const IneligibilityReason& r : pm.reasons) {
      reasons.push_back({{"criterion", r.criterion}, {"message", r.message}});
    }
    items.push_back(
        {{"programme", ToJson(pm.programme)}, {"eligible", pm.eligible()}, {"reasons", reasons}});
  }
  return {
      {"request_id", m.request_id.value}, {"reference_date", m.reference_date}, {"items", items}};
}

json ToJson(const Notification& n) {
  return {{"id", n.id},
          {"at", n.at},
          {"recipient", n.recipient},
          {"kind", n.kind},
          {"entity", n.entity},
          {"entity_id", n.entity_id},
          {"message", n.message},
          {"read_at", n.read_at ? json(*n.read_at) : json(nullptr)}};
}

Result<Programme> ProgrammeFromJson(const json& body) {
  Programme p;
  KINET_RETURN_IF_ERROR(Str(body, "code", p.code, true));
  KINET_RETURN_IF_ERROR(Str(body, "agency", p.agency_code, true));
  KINET_RETURN_IF_ERROR(Str(body, "title", p.title, true));
  KINET_RETURN_IF_ERROR(Str(body, "description", p.description));
  std::vector<std::string> types;
  KINET_RETURN_IF_ERROR(Strings(body, "types", types, true));
  for (const std::string& code : types) {
    std::optional<AssistanceType> t = ParseAssistanceType(code);
    if (!t) return InvalidArgument(fmt::format("unknown assistance type '{}'", code), "types");
    p.types.push_back(*t);
  }
  KINET_RETURN_IF_ERROR(Strings(body, "themes", p.themes));
  KINET_RETURN_IF_ERROR(Strings(body, "countries", p.countries));
  KINET_RETURN_IF_ERROR(Strings(body, "size_classes", p.size_classes));
  KINET_RETURN_IF_ERROR(Num(body, "budget_min", p.budget_min));
  KINET_RETURN_IF_ERROR(Num(body, "budget_max", p.budget_max));
  KINET_RETURN_IF_ERROR(Str(body, "open_from", p.open_from));
  KINET_RETURN_IF_ERROR(Str(body, "open_until", p.open_until));
  KINET_RETURN_IF_ERROR(Str(body, "note", p.note));
  KINET_RETURN_IF_ERROR(DataStatusOf(body, p.data_status));
  return p;
}

Result<AssistanceRequest> RequestFromJson(const json& body) {
  AssistanceRequest r;
  KINET_RETURN_IF_ERROR(Str(body, "city", r.city_code));
  KINET_RETURN_IF_ERROR(Str(body, "title", r.title, true));
  KINET_RETURN_IF_ERROR(Str(body, "problem_code", r.problem_code));
  KINET_RETURN_IF_ERROR(Str(body, "indicator", r.indicator_code));
  KINET_RETURN_IF_ERROR(TypeOf(body, "type", r.type));
  KINET_RETURN_IF_ERROR(Str(body, "theme", r.theme, true));
  KINET_RETURN_IF_ERROR(Str(body, "description", r.description));
  KINET_RETURN_IF_ERROR(Num(body, "budget", r.budget));
  KINET_RETURN_IF_ERROR(Num(body, "co_funding", r.co_funding));
  KINET_RETURN_IF_ERROR(Str(body, "wanted_start", r.wanted_start));
  KINET_RETURN_IF_ERROR(DataStatusOf(body, r.data_status));
  return r;
}

Result<RequestTransition> TransitionFromJson(const json& body) {
  RequestTransition t;
  std::string action;
  KINET_RETURN_IF_ERROR(Str(body, "action", action, true));
  std::optional<RequestAction> a = ParseRequestAction(action);
  if (!a || *a == RequestAction::kCreate || *a == RequestAction::kEdit) {
    return InvalidArgument(fmt::format("action '{}' must be submit, return, endorse, forward, "
                                       "accept, decline, start, complete or withdraw",
                                       action),
                           "action");
  }
  t.action = *a;
  KINET_RETURN_IF_ERROR(Str(body, "comment", t.comment));
  KINET_RETURN_IF_ERROR(Strings(body, "programmes", t.programmes));
  KINET_RETURN_IF_ERROR(Str(body, "programme", t.programme));
  auto it = body.find("outcome");
  if (it != body.end() && !it->is_null()) {
    if (!it->is_object()) return Wrong("outcome", "an object");
    RequestOutcome o;
    KINET_RETURN_IF_ERROR(Str(*it, "help_delivered", o.help_delivered));
    KINET_RETURN_IF_ERROR(Num(*it, "funds", o.funds));
    auto pilot = it->find("pilot_id");
    if (pilot != it->end() && !pilot->is_null()) {
      if (!pilot->is_number_integer()) return Wrong("pilot_id", "an integer");
      o.pilot_id = pilot->get<std::int64_t>();
    }
    KINET_RETURN_IF_ERROR(Str(*it, "note", o.note));
    t.outcome = o;
  }
  return t;
}

}  // namespace kinet
