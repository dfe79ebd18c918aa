// The pilot programme's use cases on both backends (tests/store/
// backend_fixture.h): calls and their validation, the ranking gathered from
// published values and ratings, the results framework filled from the city's
// values, the report approval step with its refused transitions,
// permissions, the audit log, and the illustrative sample.
#include "service/pilot_service.h"

#include <algorithm>
#include <iterator>

#include <gtest/gtest.h>

#include "backend_fixture.h"
#include "service/indicator_service.h"
#include "service/pilot_json.h"
#include "service/practice_service.h"
#include "service/sample_network.h"
#include "store/indicator_repository.h"
#include "store/pilot_repository.h"
#include "store/registry_repository.h"

namespace kinet {
namespace {

constexpr double kEps = 1e-9;

PilotProjectQuery ByCity(std::string city) {
  PilotProjectQuery q;
  q.city_code = std::move(city);
  return q;
}

class PilotServiceTest : public BackendTest {
 protected:
  void SetUp() override {
    OpenFreshDatabase(/*migrate=*/true);
    if (IsSkipped() || HasFatalFailure()) return;
    Seed();
  }

  void Seed() {
    for (const char* country : {"CN", "JP"}) {
      Country c;
      c.code = country;
      c.name_en = country;
      c.region = "East Asia";
      ASSERT_OK(CountryRepository(*db_).Upsert(c));
    }
    for (const char* code : {"alpha", "beta", "gamma", "delta", "tokyo"}) {
      City c;
      c.code = code;
      c.country_code = std::string(code) == "tokyo" ? "JP" : "CN";
      c.name_en = code;
      c.name_local = code;
      c.time_zone = "Asia/Shanghai";
      ASSERT_OK(CityRepository(*db_).Insert(c));
    }
    Indicator i;
    i.code = "air.x";
    i.name_en = "X";
    i.unit = "ug/m3";
    i.direction = Direction::kLowerIsBetter;
    ASSERT_OK(IndicatorRepository(*db_).Upsert(i));
  }

  void AddValue(std::string city, std::string period, double value,
                ValueStatus status = ValueStatus::kPublished,
                SourceKind kind = SourceKind::kReported) {
    IndicatorValue v;
    v.city_code = std::move(city);
    v.indicator_code = "air.x";
    v.period = std::move(period);
    v.value = value;
    v.entered_value = value;
    v.entered_unit = "ug/m3";
    v.status = status;
    v.source_kind = kind;
    ASSERT_OK(IndicatorValueRepository(*db_).Upsert(v, "test"));
  }

  std::int64_t Count(std::string_view sql) {
    Result<std::optional<Row>> row = db_->QueryOne(sql);
    EXPECT_TRUE(row.ok()) << row.status().ToString();
    return row.ok() && row->has_value() ? (*row)->Int(0).value_or(-1) : -1;
  }

  // need: air.x in 2010 (benefit, min-max, weight 2); rating (benefit,
  // min-max, weight 1). Candidates alpha, beta, gamma, delta.
  static PilotCall SmallCall() {
    PilotCall c;
    c.title = "Test call";
    c.opens = "2010-01-01";
    c.closes = "2010-03-31";
    c.eligible_countries = {"CN"};
    c.candidate_cities = {"alpha", "beta", "gamma", "delta"};
    PilotCriterion need;
    need.code = "need";
    need.source = CriterionSource::kIndicator;
    need.indicator_code = "air.x";
    need.year = 2010;
    need.weight = 2;
    PilotCriterion rating;
    rating.code = "commitment";
    rating.source = CriterionSource::kRating;
    rating.weight = 1;
    c.criteria = {need, rating};
    return c;
  }

  static PilotProject Project() {
    PilotProject p;
    p.title = "Boilers";
    p.city_code = "alpha";
    p.themes = {"air"};
    p.start = "2009-01-01";
    p.end = "2012-12-31";
    p.indicators = {{"air.x", 2008, 100.0, 2012, 60.0, ""}};
    p.milestones = {{"Inventory", "2009-06-30", "", ""}};
    p.comparison_cities = {"beta", "gamma"};
    return p;
  }

  static Principal Officer(std::string city) {
    return {Principal::Kind::kUser, "officer@" + city, Role::kCityOfficer, city};
  }
  static Principal Expert() { return {Principal::Kind::kUser, "expert@x", Role::kExpert, ""}; }

