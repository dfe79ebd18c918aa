// Problem profiles and matching on a constructed network where the right
// answers are clear, on both backends (tests/store/backend_fixture.h):
//   subject  PM10 ~120 (above the GB 3095-2012 Grade II annual limit 70), an
//            off-track green-coverage target, NO2 rising 1 a year (below its
//            limit 40);
//   clean    nothing wrong;
//   mentor   PM10 from 122 in 2008 down 5 a year (the right mentor);
//   higher   PM10 from 300 down 20 a year from 2012 (never near 120);
//   twin     the subject's twin in size, latitude and pollution (the right peer);
//   far      another country, region, climate and pollution level.
// Plus the matching.toml loader.
#include "service/match_service.h"

#include <gtest/gtest.h>

#include "backend_fixture.h"
#include "service/indicator_service.h"
#include "service/practice_service.h"
#include "service/target_service.h"
#include "store/registry_repository.h"

namespace kinet {
namespace {

const Principal kOperator = Principal::Operator("test");
const Principal kAnonymous = Principal::Anonymous();

class MatchServiceTest : public BackendTest {
 protected:
  void SetUp() override {
    OpenFreshDatabase(/*migrate=*/true);
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_OK(IndicatorService(*db_).SyncBuiltinCatalogue());
    AddCountry("CN", "East Asia", "cn-2014");
    AddCountry("VN", "South-East Asia", "generic");
    AddCity("subject", "CN", 3.0e6, 36.0);
    AddCity("clean", "CN", 0.6e6, 24.0);
    AddCity("mentor", "CN", 1.5e6, 34.0);
    AddCity("higher", "CN", 8.0e6, 40.0);
    AddCity("twin", "CN", 3.2e6, 37.0);
    AddCity("far", "VN", 9.0e6, 11.0);

    // subject: PM10 about 120, no trend; NO2 rising 30..39; green coverage flat.
    const double pm10[] = {120, 118, 121, 119, 122, 120, 118, 121, 119, 120};
    for (int i = 0; i < 10; ++i) {
      AddValue("subject", "air.pm10.annual-mean", 2008 + i, pm10[i]);
      AddValue("subject", "air.no2.annual-mean", 2008 + i, 30 + i);
      AddValue("clean", "air.pm10.annual-mean", 2008 + i, i % 2 == 0 ? 50 : 52);
      AddValue("clean", "air.no2.annual-mean", 2008 + i, i % 2 == 0 ? 30 : 31);
      AddValue("mentor", "air.pm10.annual-mean", 2008 + i, 122 - 5 * i);
      AddValue("twin", "air.pm10.annual-mean", 2008 + i, pm10[9 - i] - 2);
      AddValue("twin", "air.no2.annual-mean", 2008 + i, i % 2 == 0 ? 36 : 37);
      AddValue("far", "air.pm10.annual-mean", 2008 + i, 60);
    }
    for (int i = 0; i < 6; ++i) AddValue("higher", "air.pm10.annual-mean", 2012 + i, 300 - 20 * i);
    const double green[] = {30.2, 30.1, 30.3, 30.2};
    for (int i = 0; i < 4; ++i) AddValue("subject", "green.built-up-coverage", 2013 + i, green[i]);
    Target t;
    t.city_code = "subject";
    t.indicator_code = "green.built-up-coverage";
    t.baseline_year = 2012;
    t.baseline_value = 30;
    t.target_year = 2020;
    t.target_value = 40;
    t.data_status = DataStatus::kIllustrative;
    ASSERT_OK(TargetService(*db_).Set(t, "test"));
  }

  void AddCountry(std::string code, std::string region, std::string scheme) {
    Country c;
    c.code = std::move(code);
    c.name_en = c.code;
    c.region = std::move(region);
    c.size_scheme = std::move(scheme);
    ASSERT_OK(CountryRepository(*db_).Upsert(c));
  }

  void AddCity(std::string code, std::string country, double population, double lat) {
    City c;
    c.code = code;
    c.country_code = std::move(country);
    c.name_en = "City " + code;
    c.name_local = code;
    c.time_zone = "Asia/Shanghai";
    c.lat = lat;
    c.lon = 110;
    c.population =
        Population{static_cast<std::int64_t>(population), 2020, "urban-resident", "test"};
    ASSERT_OK(CityRepository(*db_).Insert(c));
  }

