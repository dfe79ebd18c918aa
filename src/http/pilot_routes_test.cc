// End-to-end tests of the pilot programme routes (docs/api.md "Pilot
// programme") against a real server on loopback, on SQLite and PostgreSQL
// (api_test_fixture.h), signed in as the sample users.
#include <gtest/gtest.h>

#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/api_test_fixture.h"

namespace kinet {
namespace {

using nlohmann::json;

constexpr const char* kSecretariat = "hana.morimoto@example.org";
constexpr const char* kOfficerWeihai = "lei.wang@example.org";
constexpr const char* kExpert = "yu.chen@example.org";

class PilotRoutesTest : public ApiServerTest {
 protected:
  httplib::Result PostJson(const Session& s, const std::string& path, const json& body) {
    return client_->Post(path.c_str(), As(s), body.dump(), "application/json");
  }

  // Candidates weihai (1.10 M), dalian (5.21 M) and beijing (17.75 M
  // residents in the sample); a commitment rating (weight 1) and the
  // population judged against a target of 3 million (weight 1).
  static json CallBody() {
    return {{"title", "API call"},
            {"opens", "2002-01-15"},
            {"closes", "2002-04-30"},
            {"eligible_countries", {"CN"}},
            {"candidates", {"weihai", "dalian", "beijing"}},
            {"criteria",
             {{{"code", "commitment"},
               {"source", "rating"},
               {"direction", "benefit"},
               {"normalisation", "min-max"},
               {"weight", 1}},
              {{"code", "size"},
               {"source", "population"},
               {"direction", "target"},
               {"normalisation", "target"},
               {"target_value", 3000000},
               {"weight", 1}}}}};
  }

  static json ProjectBody() {
    return {{"title", "Weihai pilot"},
            {"city", "weihai"},
            {"themes", {"air"}},
            {"start", "2002-07-01"},
            {"end", "2004-06-30"},
            {"partners", {{{"kind", "mentor-city"}, {"code", "kitakyushu"}, {"role", "mentor"}}}},
            {"funding", {{{"source", "JBIC"}, {"amount", 100000}, {"currency", "USD"}}}},
            {"milestones", {{{"title", "Inventory"}, {"due", "2002-12-31"}}}}};
  }
};

TEST_P(PilotRoutesTest, CallsRatingsAndRanking) {
  // Writing needs the secretariat.
  httplib::Result anon =
      client_->Post("/api/v1/pilot-calls", CallBody().dump(), "application/json");
  ASSERT_TRUE(anon);
  EXPECT_EQ(anon->status, 401);
  Session officer = Login(kOfficerWeihai);
  httplib::Result denied = PostJson(officer, "/api/v1/pilot-calls", CallBody());
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->status, 403);

  Session sec = Login(kSecretariat);
  json bad = CallBody();
  bad["criteria"][0]["weight"] = "heavy";
  httplib::Result invalid = PostJson(sec, "/api/v1/pilot-calls", bad);
  ASSERT_TRUE(invalid);
  EXPECT_EQ(invalid->status, 400);
  EXPECT_EQ(Body(invalid)["error"]["field"], "criteria[0].weight");

  httplib::Result created = PostJson(sec, "/api/v1/pilot-calls", CallBody());
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string id = std::to_string(Body(created)["id"].get<std::int64_t>());

