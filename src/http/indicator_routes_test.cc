// End-to-end tests of the indicator, value, target, scheme and station
// routes (indicator_routes.cc) against a real server on loopback, on SQLite
// and on PostgreSQL (api_test_fixture.h). Users are those of the sample
// network (data/sample/users.csv): hana.morimoto (secretariat),
// wenjing.li (national coordinator, CN), lei.wang (city officer, weihai),
// kenji.arakawa (city officer, kitakyushu).
#include <gtest/gtest.h>

#include <string>

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/api_test_fixture.h"
#include "service/indicator_service.h"

namespace kinet {
namespace {

using nlohmann::json;

constexpr const char* kSecretariat = "hana.morimoto@example.org";
constexpr const char* kCoordinatorCn = "wenjing.li@example.org";
constexpr const char* kOfficerWeihai = "lei.wang@example.org";
constexpr const char* kOfficerKitakyushu = "kenji.arakawa@example.org";

// A percentage indicator of the builtin catalogue (valid range 0..100).
constexpr const char* kShare = "water.wastewater.treatment-rate";

class IndicatorRoutesTest : public ApiServerTest {
 protected:
  httplib::Result PostJson(const Session& s, const std::string& path, const json& body) {
    return client_->Post(path.c_str(), As(s), body.dump(), "application/json");
  }

  httplib::Result Upload(const Session& s, const std::string& name, const std::string& content) {
    httplib::MultipartFormDataItems items = {{"file", content, name, "text/csv"}};
    return client_->Post("/api/v1/values/import", As(s), items);
  }

  // The number of values the secretariat sees (every status).
  int ValueCount(const Session& admin) {
    json page = Body(client_->Get("/api/v1/values?per_page=1", As(admin, false)));
    return page.value("total", -1);
  }

  json Values(const std::string& query, const httplib::Headers& headers = {}) {
    httplib::Result r = client_->Get(("/api/v1/values?per_page=500&" + query).c_str(), headers);
    EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no response");
    return Body(r);
  }
};

TEST_P(IndicatorRoutesTest, CatalogueListFilterAndOne) {
  json all = Body(client_->Get("/api/v1/indicators?per_page=500"));
  // standards/indicators/catalogue.toml ships more than 40 indicators.
  ASSERT_GE(all["total"].get<int>(), 40) << all.dump();
  json air = Body(client_->Get("/api/v1/indicators?theme=air&per_page=500"));
  ASSERT_GT(air["total"].get<int>(), 0);
  EXPECT_LT(air["total"].get<int>(), all["total"].get<int>());
  for (const json& i : air["items"]) EXPECT_EQ(i["theme"], "air") << i["code"];

  json one = Body(client_->Get("/api/v1/indicators/air.pm10.annual-mean"));
  EXPECT_EQ(one["unit"], "ug/m3");
  EXPECT_EQ(one["direction"], "lower");
  EXPECT_FALSE(one["name_zh"].get<std::string>().empty());
  EXPECT_TRUE(one["builtin"].get<bool>());

  httplib::Result r = client_->Get("/api/v1/indicators/no.such.indicator");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  r = client_->Get("/api/v1/indicators?theme=weather");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(Body(r)["error"]["field"], "theme");
}

TEST_P(IndicatorRoutesTest, OnlyTheSecretariatManagesTheCatalogue) {
  json ind = {{"code", "custom.bike-lanes"},
              {"name_en", "Bike lanes per 100 km of road"},
              {"name_zh", "每百公里道路自行车道"},
              {"theme", "management"},
              {"unit", "%"},
              {"direction", "higher"},
              {"valid_min", 0},
              {"valid_max", 100}};
  httplib::Result r = PostJson(Login(kOfficerWeihai), "/api/v1/indicators", ind);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403) << r->body;
  r = client_->Post("/api/v1/indicators", ind.dump(), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401) << r->body;

  Session admin = Login(kSecretariat);
  r = PostJson(admin, "/api/v1/indicators", ind);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  EXPECT_FALSE(Body(r)["builtin"].get<bool>());
  r = PostJson(admin, "/api/v1/indicators", ind);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 409) << r->body;