  void AddValue(std::string city, std::string indicator, int year, double value,
                ValueStatus status = ValueStatus::kPublished) {
    IndicatorValue v;
    v.city_code = std::move(city);
    v.indicator_code = std::move(indicator);
    v.period = std::to_string(year);
    v.value = value;
    v.entered_value = value;
    v.status = status;
    ASSERT_OK(IndicatorValueRepository(*db_).Upsert(v, "test"));
  }

  // Stores and publishes a practice of `city` with one result on `indicator`.
  void PublishPractice(std::string code, std::string city, std::string indicator) {
    Practice p;
    p.code = code;
    p.city_code = std::move(city);
    p.title_en = "Practice " + code;
    p.summary_en = "Summary";
    p.start_year = 2012;
    p.themes = {"air"};
    p.measure_types = {"technology"};
    p.data_status = DataStatus::kIllustrative;
    p.results = {{std::move(indicator), "result", {2008, 2011}, {2014, 2017}, {}, {}}};
    PracticeService s(*db_);
    ASSERT_OK(s.Create(kOperator, p));
    ASSERT_OK(s.Submit(kOperator, code));
    ASSERT_OK(s.Review(kOperator, code, ReviewVerdict::kAccept, "ok"));
    ASSERT_OK(s.Publish(kOperator, code));
  }