  // Experts rate; a city officer may not.
  Session expert = Login(kExpert);
  const std::string ratings = "/api/v1/pilot-calls/" + id + "/ratings";
  httplib::Result officer_rating =
      PostJson(officer, ratings, {{"criterion", "commitment"}, {"city", "weihai"}, {"value", 5}});
  ASSERT_TRUE(officer_rating);
  EXPECT_EQ(officer_rating->status, 403);
  for (auto [city, value] : {std::pair{"weihai", 5}, {"dalian", 3}, {"beijing", 1}}) {
    httplib::Result r =
        PostJson(expert, ratings, {{"criterion", "commitment"}, {"city", city}, {"value", value}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << r->body;
  }
  httplib::Result one = client_->Get(("/api/v1/pilot-calls/" + id).c_str());
  ASSERT_TRUE(one);
  EXPECT_EQ(Body(one)["ratings"].size(), 3u);

  // Anyone may read the ranking. commitment min-max over 1..5: weihai 1,
  // dalian 0.5, beijing 0. size: |x − 3 M| = 1.9 M, 2.21 M, 14.75 M →
  // 1 − d/14.75 M: 0.871, 0.850, 0. Weighted sum (0.5 each): weihai 0.936,
  // dalian 0.675, beijing 0.
  httplib::Result ranking = client_->Get(("/api/v1/pilot-calls/" + id + "/ranking").c_str());
  ASSERT_TRUE(ranking);
  ASSERT_EQ(ranking->status, 200) << ranking->body;
  json r = Body(ranking);
  ASSERT_EQ(r["candidates"].size(), 3u);
  EXPECT_EQ(r["candidates"][0]["city"], "weihai");
  EXPECT_EQ(r["candidates"][0]["weighted_sum_rank"], 1);
  EXPECT_NEAR(r["candidates"][0]["weighted_sum"].get<double>(),
              0.5 * 1 + 0.5 * (1 - 1.9e6 / 14.75e6), 1e-9);
  EXPECT_EQ(r["candidates"][2]["weighted_sum_rank"], 3);
  EXPECT_EQ(r["perturbations"].size(), 4u);

  httplib::Result csv = client_->Get(("/api/v1/pilot-calls/" + id + "/ranking.csv").c_str());
  ASSERT_TRUE(csv);
  ASSERT_EQ(csv->status, 200);
  EXPECT_EQ(csv->get_header_value("Content-Type").rfind("text/csv", 0), 0u);
  EXPECT_EQ(csv->body.rfind("kind,city,criterion,factor,raw,provenance", 0), 0u);

  httplib::Result missing = client_->Get("/api/v1/pilot-calls/999/ranking");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  httplib::Result bad_step =
      client_->Get(("/api/v1/pilot-calls/" + id + "/ranking?step=2").c_str());
  ASSERT_TRUE(bad_step);
  EXPECT_EQ(bad_step->status, 400);
}

TEST_P(PilotRoutesTest, PutReplacesAnOpenCall) {
  Session sec = Login(kSecretariat);
  Session expert = Login(kExpert);
  json body = CallBody();
  body["closes"] = "2999-12-31";  // open whatever today is
  httplib::Result created = PostJson(sec, "/api/v1/pilot-calls", body);
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string path =
      "/api/v1/pilot-calls/" + std::to_string(Body(created)["id"].get<std::int64_t>());

  body["title"] = "API call (revised)";
  body["candidates"] = {"weihai", "dalian"};
  httplib::Result by_expert =
      client_->Put(path.c_str(), As(expert), body.dump(), "application/json");
  ASSERT_TRUE(by_expert);
  EXPECT_EQ(by_expert->status, 403);
  json bad = body;
  bad["criteria"][1]["weight"] = -1;
  httplib::Result refused = client_->Put(path.c_str(), As(sec), bad.dump(), "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_EQ(Body(refused)["error"]["field"], "criteria[1].weight");
  httplib::Result put = client_->Put(path.c_str(), As(sec), body.dump(), "application/json");
  ASSERT_TRUE(put);
  ASSERT_EQ(put->status, 200) << put->body;
  json stored = Body(client_->Get(path.c_str()));
  EXPECT_EQ(stored["title"], "API call (revised)");
  EXPECT_EQ(stored["candidates"], json({"weihai", "dalian"}));

  // A call that closed (2002) is the record of its selection.
  httplib::Result old = PostJson(sec, "/api/v1/pilot-calls", CallBody());
  ASSERT_TRUE(old);
  ASSERT_EQ(old->status, 201);
  const std::string old_path =
      "/api/v1/pilot-calls/" + std::to_string(Body(old)["id"].get<std::int64_t>());
  httplib::Result closed =
      client_->Put(old_path.c_str(), As(sec), CallBody().dump(), "application/json");
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->status, 412);
}

TEST_P(PilotRoutesTest, CallTitleInChinese) {
  Session sec = Login(kSecretariat);
  json body = CallBody();
  body["title_zh"] = "试点征集";
  httplib::Result created = PostJson(sec, "/api/v1/pilot-calls", body);
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  EXPECT_EQ(Body(created)["title_zh"], "试点征集");
  const std::string id = std::to_string(Body(created)["id"].get<std::int64_t>());
  json stored = Body(client_->Get(("/api/v1/pilot-calls/" + id).c_str()));
  EXPECT_EQ(stored["title_zh"], "试点征集");
  json ranking = Body(client_->Get(("/api/v1/pilot-calls/" + id + "/ranking").c_str()));
  EXPECT_EQ(ranking["call"]["title_zh"], "试点征集");
  // Without the key the call has no Chinese title ("").
  httplib::Result plain = PostJson(sec, "/api/v1/pilot-calls", CallBody());
  ASSERT_TRUE(plain);
  ASSERT_EQ(plain->status, 201) << plain->body;
  EXPECT_EQ(Body(plain)["title_zh"], "");
  body["title_zh"] = 7;
  httplib::Result bad = PostJson(sec, "/api/v1/pilot-calls", body);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(Body(bad)["error"]["field"], "title_zh");
}

// PUT /pilots/{id} takes the JSON of POST /pilots; without "status" the
// project keeps its status, with one the status table applies (409).
TEST_P(PilotRoutesTest, PutCorrectsAProject) {
  Session sec = Login(kSecretariat);
  Session officer = Login(kOfficerWeihai);
  httplib::Result created = PostJson(sec, "/api/v1/pilots", ProjectBody());
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string path =
      "/api/v1/pilots/" + std::to_string(Body(created)["id"].get<std::int64_t>());
  httplib::Result active = PostJson(sec, path + "/status", {{"status", "active"}});
  ASSERT_TRUE(active);
  ASSERT_EQ(active->status, 200) << active->body;

  json body = ProjectBody();
  body["budget"] = 250000;
  body["currency"] = "USD";
  body["funding"].push_back({{"source", "city budget"}, {"amount", 150000}, {"currency", "USD"}});
  body["end"] = "2005-06-30";
  httplib::Result anon = client_->Put(path.c_str(), body.dump(), "application/json");
  ASSERT_TRUE(anon);
  EXPECT_EQ(anon->status, 401);
  httplib::Result by_officer =
      client_->Put(path.c_str(), As(officer), body.dump(), "application/json");
  ASSERT_TRUE(by_officer);
  EXPECT_EQ(by_officer->status, 403);
  json bad = body;
  bad["funding"][1]["amount"] = -5;
  httplib::Result invalid = client_->Put(path.c_str(), As(sec), bad.dump(), "application/json");
  ASSERT_TRUE(invalid);
  EXPECT_EQ(invalid->status, 400);
  EXPECT_EQ(Body(invalid)["error"]["field"], "funding[1]");

  httplib::Result put = client_->Put(path.c_str(), As(sec), body.dump(), "application/json");
  ASSERT_TRUE(put);
  ASSERT_EQ(put->status, 200) << put->body;
  EXPECT_EQ(Body(put)["status"], "active");  // kept: the body has no status
  json stored = Body(client_->Get(path.c_str()))["project"];
  EXPECT_EQ(stored["budget"], 250000);
  EXPECT_EQ(stored["end"], "2005-06-30");
  ASSERT_EQ(stored["funding"].size(), 2u);
  EXPECT_EQ(stored["funding"][1]["source"], "city budget");
  EXPECT_EQ(stored["status"], "active");

  body["status"] = "planned";  // active → planned is not in the table
  httplib::Result back = client_->Put(path.c_str(), As(sec), body.dump(), "application/json");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->status, 409);
  EXPECT_EQ(Body(back)["error"]["field"], "status");
  body["status"] = "completed";
  httplib::Result done = client_->Put(path.c_str(), As(sec), body.dump(), "application/json");
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, 200) << done->body;
  EXPECT_EQ(Body(done)["status"], "completed");
  httplib::Result cancel = PostJson(sec, path + "/status", {{"status", "cancelled"}});
  ASSERT_TRUE(cancel);
  EXPECT_EQ(cancel->status, 409);  // completed → cancelled is not in the table