  Principal op_ = Principal::Operator("tester");
};

TEST_P(PilotServiceTest, CreateCallValidatesNamingTheField) {
  PilotService s(*db_);
  PilotCall c = SmallCall();
  c.candidate_cities.push_back("tokyo");  // JP is not eligible
  Result<PilotCall> r = s.CreateCall(op_, c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "candidates");

  c = SmallCall();
  c.criteria[1].weight = -1;
  r = s.CreateCall(op_, c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "criteria[1].weight");

  c = SmallCall();
  c.criteria[0].year = std::nullopt;
  r = s.CreateCall(op_, c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "criteria[0].year");

  c = SmallCall();
  c.criteria[1].direction = CriterionDirection::kTarget;
  r = s.CreateCall(op_, c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "criteria[1].target_value");

  EXPECT_EQ(Count("SELECT count(*) FROM pilot_calls"), 0);  // nothing written
}

TEST_P(PilotServiceTest, OnlyTheSecretariatCreatesCalls) {
  PilotService s(*db_);
  EXPECT_EQ(s.CreateCall(Principal::Anonymous(), SmallCall()).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(s.CreateCall(Officer("alpha"), SmallCall()).status().code(),
            StatusCode::kPermissionDenied);
  Result<PilotCall> r = s.CreateCall(op_, SmallCall());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->candidate_cities, SmallCall().candidate_cities);
  ASSERT_EQ(r->criteria.size(), 2u);
  EXPECT_EQ(r->criteria[0], SmallCall().criteria[0]);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE entity = 'pilot_call'"), 1);
}

TEST_P(PilotServiceTest, UpdateCallWhileOpenKeepsTheRatingsOfKeptCriteria) {
  PilotService s(*db_);
  PilotCall open = SmallCall();
  open.closes = "2999-12-31";  // still open whatever today is
  Result<PilotCall> call = s.CreateCall(op_, open);
  ASSERT_TRUE(call.ok()) << call.status().ToString();
  ASSERT_OK(s.Rate(Expert(), {call->id, "commitment", "alpha", 4, "", "", ""}));
  ASSERT_OK(s.Rate(Expert(), {call->id, "commitment", "delta", 2, "", "", ""}));

  // delta leaves, a third criterion (rating "capacity") comes, need's weight changes.
  PilotCall edited = *call;
  edited.title = "Test call (revised)";
  edited.candidate_cities = {"alpha", "beta", "gamma"};
  edited.criteria[0].weight = 3;
  PilotCriterion capacity;
  capacity.code = "capacity";
  capacity.source = CriterionSource::kRating;
  edited.criteria.push_back(capacity);
  EXPECT_EQ(s.UpdateCall(Officer("alpha"), edited).status().code(), StatusCode::kPermissionDenied);
  PilotCall bad = edited;
  bad.criteria[0].weight = 0;
  EXPECT_EQ(s.UpdateCall(op_, bad).status().field(), "criteria[0].weight");
  Result<PilotCall> updated = s.UpdateCall(op_, edited);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(updated->title, "Test call (revised)");
  EXPECT_EQ(updated->candidate_cities, (std::vector<std::string>{"alpha", "beta", "gamma"}));
  ASSERT_EQ(updated->criteria.size(), 3u);
  EXPECT_EQ(updated->criteria[0].weight, 3);
  EXPECT_EQ(updated->criteria[2].code, "capacity");
  // alpha's rating of the kept criterion stays; delta's went with delta.
  Result<std::vector<PilotRating>> ratings = s.ListRatings(call->id);
  ASSERT_TRUE(ratings.ok());
  ASSERT_EQ(ratings->size(), 1u);
  EXPECT_EQ((*ratings)[0].city_code, "alpha");
  EXPECT_EQ((*ratings)[0].value, 4);

  // Dropping the rating criterion drops its ratings.
  edited.criteria.erase(edited.criteria.begin() + 1);
  ASSERT_OK(s.UpdateCall(op_, edited));
  EXPECT_TRUE(s.ListRatings(call->id)->empty());

  // A closed call (SmallCall closes on 2010-03-31) is not edited.
  Result<PilotCall> closed = s.CreateCall(op_, SmallCall());
  ASSERT_TRUE(closed.ok());
  PilotCall late = *closed;
  late.title = "Too late";
  EXPECT_EQ(s.UpdateCall(op_, late).status().code(), StatusCode::kFailedPrecondition);
  late.id = PilotCallId(999);
  EXPECT_EQ(s.UpdateCall(op_, late).status().code(), StatusCode::kNotFound);
}

TEST_P(PilotServiceTest, RankUsesPublishedValuesAndRatings) {
  PilotService s(*db_);
  AddValue("alpha", "2010", 100);
  AddValue("beta", "2010", 50);
  AddValue("gamma", "2010", 75);
  AddValue("delta", "2010", 90, ValueStatus::kDraft);  // not published: missing
  Result<PilotCall> call = s.CreateCall(op_, SmallCall());
  ASSERT_TRUE(call.ok()) << call.status().ToString();
  // Experts rate; a city officer may not.
  EXPECT_EQ(
      s.Rate(Officer("alpha"), {call->id, "commitment", "alpha", 1, "", "", ""}).status().code(),
      StatusCode::kPermissionDenied);
  for (auto [city, v] : {std::pair{"alpha", 1.0}, {"beta", 5.0}, {"gamma", 3.0}, {"delta", 4.0}}) {
    ASSERT_OK(s.Rate(Expert(), {call->id, "commitment", city, v, "", "", ""}));
  }
  // Rating a data criterion or a non-candidate is refused.
  EXPECT_EQ(s.Rate(Expert(), {call->id, "need", "alpha", 1, "", "", ""}).status().field(),
            "criterion");
  EXPECT_EQ(s.Rate(Expert(), {call->id, "commitment", "tokyo", 1, "", "", ""}).status().field(),
            "city");

  Result<PilotRanking> r = s.Rank(call->id);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const std::vector<McdaAlternativeResult>& a = r->result.alternatives;
  ASSERT_EQ(a.size(), 4u);
  // Weights 2:1 → 2/3, 1/3. need min-max over 50..100: alpha 1, beta 0,
  // gamma 0.5; commitment over 1..5: alpha 0, beta 1, gamma 0.5.
  // S_alpha = 2/3, S_beta = 1/3, S_gamma = 2/3·0.5 + 1/3·0.5 = 0.5.
  EXPECT_NEAR(*a[0].weighted_sum, 2.0 / 3.0, kEps);
  EXPECT_NEAR(*a[1].weighted_sum, 1.0 / 3.0, kEps);
  EXPECT_NEAR(*a[2].weighted_sum, 0.5, kEps);
  EXPECT_EQ(*a[0].weighted_sum_rank, 1);
  EXPECT_EQ(*a[2].weighted_sum_rank, 2);
  EXPECT_EQ(*a[1].weighted_sum_rank, 3);
  // delta's draft value does not count: it is not ranked and says why.
  EXPECT_FALSE(a[3].ranked);
  EXPECT_EQ(a[3].missing, (std::vector<std::string>{"need"}));
  EXPECT_NE(r->inputs[3][0].provenance.find("not published"), std::string::npos)
      << r->inputs[3][0].provenance;
  EXPECT_NE(r->inputs[0][1].provenance.find("expert@x"), std::string::npos);
  // 2 criteria × ±20 % = 4 perturbations.
  EXPECT_EQ(r->result.perturbations.size(), 4u);

  // The export carries every step: a value row per city and criterion, a
  // result row per city, a perturbation row per perturbation and city.
  const std::string csv = RankingCsv(*r);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 4 * 2 + 4 + 4 * 4);
  EXPECT_NE(csv.find("value,alpha,need,,100,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("result,delta,"), std::string::npos);
  // And the JSON shape used by the CLI and the API.
  nlohmann::json j = ToJson(*r);
  EXPECT_EQ(j["candidates"][3]["ranked"], false);
  EXPECT_TRUE(j["candidates"][3]["weighted_sum"].is_null());
  EXPECT_EQ(j["candidates"][0]["weighted_sum_rank"], 1);
}

TEST_P(PilotServiceTest, ActualsAreFilledFromTheCityValues) {
  PilotService s(*db_);
  AddValue("alpha", "2007", 120);  // before the baseline year: not shown
  AddValue("alpha", "2008", 100);
  AddValue("alpha", "2010", 85);
  AddValue("alpha", "2011", 80);
  AddValue("alpha", "2012", 70, ValueStatus::kSubmitted);  // visible to the city, not the public
  Result<PilotProject> p = s.CreateProject(op_, Project());
  ASSERT_TRUE(p.ok()) << p.status().ToString();

  Result<PilotProjectView> pub = s.ShowProject(Principal::Anonymous(), p->id);
  ASSERT_TRUE(pub.ok()) << pub.status().ToString();
  ASSERT_EQ(pub->results.size(), 1u);
  const PilotIndicatorProgress& x = pub->results[0];
  ASSERT_EQ(x.actuals.size(), 3u);  // 2008, 2010, 2011
  EXPECT_EQ(x.actuals[0].year, 2008);
  EXPECT_EQ(x.latest->year, 2011);
  // (80 − 100) / (60 − 100) × 100 = 50 %.
  EXPECT_NEAR(*x.achieved_percent, 50.0, kEps);

  Result<PilotProjectView> own = s.ShowProject(Officer("alpha"), p->id);
  ASSERT_TRUE(own.ok());
  ASSERT_EQ(own->results[0].actuals.size(), 4u);
  EXPECT_EQ(own->results[0].latest->status, ValueStatus::kSubmitted);
  // (70 − 100) / (60 − 100) × 100 = 75 %.
  EXPECT_NEAR(*own->results[0].achieved_percent, 75.0, kEps);
}

// The public sees the published computed value of a year whose reported
// value is unpublished in the results framework; the city sees its own.
TEST_P(PilotServiceTest, PublicViewsUseAPublishedComputedValue) {
  PilotService s(*db_);
  AddValue("alpha", "2008", 100);
  AddValue("alpha", "2011", 70, ValueStatus::kSubmitted);
  AddValue("alpha", "2011", 80, ValueStatus::kPublished, SourceKind::kComputed);
  Result<PilotProject> p = s.CreateProject(op_, Project());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  Result<PilotProjectView> pub = s.ShowProject(Principal::Anonymous(), p->id);
  ASSERT_TRUE(pub.ok()) << pub.status().ToString();
  ASSERT_EQ(pub->results[0].actuals.size(), 2u);
  EXPECT_EQ(pub->results[0].latest->source_kind, SourceKind::kComputed);
  // (80 − 100) / (60 − 100) × 100 = 50 %.
  EXPECT_NEAR(*pub->results[0].achieved_percent, 50.0, kEps);
  Result<PilotProjectView> own = s.ShowProject(Officer("alpha"), p->id);
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->results[0].latest->source_kind, SourceKind::kReported);
  EXPECT_NEAR(own->results[0].latest->value, 70.0, kEps);
}

TEST_P(PilotServiceTest, ProjectValidation) {
  PilotService s(*db_);
  PilotProject p = Project();
  p.end = "2008-01-01";
  EXPECT_EQ(s.CreateProject(op_, p).status().field(), "end");
  p = Project();
  p.indicators[0].indicator_code = "no.such";
  EXPECT_EQ(s.CreateProject(op_, p).status().field(), "indicators[0].indicator");
  p = Project();
  p.themes = {"weather"};
  EXPECT_EQ(s.CreateProject(op_, p).status().field(), "themes[0]");
  p = Project();
  p.comparison_cities = {"alpha"};
  EXPECT_EQ(s.CreateProject(op_, p).status().field(), "comparison_cities[0]");
  EXPECT_EQ(Count("SELECT count(*) FROM pilot_projects"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM pilot_result_indicators"), 0);  // rolled back
}

TEST_P(PilotServiceTest, ReportApprovalRefusesSkippedSteps) {
  PilotService s(*db_);
  Result<PilotProject> p = s.CreateProject(op_, Project());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  // Another city's officer may not report on alpha's project.
  PilotReport draft;
  draft.project_id = p->id;
  draft.period = "2010";
  draft.progress = "Inventory done";
  EXPECT_EQ(s.AddReport(Officer("beta"), draft).status().code(), StatusCode::kPermissionDenied);
  Result<PilotReport> r = s.AddReport(Officer("alpha"), draft);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, ReportStatus::kDraft);
  EXPECT_EQ(s.AddReport(Officer("alpha"), draft).status().field(), "period");  // same period

  // draft → approved skips submission: Conflict naming both states.
  Result<PilotReport> skip = s.ChangeReportStatus(op_, r->id, ReportStatus::kApproved);
  ASSERT_EQ(skip.status().code(), StatusCode::kConflict);
  EXPECT_NE(skip.status().message().find("draft"), std::string::npos);
  // The public does not see the draft.
  EXPECT_TRUE(s.ShowProject(Principal::Anonymous(), p->id)->reports.empty());

  ASSERT_OK(s.ChangeReportStatus(Officer("alpha"), r->id, ReportStatus::kSubmitted));
  // The city may not approve its own report.
  EXPECT_EQ(s.ChangeReportStatus(Officer("alpha"), r->id, ReportStatus::kApproved).status().code(),
            StatusCode::kPermissionDenied);
  // Returning needs a reason.
  EXPECT_EQ(s.ChangeReportStatus(op_, r->id, ReportStatus::kReturned).status().field(), "note");
  Result<PilotReport> back = s.ChangeReportStatus(op_, r->id, ReportStatus::kReturned, "numbers?");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->decision_note, "numbers?");
  ASSERT_OK(s.ChangeReportStatus(Officer("alpha"), r->id, ReportStatus::kSubmitted));
  Result<PilotReport> ok = s.ChangeReportStatus(op_, r->id, ReportStatus::kApproved);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->decided_by, "cli:tester");
  // Approved is final.
  EXPECT_EQ(s.ChangeReportStatus(op_, r->id, ReportStatus::kReturned, "x").status().code(),
            StatusCode::kConflict);
  EXPECT_EQ(s.ShowProject(Principal::Anonymous(), p->id)->reports.size(), 1u);
  // insert + 4 status changes.
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE entity = 'pilot_report'"), 5);
}

TEST_P(PilotServiceTest, ProjectStatusAndMilestones) {
  PilotService s(*db_);
  Result<PilotProject> p = s.CreateProject(op_, Project());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ASSERT_OK(s.CompleteMilestone(Officer("alpha"), p->id, 0, "2009-06-20"));
  EXPECT_EQ(s.CompleteMilestone(Officer("alpha"), p->id, 3, "2009-06-20").status().field(),
            "milestone");
  ASSERT_OK(s.SetProjectStatus(op_, p->id, ProjectStatus::kActive));
  ASSERT_OK(s.SetProjectStatus(op_, p->id, ProjectStatus::kCompleted));
  EXPECT_EQ(s.SetProjectStatus(op_, p->id, ProjectStatus::kCancelled).status().code(),
            StatusCode::kConflict);
  Result<std::vector<PilotProject>> list = s.ListProjects(ByCity("alpha"));
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].status, ProjectStatus::kCompleted);
  EXPECT_EQ((*list)[0].milestones[0].done, "2009-06-20");
  EXPECT_EQ(s.ListProjects(ByCity("nowhere")).status().code(), StatusCode::kNotFound);
}