  ind["name_en"] = "Bike lanes (share of road length)";
  r = client_->Put("/api/v1/indicators/custom.bike-lanes", As(admin), ind.dump(),
                   "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Body(client_->Get("/api/v1/indicators/custom.bike-lanes"))["name_en"],
            "Bike lanes (share of road length)");

  // A builtin indicator is defined by the catalogue file, not by the API.
  json builtin = Body(client_->Get(fmt::format("/api/v1/indicators/{}", kShare).c_str()));
  builtin["name_en"] = "changed";
  r = client_->Put(fmt::format("/api/v1/indicators/{}", kShare).c_str(), As(admin), builtin.dump(),
                   "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 409) << r->body;
}

// The life of one value: the public sees it only once it is published.
TEST_P(IndicatorRoutesTest, ThePublicDoesNotSeeDraftsUntilPublished) {
  Session officer = Login(kOfficerWeihai);
  json value = {{"city", "weihai"},
                {"indicator", kShare},
                {"period", "2019"},
                {"value", 95.5},
                {"source", "Weihai statistical bulletin 2019"},
                {"note", "test value"}};
  httplib::Result r = PostJson(officer, "/api/v1/values", value);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  json stored = Body(r);
  EXPECT_EQ(stored["status"], "draft");
  EXPECT_EQ(stored["unit"], "%");
  EXPECT_DOUBLE_EQ(stored["value"].get<double>(), 95.5);

  const std::string query = fmt::format("city=weihai&indicator={}", kShare);
  EXPECT_EQ(Values(query)["total"], 0) << "the public sees a draft";
  EXPECT_EQ(Values(query, As(officer, false))["total"], 1);
  EXPECT_EQ(Values(query, As(Login(kOfficerKitakyushu), false))["total"], 0)
      << "another city's officer sees a draft";
  EXPECT_EQ(Values(query, As(Login(kCoordinatorCn), false))["total"], 1);

  auto move = [&](const Session& who, const char* to) {
    json change = {{"status", to}, {"city", "weihai"}, {"indicator", kShare}, {"period", "2019"}};
    httplib::Result res = PostJson(who, "/api/v1/values/status", change);
    return res ? res->status : -1;
  };
  Session coordinator = Login(kCoordinatorCn);
  Session admin = Login(kSecretariat);
  EXPECT_EQ(move(coordinator, "endorsed"), 409) << "a draft cannot be endorsed";
  EXPECT_EQ(move(officer, "submitted"), 200);
  EXPECT_EQ(move(officer, "endorsed"), 403) << "an officer cannot endorse";
  EXPECT_EQ(move(coordinator, "endorsed"), 200);
  EXPECT_EQ(move(coordinator, "published"), 403) << "only the secretariat publishes";
  EXPECT_EQ(Values(query)["total"], 0) << "the public sees an endorsed value";
  EXPECT_EQ(move(admin, "published"), 200);

  json pub = Values(query);
  ASSERT_EQ(pub["total"], 1);
  EXPECT_EQ(pub["items"][0]["status"], "published");
  EXPECT_EQ(pub["items"][0]["source"], "Weihai statistical bulletin 2019");

  // A published value is not overwritten by a different one.
  value["value"] = 90.0;
  r = PostJson(officer, "/api/v1/values", value);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 409) << r->body;
}