  httplib::Result missing =
      client_->Put("/api/v1/pilots/9999", As(sec), body.dump(), "application/json");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

TEST_P(PilotRoutesTest, ProjectsAndReportApproval) {
  Session sec = Login(kSecretariat);
  Session officer = Login(kOfficerWeihai);
  httplib::Result created = PostJson(sec, "/api/v1/pilots", ProjectBody());
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string id = std::to_string(Body(created)["id"].get<std::int64_t>());
  EXPECT_EQ(Body(created)["partners"][0]["kind"], "mentor-city");

  httplib::Result list = client_->Get("/api/v1/pilots?city=weihai");
  ASSERT_TRUE(list);
  EXPECT_EQ(Body(list)["total"], 1);
  httplib::Result bad = client_->Get("/api/v1/pilots?status=bogus");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);

  // The city's officer reports; the report is not public until approved.
  httplib::Result report = PostJson(officer, "/api/v1/pilots/" + id + "/reports",
                                    {{"period", "2003"}, {"progress", "Inventory done"}});
  ASSERT_TRUE(report);
  ASSERT_EQ(report->status, 201) << report->body;
  const std::string rid = std::to_string(Body(report)["id"].get<std::int64_t>());
  EXPECT_TRUE(Body(client_->Get(("/api/v1/pilots/" + id).c_str()))["reports"].empty());

  const std::string status = "/api/v1/pilot-reports/" + rid + "/status";
  httplib::Result skip = PostJson(sec, status, {{"to", "approved"}});  // still a draft
  ASSERT_TRUE(skip);
  EXPECT_EQ(skip->status, 409);
  httplib::Result submit = PostJson(officer, status, {{"to", "submitted"}});
  ASSERT_TRUE(submit);
  EXPECT_EQ(submit->status, 200) << submit->body;
  httplib::Result self = PostJson(officer, status, {{"to", "approved"}});
  ASSERT_TRUE(self);
  EXPECT_EQ(self->status, 403);
  httplib::Result approve = PostJson(sec, status, {{"to", "approved"}});
  ASSERT_TRUE(approve);
  EXPECT_EQ(approve->status, 200);
  EXPECT_EQ(Body(approve)["status"], "approved");

