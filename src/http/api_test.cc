// End-to-end tests of the API against a real server on loopback, on SQLite
// and on PostgreSQL (api_test_fixture.h: the sample network, Argon2id at its
// minimum cost): health, auth, CSRF, tokens, rate limits, cities, errors,
// permissions and the audit log.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/period.h"
#include "http/api_test_fixture.h"
#include "http/static_files.h"
#include "rules/aqi_rules.h"

namespace kinet {
namespace {

using nlohmann::json;

class ApiTest : public ApiServerTest {
 protected:
  // The writable fields of a city, from its GET body.
  json CityInput(const std::string& code) {
    json city = Body(client_->Get(("/api/v1/cities/" + code).c_str()));
    city["country_code"] = city["country"]["code"];
    city.erase("country");
    city.erase("size_class");
    city.erase("membership");
    return city;
  }

  int PutCity(const httplib::Headers& headers, const std::string& code, const std::string& note) {
    json input = CityInput(code);
    input["note"] = note;
    httplib::Result r =
        client_->Put(("/api/v1/cities/" + code).c_str(), headers, input.dump(), "application/json");
    return r ? r->status : -1;
  }
};

TEST_P(ApiTest, HealthNamesTheBackend) {
  httplib::Result r = client_->Get("/api/v1/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  json j = Body(r);
  EXPECT_EQ(j["status"], "ok");
  EXPECT_EQ(j["database"], GetParam() == Backend::kSqlite ? "sqlite" : "postgres");
  EXPECT_GE(j["schema_version"].get<int>(), 5);
}

TEST_P(ApiTest, LoginMeLogout) {
  json body = {{"email", "lei.wang@example.org"}, {"password", kPassword}};
  httplib::Result r = client_->Post("/api/v1/auth/login", body.dump(), "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  std::string cookie = r->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_EQ(Body(r)["user"]["role"], "city-officer");
  EXPECT_FALSE(Body(r)["user"].contains("password_hash"));
  Session s{cookie.substr(0, cookie.find(';')), Body(r)["csrf_token"]};

  httplib::Result me = client_->Get("/api/v1/auth/me", As(s, false));
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 200);
  EXPECT_EQ(Body(me)["user"]["email"], "lei.wang@example.org");
  EXPECT_EQ(Body(me)["csrf_token"], s.csrf);

  httplib::Result out = client_->Post("/api/v1/auth/logout", As(s), "", "application/json");
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 204);
  httplib::Result after = client_->Get("/api/v1/auth/me", As(s, false));
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 401);
  EXPECT_EQ(Body(after)["error"]["code"], "unauthenticated");
}

TEST_P(ApiTest, CsrfTokenIsRequiredForCookieWrites) {
  Session s = Login("lei.wang@example.org");
  json input = CityInput("weihai");
  httplib::Result r = client_->Put("/api/v1/cities/weihai", As(s, /*with_csrf=*/false),
                                   input.dump(), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(Body(r)["error"]["field"], "X-CSRF-Token");
  httplib::Headers wrong = {{"Cookie", s.cookie}, {"X-CSRF-Token", "not-the-token"}};
  r = client_->Put("/api/v1/cities/weihai", wrong, input.dump(), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(PutCity(As(s), "weihai", "with the token"), 200);
}

TEST_P(ApiTest, BearerTokenWorksWithoutCsrf) {
  AuthOptions auth;
  auth.cost = PasswordCost::Minimum();
  Result<std::string> token =
      AuthService(*db_, auth)
          .CreateApiToken(Principal::Operator("test"), "hana.morimoto@example.org", "test-script");
  ASSERT_TRUE(token.ok());
  httplib::Headers bearer = {{"Authorization", "Bearer " + *token}};
  httplib::Result r = client_->Get("/api/v1/users", bearer);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_GE(Body(r)["total"].get<int>(), 10);
  EXPECT_EQ(PutCity(bearer, "weihai", "by a script"), 200);
  httplib::Headers bad = {{"Authorization", "Bearer kinet_not-a-token"}};
  r = client_->Get("/api/v1/cities", bad);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
}

TEST_P(ApiTest, LoginRateLimitKicksInAfterFiveFailures) {
  json bad = {{"email", "min.zhao@example.org"}, {"password", "wrong-password"}};
  for (int i = 0; i < 5; ++i) {
    httplib::Result r = client_->Post("/api/v1/auth/login", bad.dump(), "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401) << i;
  }
  json good = {{"email", "min.zhao@example.org"}, {"password", kPassword}};
  httplib::Result r = client_->Post("/api/v1/auth/login", good.dump(), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 429);
  EXPECT_EQ(Body(r)["error"]["code"], "resource_exhausted");
}

TEST_P(ApiTest, CityListPaginatesAndFilters) {
  json all = Body(client_->Get("/api/v1/cities?per_page=500"));
  const int total = all["total"];
  ASSERT_GT(total, 10);
  EXPECT_EQ(all["items"].size(), static_cast<std::size_t>(total));

  json page2 = Body(client_->Get("/api/v1/cities?page=2&per_page=5"));
  EXPECT_EQ(page2["page"], 2);
  EXPECT_EQ(page2["per_page"], 5);
  EXPECT_EQ(page2["total"], total);
  ASSERT_EQ(page2["items"].size(), 5u);
  EXPECT_EQ(page2["items"][0]["code"], all["items"][5]["code"]);

  json cn = Body(client_->Get("/api/v1/cities?country=cn&per_page=500"));
  ASSERT_GT(cn["total"].get<int>(), 0);
  for (const json& c : cn["items"]) EXPECT_EQ(c["country"]["code"], "CN");
  json members = Body(client_->Get("/api/v1/cities?member=true&per_page=500"));
  for (const json& c : members["items"]) EXPECT_FALSE(c["membership"].is_null());
  json q = Body(client_->Get("/api/v1/cities?q=weih"));
  ASSERT_EQ(q["total"], 1);
  EXPECT_EQ(q["items"][0]["code"], "weihai");

  httplib::Result r = client_->Get("/api/v1/cities?per_page=0");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(Body(r)["error"]["field"], "per_page");
  r = client_->Get("/api/v1/cities?country=XX");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(Body(r)["error"]["field"], "country");
}

TEST_P(ApiTest, NotFoundHasTheErrorShape) {
  for (const char* path : {"/api/v1/cities/atlantis", "/api/v1/no-such-route"}) {
    httplib::Result r = client_->Get(path);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404) << path;
    json e = Body(r)["error"];
    EXPECT_EQ(e["code"], "not_found") << path;
    EXPECT_TRUE(e["message"].is_string()) << path;
    EXPECT_TRUE(e.contains("field") && e["field"].is_null()) << path;
  }
}

TEST_P(ApiTest, OversizedJsonBodyIs413) {
  std::string big(2 << 20, 'x');
  httplib::Result r = client_->Post("/api/v1/auth/login", big, "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(Body(r)["error"]["code"], "resource_exhausted");
}

// PUT /cities/weihai: Weihai is a Chinese city (sample network).
TEST_P(ApiTest, UpdateCityMatrix) {
  struct Case {
    const char* email;  // "" = anonymous
    int expected;
  };
  const Case cases[] = {
      {"", 401},
      {"hana.morimoto@example.org", 200},   // secretariat
      {"wenjing.li@example.org", 200},      // national coordinator, CN
      {"nattaya.srisuk@example.org", 403},  // national coordinator, TH
      {"lei.wang@example.org", 200},        // city officer, weihai
      {"kenji.arakawa@example.org", 403},   // city officer, kitakyushu
      {"maria.delacruz@example.org", 403},  // agency officer
  };
  for (const Case& c : cases) {
    httplib::Headers headers;
    if (*c.email != '\0') headers = As(Login(c.email));
    EXPECT_EQ(PutCity(headers, "weihai", std::string("note by ") + c.email), c.expected)
        << (*c.email ? c.email : "anonymous");
  }
}

TEST_P(ApiTest, CreateCityAndUserMatrix) {
  json city = {{"code", "test-city"},
               {"country_code", "CN"},
               {"name_en", "Test City"},
               {"name_local", "测试市"},
               {"time_zone", "Asia/Shanghai"}};
  json user = {{"email", "new.user@example.org"}, {"name", "New User"}, {"role", "expert"}};
  struct Case {
    const char* email;
    int city;
    int user;
    int audit;
  };
  const Case cases[] = {
      {"", 401, 401, 401},
      {"lei.wang@example.org", 403, 403, 403},
      {"wenjing.li@example.org", 403, 403, 403},
      {"hana.morimoto@example.org", 201, 201, 200},
  };
  for (const Case& c : cases) {
    httplib::Headers headers;
    if (*c.email != '\0') headers = As(Login(c.email));
    httplib::Result r = client_->Post("/api/v1/cities", headers, city.dump(), "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, c.city) << c.email << " " << r->body;
    r = client_->Post("/api/v1/users", headers, user.dump(), "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, c.user) << c.email << " " << r->body;
    r = client_->Get("/api/v1/audit", headers);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, c.audit) << c.email << " " << r->body;
  }
}

TEST_P(ApiTest, ChangesAreAudited) {
  Session officer = Login("lei.wang@example.org");
  ASSERT_EQ(PutCity(As(officer), "weihai", "audited note"), 200);
  Session admin = Login("hana.morimoto@example.org");
  httplib::Result r = client_->Get("/api/v1/audit?entity=city&entity_id=weihai", As(admin, false));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json page = Body(r);
  ASSERT_EQ(page["total"], 1) << page.dump();
  json e = page["items"][0];
  EXPECT_EQ(e["actor"], "lei.wang@example.org");
  EXPECT_EQ(e["action"], "update");
  EXPECT_EQ(e["field"], "note");
  EXPECT_EQ(e["new_value"], "audited note");
  EXPECT_TRUE(e["old_value"].is_string());
  EXPECT_FALSE(e["at"].get<std::string>().empty());
}

TEST_P(ApiTest, OpenApiDocumentIsServed) {
  httplib::Result r = client_->Get("/api/v1/openapi.json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(Body(r).contains("paths"));
}

// List endpoints build every city's profile in three queries
// (NetworkService::Profiles) instead of three per city; each item must be
// what the one-city route (NetworkService::Profile) answers.
TEST_P(ApiTest, ListedProfilesEqualSingleProfiles) {
  for (const char* list : {"/api/v1/cities?per_page=500", "/api/v1/members?per_page=500"}) {
    json page = Body(client_->Get(list));
    ASSERT_GT(page["total"].get<int>(), 5) << list;
    for (const json& item : page["items"]) {
      const std::string code = item["code"];
      EXPECT_EQ(item, Body(client_->Get(("/api/v1/cities/" + code).c_str())))
          << list << " " << code;
    }
  }
}

// GET /cities/{code}/air/daily resolves the AQI rule set once per change of
// rule set, not once per day (monitoring_service.cc DailyRules); the answer
// must be what resolving it for each day gives (AqiRuleSetForDate), here
// across China's change of rule set on 2026-03-01 (HJ 633-2012 → its
// successor; standards/aqi/), for a city without monitoring data.
TEST_P(ApiTest, DailyAqiNamesTheRuleSetOfEachDay) {
  httplib::Result r = client_->Get("/api/v1/cities/weihai/air/daily?from=2025-12-01&to=2026-04-30");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json items = Body(r)["items"];
  ASSERT_EQ(items.size(), 151u);  // 31 + 31 + 28 + 31 + 30 days
  std::set<std::string> sets;
  for (const json& row : items) {
    Result<CivilDate> date = ParseDate(row["date"].get<std::string>());
    ASSERT_TRUE(date.ok());
    Result<const AqiRuleSet*> expected = AqiRuleSetForDate(*date, "cn");
    ASSERT_TRUE(expected.ok()) << expected.status().ToString();
    EXPECT_EQ(row["rule_set"], (*expected)->id) << row["date"];
    EXPECT_TRUE(row["aqi"].is_null()) << "weihai has no monitoring data";
    sets.insert(row["rule_set"].get<std::string>());
  }
  EXPECT_EQ(sets.size(), 2u) << "the range should cross a change of rule set";
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         BackendTestName);

// The web app's files (static_files.h): compressed once and served with
// validators. The store is irrelevant here, so SQLite only.
class StaticFilesTest : public ApiServerTest {
 protected:
  void SetUp() override {
    web_ = std::filesystem::temp_directory_path() / ("kinet-web-" + RandomSuffix());
    std::filesystem::create_directories(web_ / "assets");
    WriteFile(
        web_ / "index.html",
        "<!doctype html><title>KINet</title><script src=\"/assets/app-Q1w2E3r4.js\"></script>");
    // ~200 KB of repetitive script, as a bundle is.
    for (int i = 0; i < 4000; ++i)
      bundle_ += fmt::format("export const v{} = 'value {}';\n", i, i % 10);
    WriteFile(web_ / "assets" / "app-Q1w2E3r4.js", bundle_);
    web_dir_ = web_.string();
    ApiServerTest::SetUp();
  }
  void TearDown() override {
    ApiServerTest::TearDown();
    std::error_code ec;
    std::filesystem::remove_all(web_, ec);
  }
  static void WriteFile(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
  }

  std::filesystem::path web_;
  std::string bundle_;
};

TEST_P(StaticFilesTest, HashedBundleIsServedGzippedOnceWithAStrongEtag) {
  // The client decompresses (it sent Accept-Encoding: gzip): the bytes are
  // the file's, so the server compressed them exactly once.
  httplib::Result r = client_->Get("/assets/app-Q1w2E3r4.js", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(r->body, bundle_);
  EXPECT_EQ(r->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(r->get_header_value("Vary"), "Accept-Encoding");
  EXPECT_NE(r->get_header_value("Content-Type").find("javascript"), std::string::npos);
  const std::string etag = r->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  EXPECT_FALSE(etag.starts_with("W/")) << "a strong validator";

  // On the wire: a gzip stream much smaller than the file.
  client_->set_decompress(false);
  r = client_->Get("/assets/app-Q1w2E3r4.js", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(r);
  ASSERT_GE(r->body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(r->body[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(r->body[1]), 0x8b);
  EXPECT_LT(r->body.size() * 5, bundle_.size());

  // Revalidation: the same ETag answers 304 with no body.
  r = client_->Get("/assets/app-Q1w2E3r4.js",
                   {{"Accept-Encoding", "gzip"}, {"If-None-Match", etag}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 304);
  EXPECT_TRUE(r->body.empty());

  // A client that does not accept gzip gets the file as it is.
  r = client_->Get("/assets/app-Q1w2E3r4.js", {{"Accept-Encoding", "identity"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(r->get_header_value("Content-Encoding").empty());
  EXPECT_EQ(r->body, bundle_);
}

TEST_P(StaticFilesTest, ClientRoutesGetIndexHtmlWhichIsRevalidated) {
  for (const char* path : {"/", "/cities/beijing", "/../../etc/passwd"}) {
    httplib::Result r = client_->Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 200) << path;
    EXPECT_NE(r->body.find("<title>KINet</title>"), std::string::npos) << path;
    EXPECT_EQ(r->get_header_value("Cache-Control"), "no-cache") << path;
  }
  httplib::Result api = client_->Get("/api/v1/no-such-route");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 404);
  EXPECT_EQ(Body(api)["error"]["code"], "not_found");
}

TEST(StaticFilesNameTest, RecognisesContentHashedNames) {
  EXPECT_TRUE(StaticFiles::IsHashedAssetName("index-Sk8yiJOd.js"));
  EXPECT_TRUE(StaticFiles::IsHashedAssetName("worldmap-QtXH8YU2.js"));
  EXPECT_FALSE(StaticFiles::IsHashedAssetName("index.html"));
  EXPECT_FALSE(StaticFiles::IsHashedAssetName("app-v2.js"));
  EXPECT_FALSE(StaticFiles::IsHashedAssetName("favicon.ico"));
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StaticFilesTest, ::testing::Values(Backend::kSqlite),
                         BackendTestName);

}  // namespace
}  // namespace kinet