TEST_P(IndicatorRoutesTest, ACityOfficerCannotWriteAnotherCity) {
  Session officer = Login(kOfficerWeihai);
  json value = {{"city", "kitakyushu"}, {"indicator", kShare}, {"period", "2019"}, {"value", 99}};
  httplib::Result r = PostJson(officer, "/api/v1/values", value);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403) << r->body;
  EXPECT_EQ(Body(r)["error"]["code"], "permission_denied");

  json target = {{"indicator_code", kShare},
                 {"baseline_year", 2015},
                 {"baseline_value", 90},
                 {"target_year", 2025},
                 {"target_value", 98}};
  r = PostJson(officer, "/api/v1/cities/kitakyushu/targets", target);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403) << r->body;

  // In an upload, the row of another city is refused and nothing is stored.
  r = Upload(officer, "mixed.csv",
             fmt::format("city,indicator,period,value\n"
                         "weihai,{0},2018,94\n"
                         "kitakyushu,{0},2018,99\n",
                         kShare));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 422) << r->body;
  json report = Body(r);
  ASSERT_EQ(report["errors"].size(), 1u) << report.dump();
  EXPECT_EQ(report["errors"][0]["line"], 3);
  EXPECT_EQ(report["errors"][0]["field"], "city");
  EXPECT_EQ(Values(fmt::format("indicator={}", kShare), As(Login(kSecretariat), false))["total"],
            0);
}

TEST_P(IndicatorRoutesTest, AnUploadWithABadRowIs422AndChangesNothing) {
  Session admin = Login(kSecretariat);
  const int before = ValueCount(admin);
  const std::string audit_before =
      Body(client_->Get("/api/v1/audit?per_page=1", As(admin, false)))["total"].dump();
  // Line 1 is the header; line 3 has a value that is not a number, line 4
  // an unknown indicator.
  const std::string csv = fmt::format(
      "city,indicator,period,value,unit\n"
      "weihai,{0},2017,93,%\n"
      "weihai,{0},2018,abc,%\n"
      "weihai,no.such.indicator,2018,1,%\n",
      kShare);
  httplib::Result r = Upload(Login(kOfficerWeihai), "bad.csv", csv);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 422) << r->body;
  json report = Body(r);
  EXPECT_FALSE(report["ok"].get<bool>());
  EXPECT_EQ(report["error"]["code"], "invalid_argument");
  ASSERT_EQ(report["errors"].size(), 2u) << report.dump();
  EXPECT_EQ(report["errors"][0]["file"], "bad.csv");
  EXPECT_EQ(report["errors"][0]["line"], 3);
  EXPECT_EQ(report["errors"][0]["row"], 3);
  EXPECT_EQ(report["errors"][0]["field"], "value");
  EXPECT_NE(report["errors"][0]["message"].get<std::string>().find("abc"), std::string::npos);
  EXPECT_EQ(report["errors"][1]["line"], 4);
  EXPECT_EQ(report["errors"][1]["field"], "indicator");

  EXPECT_EQ(ValueCount(admin), before) << "a refused upload stored values";
  EXPECT_EQ(Body(client_->Get("/api/v1/audit?per_page=1", As(admin, false)))["total"].dump(),
            audit_before)
      << "a refused upload wrote the audit log";

  // The same file without the bad rows goes in.
  r = Upload(Login(kOfficerWeihai), "good.csv",
             fmt::format("city,indicator,period,value,unit\nweihai,{},2017,93,%\n", kShare));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Body(r)["inserted"], 1);
  EXPECT_EQ(ValueCount(admin), before + 1);
}