// The status table of docs/pilots.md "Project status", every pair:
// planned → active → completed; planned | active → cancelled; completed →
// active (reopening). Cancelled is final; nothing goes back to planned.
TEST_P(PilotServiceTest, ProjectStatusFollowsTheTable) {
  using S = ProjectStatus;
  constexpr S kAll[] = {S::kPlanned, S::kActive, S::kCompleted, S::kCancelled};
  struct Allowed {
    S from;
    S to;
  };
  constexpr Allowed kAllowed[] = {{S::kPlanned, S::kActive},
                                  {S::kActive, S::kCompleted},
                                  {S::kPlanned, S::kCancelled},
                                  {S::kActive, S::kCancelled},
                                  {S::kCompleted, S::kActive}};
  PilotService s(*db_);
  for (S from : kAll) {
    for (S to : kAll) {
      if (from == to) continue;
      const bool allowed = std::any_of(std::begin(kAllowed), std::end(kAllowed),
                                       [&](Allowed a) { return a.from == from && a.to == to; });
      EXPECT_EQ(IsAllowedProjectTransition(from, to), allowed)
          << ProjectStatusCode(from) << " → " << ProjectStatusCode(to);
      PilotProject project = Project();
      project.status = from;  // a project may be recorded in any status when created
      Result<PilotProject> p = s.CreateProject(op_, project);
      ASSERT_TRUE(p.ok()) << p.status().ToString();
      Result<PilotProject> moved = s.SetProjectStatus(op_, p->id, to);
      if (allowed) {
        ASSERT_TRUE(moved.ok()) << ProjectStatusCode(from) << " → " << ProjectStatusCode(to) << ": "
                                << moved.status().ToString();
        EXPECT_EQ(moved->status, to);
        EXPECT_EQ(Count(("SELECT count(*) FROM audit_log WHERE entity = 'pilot_project' AND"
                         " field = 'status' AND entity_id = '" +
                         std::to_string(p->id.value) + "' AND old_value = '" +
                         std::string(ProjectStatusCode(from)) + "' AND new_value = '" +
                         std::string(ProjectStatusCode(to)) + "'")
                            .c_str()),
                  1);
      } else {
        ASSERT_FALSE(moved.ok()) << ProjectStatusCode(from) << " → " << ProjectStatusCode(to);
        EXPECT_EQ(moved.status().code(), StatusCode::kConflict);
        EXPECT_EQ(moved.status().field(), "status");
        // The message names both states.
        const std::string& m = moved.status().message();
        EXPECT_NE(m.find(std::string("is ") + std::string(ProjectStatusCode(from))),
                  std::string::npos)
            << m;
        EXPECT_NE(m.find(std::string("cannot become ") + std::string(ProjectStatusCode(to))),
                  std::string::npos)
            << m;
        EXPECT_EQ(s.FindProject(p->id)->status, from);
      }
    }
  }
  // Setting the current status changes nothing and is not refused.
  Result<PilotProject> p = s.CreateProject(op_, Project());
  ASSERT_TRUE(p.ok());
  ASSERT_OK(s.SetProjectStatus(op_, p->id, ProjectStatus::kPlanned));
  // Only the secretariat moves a project, reopening included.
  EXPECT_EQ(s.SetProjectStatus(Officer("alpha"), p->id, ProjectStatus::kActive).status().code(),
            StatusCode::kPermissionDenied);
}