  static const Problem* FindProblem(const ProblemProfile& p, std::string_view code) {
    for (const Problem& x : p.problems) {
      if (x.code == code) return &x;
    }
    return nullptr;
  }
};

TEST_P(MatchServiceTest, ProfileFindsTheFailedLimitTheOffTrackTargetAndTheWorsening) {
  ProblemQuery q;
  q.use_monitoring = false;
  Result<ProblemProfile> profile = ProblemService(*db_).Profile(kAnonymous, "subject", q);
  ASSERT_TRUE(profile.ok()) << profile.status().ToString();
  EXPECT_TRUE(profile->published_only);  // the public sees published values only
  ASSERT_EQ(profile->problems.size(), 3u);

  // PM10 120 in 2017 against the GB 3095-2012 Grade II annual limit 70
  // (standards/limits/cn-gb3095-2012.toml): excess 50/70 = 0.714, high.
  const Problem* limit = FindProblem(*profile, "subject:air.pm10.annual-mean:exceeds-standard");
  ASSERT_NE(limit, nullptr);
  EXPECT_EQ(limit->severity, Severity::kHigh);
  EXPECT_NEAR(limit->severity_score, 50.0 / 70.0, 1e-9);
  EXPECT_EQ(limit->year, 2017);
  ASSERT_TRUE(limit->standard.has_value());
  EXPECT_EQ(limit->standard->limit_set, "cn-gb3095-2012");
  EXPECT_EQ(limit->standard->level, "grade-2");
  EXPECT_EQ(limit->standard->limit, 70);
  EXPECT_EQ(limit->standard->origin, "indicator-values");
  // English text for people prints the unit symbol (core/indicator_unit.h
  // UnitSymbol), never the code "ug/m3", which stays in limit->unit.
  EXPECT_NE(limit->summary.find(" 120 µg/m³ in 2017 exceeds the cn-gb3095-2012 grade-2 limit of "
                                "70 µg/m³ by 71 %"),
            std::string::npos)
      << limit->summary;
  EXPECT_EQ(limit->unit, "ug/m3");
  EXPECT_EQ(limit->standard->unit, "ug/m3");

  // Green coverage 30.2 in 2016 where the straight path 30 → 40 (2012-2020)
  // expects 35: 4.8 behind on a way of 10 = 0.48, medium.
  const Problem* target = FindProblem(*profile, "subject:green.built-up-coverage:off-track-target");
  ASSERT_NE(target, nullptr);
  EXPECT_EQ(target->severity, Severity::kMedium);
  EXPECT_NEAR(target->severity_score, 0.48, 1e-9);
  ASSERT_TRUE(target->target.has_value());
  EXPECT_EQ(target->target->target_year, 2020);
  EXPECT_TRUE(target->illustrative);

  // NO2 30..39 over 2008-2017: Mann-Kendall S = 45, Theil-Sen 1 a year,
  // median 34.5: rate 1/34.5 = 0.029 a year, medium. 39 is below the limit 40.
  const Problem* trend = FindProblem(*profile, "subject:air.no2.annual-mean:worsening");
  ASSERT_NE(trend, nullptr);
  EXPECT_EQ(trend->severity, Severity::kMedium);
  EXPECT_NEAR(trend->severity_score, 1 / 34.5, 1e-9);
  ASSERT_TRUE(trend->trend.has_value());
  EXPECT_EQ(trend->trend->s, 45);
  EXPECT_NE(trend->summary.find("(Theil-Sen +1 µg/m³ a year"), std::string::npos) << trend->summary;
  EXPECT_EQ(FindProblem(*profile, "subject:air.no2.annual-mean:exceeds-standard"), nullptr);

  // Ordered by severity: the high one first.
  EXPECT_EQ(profile->problems[0].code, "subject:air.pm10.annual-mean:exceeds-standard");
}

TEST_P(MatchServiceTest, ACityWithoutProblemsHasAnEmptyProfile) {
  ProblemQuery q;
  q.use_monitoring = false;
  Result<ProblemProfile> profile = ProblemService(*db_).Profile(kAnonymous, "clean", q);
  ASSERT_TRUE(profile.ok()) << profile.status().ToString();
  EXPECT_TRUE(profile->problems.empty());
}

TEST_P(MatchServiceTest, UnpublishedValuesOnlyForThoseWhoMayReadThem) {
  AddValue("subject", "air.pm10.annual-mean", 2018, 210, ValueStatus::kDraft);
  ProblemQuery q;
  q.use_monitoring = false;
  Result<Problem> pub =
      ProblemService(*db_).Find(kAnonymous, "subject:air.pm10.annual-mean:exceeds-standard", q);
  ASSERT_TRUE(pub.ok()) << pub.status().ToString();
  EXPECT_EQ(pub->year, 2017);
  Result<Problem> all =
      ProblemService(*db_).Find(kOperator, "subject:air.pm10.annual-mean:exceeds-standard", q);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(all->year, 2018);
  EXPECT_EQ(all->value, 210);
}

TEST_P(MatchServiceTest, FindRefusesBadCodesAndAbsentProblems) {
  ProblemService s(*db_);
  EXPECT_EQ(s.Find(kAnonymous, "subject:air.pm10.annual-mean").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(s.Find(kAnonymous, "subject:air.pm10.annual-mean:bad-kind").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(s.Find(kAnonymous, "clean:air.pm10.annual-mean:exceeds-standard").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(s.Find(kAnonymous, "atlantis:air.pm10.annual-mean:worsening").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(s.Profile(kAnonymous, "subject", {.year = 1800}).status().field(), "year");
}

TEST_P(MatchServiceTest, MentorFromTheSameLevelRanksFirstAndTheTwinIsTheFirstPeer) {
  MatchQuery q;
  q.problem_code = "subject:air.pm10.annual-mean:exceeds-standard";
  q.use_monitoring = false;
  Result<MatchReport> r = MatchService(*db_).Match(kAnonymous, "subject", q);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->problems.size(), 1u);
  const ProblemMatches& pm = r->problems[0];
  // Mentors: only "mentor" improved from near 120 (122 in 2008, 4 a year
  // better by 2017: 5 x 9 / 122 = 37 %). "higher" never came within 25 % of
  // 120 with 4 values left; "twin" and "far" did not improve.
  ASSERT_EQ(pm.mentors.size(), 1u);
  EXPECT_EQ(pm.mentors[0].match.code, "mentor");
  EXPECT_EQ(pm.mentors[0].rank, 1);
  EXPECT_NEAR(pm.mentors[0].match.improvement, 45.0 / 122.0, 1e-9);
  EXPECT_NE(pm.mentors[0].explanation.find("City mentor improved"), std::string::npos)
      << pm.mentors[0].explanation;
  // 122 in 2008 to 77 in 2017, 5 a year better: the unit as a symbol.
  EXPECT_NE(pm.mentors[0].explanation.find("122 to 77 µg/m³; Theil-Sen -5 µg/m³ a year"),
            std::string::npos)
      << pm.mentors[0].explanation;
  EXPECT_EQ(pm.mentors[0].explanation.find("ug/m3"), std::string::npos)
      << pm.mentors[0].explanation;
  // Peers: the twin first (same country and class, 1 degree, PM10 and NO2 close).
  ASSERT_FALSE(r->peers.empty());
  EXPECT_EQ(r->peers[0].similarity.code, "twin");
  // "far" (other country and region, 25 degrees nearer the equator, PM10
  // half the subject's) ranks last of the five others.
  ASSERT_EQ(r->peers.size(), 5u);
  EXPECT_EQ(r->peers.back().similarity.code, "far");
  for (const PeerResult& p : r->peers) EXPECT_NE(p.similarity.code, "subject");
  EXPECT_FALSE(r->not_used.empty());
}

TEST_P(MatchServiceTest, PracticeWithMeasuredImprovementRanksAboveOneWithout) {
  // mentor's PM10 fell 30 between 2008-2011 and 2014-2017 while subject,
  // clean and twin (same country, values in both spans) stayed flat:
  // measured improvement. twin's practice has a result on SO2, which twin
  // never measured: no data.
  PublishPractice("mentor-dust-control", "mentor", "air.pm10.annual-mean");
  PublishPractice("twin-so2-scrubbers", "twin", "air.so2.annual-mean");
  MatchQuery q;
  q.problem_code = "subject:air.pm10.annual-mean:exceeds-standard";
  q.use_monitoring = false;
  Result<MatchReport> r = MatchService(*db_).Match(kAnonymous, "subject", q);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const std::vector<PracticeMatch>& practices = r->problems[0].practices;
  ASSERT_EQ(practices.size(), 2u);
  EXPECT_EQ(practices[0].code, "mentor-dust-control");
  EXPECT_EQ(practices[0].evidence_level, "measured-improvement");
  EXPECT_EQ(practices[0].relevance, "same-indicator");
  EXPECT_EQ(practices[1].code, "twin-so2-scrubbers");
  EXPECT_EQ(practices[1].evidence_level, "no-data");
  EXPECT_EQ(practices[1].relevance, "same-theme");
  EXPECT_GT(practices[0].score, practices[1].score);
}

TEST_P(MatchServiceTest, MatchRefusesAProblemOfAnotherCityOrNotCurrent) {
  MatchService s(*db_);
  MatchQuery q;
  q.use_monitoring = false;
  q.problem_code = "twin:air.pm10.annual-mean:exceeds-standard";
  EXPECT_EQ(s.Match(kAnonymous, "subject", q).status().code(), StatusCode::kInvalidArgument);
  q.problem_code = "subject:air.so2.annual-mean:worsening";
  EXPECT_EQ(s.Match(kAnonymous, "subject", q).status().code(), StatusCode::kNotFound);
  q.problem_code.reset();
  q.limit = 0;
  EXPECT_EQ(s.Match(kAnonymous, "subject", q).status().field(), "limit");
}

INSTANTIATE_TEST_SUITE_P(Backends, MatchServiceTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendTestName);

// ---- matching.toml -----------------------------------------------------------

TEST(MatchingConfigTest, TheShippedFileParsesWithTheDocumentedDefaults) {
  const MatchingConfig c = DefaultMatchingConfig();
  EXPECT_EQ(c.source, "standards/matching/matching.toml");
  ASSERT_NE(c.StandardFor("CN"), nullptr);
  EXPECT_EQ(c.StandardFor("CN")->limit_set, "cn-gb3095-2012");
  ASSERT_NE(c.StandardFor("TH"), nullptr);
  EXPECT_EQ(c.StandardFor("TH")->limit_set, "who-aqg-2021");
  EXPECT_EQ(c.problems.exceedance.medium, 0.2);
  EXPECT_EQ(c.peers.pollution, 0.3);
  EXPECT_EQ(c.mentors.start_band, 0.25);
  EXPECT_EQ(c.pollution_indicators.size(), 4u);
}

TEST(MatchingConfigTest, ErrorsNameFileLineAndKey) {
  Result<MatchingConfig> c = ParseMatchingConfig("[peers]\npopulation = -1\n", "w.toml");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().field(), "peers.population");
  EXPECT_NE(c.status().message().find("w.toml:2"), std::string::npos) << c.status().message();
  c = ParseMatchingConfig("[mentors]\nstart_bnad = 0.3\n", "w.toml");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().field(), "mentors.start_bnad");
  EXPECT_NE(c.status().message().find("unknown key"), std::string::npos);
  c = ParseMatchingConfig("[problems]\nexceedance = { medium = 0.6, high = 0.5 }\n", "w.toml");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().field(), "problems.exceedance.high");
}

}  // namespace
}  // namespace kinet