// 600 monthly values (more than one 512-line chunk of the stream), with a
// note that needs CSV quoting, download and upload unchanged.
TEST_P(IndicatorRoutesTest, TheCsvDownloadRoundTripsThroughTheUpload) {
  std::string csv = "city,indicator,period,value,note\n";
  for (int k = 0; k < 600; ++k) {
    csv += fmt::format("weihai,{},{:04d}-{:02d},{},\"reading {}, \"\"checked\"\"\"\n", kShare,
                       1990 + k / 12, k % 12 + 1, 80 + (k % 7) * 0.5, k);
  }
  Session officer = Login(kOfficerWeihai);
  httplib::Result r = Upload(officer, "months.csv", csv);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body.substr(0, 2000);
  ASSERT_EQ(Body(r)["inserted"], 600);

  r = client_->Get(fmt::format("/api/v1/values.csv?city=weihai&indicator={}", kShare).c_str(),
                   As(officer, false));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_NE(r->get_header_value("Content-Type").find("text/csv"), std::string::npos);
  EXPECT_EQ(r->get_header_value("Transfer-Encoding"), "chunked");
  const std::string download = r->body;
  EXPECT_TRUE(download.starts_with(
      "city,indicator,period,value,unit,source_kind,source,note,status,doubtful,flags\n"))
      << download.substr(0, 200);
  EXPECT_EQ(std::count(download.begin(), download.end(), '\n'), 601);
  EXPECT_NE(download.find("\"reading 7, \"\"checked\"\"\""), std::string::npos);

  // The same layout as `kinet values export` (IndicatorService::ExportCsv).
  IndicatorValueQuery q;
  q.city_code = "weihai";
  q.indicator_code = kShare;
  Result<std::string> exported = IndicatorService(*db_).ExportCsv(q);
  ASSERT_TRUE(exported.ok()) << exported.status().ToString();
  EXPECT_EQ(download, *exported);

  r = Upload(officer, "values.csv", download);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body.substr(0, 2000);
  json again = Body(r);
  EXPECT_EQ(again["rows"], 600);
  EXPECT_EQ(again["unchanged"], 600);
  EXPECT_EQ(again["inserted"], 0);
  EXPECT_EQ(again["updated"], 0);

  // The public's download holds the header only: every value is a draft.
  r = client_->Get(fmt::format("/api/v1/values.csv?city=weihai&indicator={}", kShare).c_str());
  ASSERT_TRUE(r);
  EXPECT_EQ(std::count(r->body.begin(), r->body.end(), '\n'), 1) << r->body.substr(0, 300);
}

// GET /api/v1/values pages in SQL: walking the pages of 7 gives the one
// page of 500, in the same order and with the same total, for each reader
// (the public sees published values; the officer also Weihai's drafts; the
// coordinator of China those of every Chinese city; the secretariat all).
TEST_P(IndicatorRoutesTest, ValuePagesConcatenateToTheWholeList) {
  Session officer = Login(kOfficerWeihai);
  for (int year = 2001; year <= 2012; ++year) {
    json value = {{"city", "weihai"},
                  {"indicator", kShare},
                  {"period", std::to_string(year)},
                  {"value", 60 + year % 5}};
    ASSERT_EQ(PostJson(officer, "/api/v1/values", value)->status, 201);
  }
  for (const char* who : {"", kOfficerWeihai, kOfficerKitakyushu, kCoordinatorCn, kSecretariat}) {
    httplib::Headers headers;
    if (*who != '\0') headers = As(Login(who), false);
    json whole = Values("", headers);
    const int total = whole.value("total", -1);
    ASSERT_GE(total, 0) << who;
    json items = json::array();
    for (int page = 1; page <= total / 7 + 2; ++page) {
      httplib::Result r =
          client_->Get(fmt::format("/api/v1/values?per_page=7&page={}", page).c_str(), headers);
      ASSERT_TRUE(r && r->status == 200) << who;
      json body = Body(r);
      EXPECT_EQ(body["total"], total) << who;
      EXPECT_EQ(body["page"], page);
      for (const json& item : body["items"]) items.push_back(item);
    }
    EXPECT_EQ(items, whole["items"]) << who;
    int weihai_drafts = 0;
    for (const json& item : items) {
      if (*who == '\0') {
        EXPECT_EQ(item["status"], "published");
      }
      if (item["city_code"] == "weihai" && item["status"] == "draft") ++weihai_drafts;
    }
    const bool sees_weihai = *who != '\0' && std::string(who) != kOfficerKitakyushu;
    EXPECT_EQ(weihai_drafts >= 12, sees_weihai) << who << ": " << weihai_drafts;
  }
}