// A completed pilot that became a best practice is not reopened: the
// practice's results claim the pilot's end.
TEST_P(PilotServiceTest, APilotThatBecameAPracticeIsNotReopened) {
  PilotService s(*db_);
  PilotProject project = Project();
  project.status = ProjectStatus::kCompleted;
  Result<PilotProject> p = s.CreateProject(op_, project);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ASSERT_OK(PilotRepository(*db_).SetPracticeCode(p->id, "pilot-practice", "test"));
  Result<PilotProject> reopened = s.SetProjectStatus(op_, p->id, ProjectStatus::kActive);
  ASSERT_FALSE(reopened.ok());
  EXPECT_EQ(reopened.status().code(), StatusCode::kConflict);
  EXPECT_NE(reopened.status().message().find("pilot-practice"), std::string::npos);
}

TEST_P(PilotServiceTest, UpdateProjectCorrectsEveryFieldAndAuditsOldAndNew) {
  PilotService s(*db_);
  Indicator second;
  second.code = "air.y";
  second.name_en = "Y";
  second.unit = "ug/m3";
  second.direction = Direction::kLowerIsBetter;
  ASSERT_OK(IndicatorRepository(*db_).Upsert(second));
  Result<PilotProject> p = s.CreateProject(op_, Project());
  ASSERT_TRUE(p.ok()) << p.status().ToString();

  PilotProject edited = *p;
  edited.title = "Boilers to gas";
  edited.summary = "Corrected summary";
  edited.themes = {"air", "energy"};
  edited.budget = 1.5e6;
  edited.currency = "USD";
  edited.partners = {{PartnerKind::kMentorCity, "tokyo", "", "mentor"},
                     {PartnerKind::kAgency, "", "JBIC", "funding"}};
  edited.funding = {{"JBIC", 1.0e6, "USD", "loan"}, {"city budget", 0.5e6, "USD", ""}};
  edited.start = "2009-03-01";
  edited.end = "2013-12-31";
  edited.status = ProjectStatus::kActive;
  // The baseline and target of the kept line are corrected; a second line comes.
  edited.indicators = {{"air.x", 2008, 95.0, 2013, 55.0, "corrected baseline"},
                       {"air.y", 2008, 20.0, 2013, 10.0, ""}};
  edited.milestones = {{"Inventory", "2009-06-30", "2009-06-20", ""},
                       {"Tender", "2010-03-31", "", ""}};
  edited.comparison_cities = {"gamma"};

  // Only the secretariat corrects projects.
  EXPECT_EQ(s.UpdateProject(Officer("alpha"), edited).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(s.UpdateProject(Expert(), edited).status().code(), StatusCode::kPermissionDenied);

  Result<PilotProject> updated = s.UpdateProject(op_, edited);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  Result<PilotProject> found = s.FindProject(p->id);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->title, "Boilers to gas");
  EXPECT_EQ(found->summary, "Corrected summary");
  EXPECT_EQ(found->themes, (std::vector<std::string>{"air", "energy"}));
  ASSERT_TRUE(found->budget.has_value());
  EXPECT_EQ(*found->budget, 1.5e6);
  EXPECT_EQ(found->currency, "USD");
  EXPECT_EQ(found->partners, edited.partners);
  EXPECT_EQ(found->funding, edited.funding);
  EXPECT_EQ(found->start, "2009-03-01");
  EXPECT_EQ(found->end, "2013-12-31");
  EXPECT_EQ(found->status, ProjectStatus::kActive);
  EXPECT_EQ(found->indicators, edited.indicators);
  EXPECT_EQ(found->milestones, edited.milestones);
  EXPECT_EQ(found->comparison_cities, (std::vector<std::string>{"gamma"}));
  EXPECT_EQ(found->created_by, p->created_by);
  EXPECT_EQ(found->updated_by, op_.actor());

  // One audit row, old → new.
  Result<std::optional<Row>> audit = db_->QueryOne(
      "SELECT old_value, new_value, actor FROM audit_log WHERE entity = 'pilot_project' AND"
      " action = 'update' AND field IS NULL");
  ASSERT_TRUE(audit.ok() && audit->has_value()) << audit.status().ToString();
  const std::string old_text = (*audit)->TextOr(0);
  const std::string new_text = (*audit)->TextOr(1);
  EXPECT_NE(old_text.find("Boilers; city alpha"), std::string::npos) << old_text;
  EXPECT_NE(old_text.find("status planned"), std::string::npos) << old_text;
  EXPECT_NE(old_text.find("budget -"), std::string::npos) << old_text;
  EXPECT_NE(new_text.find("Boilers to gas; city alpha"), std::string::npos) << new_text;
  EXPECT_NE(new_text.find("status active"), std::string::npos) << new_text;
  EXPECT_NE(new_text.find("budget 1500000 USD"), std::string::npos) << new_text;
  EXPECT_NE(new_text.find("air.x 2008=95 → 2013=55"), std::string::npos) << new_text;
  EXPECT_EQ((*audit)->TextOr(2), op_.actor());
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE entity = 'pilot_project' AND"
                  " action = 'update'"),
            1);

  // Validation names the field; nothing changes.
  PilotProject bad = edited;
  bad.end = "2009-01-01";
  EXPECT_EQ(s.UpdateProject(op_, bad).status().field(), "end");
  bad = edited;
  bad.funding[1].amount = -1;
  EXPECT_EQ(s.UpdateProject(op_, bad).status().field(), "funding[1]");
  bad = edited;
  bad.comparison_cities = {"alpha"};
  EXPECT_EQ(s.UpdateProject(op_, bad).status().field(), "comparison_cities[0]");
  // An unknown indicator is found by the repository half-way through the
  // rewrite of the child rows: the transaction leaves the project as it was.
  bad = edited;
  bad.title = "Half-written";
  bad.indicators.push_back({"air.nope", 2008, 1.0, 2013, 0.5, ""});
  Result<PilotProject> half = s.UpdateProject(op_, bad);
  EXPECT_EQ(half.status().field(), "indicators[2].indicator") << half.status().ToString();
  found = s.FindProject(p->id);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->title, "Boilers to gas");
  EXPECT_EQ(found->partners.size(), 2u);
  EXPECT_EQ(found->indicators, edited.indicators);
  // A project stays in its city.
  bad = edited;
  bad.city_code = "beta";
  bad.comparison_cities = {"gamma"};
  EXPECT_EQ(s.UpdateProject(op_, bad).status().field(), "city");
  // The status moves only along its table: active → planned is refused.
  bad = edited;
  bad.status = ProjectStatus::kPlanned;
  Result<PilotProject> back = s.UpdateProject(op_, bad);
  EXPECT_EQ(back.status().code(), StatusCode::kConflict);
  EXPECT_EQ(back.status().field(), "status");
  bad.id = PilotProjectId(999);
  EXPECT_EQ(s.UpdateProject(op_, bad).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE entity = 'pilot_project' AND"
                  " action = 'update'"),
            1);
}

