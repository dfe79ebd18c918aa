// Assistance programmes and requests (docs/assistance.md): eligibility with
// its reasons (pure), then on both backends the request state machine with
// its refused transitions, the permission matrix of every step, the history,
// audit rows and the notifications each step sends, and the sample loader.
// The parties come from the sample network (data/sample/users.csv): Weihai's
// officer lei.wang, China's national coordinator wenjing.li, the secretariat
// hana.morimoto, ADB's officer maria.delacruz, JICA's officer takeshi.noda.
#include "service/assistance_service.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <tuple>

#include "backend_fixture.h"
#include "service/notification_service.h"
#include "service/sample_network.h"
#include "store/audit_repository.h"
#include "store/registry_repository.h"

namespace kinet {
namespace {

// ---- eligibility (pure) --------------------------------------------------------

Programme OpenProgramme() {
  Programme p;
  p.code = "p";
  p.agency_code = "adb";
  p.title = "Test programme";
  p.types = {AssistanceType::kTechnicalCooperation, AssistanceType::kAdvisoryMission};
  p.themes = {"air", "water"};
  p.countries = {"CN", "VN"};
  p.size_classes = {"cn-medium", "cn-large-2"};
  p.budget_min = 50'000;
  p.budget_max = 600'000;
  p.open_from = "2001-04-01";
  p.open_until = "2005-12-31";
  return p;
}

AssistanceRequest WeihaiRequest() {
  AssistanceRequest r;
  r.city_code = "weihai";
  r.title = "SO2 from heating";
  r.type = AssistanceType::kTechnicalCooperation;
  r.theme = "air";
  r.budget = 250'000;
  r.wanted_start = "2002-04-01";
  return r;
}

std::vector<std::string> Criteria(const std::vector<IneligibilityReason>& reasons) {
  std::vector<std::string> out;
  for (const IneligibilityReason& r : reasons) out.push_back(r.criterion);
  return out;
}

TEST(EligibilityTest, AMatchingRequestHasNoReasons) {
  const MatchCity weihai{"CN", "cn-large-2"};
  EXPECT_TRUE(CheckEligibility(OpenProgramme(), WeihaiRequest(), weihai, "2002-04-01").empty());
}

TEST(EligibilityTest, EachCriterionFailsAloneWithItsOwnReason) {
  const MatchCity weihai{"CN", "cn-large-2"};
  const AssistanceRequest r = WeihaiRequest();
  struct Case {
    const char* what;
    Programme programme;
    AssistanceRequest request;
    MatchCity city;
    std::string date;
    std::string criterion;
    std::string message_part;
  };
  std::vector<Case> cases;
  {
    Case c{"country", OpenProgramme(), r, {"JP", "cn-large-2"}, "2002-04-01", "country", "JP"};
    cases.push_back(c);
  }
  {
    Case c{"size class", OpenProgramme(), r, {"CN", "cn-megacity"}, "2002-04-01",
           "size-class", "cn-megacity"};
    cases.push_back(c);
  }
  {
    Case c{"unknown size", OpenProgramme(), r,        {"CN", std::nullopt},
           "2002-04-01",   "size-class",    "unknown"};
    cases.push_back(c);
  }
  {
    Case c{"theme", OpenProgramme(), r, weihai, "2002-04-01", "theme", "waste"};
    c.request.theme = "waste";
    cases.push_back(c);
  }
  {
    Case c{"type", OpenProgramme(), r, weihai, "2002-04-01", "type", "finance"};
    c.request.type = AssistanceType::kFinance;
    cases.push_back(c);
  }
  {
    // 20 000 < 50 000 minimum; the message writes both with separators.
    Case c{"budget low", OpenProgramme(), r, weihai, "2002-04-01", "budget", "20,000 USD"};
    c.request.budget = 20'000;
    cases.push_back(c);
  }
  {
    Case c{"budget high", OpenProgramme(), r, weihai, "2002-04-01", "budget", "600,000 USD"};
    c.request.budget = 600'001;
    cases.push_back(c);
  }
  {
    Case c{"before opening", OpenProgramme(), r, weihai, "2001-03-31", "period", "2001-04-01"};
    cases.push_back(c);
  }
  {
    Case c{"after closing", OpenProgramme(), r, weihai, "2006-01-01", "period", "2005-12-31"};
    cases.push_back(c);
  }
  for (const Case& c : cases) {
    std::vector<IneligibilityReason> reasons =
        CheckEligibility(c.programme, c.request, c.city, c.date);
    ASSERT_EQ(reasons.size(), 1U) << c.what;
    EXPECT_EQ(reasons[0].criterion, c.criterion) << c.what;
    EXPECT_NE(reasons[0].message.find(c.message_part), std::string::npos)
        << c.what << ": " << reasons[0].message;
  }
}

TEST(EligibilityTest, BoundariesAreInclusiveAndEmptyListsAcceptAnything) {
  const MatchCity weihai{"CN", "cn-large-2"};
  AssistanceRequest r = WeihaiRequest();
  r.budget = 600'000;  // == budget_max
  EXPECT_TRUE(CheckEligibility(OpenProgramme(), r, weihai, "2005-12-31").empty());
  r.budget = 50'000;  // == budget_min
  EXPECT_TRUE(CheckEligibility(OpenProgramme(), r, weihai, "2001-04-01").empty());
  r.budget.reset();  // no budget asked: nothing to check
  EXPECT_TRUE(CheckEligibility(OpenProgramme(), r, weihai, "2003-01-01").empty());
  Programme any = OpenProgramme();
  any.countries.clear();
  any.size_classes.clear();
  any.themes.clear();
  EXPECT_TRUE(CheckEligibility(any, r, {"JP", std::nullopt}, "2003-01-01").empty());
}

TEST(EligibilityTest, AllFailingCriteriaAreListedInOrder) {
  AssistanceRequest r = WeihaiRequest();
  r.type = AssistanceType::kFinance;
  r.theme = "noise";
  r.budget = 1;
  EXPECT_EQ(
      Criteria(CheckEligibility(OpenProgramme(), r, {"TH", "un-1m-5m"}, "2010-01-01")),
      (std::vector<std::string>{"country", "size-class", "theme", "type", "budget", "period"}));
}

TEST(EligibilityTest, ReferenceDateIsTheWantedStartOrTheCreationDay) {
  AssistanceRequest r = WeihaiRequest();
  EXPECT_EQ(MatchReferenceDate(r), "2002-04-01");
  r.wanted_start.clear();
  r.created_at = "2026-11-28T10:00:00Z";
  EXPECT_EQ(MatchReferenceDate(r), "2026-11-28");
}

// ---- the service on both backends ----------------------------------------------

class AssistanceTest : public BackendTest {
 protected:
  void SetUp() override {
    OpenFreshDatabase(/*migrate=*/true);
    if (IsSkipped() || HasFatalFailure()) return;
    Result<NetworkData> sample = BuiltinSampleNetwork();
    ASSERT_OK(sample);
    ASSERT_OK(LoadNetwork(*db_, *sample));
    service_ = std::make_unique<AssistanceService>(*db_);
    Programme adb = OpenProgramme();
    adb.code = "adb-ta";
    ASSERT_OK(service_->CreateProgramme(Principal::Operator("test"), adb));
    Programme jica = OpenProgramme();
    jica.code = "jica-experts";
    jica.agency_code = "jica";
    ASSERT_OK(service_->CreateProgramme(Principal::Operator("test"), jica));
    Programme finance = OpenProgramme();
    finance.code = "adb-loans";
    finance.types = {AssistanceType::kFinance};
    ASSERT_OK(service_->CreateProgramme(Principal::Operator("test"), finance));
  }

