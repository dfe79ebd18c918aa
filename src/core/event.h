// Events of the network (issue 7, "Events"): seminars, workshops, network
// meetings, training courses and missions, with their organisers and
// sponsors, sessions, participants, documents, decisions, follow-up actions
// (owner, due date, status) and the records each event touched.
//
// Links to practices, requests and pilots are stored as (kind, ref) pairs, the
// ref being the other record's id or code as text, so events do not depend on
// those areas' schemas (they are owned by other issues and may change).
//
// Usage facts: a few events a year, each read and written whole (a few dozen
// child rows); the secretariat records them, everyone reads them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.h"
#include "core/network.h"
#include "core/result.h"

namespace kinet {

using EventId = Id<struct EventTag>;

// "seminar", "workshop", "network-meeting", "training-course", "mission",
// "conference".
bool IsEventKind(std::string_view code);
// "planned", "held", "cancelled".
bool IsEventStatus(std::string_view code);
// "organiser", "co-organiser", "host", "sponsor", "co-sponsor", "supporter".
bool IsEventOrganisationRole(std::string_view code);
// "open", "in-progress", "done", "cancelled".
bool IsActionStatus(std::string_view code);
// "city", "practice", "request", "pilot", "event", "organisation".
bool IsEventLinkKind(std::string_view code);
// True for "YYYY-MM-DD" (a valid date) and "YYYY-MM" (a month, when only the
// month is known, e.g. a meeting announced for "October/November 2001").
bool IsEventDate(std::string_view text);

struct EventOrganisation {
  std::string organisation_code;
  std::string role;  // IsEventOrganisationRole
  std::string note;
  friend bool operator==(const EventOrganisation&, const EventOrganisation&) = default;
};

struct EventSession {
  int number = 0;  // 1-based order
  std::string title;
  std::string kind;        // free: "formal", "informal", "plenary", "field visit"
  std::string date;        // "YYYY-MM-DD" or ""
  std::string start_time;  // "HH:MM" local, or ""
  std::string end_time;
  std::string chairs;
  std::string summary;
  friend bool operator==(const EventSession&, const EventSession&) = default;
};

struct EventParticipant {
  std::string name;               // a person, or a group ("Representatives of 13 cities")
  std::string organisation_code;  // or ""
  std::string city_code;          // or ""
  std::string role;               // free: "co-chair", "keynote", "facilitator", "participant"
  int count = 1;                  // people this row stands for
  std::string note;
  friend bool operator==(const EventParticipant&, const EventParticipant&) = default;
};

struct EventDocument {
  std::string title;
  std::string kind;  // "summary", "participants-list", "presentation", ...
  std::string url;
  std::string note;
  friend bool operator==(const EventDocument&, const EventDocument&) = default;
};

struct EventDecision {
  int number = 0;
  std::string text;
  friend bool operator==(const EventDecision&, const EventDecision&) = default;
};

struct EventAction {
  int number = 0;
  std::optional<int> decision;  // the decision it follows from
  std::string text;
  std::string owner;     // who must do it (organisations or people, as text)
  std::string due_date;  // IsEventDate, or "" when none was set
  std::string status = "open";
  std::string note;
  friend bool operator==(const EventAction&, const EventAction&) = default;
};

struct EventLink {
  std::string kind;  // IsEventLinkKind
  std::string ref;   // the record's code or id
  std::string note;
  friend bool operator==(const EventLink&, const EventLink&) = default;
};

struct Event {
  EventId id;
  std::string code;  // slug, unique: "beijing-seminar-2001"
  std::string kind;
  std::string status = "held";
  std::string title;
  std::string title_local;
  std::string start_date;  // IsEventDate
  std::string end_date;    // IsEventDate, not before start_date
  std::string dates_note;  // when dates are approximate
  std::string venue;
  std::string city_code;     // where it was held, or ""
  std::string country_code;  // or ""
  std::string summary;
  std::vector<EventOrganisation> organisations;
  std::vector<EventSession> sessions;
  std::vector<EventParticipant> participants;
  std::vector<EventDocument> documents;
  std::vector<EventDecision> decisions;
  std::vector<EventAction> actions;
  std::vector<EventLink> links;
  DataStatus data_status = DataStatus::kReal;
  std::string note;
  std::string updated_by;
  std::string updated_at;
};

// Checks what the schema cannot: the code is a slug, the kind, status, roles,
// action statuses and link kinds are known, dates are IsEventDate and the end
// is not before the start, numbers of sessions, decisions and actions are
// unique and positive, an action's decision exists, counts are positive.
// InvalidArgument naming the field ("actions[2].due_date").
Status ValidateEvent(const Event& event);

}  // namespace kinet
