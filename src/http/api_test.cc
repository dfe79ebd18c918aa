// End-to-end tests of the API against a real server on loopback
// (127.0.0.1, a free port), on SQLite and on PostgreSQL (KINET_TEST_PG_URL,
// one fresh schema per test, as tests/store/store_contract_test.cc), with
// the sample network loaded and Argon2id at its minimum cost.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "http/server.h"
#include "service/sample_network.h"
#include "store/migrations.h"

namespace kinet {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string RandomSuffix() {
  std::random_device rd;
  std::uniform_int_distribution<std::uint64_t> dist;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(dist(rd)));
  return buf;
}

std::string BackendTestName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

constexpr const char* kPassword = "sample-password-1";

struct Session {
  std::string cookie;  // "kinet_session=..."
  std::string csrf;
};

class ApiTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kSqlite) {
      dir_ = fs::temp_directory_path() / ("kinet-api-" + RandomSuffix());
      fs::create_directories(dir_);
      url_ = "sqlite:" + (dir_ / "kinet.db").string();
    } else {
      const char* base = std::getenv("KINET_TEST_PG_URL");
      if (base == nullptr || *base == '\0') {
        const char* opt_out = std::getenv("KINET_TEST_PG");
        if (opt_out != nullptr && std::string_view(opt_out) == "skip") {
          GTEST_SKIP() << "PostgreSQL case skipped because KINET_TEST_PG=skip";
        }
        FAIL() << "KINET_TEST_PG_URL is not set, so the PostgreSQL backend is untested. Start "
                  "a server with `url=$(scripts/pg-test-server start /tmp/kinet-pg 54329)` and "
                  "run with KINET_TEST_PG_URL=$url, or set KINET_TEST_PG=skip to skip on purpose.";
      }
      Result<std::unique_ptr<Database>> admin = OpenDatabase(base, {.max_connections = 1});
      ASSERT_TRUE(admin.ok()) << admin.status().ToString();
      admin_ = std::move(admin).value();
      schema_ = "t_" + RandomSuffix();
      ASSERT_TRUE(admin_->ExecuteScript("CREATE SCHEMA " + schema_).ok());
      std::string b = base;
      url_ =
          b + (b.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema_;
    }
    Result<std::unique_ptr<Database>> db = OpenAndMigrate(url_, {.max_connections = 8});
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    Result<NetworkData> sample = BuiltinSampleNetwork();
    ASSERT_TRUE(sample.ok()) << sample.status().ToString();
    ASSERT_TRUE(LoadNetwork(*db_, *sample).ok());

    AuthOptions auth;
    auth.cost = PasswordCost::Minimum();
    AuthService setup(*db_, auth);
    for (const User& u : sample->users) {
      Status s = setup.SetPassword(Principal::Operator("test"), u.email, kPassword);
      ASSERT_TRUE(s.ok()) << s.ToString();
    }
    ServerOptions options;
    options.port = 0;
    options.threads = 4;
    options.access_log = false;
    server_ = std::make_unique<ApiServer>(*db_, options, auth);
    Result<int> port = server_->Bind();
    ASSERT_TRUE(port.ok()) << port.status().ToString();
    thread_ = std::thread([this] { (void)server_->Run(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", *port);
    client_->set_read_timeout(10, 0);
  }

  void TearDown() override {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
    client_.reset();
    server_.reset();
    db_.reset();
    if (admin_ != nullptr) (void)admin_->ExecuteScript("DROP SCHEMA " + schema_ + " CASCADE");
    if (!dir_.empty()) {
      std::error_code ec;
      fs::remove_all(dir_, ec);
    }
  }

  static json Body(const httplib::Result& r) {
    if (!r) return json();
    return json::parse(r->body, nullptr, false);
  }

  Session Login(const std::string& email) {
    json body = {{"email", email}, {"password", kPassword}};
    httplib::Result r = client_->Post("/api/v1/auth/login", body.dump(), "application/json");
    EXPECT_TRUE(r && r->status == 200) << email << ": " << (r ? r->body : "no response");
    if (!r || r->status != 200) return {};
    std::string set_cookie = r->get_header_value("Set-Cookie");
    return {set_cookie.substr(0, set_cookie.find(';')), Body(r)["csrf_token"]};
  }

  httplib::Headers As(const Session& s, bool with_csrf = true) {
    httplib::Headers h = {{"Cookie", s.cookie}};
    if (with_csrf) h.emplace("X-CSRF-Token", s.csrf);
    return h;
  }

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

  std::string url_;
  fs::path dir_;
  std::string schema_;
  std::unique_ptr<Database> admin_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<ApiServer> server_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
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

INSTANTIATE_TEST_SUITE_P(Backends, ApiTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         BackendTestName);

}  // namespace
}  // namespace kinet