  Principal As(const std::string& email) {
    Result<User> u = UserRepository(*db_).FindByEmail(email);
    EXPECT_TRUE(u.ok()) << email;
    return u.ok() ? Principal::ForUser(*u) : Principal::Anonymous();
  }

  RequestId NewDraft() {
    Result<AssistanceRequest> r = service_->CreateRequest(As(kCity), WeihaiRequest());
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->id : RequestId();
  }

  Status Step(const std::string& email, RequestId id, RequestAction a, std::string programme = "",
              std::string comment = "") {
    RequestTransition t;
    t.action = a;
    t.comment = std::move(comment);
    if (a == RequestAction::kForward) {
      t.programmes = {programme};
    } else {
      t.programme = programme;
    }
    if (a == RequestAction::kComplete) {
      t.outcome = RequestOutcome{"Experts advised for three months", 180'000, 7, ""};
    }
    Result<AssistanceRequest> r = service_->Transition(As(email), id, t);
    return r.status();
  }

  // Moves a new request to `status` along the main path.
  RequestId RequestIn(RequestStatus status) {
    RequestId id = NewDraft();
    const std::vector<std::tuple<RequestStatus, std::string, RequestAction, std::string>> path = {
        {RequestStatus::kSubmitted, kCity, RequestAction::kSubmit, ""},
        {RequestStatus::kEndorsed, kCoordinator, RequestAction::kEndorse, ""},
        {RequestStatus::kForwarded, kSecretariat, RequestAction::kForward, "adb-ta"},
        {RequestStatus::kAccepted, kAdb, RequestAction::kAccept, "adb-ta"},
        {RequestStatus::kInProgress, kAdb, RequestAction::kStart, ""},
        {RequestStatus::kCompleted, kAdb, RequestAction::kComplete, ""},
    };
    if (status == RequestStatus::kDraft) return id;
    if (status == RequestStatus::kWithdrawn) {
      EXPECT_TRUE(Step(kCity, id, RequestAction::kWithdraw).ok());
      return id;
    }
    if (status == RequestStatus::kDeclined) {
      RequestId d = RequestIn(RequestStatus::kForwarded);
      EXPECT_TRUE(Step(kAdb, d, RequestAction::kDecline, "adb-ta", "no").ok());
      return d;
    }
    for (const auto& [reached, who, action, programme] : path) {
      Status s = Step(who, id, action, programme);
      EXPECT_TRUE(s.ok()) << RequestActionCode(action) << ": " << s.ToString();
      if (reached == status) break;
    }
    return id;
  }

  static constexpr const char* kCity = "lei.wang@example.org";
  static constexpr const char* kCoordinator = "wenjing.li@example.org";
  static constexpr const char* kSecretariat = "hana.morimoto@example.org";
  static constexpr const char* kAdb = "maria.delacruz@example.org";
  static constexpr const char* kJica = "takeshi.noda@example.org";
  std::unique_ptr<AssistanceService> service_;
};

TEST_P(AssistanceTest, TheMainPathRecordsHistoryOutcomeAuditAndNotifications) {
  RequestId id = RequestIn(RequestStatus::kCompleted);
  Result<AssistanceRequest> r = service_->GetRequest(Principal::Anonymous(), id);
  ASSERT_OK(r);
  EXPECT_EQ(r->status, RequestStatus::kCompleted);
  EXPECT_EQ(r->country_code, "CN");
  ASSERT_EQ(r->programmes.size(), 1U);
  EXPECT_EQ(r->programmes[0].programme_code, "adb-ta");
  EXPECT_EQ(r->programmes[0].decision, ProgrammeDecision::kAccepted);
  EXPECT_EQ(r->programmes[0].decided_by, kAdb);
  ASSERT_TRUE(r->outcome.has_value());
  EXPECT_EQ(r->outcome->help_delivered, "Experts advised for three months");
  EXPECT_EQ(r->outcome->funds, 180'000);
  EXPECT_EQ(r->outcome->pilot_id, 7);
  // create + six steps, each with who and the statuses it joined.
  const std::vector<std::tuple<RequestAction, std::string, RequestStatus>> expected = {
      {RequestAction::kCreate, kCity, RequestStatus::kDraft},
      {RequestAction::kSubmit, kCity, RequestStatus::kSubmitted},
      {RequestAction::kEndorse, kCoordinator, RequestStatus::kEndorsed},
      {RequestAction::kForward, kSecretariat, RequestStatus::kForwarded},
      {RequestAction::kAccept, kAdb, RequestStatus::kAccepted},
      {RequestAction::kStart, kAdb, RequestStatus::kInProgress},
      {RequestAction::kComplete, kAdb, RequestStatus::kCompleted},
  };
  ASSERT_EQ(r->history.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(r->history[i].action, std::get<0>(expected[i])) << i;
    EXPECT_EQ(r->history[i].actor, std::get<1>(expected[i])) << i;
    EXPECT_EQ(r->history[i].to, std::get<2>(expected[i])) << i;
    EXPECT_FALSE(r->history[i].at.empty()) << i;
    if (i > 0) {
      EXPECT_EQ(r->history[i].from, std::get<2>(expected[i - 1])) << i;
    }
  }
  EXPECT_EQ(r->history[3].programme_code, "adb-ta");

  // Audit: the insert and one status update per step.
  AuditQuery q;
  q.entity = "request";
  q.entity_id = std::to_string(id.value);
  Result<AuditPage> audit = AuditRepository(*db_).List(q);
  ASSERT_OK(audit);
  EXPECT_EQ(audit->total, 7);

  // Notifications: every step notifies the parties but the actor. Parties of
  // a Weihai request: lei.wang (city), wenjing.li (CN), hana.morimoto
  // (secretariat) and, once forwarded to adb-ta, maria.delacruz (ADB).
  //   submit (lei)   -> wenjing, hana             2
  //   endorse (wenjing) -> lei, hana              2
  //   forward (hana) -> lei, wenjing, maria       3
  //   accept, start, complete (maria) -> 3 each   9     total 16
  NotificationService notes(*db_);
  std::map<std::string, std::int64_t> expected_counts = {
      {kCity, 5}, {kCoordinator, 5}, {kSecretariat, 5}, {kAdb, 1}, {kJica, 0}};
  std::int64_t total = 0;
  for (const auto& [email, count] : expected_counts) {
    Result<NotificationPage> page = notes.List(As(email), /*unread_only=*/true, 50, 0);
    ASSERT_OK(page);
    EXPECT_EQ(page->unread, count) << email;
    total += page->unread;
    for (const Notification& n : page->items) {
      EXPECT_EQ(n.entity, "request");
      EXPECT_EQ(n.entity_id, std::to_string(id.value));
    }
  }
  EXPECT_EQ(total, 16);
  Result<NotificationPage> maria = notes.List(As(kAdb), true, 50, 0);
  ASSERT_OK(maria);
  ASSERT_EQ(maria->items.size(), 1U);
  EXPECT_EQ(maria->items[0].kind, "request-forward");
  EXPECT_NE(maria->items[0].message.find("forwarded to adb-ta"), std::string::npos);
}

TEST_P(AssistanceTest, RefusedTransitionsAreConflictsAndChangeNothing) {
  // For each status, the steps its state allows (taken by someone allowed to).
  const std::map<RequestStatus, std::set<RequestAction>> allowed = {
      {RequestStatus::kDraft, {RequestAction::kSubmit, RequestAction::kWithdraw}},
      {RequestStatus::kSubmitted,
       {RequestAction::kReturn, RequestAction::kEndorse, RequestAction::kWithdraw}},
      {RequestStatus::kEndorsed, {RequestAction::kForward, RequestAction::kWithdraw}},
      {RequestStatus::kForwarded,
       {RequestAction::kAccept, RequestAction::kDecline, RequestAction::kWithdraw,
        RequestAction::kForward}},  // forward again: to one more programme
      {RequestStatus::kAccepted, {RequestAction::kStart}},
      {RequestStatus::kDeclined, {RequestAction::kForward}},
      {RequestStatus::kInProgress, {RequestAction::kComplete}},
      {RequestStatus::kCompleted, {}},
      {RequestStatus::kWithdrawn, {}},
  };
  // Who takes each step, and with what.
  struct Try {
    RequestAction action;
    const char* who;
    const char* programme;
  };
  const Try tries[] = {
      {RequestAction::kSubmit, kCity, ""},
      {RequestAction::kReturn, kCoordinator, ""},
      {RequestAction::kEndorse, kCoordinator, ""},
      {RequestAction::kForward, kSecretariat, "jica-experts"},
      {RequestAction::kAccept, kAdb, "adb-ta"},
      {RequestAction::kDecline, kAdb, "adb-ta"},
      {RequestAction::kStart, kAdb, ""},
      {RequestAction::kComplete, kAdb, ""},
      {RequestAction::kWithdraw, kCity, ""},
  };
  for (const auto& [status, ok_actions] : allowed) {
    for (const Try& t : tries) {
      // A fresh request per try, so that a successful step does not change
      // the state the next try starts from.
      RequestId id = RequestIn(status);
      Result<AssistanceRequest> before = service_->GetRequest(Principal::Operator("t"), id);
      ASSERT_OK(before);
      ASSERT_EQ(before->status, status);
      Status s = Step(t.who, id, t.action, t.programme, "because");
      const bool expect_ok = ok_actions.count(t.action) > 0;
      if (expect_ok) {
        EXPECT_TRUE(s.ok()) << RequestStatusCode(status) << " " << RequestActionCode(t.action)
                            << ": " << s.ToString();
      } else if (status == RequestStatus::kDraft && std::string(t.who) == kAdb) {
        // A draft is the city's business: an agency does not even learn its state.
        EXPECT_EQ(s.code(), StatusCode::kPermissionDenied) << RequestActionCode(t.action);
      } else {
        EXPECT_EQ(s.code(), StatusCode::kConflict)
            << RequestStatusCode(status) << " " << RequestActionCode(t.action) << ": "
            << s.ToString();
        Result<AssistanceRequest> after = service_->GetRequest(Principal::Operator("t"), id);
        ASSERT_OK(after);
        EXPECT_EQ(after->status, status);
        EXPECT_EQ(after->history.size(), before->history.size());
      }
    }
  }
}

TEST_P(AssistanceTest, EachStepIsAllowedOnlyToItsRole) {
  // Who may take each step of a request of Weihai (CN) forwarded to ADB's
  // programme: the step's own role (and the secretariat); everyone else is
  // refused with PermissionDenied (Unauthenticated for the public).
  const std::vector<std::string> people = {kCity,
                                           "min.zhao@example.org",  // Beijing's officer
                                           kCoordinator,
                                           "nattaya.srisuk@example.org",  // Thailand's
                                           kSecretariat,
                                           kAdb,
                                           kJica,
                                           "yu.chen@example.org",  // expert
                                           "reader@example.org"};  // public
  struct StepCase {
    RequestStatus from;
    RequestAction action;
    const char* programme;
    std::set<std::string> may;
  };
  const StepCase cases[] = {
      {RequestStatus::kDraft, RequestAction::kSubmit, "", {kCity, kSecretariat}},
      {RequestStatus::kDraft, RequestAction::kWithdraw, "", {kCity, kSecretariat}},
      {RequestStatus::kSubmitted, RequestAction::kEndorse, "", {kCoordinator, kSecretariat}},
      {RequestStatus::kSubmitted, RequestAction::kReturn, "", {kCoordinator, kSecretariat}},
      {RequestStatus::kEndorsed, RequestAction::kForward, "adb-ta", {kSecretariat}},
      {RequestStatus::kForwarded, RequestAction::kAccept, "adb-ta", {kAdb, kSecretariat}},
      {RequestStatus::kForwarded, RequestAction::kDecline, "adb-ta", {kAdb, kSecretariat}},
      {RequestStatus::kAccepted, RequestAction::kStart, "", {kAdb, kSecretariat}},
      {RequestStatus::kInProgress, RequestAction::kComplete, "", {kAdb, kSecretariat}},
  };
  for (const StepCase& c : cases) {
    for (const std::string& who : people) {
      RequestId id = RequestIn(c.from);
      Status s = Step(who, id, c.action, c.programme, "because");
      if (c.may.count(who) > 0) {
        EXPECT_TRUE(s.ok()) << who << " " << RequestActionCode(c.action) << ": " << s.ToString();
      } else {
        EXPECT_EQ(s.code(), StatusCode::kPermissionDenied)
            << who << " " << RequestActionCode(c.action) << ": " << s.ToString();
      }
    }
    RequestId id = RequestIn(c.from);
    RequestTransition t;
    t.action = c.action;
    t.programme = c.programme;
    EXPECT_EQ(service_->Transition(Principal::Anonymous(), id, t).status().code(),
              StatusCode::kUnauthenticated)
        << RequestActionCode(c.action);
  }
}

TEST_P(AssistanceTest, ForwardingToAnIneligibleProgrammeNamesTheReasons) {
  RequestId id = RequestIn(RequestStatus::kEndorsed);
  Status s = Step(kSecretariat, id, RequestAction::kForward, "adb-loans");
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  EXPECT_NE(s.message().find("type: offers finance only"), std::string::npos) << s.message();
  Result<ProgrammeMatches> m = service_->Match(Principal::Anonymous(), id);
  ASSERT_OK(m);
  EXPECT_EQ(m->reference_date, "2002-04-01");
  ASSERT_EQ(m->items.size(), 3U);
  // Eligible first (adb-ta, jica-experts: same terms), then adb-loans.
  EXPECT_TRUE(m->items[0].eligible());
  EXPECT_TRUE(m->items[1].eligible());
  EXPECT_EQ(m->items[2].programme.code, "adb-loans");
  EXPECT_EQ(Criteria(m->items[2].reasons), std::vector<std::string>{"type"});
}

TEST_P(AssistanceTest, AcceptedWhenOneAcceptsDeclinedWhenAllDecline) {
  RequestId id = RequestIn(RequestStatus::kEndorsed);
  RequestTransition forward;
  forward.action = RequestAction::kForward;
  forward.programmes = {"adb-ta", "jica-experts"};
  ASSERT_OK(service_->Transition(As(kSecretariat), id, forward));
  ASSERT_OK(Step(kAdb, id, RequestAction::kDecline, "adb-ta", "pipeline full"));
  EXPECT_EQ(service_->GetRequest(As(kCity), id)->status, RequestStatus::kForwarded);
  // ADB cannot answer twice; JICA's officer cannot answer for ADB.
  EXPECT_EQ(Step(kAdb, id, RequestAction::kAccept, "adb-ta").code(), StatusCode::kConflict);
  EXPECT_EQ(Step(kJica, id, RequestAction::kAccept, "adb-ta").code(),
            StatusCode::kPermissionDenied);
  ASSERT_OK(Step(kJica, id, RequestAction::kDecline, "jica-experts", "no experts free"));
  EXPECT_EQ(service_->GetRequest(As(kCity), id)->status, RequestStatus::kDeclined);
  // The secretariat may try again elsewhere; forwarding twice to one is refused.
  EXPECT_EQ(Step(kSecretariat, id, RequestAction::kForward, "adb-ta").code(),
            StatusCode::kConflict);
}

TEST_P(AssistanceTest, DraftsArePrivateToTheCityItsCoordinatorAndTheSecretariat) {
  RequestId draft = NewDraft();
  RequestId submitted = RequestIn(RequestStatus::kSubmitted);
  auto ids = [&](const Principal& who) {
    std::set<std::int64_t> out;
    Result<std::vector<AssistanceRequest>> list = service_->ListRequests(who);
    EXPECT_TRUE(list.ok());
    if (list.ok()) {
      for (const AssistanceRequest& r : *list) out.insert(r.id.value);
    }
    return out;
  };
  const std::set<std::int64_t> both = {draft.value, submitted.value};
  EXPECT_EQ(ids(As(kCity)), both);
  EXPECT_EQ(ids(As(kCoordinator)), both);
  EXPECT_EQ(ids(As(kSecretariat)), both);
  EXPECT_EQ(ids(As(kAdb)), std::set<std::int64_t>{submitted.value});
  EXPECT_EQ(ids(Principal::Anonymous()), std::set<std::int64_t>{submitted.value});
  EXPECT_EQ(service_->GetRequest(Principal::Anonymous(), draft).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(service_->GetRequest(As("min.zhao@example.org"), draft).status().code(),
            StatusCode::kPermissionDenied);
}

TEST_P(AssistanceTest, OnlyDraftsCanBeEditedAndBadFieldsAreNamed) {
  RequestId id = NewDraft();
  AssistanceRequest edit = WeihaiRequest();
  edit.id = id;
  edit.title = "Revised title";
  Result<AssistanceRequest> edited = service_->UpdateRequest(As(kCity), edit);
  ASSERT_OK(edited);
  EXPECT_EQ(edited->title, "Revised title");
  EXPECT_EQ(edited->history.back().action, RequestAction::kEdit);
  edit.theme = "sunshine";
  EXPECT_EQ(service_->UpdateRequest(As(kCity), edit).status().field(), "theme");
  edit.theme = "air";
  edit.budget = -1;
  EXPECT_EQ(service_->UpdateRequest(As(kCity), edit).status().field(), "budget");
  edit.budget = 1;
  ASSERT_OK(Step(kCity, id, RequestAction::kSubmit));
  EXPECT_EQ(service_->UpdateRequest(As(kCity), edit).status().code(), StatusCode::kConflict);
  // The problem code has the problems service's form and names this city;
  // the indicator comes from it.
  edit.problem_code = "weihai:air.so2";
  EXPECT_EQ(service_->CreateRequest(As(kCity), edit).status().field(), "problem_code");
  edit.problem_code = "beijing:air.so2.annual-mean:exceeds-standard";
  EXPECT_EQ(service_->CreateRequest(As(kCity), edit).status().field(), "problem_code");
  edit.problem_code = "weihai:air.so2.annual-mean:exceeds-standard";
  Result<AssistanceRequest> linked = service_->CreateRequest(As(kCity), edit);
  ASSERT_OK(linked);
  EXPECT_EQ(linked->indicator_code, "air.so2.annual-mean");
  AssistanceRequest elsewhere = WeihaiRequest();
  elsewhere.city_code = "nowhere";
  EXPECT_EQ(service_->CreateRequest(As(kCity), elsewhere).status().field(), "city");
  elsewhere.city_code = "beijing";
  EXPECT_EQ(service_->CreateRequest(As(kCity), elsewhere).status().code(),
            StatusCode::kPermissionDenied);
  // Returning to the city needs a reason.
  RequestId other = RequestIn(RequestStatus::kSubmitted);
  EXPECT_EQ(Step(kCoordinator, other, RequestAction::kReturn).field(), "comment");
  ASSERT_OK(Step(kCoordinator, other, RequestAction::kReturn, "", "add the co-funding letter"));
  EXPECT_EQ(service_->GetRequest(As(kCity), other)->status, RequestStatus::kDraft);
}

TEST_P(AssistanceTest, AgenciesManageOnlyTheirOwnProgrammes) {
  Programme p = OpenProgramme();
  p.code = "adb-new";
  EXPECT_EQ(service_->CreateProgramme(As(kJica), p).status().code(), StatusCode::kPermissionDenied);
  ASSERT_OK(service_->CreateProgramme(As(kAdb), p));
  EXPECT_EQ(service_->CreateProgramme(As(kAdb), p).status().code(), StatusCode::kAlreadyExists);
  p.title = "Renamed";
  Result<Programme> updated = service_->UpdateProgramme(As(kAdb), p);
  ASSERT_OK(updated);
  EXPECT_EQ(updated->title, "Renamed");
  EXPECT_EQ(updated->updated_by, kAdb);
  // Handing the programme to JICA needs rights on both agencies.
  p.agency_code = "jica";
  EXPECT_EQ(service_->UpdateProgramme(As(kAdb), p).status().code(), StatusCode::kPermissionDenied);
  p.agency_code = "adb";
  p.size_classes = {"cn-huge"};
  EXPECT_EQ(service_->UpdateProgramme(As(kAdb), p).status().field(), "size_classes");
  p.size_classes.clear();
  p.budget_min = 10;
  p.budget_max = 5;
  EXPECT_EQ(service_->UpdateProgramme(As(kAdb), p).status().field(), "budget_min");
  Result<std::vector<Programme>> finance =
      service_->ListProgrammes({std::nullopt, AssistanceType::kFinance, std::nullopt});
  ASSERT_OK(finance);
  ASSERT_EQ(finance->size(), 1U);
  EXPECT_EQ((*finance)[0].code, "adb-loans");
}

TEST_P(AssistanceTest, NotificationsAreReadOnlyByTheirRecipient) {
  RequestId id = RequestIn(RequestStatus::kSubmitted);
  (void)id;
  NotificationService notes(*db_);
  Result<NotificationPage> page = notes.List(As(kCoordinator), false, 50, 0);
  ASSERT_OK(page);
  ASSERT_EQ(page->items.size(), 1U);
  const std::int64_t note = page->items[0].id;
  EXPECT_EQ(notes.MarkRead(As(kSecretariat), note).status().code(), StatusCode::kNotFound);
  Result<Notification> read = notes.MarkRead(As(kCoordinator), note);
  ASSERT_OK(read);
  EXPECT_TRUE(read->read_at.has_value());
  EXPECT_EQ(notes.List(As(kCoordinator), true, 50, 0)->unread, 0);
  EXPECT_EQ(notes.List(Principal::Anonymous(), false, 50, 0).status().code(),
            StatusCode::kUnauthenticated);
  Result<std::int64_t> all = notes.MarkAllRead(Principal::Operator("t"), kSecretariat);
  ASSERT_OK(all);
  EXPECT_EQ(*all, 1);
}

TEST_P(AssistanceTest, TheSampleLoadsThroughTheLifecycle) {
  // Fresh database with the sample network only (no test programmes).
  ASSERT_OK(db_->ExecuteScript("DELETE FROM programmes"));
  Result<AssistanceSampleSummary> s = LoadSampleAssistance(*db_);
  ASSERT_OK(s);
  EXPECT_EQ(s->programmes, 6);  // data/sample/programmes.csv
  EXPECT_EQ(s->requests, 5);    // data/sample/requests.csv
  Result<std::vector<AssistanceRequest>> all = service_->ListRequests(Principal::Operator("t"));
  ASSERT_OK(all);
  std::multiset<std::string> statuses;
  for (const AssistanceRequest& r : *all) {
    statuses.insert(std::string(RequestStatusCode(r.status)));
    EXPECT_EQ(r.data_status, DataStatus::kIllustrative);
  }
  EXPECT_EQ(statuses, (std::multiset<std::string>{"completed", "accepted", "declined", "submitted",
                                                  "draft"}));
  // The history carries the days of data/sample/requests.csv `dates`, not
  // the day the sample was loaded: Weihai's expert request, filed on
  // 2001-11-20 and completed on 2002-07-15 in seven steps.
  for (const AssistanceRequest& r : *all) {
    Result<AssistanceRequest> whole = service_->GetRequest(Principal::Operator("t"), r.id);
    ASSERT_OK(whole);
    for (const RequestStep& step : whole->history) {
      EXPECT_TRUE(step.at >= "2001-09-01" && step.at < "2002-08-01") << r.title << ": " << step.at;
    }
    if (r.status == RequestStatus::kCompleted) {
      EXPECT_EQ(r.created_at, "2001-11-20T00:00:00Z");
      ASSERT_EQ(whole->history.size(), 7u);
      EXPECT_EQ(whole->history.front().at, "2001-11-20T00:00:00Z");
      EXPECT_EQ(whole->history.back().at, "2002-07-15T00:00:00Z");
      EXPECT_EQ(whole->history.back().action, RequestAction::kComplete);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, AssistanceTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendTestName);

}  // namespace
}  // namespace kinet
