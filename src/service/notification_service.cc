#include "service/notification_service.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "store/registry_repository.h"

namespace kinet {
namespace {

// The e-mail whose notifications `who` works on.
Result<std::string> RecipientOf(const Principal& who, std::string_view as_user) {
  switch (who.kind) {
    case Principal::Kind::kAnonymous:
      return Unauthenticated("sign in to read notifications");
    case Principal::Kind::kOperator:
      if (as_user.empty()) {
        return InvalidArgument("name the user whose notifications to show (--user EMAIL)", "user");
      }
      return std::string(as_user);
    case Principal::Kind::kUser:
      break;
  }
  return who.email;
}

}  // namespace

Result<std::vector<std::string>> RequestParties(Executor& ex, const AssistanceRequest& request,
                                                std::string_view actor) {
  KINET_ASSIGN_OR_RETURN(std::vector<User> users, UserRepository(ex).List());
  std::set<std::string> out;
  for (const User& u : users) {
    bool party = false;
    switch (u.role) {
      case Role::kSecretariat:
        party = true;
        break;
      case Role::kCityOfficer:
        party = SameScope(u.scope, request.city_code);
        break;
      case Role::kNationalCoordinator:
        party = SameScope(u.scope, request.country_code);
        break;
      case Role::kAgencyOfficer:
        party = std::any_of(
            request.programmes.begin(), request.programmes.end(),
            [&](const RequestProgramme& p) { return SameScope(u.scope, p.agency_code); });
        break;
      case Role::kExpert:
      case Role::kPublic:
        break;
    }
    if (party && !SameScope(u.email, actor)) out.insert(u.email);
  }
  return std::vector<std::string>(out.begin(), out.end());
}

Result<int> NotifyParties(Executor& ex, const AssistanceRequest& request, std::string_view kind,
                          std::string_view message, std::string_view actor) {
  KINET_ASSIGN_OR_RETURN(std::vector<std::string> parties, RequestParties(ex, request, actor));
  NotificationRepository repo(ex);
  for (const std::string& email : parties) {
    Notification n;
    n.recipient = email;
    n.kind = std::string(kind);
    n.entity = "request";
    n.entity_id = std::to_string(request.id.value);
    n.message = std::string(message);
    KINET_RETURN_IF_ERROR(repo.Insert(n).status());
  }
  return static_cast<int>(parties.size());
}

Result<NotificationPage> NotificationService::List(const Principal& who, bool unread_only,
                                                   std::int64_t limit, std::int64_t offset,
                                                   std::string_view as_user) {
  KINET_ASSIGN_OR_RETURN(std::string recipient, RecipientOf(who, as_user));
  return NotificationRepository(db_).List(recipient, unread_only, limit, offset);
}

Result<Notification> NotificationService::MarkRead(const Principal& who, std::int64_t id,
                                                   std::string_view as_user) {
  KINET_ASSIGN_OR_RETURN(std::string recipient, RecipientOf(who, as_user));
  return NotificationRepository(db_).MarkRead(id, recipient);
}

Result<std::int64_t> NotificationService::MarkAllRead(const Principal& who,
                                                      std::string_view as_user) {
  KINET_ASSIGN_OR_RETURN(std::string recipient, RecipientOf(who, as_user));
  return NotificationRepository(db_).MarkAllRead(recipient);
}

}  // namespace kinet