// Actuals are the city's own values: removing a results-framework line whose
// indicator has values in the line's years would hide recorded progress, so
// it is refused naming the indicator; a line without actuals may go.
TEST_P(PilotServiceTest, UpdateProjectKeepsIndicatorsThatHaveActuals) {
  PilotService s(*db_);
  Result<PilotProject> p = s.CreateProject(op_, Project());  // air.x 2008 → 2012, alpha
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  AddValue("alpha", "2014", 50.0);  // after the target year: not an actual of the line
  AddValue("beta", "2010", 70.0);   // another city
  PilotProject without = *p;
  without.indicators.clear();
  Result<PilotProject> removed = s.UpdateProject(op_, without);
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  EXPECT_TRUE(removed->indicators.empty());

  // Put the line back and give it an actual (a draft counts too: it is on record).
  ASSERT_OK(s.UpdateProject(op_, *p));
  AddValue("alpha", "2010", 80.0, ValueStatus::kDraft);
  Result<PilotProject> refused = s.UpdateProject(op_, without);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kConflict);
  EXPECT_EQ(refused.status().field(), "indicators");
  EXPECT_NE(refused.status().message().find("'air.x'"), std::string::npos)
      << refused.status().ToString();
  ASSERT_EQ(s.FindProject(p->id)->indicators.size(), 1u);
  // Its baseline and target may still be corrected.
  PilotProject corrected = *p;
  corrected.indicators[0].target_value = 50.0;
  Result<PilotProject> ok = s.UpdateProject(op_, corrected);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->indicators[0].target_value, 50.0);
}

