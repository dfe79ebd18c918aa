// In-app notifications (issue 6: "each step notifies the parties in the
// app"). The assistance service writes them inside the transaction of each
// request step (NotifyParties); users read theirs through
// GET /api/v1/notifications and operators through `kinet notification`.
//
// Who the parties of a request are (docs/assistance.md "Notifications"):
// the city's officers, the national coordinators of its country, the
// officers of the agencies whose programmes the request was forwarded to,
// and the secretariat; the user who took the step is not notified of it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/assistance.h"
#include "core/result.h"
#include "service/permissions.h"
#include "store/assistance_repository.h"
#include "store/database.h"

namespace kinet {

// The e-mails of the parties of `request` (see the file comment) except
// `actor`, sorted and without duplicates.
Result<std::vector<std::string>> RequestParties(Executor& ex, const AssistanceRequest& request,
                                                std::string_view actor);

// Writes one notification of `kind` about `request` to each party. Returns
// how many were written. Runs on `ex` (call it inside the step's Transact).
Result<int> NotifyParties(Executor& ex, const AssistanceRequest& request, std::string_view kind,
                          std::string_view message, std::string_view actor);

class NotificationService {
 public:
  explicit NotificationService(Database& db) : db_(db) {}

  // One page of `who`'s notifications (newest first). Unauthenticated for
  // the anonymous public. The operator reads as `as_user` (the e-mail whose
  // notifications to show; required for the operator, ignored for users).
  Result<NotificationPage> List(const Principal& who, bool unread_only, std::int64_t limit,
                                std::int64_t offset, std::string_view as_user = {});
  // Marks one notification of `who` read. NotFound when it is not theirs.
  Result<Notification> MarkRead(const Principal& who, std::int64_t id,
                                std::string_view as_user = {});
  // Marks all of `who`'s notifications read; returns how many.
  Result<std::int64_t> MarkAllRead(const Principal& who, std::string_view as_user = {});

 private:
  Database& db_;
};

}  // namespace kinet
