// End-to-end tests of the best-practice routes (docs/api.md "Best
// practices") against a real server on loopback, on SQLite and PostgreSQL
// (api_test_fixture.h), signed in as the sample users.
#include <gtest/gtest.h>

#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/api_test_fixture.h"
#include "service/indicator_service.h"
#include "service/practice_service.h"

namespace kinet {
namespace {

using nlohmann::json;

constexpr const char* kSecretariat = "hana.morimoto@example.org";
constexpr const char* kOfficerBeijing = "min.zhao@example.org";
constexpr const char* kOfficerWeihai = "lei.wang@example.org";
constexpr const char* kExpert = "yu.chen@example.org";

class PracticeRoutesTest : public ApiServerTest {
 protected:
  httplib::Result PostJson(const Session& s, const std::string& path, const json& body) {
    return client_->Post(path.c_str(), As(s), body.dump(), "application/json");
  }

  static json Input() {
    return {{"code", "beijing-api-test"},
            {"city_code", "beijing"},
            {"title_en", "Coal to gas for district heating"},
            {"title_local", "集中供热煤改气"},
            {"local_language", "zh"},
            {"summary_en", "Heating boilers converted from coal to natural gas."},
            {"start_year", 2013},
            {"themes", {"air", "energy"}},
            {"measure_types", {"technology"}},
            {"results",
             {{{"indicator_code", "air.so2.annual-mean"},
               {"before", {{"from", 2008}, {"to", 2012}}},
               {"after", {{"from", 2014}, {"to", 2017}}}}}}};
  }
};

TEST_P(PracticeRoutesTest, WorkflowThroughTheApi) {
  ASSERT_OK(IndicatorService(*db_).SyncBuiltinCatalogue());
  const Session officer = Login(kOfficerBeijing);
  const Session other = Login(kOfficerWeihai);
  const Session expert = Login(kExpert);
  const Session sec = Login(kSecretariat);

  // Anonymous create: 401; another city's officer: 403; bad body: 400 naming the field.
  httplib::Result r = client_->Post("/api/v1/practices", Input().dump(), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  r = PostJson(other, "/api/v1/practices", Input());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  json bad = Input();
  bad["themes"] = {"traffic"};
  r = PostJson(officer, "/api/v1/practices", bad);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(Body(r)["error"]["field"], "themes[0]");

  r = PostJson(officer, "/api/v1/practices", Input());
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  json created = Body(r);
  EXPECT_EQ(created["status"], "draft");
  EXPECT_EQ(created["city"]["country_code"], "CN");
  EXPECT_EQ(created["results"][0]["before"]["from"], 2008);

  // The public does not see the draft.
  r = client_->Get("/api/v1/practices/beijing-api-test");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  r = client_->Get("/api/v1/practices");
  ASSERT_TRUE(r);
  EXPECT_EQ(Body(r)["total"], 0);

  // Publishing a draft is refused (409); the steps in order succeed.
  r = client_->Post("/api/v1/practices/beijing-api-test/publish", As(sec), "", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 409);
  r = client_->Post("/api/v1/practices/beijing-api-test/submit", As(officer), "",
                    "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Body(r)["status"], "submitted");
  r = PostJson(officer, "/api/v1/practices/beijing-api-test/review", {{"verdict", "accept"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  r = PostJson(expert, "/api/v1/practices/beijing-api-test/review",
               {{"verdict", "accept"}, {"comment", "Series linked, fine."}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Body(r)["status"], "reviewed");
  r = client_->Post("/api/v1/practices/beijing-api-test/publish", As(expert), "",
                    "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  r = client_->Post("/api/v1/practices/beijing-api-test/publish", As(sec), "", "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Body(r)["status"], "published");

  // Now public: one, the list, the reviews and the evidence.
  r = client_->Get("/api/v1/practices/beijing-api-test");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  r = client_->Get("/api/v1/practices/beijing-api-test/reviews");
  ASSERT_TRUE(r);
  ASSERT_EQ(Body(r)["items"].size(), 1u);
  EXPECT_EQ(Body(r)["items"][0]["comment"], "Series linked, fine.");
  r = client_->Get("/api/v1/practices/beijing-api-test/evidence");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  // No indicator values in this database: no data, with the reason.
  EXPECT_EQ(Body(r)["level"], "no-data");
  EXPECT_EQ(Body(r)["results"][0]["evidence"]["level"], "no-data");

  // Editing a published practice is refused for the officer (409).
  json edit = Input();
  r = client_->Put("/api/v1/practices/beijing-api-test", As(officer), edit.dump(),
                   "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 409);

  // Adoption by Weihai, by its own officer.
  r = PostJson(other, "/api/v1/practices/beijing-api-test/adoptions",
               {{"city_code", "weihai"}, {"year", 2016}, {"note", "after a visit"}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  r = client_->Get("/api/v1/practices/beijing-api-test/adoptions");
  ASSERT_TRUE(r);
  EXPECT_EQ(Body(r)["items"][0]["city_code"], "weihai");

  // The audit log holds the practice's changes.
  r = client_->Get("/api/v1/audit?entity=practice&entity_id=beijing-api-test", As(sec, false));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_GE(Body(r)["total"].get<int>(), 5);  // insert, 3 status changes, 1 review
}

// Search and facets over the sample practices, in both languages.
TEST_P(PracticeRoutesTest, SearchWithFacetsInBothLanguages) {
  ASSERT_OK(IndicatorService(*db_).SyncBuiltinCatalogue());
  Result<int> loaded = LoadSamplePractices(*db_);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  httplib::Result r = client_->Get("/api/v1/practices?q=bicycle&lang=en");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json body = Body(r);
  ASSERT_EQ(body["total"], 1);
  EXPECT_EQ(body["items"][0]["code"], "hangzhou-public-bicycles-2008");
  EXPECT_GT(body["items"][0]["score"].get<double>(), 0.0);
  EXPECT_EQ(body["facets"]["country"][0]["value"], "CN");

  // Chinese: 太阳能 (solar) appears only in Rizhao's record.
  r = client_->Get("/api/v1/practices?q=%E5%A4%AA%E9%98%B3%E8%83%BD&lang=zh");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  ASSERT_EQ(Body(r)["total"], 1);
  EXPECT_EQ(Body(r)["items"][0]["code"], "rizhao-solar-water-heaters");

  // A facet filter, and a bad one.
  r = client_->Get("/api/v1/practices?theme=green-space&per_page=1");
  ASSERT_TRUE(r);
  EXPECT_EQ(Body(r)["total"], 2);
  EXPECT_EQ(Body(r)["items"].size(), 1u);
  r = client_->Get("/api/v1/practices?evidence=excellent");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(Body(r)["error"]["field"], "evidence");

  r = client_->Get("/api/v1/practice-taxonomy");
  ASSERT_TRUE(r);
  EXPECT_EQ(Body(r)["themes"].size(), 10u);
  r = client_->Get("/api/v1/practice-analysis");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_FALSE(Body(r)["uptake"].empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, PracticeRoutesTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendTestName);

}  // namespace
}  // namespace kinet