TEST_P(PilotServiceTest, CallTitleInChinese) {
  PilotService s(*db_);
  PilotCall c = SmallCall();
  c.closes = "2999-12-31";
  c.title_zh = "试点征集";
  Result<PilotCall> call = s.CreateCall(op_, c);
  ASSERT_TRUE(call.ok()) << call.status().ToString();
  EXPECT_EQ(s.FindCall(call->id)->title_zh, "试点征集");
  PilotCall edited = *call;
  edited.title_zh = "";  // may be empty: readers then show the English title
  ASSERT_OK(s.UpdateCall(op_, edited));
  EXPECT_EQ(s.FindCall(call->id)->title_zh, "");
  edited.title_zh = "试点城市征集（修订）";
  ASSERT_OK(s.UpdateCall(op_, edited));
  EXPECT_EQ(s.FindCall(call->id)->title_zh, "试点城市征集（修订）");

  // The JSON shape carries it both ways; without the key it is "".
  nlohmann::json j = ToJson(*s.FindCall(call->id));
  EXPECT_EQ(j["title_zh"], "试点城市征集（修订）");
  Result<PilotCall> decoded = PilotCallFromJson(j);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->title_zh, "试点城市征集（修订）");
  j.erase("title_zh");
  EXPECT_EQ(PilotCallFromJson(j)->title_zh, "");
  j["title_zh"] = 3;
  EXPECT_EQ(PilotCallFromJson(j).status().field(), "title_zh");
}

