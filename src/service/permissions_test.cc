// The permission matrix (docs/api.md "Roles"): every action for every kind of
// principal, on its own city/country and on another one.
#include "service/permissions.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace kinet {
namespace {

Principal UserWith(Role role, std::string scope) {
  User u;
  u.email = "someone@example.org";
  u.role = role;
  u.scope = std::move(scope);
  return Principal::ForUser(u);
}

constexpr Action kAllActions[] = {
    Action::kReadUnpublished,
    Action::kCreateCity,
    Action::kUpdateCity,
    Action::kManageMembers,
    Action::kManageUsers,
    Action::kReadAudit,
    Action::kUploadMonitoring,
    Action::kEnterValue,
    Action::kSubmitValue,
    Action::kEndorseValue,
    Action::kPublishValue,
    Action::kWriteTarget,
    Action::kManageCatalogue,
    Action::kRunScheme,
    Action::kWriteReport,  // reports
    // assistance and events
    Action::kWriteRequest,
    Action::kEndorseRequest,
    Action::kForwardRequest,
    Action::kManageProgramme,
    Action::kDecideRequest,
    Action::kManageEvents,
    // practices (kReviewPractice is not city-scoped: PracticeReviewersAnyCity)
    Action::kWritePractice,
    Action::kPublishPractice,
    // pilots (kRatePilotCandidate is not city-scoped: PilotAssessorsAnyCall)
    Action::kManagePilots,
    Action::kWritePilotReport,
};

// Weihai is in China; Kitakyushu in Japan.
const Resource kWeihai = Resource::City("CN", "weihai");
const Resource kBeijing = Resource::City("CN", "beijing");
const Resource kKitakyushu = Resource::City("JP", "kitakyushu");

struct Expectation {
  const char* who;
  Principal principal;
  // The actions allowed on Weihai (all others refused). On Beijing (same
  // country, other city) and Kitakyushu (other country) see the test body.
  std::set<Action> on_weihai;
};

TEST(PermissionMatrixTest, EveryRoleEveryAction) {
  const std::set<Action> all(std::begin(kAllActions), std::end(kAllActions));
  const std::set<Action> coordinator = {Action::kReadUnpublished, Action::kUpdateCity,
                                        Action::kEndorseValue,    Action::kWriteTarget,
                                        Action::kRunScheme,
                                        Action::kEndorseRequest,     // assistance
                                        Action::kWritePractice,      // practices
                                        Action::kWritePilotReport};  // pilots
  const std::set<Action> officer = {Action::kReadUnpublished,  Action::kUpdateCity,
                                    Action::kUploadMonitoring, Action::kEnterValue,
                                    Action::kSubmitValue,      Action::kWriteTarget,
                                    Action::kWriteReport,
                                    Action::kWriteRequest,       // assistance
                                    Action::kWritePractice,      // practices
                                    Action::kWritePilotReport};  // pilots
  const Expectation cases[] = {
      {"operator", Principal::Operator("root"), all},
      {"secretariat", UserWith(Role::kSecretariat, ""), all},
      {"national coordinator of CN", UserWith(Role::kNationalCoordinator, "CN"), coordinator},
      {"national coordinator of TH", UserWith(Role::kNationalCoordinator, "TH"), {}},
      {"city officer of weihai", UserWith(Role::kCityOfficer, "weihai"), officer},
      {"city officer of surabaya", UserWith(Role::kCityOfficer, "surabaya"), {}},
      {"agency officer", UserWith(Role::kAgencyOfficer, "adb"), {}},
      {"expert", UserWith(Role::kExpert, ""), {}},
      {"public user", UserWith(Role::kPublic, ""), {}},
      {"anonymous", Principal::Anonymous(), {}},
  };
  for (const Expectation& c : cases) {
    for (Action a : kAllActions) {
      const bool allowed = c.on_weihai.count(a) > 0;
      EXPECT_EQ(Can(c.principal, a, kWeihai), allowed)
          << c.who << " " << ActionCode(a) << " on weihai";
      // Same country, another city: the coordinator keeps its rights, the
      // officer loses them; the secretariat and operator keep everything.
      const bool on_beijing = c.principal.kind == Principal::Kind::kOperator ||
                              c.principal.role == Role::kSecretariat ||
                              (c.principal.role == Role::kNationalCoordinator && allowed);
      EXPECT_EQ(Can(c.principal, a, kBeijing), on_beijing)
          << c.who << " " << ActionCode(a) << " on beijing";
      const bool on_kitakyushu =
          c.principal.kind == Principal::Kind::kOperator || c.principal.role == Role::kSecretariat;
      EXPECT_EQ(Can(c.principal, a, kKitakyushu), on_kitakyushu)
          << c.who << " " << ActionCode(a) << " on kitakyushu";
    }
  }
}

// assistance: an agency officer manages its own organisation's programmes and
// answers requests for them, nothing else; no other scoped role may.
TEST(PermissionMatrixTest, AgencyOfficersActForTheirOwnOrganisation) {
  const Resource adb = Resource::ForOrganisation("adb");
  const Resource jica = Resource::ForOrganisation("jica");
  for (Action a : kAllActions) {
    const bool agency_action = a == Action::kManageProgramme || a == Action::kDecideRequest;
    EXPECT_EQ(Can(UserWith(Role::kAgencyOfficer, "adb"), a, adb), agency_action) << ActionCode(a);
    EXPECT_EQ(Can(UserWith(Role::kAgencyOfficer, "ADB"), a, adb), agency_action) << ActionCode(a);
    EXPECT_FALSE(Can(UserWith(Role::kAgencyOfficer, "adb"), a, jica)) << ActionCode(a);
    EXPECT_FALSE(Can(UserWith(Role::kCityOfficer, "adb"), a, adb)) << ActionCode(a);
    EXPECT_FALSE(Can(UserWith(Role::kNationalCoordinator, "adb"), a, adb)) << ActionCode(a);
    EXPECT_TRUE(Can(UserWith(Role::kSecretariat, ""), a, adb)) << ActionCode(a);
  }
  Status denied = Require(UserWith(Role::kAgencyOfficer, "adb"), Action::kDecideRequest, jica);
  EXPECT_EQ(denied.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(denied.message().find("organisation 'jica'"), std::string::npos) << denied.message();
}

TEST(PermissionMatrixTest, NetworkWideActionsNeedTheSecretariat) {
  for (Action a : {Action::kCreateCity, Action::kManageUsers, Action::kReadAudit,
                   Action::kManageMembers, Action::kManageCatalogue, Action::kPublishValue,
                   Action::kForwardRequest, Action::kManageEvents,  // + assistance, events
                   Action::kManagePilots}) {                        // + pilots
    EXPECT_TRUE(Can(UserWith(Role::kSecretariat, ""), a, Resource::None())) << ActionCode(a);
    EXPECT_FALSE(Can(UserWith(Role::kNationalCoordinator, "CN"), a, Resource::None()));
    EXPECT_FALSE(Can(UserWith(Role::kCityOfficer, "weihai"), a, Resource::None()));
  }
}

TEST(PermissionMatrixTest, ScopesCompareIgnoringCaseAndEmptyScopeGrantsNothing) {
  EXPECT_TRUE(Can(UserWith(Role::kNationalCoordinator, "cn"), Action::kEndorseValue, kWeihai));
  EXPECT_TRUE(Can(UserWith(Role::kCityOfficer, "WeiHai"), Action::kEnterValue, kWeihai));
  EXPECT_FALSE(Can(UserWith(Role::kCityOfficer, ""), Action::kEnterValue, Resource::City("", "")));
}

TEST(RequireTest, AnonymousIsUnauthenticatedAndUsersAreDenied) {
  EXPECT_EQ(Require(Principal::Anonymous(), Action::kUpdateCity, kWeihai).code(),
            StatusCode::kUnauthenticated);
  Status denied = Require(UserWith(Role::kCityOfficer, "surabaya"), Action::kUpdateCity, kWeihai);
  EXPECT_EQ(denied.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(denied.message().find("weihai"), std::string::npos) << denied.message();
  EXPECT_TRUE(Require(UserWith(Role::kCityOfficer, "weihai"), Action::kUpdateCity, kWeihai).ok());
}

// practices: reviewers (secretariat, experts) review practices of any city;
// nobody else reviews, and only the secretariat publishes.
TEST(PermissionMatrixTest, PracticeReviewersAnyCity) {
  for (const Resource& r : {kWeihai, kKitakyushu, Resource::None()}) {
    EXPECT_TRUE(Can(UserWith(Role::kExpert, ""), Action::kReviewPractice, r));
    EXPECT_TRUE(Can(UserWith(Role::kSecretariat, ""), Action::kReviewPractice, r));
    EXPECT_TRUE(Can(Principal::Operator("root"), Action::kReviewPractice, r));
    EXPECT_FALSE(Can(UserWith(Role::kCityOfficer, "weihai"), Action::kReviewPractice, r));
    EXPECT_FALSE(Can(UserWith(Role::kNationalCoordinator, "CN"), Action::kReviewPractice, r));
    EXPECT_FALSE(Can(UserWith(Role::kAgencyOfficer, "adb"), Action::kReviewPractice, r));
    EXPECT_FALSE(Can(UserWith(Role::kPublic, ""), Action::kReviewPractice, r));
    EXPECT_FALSE(Can(Principal::Anonymous(), Action::kReviewPractice, r));
    EXPECT_FALSE(Can(UserWith(Role::kExpert, ""), Action::kPublishPractice, r));
    EXPECT_FALSE(Can(UserWith(Role::kExpert, ""), Action::kWritePractice, r));
  }
}

// pilots: assessors (secretariat, experts) rate the candidates of any call;
// nobody else rates, and experts do nothing else with pilots.
TEST(PermissionMatrixTest, PilotAssessorsAnyCall) {
  for (const Resource& r : {kWeihai, kKitakyushu, Resource::None()}) {
    EXPECT_TRUE(Can(UserWith(Role::kExpert, ""), Action::kRatePilotCandidate, r));
    EXPECT_TRUE(Can(UserWith(Role::kSecretariat, ""), Action::kRatePilotCandidate, r));
    EXPECT_TRUE(Can(Principal::Operator("root"), Action::kRatePilotCandidate, r));
    EXPECT_FALSE(Can(UserWith(Role::kCityOfficer, "weihai"), Action::kRatePilotCandidate, r));
    EXPECT_FALSE(Can(UserWith(Role::kNationalCoordinator, "CN"), Action::kRatePilotCandidate, r));
    EXPECT_FALSE(Can(UserWith(Role::kAgencyOfficer, "adb"), Action::kRatePilotCandidate, r));
    EXPECT_FALSE(Can(Principal::Anonymous(), Action::kRatePilotCandidate, r));
    EXPECT_FALSE(Can(UserWith(Role::kExpert, ""), Action::kManagePilots, r));
    EXPECT_FALSE(Can(UserWith(Role::kExpert, ""), Action::kWritePilotReport, r));
  }
}

}  // namespace
}  // namespace kinet