TEST_P(IndicatorRoutesTest, TargetsWithProgress) {
  Session officer = Login(kOfficerWeihai);
  for (auto [year, v] : {std::pair{2015, 90.0}, {2016, 92.0}, {2017, 94.0}, {2018, 96.0}}) {
    json value = {
        {"city", "weihai"}, {"indicator", kShare}, {"period", std::to_string(year)}, {"value", v}};
    ASSERT_EQ(PostJson(officer, "/api/v1/values", value)->status, 201);
  }
  json target = {{"indicator_code", kShare},
                 {"baseline_year", 2015},
                 {"baseline_value", 90},
                 {"target_year", 2020},
                 {"target_value", 100},
                 {"kind", "voluntary"},
                 {"responsible_body", "Weihai Water Bureau"},
                 {"milestones", {{{"year", 2017}, {"value", 93}}}}};
  httplib::Result r = PostJson(officer, "/api/v1/cities/weihai/targets", target);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  r = client_->Put(fmt::format("/api/v1/cities/weihai/targets/{}/2020", kShare).c_str(),
                   As(officer), target.dump(), "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;

  json mine = Body(client_->Get("/api/v1/cities/weihai/targets", As(officer, false)));
  ASSERT_EQ(mine["total"], 1) << mine.dump();
  json t = mine["items"][0];
  EXPECT_EQ(t["indicator_code"], kShare);
  EXPECT_EQ(t["baseline_year"], 2015);
  EXPECT_EQ(t["target_value"], 100.0);
  EXPECT_EQ(t["responsible_body"], "Weihai Water Bureau");
  // The officer's view uses the drafts: three values after the baseline
  // (the rule's minimum), latest 2018 = 96; the straight path from
  // (2015, 90) to (2020, 100) is at 90 + 3 * 2 = 96 in 2018, and the
  // Theil-Sen slope of 90, 92, 94, 96 is 2 per year, projecting 100 in 2020:
  // on track (docs/indicators.md, "Targets and progress").
  EXPECT_EQ(t["progress"]["latest_period"], "2018");
  EXPECT_DOUBLE_EQ(t["progress"]["latest_value"].get<double>(), 96.0);
  EXPECT_DOUBLE_EQ(t["progress"]["expected_value"].get<double>(), 96.0);
  EXPECT_DOUBLE_EQ(t["progress"]["sen_slope_per_year"].get<double>(), 2.0);
  EXPECT_EQ(t["progress"]["status"], "on-track") << t["progress"].dump();
  EXPECT_EQ(t["unpublished_values"], 4);

  // The public's view has no published value: insufficient data.
  json pub = Body(client_->Get("/api/v1/cities/weihai/targets"));
  ASSERT_EQ(pub["total"], 1);
  EXPECT_EQ(pub["items"][0]["progress"]["status"], "insufficient-data");
  EXPECT_TRUE(pub["items"][0]["progress"]["latest_value"].is_null());

  r = client_->Post("/api/v1/cities/weihai/targets", target.dump(), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  r = client_->Get("/api/v1/cities/atlantis/targets");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
}

TEST_P(IndicatorRoutesTest, SchemeScoresAndComparison) {
  json schemes = Body(client_->Get("/api/v1/schemes?per_page=100"));
  ASSERT_GE(schemes["total"].get<int>(), 4) << schemes.dump();
  std::string id;
  for (const json& s : schemes["items"]) {
    if (s["id"].get<std::string>().starts_with("who")) id = s["id"];
  }
  ASSERT_FALSE(id.empty()) << "no WHO air scheme in " << schemes.dump();
  json scheme = Body(client_->Get(("/api/v1/schemes/" + id).c_str()));
  ASSERT_FALSE(scheme["items"].empty());
  const std::string indicator = scheme["items"][0]["indicator"];

  // One published value of the first item's indicator for Beijing, by the
  // console operator; the other items are missing.
  IndicatorService values(*db_);
  for (auto [period, v] : {std::pair{"2016", 73.0}, {"2017", 58.0}}) {
    ValueInput in;
    in.city = "beijing";
    in.indicator = indicator;
    in.period = period;
    in.value = v;
    in.status = ValueStatus::kPublished;
    ASSERT_OK(values.RecordValue(in, "cli:test").status());
  }
  json scores = Body(client_->Get(("/api/v1/schemes/" + id + "/scores?year=2017").c_str()));
  ASSERT_EQ(scores["total"], 1) << scores.dump();
  json s = scores["items"][0];
  EXPECT_EQ(s["city_code"], "beijing");
  EXPECT_EQ(s["rank"], 1);
  EXPECT_EQ(s["score"], s["total"]);
  EXPECT_DOUBLE_EQ(s["max_score"].get<double>(), scheme["max_score"].get<double>());
  EXPECT_EQ(s["missing"].size(), scheme["items"].size() - 1);
  EXPECT_DOUBLE_EQ(s["items"][0]["value"].get<double>(), 58.0);
  EXPECT_TRUE(s.contains("designation"));
  EXPECT_TRUE(s["failed_criteria"].is_array());

  json none = Body(client_->Get(("/api/v1/schemes/" + id + "/scores?year=2001").c_str()));
  EXPECT_EQ(none["total"], 0);
  json compare = Body(
      client_->Get(("/api/v1/schemes/" + id + "/compare?city=beijing&from=2016&to=2017").c_str()));
  EXPECT_EQ(compare["from"]["year"], 2016);
  EXPECT_EQ(compare["to"]["year"], 2017);
  ASSERT_FALSE(compare["items"].empty()) << compare.dump();
  EXPECT_DOUBLE_EQ(compare["items"][0]["value_from"].get<double>(), 73.0);
  EXPECT_DOUBLE_EQ(compare["items"][0]["value_to"].get<double>(), 58.0);

  httplib::Result r = client_->Get("/api/v1/schemes/no-such-scheme/scores?year=2017");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  r = client_->Get(("/api/v1/schemes/" + id + "/scores").c_str());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(Body(r)["error"]["field"], "year");
}

TEST_P(IndicatorRoutesTest, ReportedAgainstComputed) {
  IndicatorService values(*db_);
  for (SourceKind kind : {SourceKind::kReported, SourceKind::kComputed}) {
    ValueInput in;
    in.city = "beijing";
    in.indicator = "air.pm10.annual-mean";
    in.period = "2015";
    in.value = kind == SourceKind::kReported ? 102.0 : 96.9;
    in.source_kind = kind;
    in.status = ValueStatus::kPublished;
    ASSERT_OK(values.RecordValue(in, "cli:test").status());
  }
  json c = Body(client_->Get("/api/v1/values/compare?city=beijing&indicator=air.pm10.annual-mean"));
  ASSERT_EQ(c["items"].size(), 1u) << c.dump();
  // 96.9 - 102 = -5.1; -5.1 / 102 = -5 %.
  EXPECT_NEAR(c["items"][0]["difference"].get<double>(), -5.1, 1e-9);
  EXPECT_NEAR(c["items"][0]["relative_difference_percent"].get<double>(), -5.0, 1e-9);
  EXPECT_EQ(c["items"][0]["reported"]["source_kind"], "reported");
}

TEST_P(IndicatorRoutesTest, StationsOfACity) {
  json cities = Body(client_->Get("/api/v1/cities?per_page=500"));
  std::string city, station;
  for (const json& c : cities["items"]) {
    json list = Body(
        client_->Get(("/api/v1/cities/" + c["code"].get<std::string>() + "/stations").c_str()));
    ASSERT_TRUE(list.contains("total")) << list.dump();
    if (list["total"].get<int>() > 0 && city.empty()) {
      city = c["code"];
      station = list["items"][0]["code"];
      EXPECT_EQ(list["items"][0]["city_code"], city);
    }
  }
  if (city.empty()) GTEST_SKIP() << "the builtin sample network has no stations";
  json one = Body(client_->Get(("/api/v1/cities/" + city + "/stations/" + station).c_str()));
  EXPECT_EQ(one["code"], station);
  const std::string other = city == "weihai" ? "kitakyushu" : "weihai";
  httplib::Result r = client_->Get(("/api/v1/cities/" + other + "/stations/" + station).c_str());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, IndicatorRoutesTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendTestName);

}  // namespace
}  // namespace kinet
