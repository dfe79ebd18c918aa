// End to end through a real server on loopback, on both backends
// (api_test_fixture.h): an assistance request filed, endorsed, forwarded,
// accepted, started and completed by the sample users who hold those roles,
// with refused steps (409) and refused roles (401/403), programme matching,
// notifications read and marked; and an event recorded and read back.
#include <gtest/gtest.h>

#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/api_test_fixture.h"

namespace kinet {
namespace {

using nlohmann::json;

class AssistanceRoutesTest : public ApiServerTest {
 protected:
  httplib::Result PostJson(const Session& s, const std::string& path, const json& body) {
    return client_->Post(path.c_str(), As(s), body.dump(), "application/json");
  }
  httplib::Result PutJson(const Session& s, const std::string& path, const json& body) {
    return client_->Put(path.c_str(), As(s), body.dump(), "application/json");
  }
  int Step(const Session& s, std::int64_t id, const json& body) {
    httplib::Result r =
        PostJson(s, "/api/v1/requests/" + std::to_string(id) + "/transitions", body);
    return r ? r->status : 0;
  }
};

TEST_P(AssistanceRoutesTest, ARequestGoesFromDraftToCompletedAndNotifiesTheParties) {
  const Session adb = Login("maria.delacruz@example.org");
  const Session jica = Login("takeshi.noda@example.org");
  const Session city = Login("lei.wang@example.org");
  const Session coordinator = Login("wenjing.li@example.org");
  const Session secretariat = Login("hana.morimoto@example.org");

  json programme = {{"code", "adb-ta"},
                    {"agency", "adb"},
                    {"title", "Technical assistance"},
                    {"types", {"technical-cooperation"}},
                    {"themes", {"air"}},
                    {"countries", {"CN"}},
                    {"budget_min", 50000},
                    {"budget_max", 600000},
                    {"open_from", "2001-04-01"},
                    {"open_until", "2005-12-31"}};
  EXPECT_EQ(PostJson(jica, "/api/v1/programmes", programme)->status, 403);
  httplib::Result created = PostJson(adb, "/api/v1/programmes", programme);
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  EXPECT_EQ(Body(created)["agency_name"], "Asian Development Bank");
  programme["code"] = "adb-finance";
  programme["types"] = {"finance"};
  ASSERT_EQ(PostJson(adb, "/api/v1/programmes", programme)->status, 201);
  EXPECT_EQ(Body(client_->Get("/api/v1/programmes?type=finance"))["total"], 1);

  json request = {{"city", "weihai"},
                  {"title", "SO2 from heating"},
                  {"type", "technical-cooperation"},
                  {"theme", "air"},
                  {"budget", 250000},
                  {"co_funding", 50000},
                  {"wanted_start", "2002-04-01"}};
  EXPECT_EQ(PostJson(coordinator, "/api/v1/requests", request)->status, 403);
  request["theme"] = "sunshine";
  httplib::Result bad = PostJson(city, "/api/v1/requests", request);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(Body(bad)["error"]["field"], "theme");
  request["theme"] = "air";
  httplib::Result draft = PostJson(city, "/api/v1/requests", request);
  ASSERT_EQ(draft->status, 201) << draft->body;
  const std::int64_t id = Body(draft)["id"];
  const std::string path = "/api/v1/requests/" + std::to_string(id);
  EXPECT_EQ(Body(draft)["status"], "draft");
  EXPECT_EQ(client_->Get(path.c_str())->status, 401);  // a draft is not public
  EXPECT_EQ(Body(client_->Get("/api/v1/requests"))["total"], 0);

  EXPECT_EQ(Step(coordinator, id, {{"action", "endorse"}}), 409);  // not submitted yet
  EXPECT_EQ(Step(city, id, {{"action", "submit"}}), 200);
  EXPECT_EQ(Step(city, id, {{"action", "endorse"}}), 403);  // not the city's step
  EXPECT_EQ(Step(coordinator, id, {{"action", "endorse"}, {"comment", "priority"}}), 200);
  EXPECT_EQ(Body(client_->Get("/api/v1/requests?city=weihai&status=endorsed"))["total"], 1);

  json matches = Body(client_->Get((path + "/matches").c_str()));
  EXPECT_EQ(matches["reference_date"], "2002-04-01");
  ASSERT_EQ(matches["items"].size(), 2U);
  EXPECT_EQ(matches["items"][0]["programme"]["code"], "adb-ta");
  EXPECT_TRUE(matches["items"][0]["eligible"]);
  EXPECT_FALSE(matches["items"][1]["eligible"]);
  EXPECT_EQ(matches["items"][1]["reasons"][0]["criterion"], "type");

  httplib::Result wrong = PostJson(secretariat, path + "/transitions",
                                   {{"action", "forward"}, {"programmes", {"adb-finance"}}});
  EXPECT_EQ(wrong->status, 409);
  EXPECT_NE(wrong->body.find("not eligible"), std::string::npos) << wrong->body;
  EXPECT_EQ(Step(secretariat, id, {{"action", "forward"}, {"programmes", {"adb-ta"}}}), 200);
  EXPECT_EQ(Step(jica, id, {{"action", "accept"}, {"programme", "adb-ta"}}), 403);
  EXPECT_EQ(Step(adb, id, {{"action", "accept"}, {"programme", "adb-ta"}}), 200);
  EXPECT_EQ(Step(adb, id, {{"action", "start"}}), 200);
  EXPECT_EQ(Step(adb, id, {{"action", "complete"}}), 400);  // the outcome is required
  EXPECT_EQ(Step(adb, id,
                 {{"action", "complete"},
                  {"outcome", {{"help_delivered", "Advisers for 3 months"}, {"funds", 180000}}}}),
            200);
  json done = Body(client_->Get(path.c_str(), As(secretariat)));
  EXPECT_EQ(done["status"], "completed");
  EXPECT_EQ(done["outcome"]["funds"], 180000);
  EXPECT_EQ(done["history"].size(), 7U);  // create + six steps
  EXPECT_EQ(done["history"][2]["actor"], "wenjing.li@example.org");
  EXPECT_EQ(done["history"][2]["comment"], "priority");
  // The public reads the same history without who did each step
  // (docs/api.md "Privacy").
  json seen = Body(client_->Get(path.c_str()));
  EXPECT_EQ(seen["history"].size(), 7U);
  EXPECT_TRUE(seen["history"][2]["actor"].is_null());
  EXPECT_EQ(seen["history"][2]["comment"], "priority");
  EXPECT_EQ(Body(client_->Get("/api/v1/requests?programme=adb-ta"))["total"], 1);

  // The city officer was told of endorse, forward, accept, start, complete.
  json notes = Body(client_->Get("/api/v1/notifications?unread=true", As(city)));
  EXPECT_EQ(notes["unread"], 5);
  EXPECT_EQ(notes["total"], 5);
  const std::int64_t first = notes["items"][0]["id"];
  EXPECT_EQ(client_
                ->Post(("/api/v1/notifications/" + std::to_string(first) + "/read").c_str(),
                       As(adb), "", "application/json")
                ->status,
            404);  // not ADB's
  httplib::Result read =
      client_->Post(("/api/v1/notifications/" + std::to_string(first) + "/read").c_str(), As(city),
                    "", "application/json");
  ASSERT_EQ(read->status, 200);
  EXPECT_FALSE(Body(read)["read_at"].is_null());
  EXPECT_EQ(Body(client_->Post("/api/v1/notifications/read-all", As(city), "",
                               "application/json"))["marked"],
            4);
  EXPECT_EQ(client_->Get("/api/v1/notifications")->status, 401);
}

TEST_P(AssistanceRoutesTest, EventsAreRecordedBySecretariatAndReadByAll) {
  const Session secretariat = Login("hana.morimoto@example.org");
  const Session city = Login("lei.wang@example.org");
  json event = {{"code", "weihai-workshop-2002"},
                {"kind", "workshop"},
                {"title", "Workshop on heating emissions"},
                {"start_date", "2002-05-10"},
                {"city", "weihai"},
                {"organisations", {{{"organisation", "iges"}, {"role", "organiser"}}}},
                {"decisions", {{{"number", 1}, {"text", "Share boiler data"}}}},
                {"actions",
                 {{{"number", 1},
                   {"decision", 1},
                   {"text", "Send template"},
                   {"owner", "IGES"},
                   {"due_date", "2002-06-30"}}}},
                {"links", {{{"kind", "request"}, {"ref", "1"}}}}};
  EXPECT_EQ(PostJson(city, "/api/v1/events", event)->status, 403);
  httplib::Result created = PostJson(secretariat, "/api/v1/events", event);
  ASSERT_EQ(created->status, 201) << created->body;
  EXPECT_EQ(PostJson(secretariat, "/api/v1/events", event)->status, 409);
  json got = Body(client_->Get("/api/v1/events/weihai-workshop-2002"));
  EXPECT_EQ(got["title"], "Workshop on heating emissions");
  EXPECT_EQ(got["actions"][0]["status"], "open");
  EXPECT_EQ(got["organisations"][0]["organisation"], "iges");
  httplib::Result action =
      PutJson(secretariat, "/api/v1/events/weihai-workshop-2002/actions/1", {{"status", "done"}});
  ASSERT_EQ(action->status, 200) << action->body;
  EXPECT_EQ(Body(action)["actions"][0]["status"], "done");
  EXPECT_EQ(Body(client_->Get("/api/v1/events?city=weihai"))["total"], 1);
  EXPECT_EQ(Body(client_->Get("/api/v1/events?link_kind=request&link_ref=1"))["total"], 1);
  EXPECT_EQ(client_->Get("/api/v1/events/nothing")->status, 404);
  event["end_date"] = "2002-05-01";
  httplib::Result bad = PutJson(secretariat, "/api/v1/events/weihai-workshop-2002", event);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(Body(bad)["error"]["field"], "end_date");
}

INSTANTIATE_TEST_SUITE_P(Backends, AssistanceRoutesTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendTestName);

}  // namespace
}  // namespace kinet