  json view = Body(client_->Get(("/api/v1/pilots/" + id).c_str()));
  ASSERT_EQ(view["reports"].size(), 1u);
  EXPECT_EQ(view["project"]["title"], "Weihai pilot");

  // Milestones: the secretariat adds one (ProjectBody() has "Inventory"),
  // the city's officer marks the second one done; numbers count from 1.
  httplib::Result by_officer_ms = PostJson(officer, "/api/v1/pilots/" + id + "/milestones",
                                           {{"title", "Tender"}, {"due", "2003-03-31"}});
  ASSERT_TRUE(by_officer_ms);
  EXPECT_EQ(by_officer_ms->status, 403);
  httplib::Result bad_due = PostJson(sec, "/api/v1/pilots/" + id + "/milestones",
                                     {{"title", "Tender"}, {"due", "March"}});
  ASSERT_TRUE(bad_due);
  EXPECT_EQ(bad_due->status, 400);
  EXPECT_EQ(Body(bad_due)["error"]["field"], "due");
  httplib::Result ms = PostJson(sec, "/api/v1/pilots/" + id + "/milestones",
                                {{"title", "Tender"}, {"due", "2003-03-31"}});
  ASSERT_TRUE(ms);
  ASSERT_EQ(ms->status, 201) << ms->body;
  ASSERT_EQ(Body(ms)["milestones"].size(), 2u);
  EXPECT_EQ(Body(ms)["milestones"][1]["title"], "Tender");
  httplib::Result ms_done =
      PostJson(officer, "/api/v1/pilots/" + id + "/milestones/2/done", {{"date", "2003-03-20"}});
  ASSERT_TRUE(ms_done);
  ASSERT_EQ(ms_done->status, 200) << ms_done->body;
  EXPECT_EQ(Body(ms_done)["milestones"][1]["done"], "2003-03-20");
  httplib::Result ms_none =
      PostJson(officer, "/api/v1/pilots/" + id + "/milestones/9/done", {{"date", "2003-03-20"}});
  ASSERT_TRUE(ms_none);
  EXPECT_EQ(ms_none->status, 400);
  EXPECT_EQ(Body(ms_none)["error"]["field"], "milestone");

  // The status table (docs/pilots.md): planned → completed skips "active".
  httplib::Result skipped =
      PostJson(sec, "/api/v1/pilots/" + id + "/status", {{"status", "completed"}});
  ASSERT_TRUE(skipped);
  EXPECT_EQ(skipped->status, 409);
  EXPECT_EQ(Body(skipped)["error"]["field"], "status");
  for (const char* step : {"active", "completed"}) {
    httplib::Result moved = PostJson(sec, "/api/v1/pilots/" + id + "/status", {{"status", step}});
    ASSERT_TRUE(moved);
    EXPECT_EQ(moved->status, 200) << step << ": " << moved->body;
  }
  httplib::Result back = PostJson(sec, "/api/v1/pilots/" + id + "/status", {{"status", "planned"}});
  ASSERT_TRUE(back);
  EXPECT_EQ(back->status, 409);

  // The outcome (no results-framework line here: no items) and the step to
  // a draft best practice, which only the secretariat takes, once.
  httplib::Result outcome = client_->Get(("/api/v1/pilots/" + id + "/outcome").c_str());
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->status, 200);
  EXPECT_TRUE(Body(outcome)["items"].empty());
  httplib::Result by_officer =
      PostJson(officer, "/api/v1/pilots/" + id + "/practice", json::object());
  ASSERT_TRUE(by_officer);
  EXPECT_EQ(by_officer->status, 403);
  httplib::Result practice = PostJson(sec, "/api/v1/pilots/" + id + "/practice", json::object());
  ASSERT_TRUE(practice);
  ASSERT_EQ(practice->status, 201) << practice->body;
  EXPECT_EQ(Body(practice)["practice_code"], "pilot-" + id + "-weihai");
  httplib::Result again = PostJson(sec, "/api/v1/pilots/" + id + "/practice", json::object());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409);
  // A pilot that became a practice is not reopened.
  httplib::Result reopen =
      PostJson(sec, "/api/v1/pilots/" + id + "/status", {{"status", "active"}});
  ASSERT_TRUE(reopen);
  EXPECT_EQ(reopen->status, 409);
}

INSTANTIATE_TEST_SUITE_P(Backends, PilotRoutesTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendTestName);

}  // namespace
}  // namespace kinet