// ToPractice creates the practice and links the pilot to it in one
// transaction. The link step is made to fail honestly with a trigger that
// refuses any change of pilot_projects.practice_code: before the fix the
// practice was committed first and stayed behind, unlinked.
TEST_P(PilotServiceTest, ToPracticeLeavesNoPracticeWhenTheLinkFails) {
  PilotService s(*db_);
  PilotProject project = Project();
  project.summary = "Coal boilers replaced by gas in the old town.";
  Result<PilotProject> p = s.CreateProject(op_, project);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ASSERT_OK(s.SetProjectStatus(op_, p->id, ProjectStatus::kActive));
  ASSERT_OK(s.SetProjectStatus(op_, p->id, ProjectStatus::kCompleted));
  if (IsPostgres()) {
    ASSERT_OK(db_->ExecuteScript(
        "CREATE FUNCTION refuse_link() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'link refused by the test trigger'; END $$;"
        "CREATE TRIGGER refuse_link BEFORE UPDATE OF practice_code ON pilot_projects "
        "FOR EACH ROW EXECUTE FUNCTION refuse_link();"));
  } else {
    ASSERT_OK(db_->ExecuteScript(
        "CREATE TRIGGER refuse_link BEFORE UPDATE OF practice_code ON pilot_projects "
        "BEGIN SELECT RAISE(ABORT, 'link refused by the test trigger'); END;"));
  }
  Result<std::string> failed = s.ToPractice(op_, p->id);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find("link refused"), std::string::npos)
      << failed.status().ToString();
  EXPECT_EQ(Count("SELECT count(*) FROM practices"), 0);
  EXPECT_EQ(s.ShowProject(op_, p->id)->project.practice_code, "");

  // Without the trigger the same call creates and links, once.
  ASSERT_OK(db_->ExecuteScript("DROP TRIGGER refuse_link" +
                               std::string(IsPostgres() ? " ON pilot_projects" : "")));
  Result<std::string> code = s.ToPractice(op_, p->id);
  ASSERT_TRUE(code.ok()) << code.status().ToString();
  EXPECT_EQ(*code, "pilot-" + std::to_string(p->id.value) + "-alpha");
  EXPECT_EQ(Count("SELECT count(*) FROM practices"), 1);
  EXPECT_EQ(s.ShowProject(op_, p->id)->project.practice_code, *code);
}

