// Repositories of assistance programmes, assistance requests (with the
// programmes they were forwarded to, their outcome and their history) and
// in-app notifications, persisted in the tables of 0007_assistance.sql
// (src/core/assistance.h).
//
// As the other repositories, each is a thin, stateless view over an
// Executor&: the lifecycle rules, permissions and audit entries live in
// src/service/assistance_service.h, which calls these inside one
// Database::Transact per step so a step, its history row, its audit rows and
// its notifications commit together.
//
// Errors shared by every method: Unavailable and Internal from the Executor;
// Internal when a stored enumerated value cannot be parsed (a corrupt row).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/assistance.h"
#include "core/result.h"
#include "core/status.h"
#include "store/database.h"

namespace kinet {

class ProgrammeRepository {
 public:
  explicit ProgrammeRepository(Executor& db) : db_(db) {}

  // Stores a new programme (updated_by = actor). InvalidArgument (field
  // "agency") when the agency is not an organisation; AlreadyExists when the
  // code is taken.
  Result<Programme> Insert(const Programme& p, std::string_view actor);
  // Replaces every field of the programme with p.code. NotFound when there
  // is none; InvalidArgument (field "agency") for an unknown agency.
  Result<Programme> Update(const Programme& p, std::string_view actor);
  // NotFound when no programme has `code`.
  Result<Programme> FindByCode(std::string_view code);
  // All programmes, or one agency's, ordered by agency code then code.
  Result<std::vector<Programme>> List(std::optional<std::string> agency_code = std::nullopt);

 private:
  Result<std::optional<std::int64_t>> AgencyId(std::string_view code);
  Executor& db_;
};

// Which requests List returns; unset members do not filter.
struct RequestQuery {
  std::optional<std::string> city_code;
  std::optional<RequestStatus> status;
  std::optional<std::string> programme_code;  // forwarded to this programme
};

class RequestRepository {
 public:
  explicit RequestRepository(Executor& db) : db_(db) {}

  // Stores a new request with r's fields and status (created_by = actor;
  // no history: callers add the "create" step). InvalidArgument (field
  // "city") for an unknown city.
  Result<RequestId> Insert(const AssistanceRequest& r, std::string_view actor);
  // Replaces the editable fields (title, problem, indicator, type, theme,
  // description, budget, co-funding, wanted start, data status) of request
  // r.id. NotFound when there is none.
  Status UpdateFields(const AssistanceRequest& r);
  // Sets the status (and updated_at). NotFound when there is none.
  Status SetStatus(RequestId id, RequestStatus status);
  // Records the outcome. NotFound when there is none.
  Status SetOutcome(RequestId id, const RequestOutcome& outcome);
  // Adds `programme_code` to the programmes the request was forwarded to
  // (decision "forwarded"). NotFound for an unknown programme;
  // AlreadyExists when it was forwarded there before.
  Status AddProgramme(RequestId id, std::string_view programme_code);
  // Records a programme's answer. NotFound when the request was not
  // forwarded to that programme.
  Status SetDecision(RequestId id, std::string_view programme_code, ProgrammeDecision decision,
                     std::string_view comment, std::string_view actor, std::string_view at);
  // Appends one step to the history.
  Status AddStep(RequestId id, const RequestStep& step);
  // The whole request: programmes in forwarding order, history oldest
  // first. NotFound when there is none.
  Result<AssistanceRequest> Find(RequestId id);
  // Matching requests, newest first, each whole.
  Result<std::vector<AssistanceRequest>> List(const RequestQuery& query = {});

 private:
  Result<AssistanceRequest> Load(const Row& row);
  Executor& db_;
};

// One in-app notification of one user.
struct Notification {
  std::int64_t id = 0;    // set by the database
  std::string recipient;  // the user's e-mail
  std::string at;         // "YYYY-MM-DDTHH:MM:SSZ"; set by Insert when empty
  std::string kind;       // "request-submitted", "request-endorsed", ...
  std::string entity;     // "request"
  std::string entity_id;  // "12"
  std::string message;
  std::optional<std::string> read_at;  // nullopt while unread
};

struct NotificationPage {
  std::vector<Notification> items;  // newest first
  std::int64_t total = 0;           // matching, over all pages
  std::int64_t unread = 0;          // the recipient's unread ones, over all pages
};

class NotificationRepository {
 public:
  explicit NotificationRepository(Executor& db) : db_(db) {}

  // Stores one notification; returns its id.
  Result<std::int64_t> Insert(const Notification& n);
  // One page of the recipient's notifications, newest first.
  Result<NotificationPage> List(std::string_view recipient, bool unread_only, std::int64_t limit,
                                std::int64_t offset);
  // Marks notification `id` of `recipient` read (keeps the first read time).
  // NotFound when the recipient has no notification with that id.
  Result<Notification> MarkRead(std::int64_t id, std::string_view recipient);
  // Marks all of the recipient's unread notifications read; returns how many.
  Result<std::int64_t> MarkAllRead(std::string_view recipient);

 private:
  Executor& db_;
};

}  // namespace kinet
