// End-to-end tests of the problem and matching routes (match_routes.cc)
// against a real server on loopback, on SQLite and on PostgreSQL
// (api_test_fixture.h), over the sample network with its yearbook values
// and targets. Lanzhou's PM10 of 2017 (111 ug/m3, data/sample/indicators/
// china_yearbook.csv) is above the GB 3095-2012 Grade II annual limit of 70.
#include <gtest/gtest.h>

#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/api_test_fixture.h"
#include "service/sample_network.h"
#include "service/sample_targets.h"

namespace kinet {
namespace {

using nlohmann::json;

constexpr const char* kPm10Problem = "lanzhou:air.pm10.annual-mean:exceeds-standard";

class MatchRoutesTest : public ApiServerTest {
 protected:
  void SetUp() override {
    ApiServerTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_OK(LoadSampleIndicatorValues(*db_));
    ASSERT_OK(LoadSampleTargets(*db_));
  }

  json Get(const std::string& path, int status = 200) {
    httplib::Result r = client_->Get(path.c_str());
    EXPECT_TRUE(r) << path;
    if (!r) return json();
    EXPECT_EQ(r->status, status) << path << ": " << r->body;
    return Body(r);
  }
};

TEST_P(MatchRoutesTest, ProblemsOfACityPaginatedWithCountsAndFilters) {
  json page = Get("/api/v1/cities/lanzhou/problems?per_page=100");
  EXPECT_EQ(page["city"], "lanzhou");
  EXPECT_TRUE(page["published_only"].get<bool>());  // anonymous: published values only
  ASSERT_GT(page["total"].get<int>(), 0) << page.dump();
  const json& counts = page["counts"];
  EXPECT_EQ(counts["high"].get<int>() + counts["medium"].get<int>() + counts["low"].get<int>(),
            page["total"].get<int>());
  bool pm10 = false;
  for (const json& p : page["items"]) {
    EXPECT_EQ(p["city"], "lanzhou");
    EXPECT_EQ(p["code"].get<std::string>().rfind("lanzhou:", 0), 0u);
    EXPECT_FALSE(p["summary"].get<std::string>().empty());
    if (p["code"] == kPm10Problem) {
      pm10 = true;
      EXPECT_EQ(p["standard"]["limit_set"], "cn-gb3095-2012");
      EXPECT_EQ(p["standard"]["limit"], 70);
      EXPECT_GT(p["value"].get<double>(), 70);
    }
  }
  EXPECT_TRUE(pm10) << page.dump();

  json only = Get("/api/v1/cities/lanzhou/problems?kind=exceeds-standard&per_page=100");
  for (const json& p : only["items"]) EXPECT_EQ(p["kind"], "exceeds-standard");
  json one = Get("/api/v1/cities/lanzhou/problems?per_page=1");
  EXPECT_EQ(one["items"].size(), 1u);
  EXPECT_EQ(one["total"], page["total"]);

  EXPECT_EQ(Get("/api/v1/cities/lanzhou/problems?kind=bad", 400)["error"]["field"], "kind");
  EXPECT_EQ(Get("/api/v1/cities/lanzhou/problems?year=1700", 400)["error"]["field"], "year");
  Get("/api/v1/cities/atlantis/problems", 404);
}

TEST_P(MatchRoutesTest, OneProblemByCode) {
  json p = Get(std::string("/api/v1/problems/") + kPm10Problem);
  EXPECT_EQ(p["code"], kPm10Problem);
  EXPECT_EQ(p["kind"], "exceeds-standard");
  EXPECT_EQ(Get("/api/v1/problems/lanzhou:air.pm10.annual-mean", 400)["error"]["field"], "problem");
  Get("/api/v1/problems/lanzhou:energy.total-gas-supply:exceeds-standard", 404);
}

TEST_P(MatchRoutesTest, MatchesForOneProblemWithExplanations) {
  json m = Get(std::string("/api/v1/cities/lanzhou/matches?limit=3&problem=") + kPm10Problem);
  EXPECT_EQ(m["city"], "lanzhou");
  ASSERT_EQ(m["problems"].size(), 1u) << m.dump();
  const json& pm = m["problems"][0];
  EXPECT_EQ(pm["problem"]["code"], kPm10Problem);
  EXPECT_LE(pm["mentors"].size(), 3u);
  int rank = 0;
  for (const json& mentor : pm["mentors"]) {
    EXPECT_EQ(mentor["rank"], ++rank);
    EXPECT_NE(mentor["city"], "lanzhou");
    EXPECT_GE(mentor["improvement_percent"].get<double>(), 10.0);  // matching.toml min_improvement
    EXPECT_FALSE(mentor["explanation"].get<std::string>().empty());
  }
  ASSERT_FALSE(m["peers"].empty());
  EXPECT_LE(m["peers"].size(), 3u);
  for (const json& peer : m["peers"]) {
    EXPECT_NE(peer["city"], "lanzhou");
    EXPECT_FALSE(peer["explanation"].get<std::string>().empty());
  }
  EXPECT_FALSE(m["not_used"].empty());
  EXPECT_EQ(m["config"]["source"], "standards/matching/matching.toml");

  EXPECT_EQ(Get("/api/v1/cities/lanzhou/matches?limit=0", 400)["error"]["field"], "limit");
  EXPECT_EQ(Get("/api/v1/cities/lanzhou/matches?problem=beijing:air.pm10.annual-mean:worsening",
                400)["error"]["field"],
            "problem");
}

INSTANTIATE_TEST_SUITE_P(Backends, MatchRoutesTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendTestName);

}  // namespace
}  // namespace kinet
