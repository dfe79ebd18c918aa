#include "core/event.h"

#include <algorithm>
#include <array>
#include <set>

#include <fmt/format.h>

#include "core/code_table.h"
#include "core/period.h"

namespace kinet {
namespace {

constexpr CodeSet<6> kKinds = {"seminar",         "workshop", "network-meeting",
                               "training-course", "mission",  "conference"};
constexpr CodeSet<3> kStatuses = {"planned", "held", "cancelled"};
constexpr CodeSet<6> kRoles = {"organiser", "co-organiser", "host",
                               "sponsor",   "co-sponsor",   "supporter"};
constexpr CodeSet<4> kActionStatuses = {"open", "in-progress", "done", "cancelled"};
constexpr CodeSet<6> kLinkKinds = {"city", "practice", "request", "pilot", "event", "organisation"};

bool IsSlug(std::string_view s) {
  if (s.size() < 2 || s.size() > 80) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool IsTime(std::string_view t) {
  if (t.size() != 5 || t[2] != ':') return false;
  for (std::size_t i : {0U, 1U, 3U, 4U}) {
    if (t[i] < '0' || t[i] > '9') return false;
  }
  const int h = (t[0] - '0') * 10 + (t[1] - '0');
  const int m = (t[3] - '0') * 10 + (t[4] - '0');
  return h < 24 && m < 60;
}

// "2001-10" sorts before "2001-10-05" and after "2001-09-30", which is what
// we want when comparing a month with a day.
bool EndBeforeStart(std::string_view start, std::string_view end) {
  return end.compare(0, std::min(end.size(), start.size()), start, 0,
                     std::min(end.size(), start.size())) < 0;
}

template <typename T, typename F>
Status UniqueNumbers(const std::vector<T>& items, std::string_view what, F number) {
  std::set<int> seen;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const int n = number(items[i]);
    const std::string field = fmt::format("{}[{}].number", what, i);
    if (n <= 0) return InvalidArgument(fmt::format("{} must be a positive number", field), field);
    if (!seen.insert(n).second) {
      return InvalidArgument(fmt::format("{}: number {} is used twice", field, n), field);
    }
  }
  return OkStatus();
}

}  // namespace

bool IsEventKind(std::string_view code) { return IsCodeIn(kKinds, code); }
bool IsEventStatus(std::string_view code) { return IsCodeIn(kStatuses, code); }
bool IsEventOrganisationRole(std::string_view code) { return IsCodeIn(kRoles, code); }
bool IsActionStatus(std::string_view code) { return IsCodeIn(kActionStatuses, code); }
bool IsEventLinkKind(std::string_view code) { return IsCodeIn(kLinkKinds, code); }

bool IsEventDate(std::string_view text) {
  if (text.size() == 7) return ParseDate(std::string(text) + "-01").ok();
  return text.size() == 10 && ParseDate(text).ok();
}

Status ValidateEvent(const Event& e) {
  if (!IsSlug(e.code)) {
    return InvalidArgument(
        fmt::format("event code '{}' must be 2..80 characters of a-z, 0-9 and '-'", e.code),
        "code");
  }
  if (!IsEventKind(e.kind)) {
    return InvalidArgument(fmt::format("kind '{}' must be one of seminar, workshop, "
                                       "network-meeting, training-course, mission, conference",
                                       e.kind),
                           "kind");
  }
  if (!IsEventStatus(e.status)) {
    return InvalidArgument(fmt::format("status '{}' must be planned, held or cancelled", e.status),
                           "status");
  }
  if (e.title.empty()) return InvalidArgument("the event needs a title", "title");
  if (!IsEventDate(e.start_date)) {
    return InvalidArgument(
        fmt::format("start_date '{}' must be YYYY-MM-DD or YYYY-MM", e.start_date), "start_date");
  }
  if (!e.end_date.empty()) {
    if (!IsEventDate(e.end_date)) {
      return InvalidArgument(fmt::format("end_date '{}' must be YYYY-MM-DD or YYYY-MM", e.end_date),
                             "end_date");
    }
    if (EndBeforeStart(e.start_date, e.end_date)) {
      return InvalidArgument(
          fmt::format("end_date {} is before start_date {}", e.end_date, e.start_date), "end_date");
    }
  }
  for (std::size_t i = 0; i < e.organisations.size(); ++i) {
    const EventOrganisation& o = e.organisations[i];
    const std::string field = fmt::format("organisations[{}]", i);
    if (o.organisation_code.empty()) {
      return InvalidArgument(field + " needs an organisation code", field + ".organisation");
    }
    if (!IsEventOrganisationRole(o.role)) {
      return InvalidArgument(fmt::format("{}.role '{}' must be organiser, co-organiser, host, "
                                         "sponsor, co-sponsor or supporter",
                                         field, o.role),
                             field + ".role");
    }
  }
  KINET_RETURN_IF_ERROR(
      UniqueNumbers(e.sessions, "sessions", [](const EventSession& s) { return s.number; }));
  for (std::size_t i = 0; i < e.sessions.size(); ++i) {
    const EventSession& s = e.sessions[i];
    const std::string field = fmt::format("sessions[{}]", i);
    if (!s.date.empty() && !(s.date.size() == 10 && ParseDate(s.date).ok())) {
      return InvalidArgument(fmt::format("{}.date '{}' must be YYYY-MM-DD", field, s.date),
                             field + ".date");
    }
    for (const auto& [name, t] :
         {std::pair{"start_time", &s.start_time}, std::pair{"end_time", &s.end_time}}) {
      if (!t->empty() && !IsTime(*t)) {
        return InvalidArgument(fmt::format("{}.{} '{}' must be HH:MM", field, name, *t),
                               fmt::format("{}.{}", field, name));
      }
    }
  }
  for (std::size_t i = 0; i < e.participants.size(); ++i) {
    const EventParticipant& p = e.participants[i];
    const std::string field = fmt::format("participants[{}]", i);
    if (p.name.empty()) return InvalidArgument(field + " needs a name", field + ".name");
    if (p.count < 1) {
      return InvalidArgument(field + ".count must be at least 1", field + ".count");
    }
  }
  KINET_RETURN_IF_ERROR(
      UniqueNumbers(e.decisions, "decisions", [](const EventDecision& d) { return d.number; }));
  KINET_RETURN_IF_ERROR(
      UniqueNumbers(e.actions, "actions", [](const EventAction& a) { return a.number; }));
  for (std::size_t i = 0; i < e.actions.size(); ++i) {
    const EventAction& a = e.actions[i];
    const std::string field = fmt::format("actions[{}]", i);
    if (a.text.empty()) return InvalidArgument(field + " needs a text", field + ".text");
    if (!IsActionStatus(a.status)) {
      return InvalidArgument(
          fmt::format("{}.status '{}' must be open, in-progress, done or cancelled", field,
                      a.status),
          field + ".status");
    }
    if (!a.due_date.empty() && !IsEventDate(a.due_date)) {
      return InvalidArgument(
          fmt::format("{}.due_date '{}' must be YYYY-MM-DD or YYYY-MM", field, a.due_date),
          field + ".due_date");
    }
    if (a.decision &&
        std::none_of(e.decisions.begin(), e.decisions.end(),
                     [&](const EventDecision& d) { return d.number == *a.decision; })) {
      return InvalidArgument(
          fmt::format("{}.decision {} is not a decision of the event", field, *a.decision),
          field + ".decision");
    }
  }
  for (std::size_t i = 0; i < e.links.size(); ++i) {
    const EventLink& l = e.links[i];
    const std::string field = fmt::format("links[{}]", i);
    if (!IsEventLinkKind(l.kind)) {
      return InvalidArgument(fmt::format("{}.kind '{}' must be city, practice, request, pilot, "
                                         "event or organisation",
                                         field, l.kind),
                             field + ".kind");
    }
    if (l.ref.empty()) return InvalidArgument(field + " needs a ref", field + ".ref");
  }
  return OkStatus();
}

}  // namespace kinet