// A pilot links to one practice: the repository refuses a second link even
// when a caller's own check was passed (two conversions racing).
TEST_P(PilotServiceTest, APilotLinksToOnePractice) {
  PilotService s(*db_);
  Result<PilotProject> p = s.CreateProject(op_, Project());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ASSERT_OK(PilotRepository(*db_).SetPracticeCode(p->id, "first", "test"));
  EXPECT_EQ(PilotRepository(*db_).SetPracticeCode(p->id, "second", "test").code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(s.ShowProject(op_, p->id)->project.practice_code, "first");
}

TEST_P(PilotServiceTest, AddMilestoneAppendsUntilTheProjectCloses) {
  PilotService s(*db_);
  Result<PilotProject> p = s.CreateProject(op_, Project());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  // Only those who manage pilots add milestones; the city's officer marks them done.
  EXPECT_EQ(
      s.AddMilestone(Officer("alpha"), p->id, {"Tender", "2010-03-31", "", ""}).status().code(),
      StatusCode::kPermissionDenied);
  EXPECT_EQ(s.AddMilestone(op_, p->id, {"", "2010-03-31", "", ""}).status().field(), "title");
  EXPECT_EQ(s.AddMilestone(op_, p->id, {"Tender", "31/03/2010", "", ""}).status().field(), "due");
  Result<PilotProject> added = s.AddMilestone(op_, p->id, {"Tender", "2010-03-31", "", "lot 1"});
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  // Project() has one milestone ("Inventory"); the new one comes second.
  ASSERT_EQ(added->milestones.size(), 2u);
  EXPECT_EQ(added->milestones[1].title, "Tender");
  EXPECT_EQ(added->milestones[1].note, "lot 1");
  ASSERT_OK(s.CompleteMilestone(Officer("alpha"), p->id, 1, "2010-03-15"));
  EXPECT_EQ(s.ShowProject(op_, p->id)->project.milestones[1].done, "2010-03-15");
  ASSERT_OK(s.SetProjectStatus(op_, p->id, ProjectStatus::kCancelled));
  EXPECT_EQ(s.AddMilestone(op_, p->id, {"Late", "2011-01-31", "", ""}).status().code(),
            StatusCode::kConflict);
  EXPECT_EQ(s.AddMilestone(op_, PilotProjectId(999), {"X", "2011-01-31", "", ""}).status().code(),
            StatusCode::kNotFound);
}

TEST_P(PilotServiceTest, SampleLoadsAndRanks) {
  // The sample pilots read the sample network and its published values.
  Result<NetworkData> network = BuiltinSampleNetwork();
  ASSERT_TRUE(network.ok()) << network.status().ToString();
  ASSERT_OK(LoadNetwork(*db_, *network));
  ASSERT_OK(IndicatorService(*db_).SyncBuiltinCatalogue());
  ASSERT_OK(LoadSampleIndicatorValues(*db_));
  Result<int> projects = LoadSamplePilots(*db_);
  ASSERT_TRUE(projects.ok()) << projects.status().ToString();
  EXPECT_EQ(*projects, 2);
  PilotService s(*db_);
  Result<std::vector<PilotCall>> calls = s.ListCalls();
  ASSERT_TRUE(calls.ok());
  ASSERT_EQ(calls->size(), 1u);
  EXPECT_EQ((*calls)[0].data_status, DataStatus::kIllustrative);
  EXPECT_EQ((*calls)[0].title_zh, "北九州倡议试点项目：2009 年示例遴选（中国中等城市）");
  Result<PilotRanking> r = s.Rank((*calls)[0].id);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // Weihai has no yearbook PM10 value: excluded, not scored as zero.
  const McdaAlternativeResult& weihai = r->result.alternatives.back();
  EXPECT_EQ(weihai.code, "weihai");
  EXPECT_FALSE(weihai.ranked);
  // Lanzhou's results framework reads its real SO2 series: 70 (2008) → 33 (2013).
  Result<std::vector<PilotProject>> lanzhou = s.ListProjects(ByCity("lanzhou"));
  ASSERT_TRUE(lanzhou.ok());
  ASSERT_EQ(lanzhou->size(), 1u);
  Result<PilotProjectView> v = s.ShowProject(Principal::Anonymous(), (*lanzhou)[0].id);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->results[0].line.indicator_code, "air.so2.annual-mean");
  ASSERT_TRUE(v->results[0].latest.has_value());
  EXPECT_EQ(v->results[0].latest->year, 2013);
  EXPECT_NEAR(v->results[0].latest->value, 33.0, 1e-6);
  EXPECT_EQ(v->reports.size(), 1u);  // only the approved 2010 report is public

  // Outcome: SO2 before = 2007..2009 (values 2008 = 70, 2009 = 59: mean
  // 64.5); after = 2011..2013 (47.7507, 41, 33: mean 40.5836); the five
  // comparison cities all have yearbook values in both spans.
  Result<std::vector<PilotOutcome>> outcome = s.Outcome(Principal::Anonymous(), (*lanzhou)[0].id);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  ASSERT_EQ(outcome->size(), 2u);
  const PilotOutcome& so2 = (*outcome)[0];
  EXPECT_EQ(so2.before.from, 2007);
  EXPECT_EQ(so2.after.to, 2013);
  ASSERT_TRUE(so2.evidence.city_before.mean.has_value());
  EXPECT_NEAR(*so2.evidence.city_before.mean, 64.5, 1e-9);
  EXPECT_NEAR(*so2.evidence.city_after.mean, (47.75068493150685 + 41 + 33) / 3, 1e-9);
  EXPECT_EQ(so2.evidence.comparisons.size(), 5u);
  EXPECT_TRUE(so2.evidence.did.has_value());

  // A completed pilot becomes a draft practice in one step, once.
  Result<std::string> code = s.ToPractice(Principal::Operator("tester"), (*lanzhou)[0].id);
  ASSERT_TRUE(code.ok()) << code.status().ToString();
  EXPECT_EQ(*code, "pilot-1-lanzhou");
  Result<Practice> practice = PracticeService(*db_).Get(Principal::Operator("tester"), *code);
  ASSERT_TRUE(practice.ok()) << practice.status().ToString();
  EXPECT_EQ(practice->status, PracticeStatus::kDraft);
  EXPECT_EQ(practice->city_code, "lanzhou");
  ASSERT_EQ(practice->results.size(), 2u);
  EXPECT_EQ(practice->results[0].indicator_code, "air.so2.annual-mean");
  EXPECT_EQ(practice->results[0].claimed_after, 33.0);
  EXPECT_EQ(practice->data_status, DataStatus::kIllustrative);
  EXPECT_EQ(s.ShowProject(Principal::Anonymous(), (*lanzhou)[0].id)->project.practice_code, *code);
  EXPECT_EQ(s.ToPractice(Principal::Operator("tester"), (*lanzhou)[0].id).status().code(),
            StatusCode::kAlreadyExists);
  Result<std::vector<PilotProject>> xining = s.ListProjects(ByCity("xining"));
  ASSERT_TRUE(xining.ok());
  ASSERT_EQ(xining->size(), 1u);
  EXPECT_EQ(s.ToPractice(Principal::Operator("tester"), (*xining)[0].id).status().code(),
            StatusCode::kFailedPrecondition);  // still planned
}

INSTANTIATE_TEST_SUITE_P(Backends, PilotServiceTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendTestName);

}  // namespace
}  // namespace kinet
