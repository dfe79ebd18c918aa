// The end-to-end fixture of the API tests: a real ApiServer on loopback
// (127.0.0.1, a free port) over a fresh database of the backend under test
// (tests/store/backend_fixture.h: an SQLite file, or a new schema on the
// PostgreSQL server of KINET_TEST_PG_URL), with the sample network loaded,
// every sample user's password set to kPassword (Argon2id at its minimum
// cost) and an httplib client. Used by api_test.cc and
// indicator_routes_test.cc.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "backend_fixture.h"
#include "http/server.h"
#include "service/sample_network.h"

namespace kinet {

inline constexpr const char* kPassword = "sample-password-1";

struct Session {
  std::string cookie;  // "kinet_session=..."
  std::string csrf;
};

class ApiServerTest : public BackendTest {
 protected:
  void SetUp() override {
    OpenFreshDatabase(/*migrate=*/true);
    if (IsSkipped() || HasFatalFailure()) return;
    Result<NetworkData> sample = BuiltinSampleNetwork();
    ASSERT_TRUE(sample.ok()) << sample.status().ToString();
    ASSERT_OK(LoadNetwork(*db_, *sample));

    AuthOptions auth;
    auth.cost = PasswordCost::Minimum();
    AuthService setup(*db_, auth);
    for (const User& u : sample->users) {
      ASSERT_OK(setup.SetPassword(Principal::Operator("test"), u.email, kPassword));
    }
    ServerOptions options;
    options.port = 0;
    options.threads = 4;
    options.access_log = false;
    options.web_dir = web_dir_;
    server_ = std::make_unique<ApiServer>(*db_, options, auth);
    Result<int> port = server_->Bind();
    ASSERT_TRUE(port.ok()) << port.status().ToString();
    thread_ = std::thread([this] { (void)server_->Run(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", *port);
    // Generous: the 600-row upload of IndicatorRoutesTest takes ~9 s in the
    // plain build and ~50 s under ASan/UBSan (Debug); a timeout here is not
    // what these tests measure.
    client_->set_read_timeout(300, 0);
  }

  void TearDown() override {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
    client_.reset();
    server_.reset();
    BackendTest::TearDown();
  }

  static nlohmann::json Body(const httplib::Result& r) {
    if (!r) return nlohmann::json();
    return nlohmann::json::parse(r->body, nullptr, false);
  }

  Session Login(const std::string& email) {
    nlohmann::json body = {{"email", email}, {"password", kPassword}};
    httplib::Result r = client_->Post("/api/v1/auth/login", body.dump(), "application/json");
    EXPECT_TRUE(r && r->status == 200) << email << ": " << (r ? r->body : "no response");
    if (!r || r->status != 200) return {};
    std::string set_cookie = r->get_header_value("Set-Cookie");
    return {set_cookie.substr(0, set_cookie.find(';')), Body(r)["csrf_token"]};
  }

  static httplib::Headers As(const Session& s, bool with_csrf = true) {
    httplib::Headers h = {{"Cookie", s.cookie}};
    if (with_csrf) h.emplace("X-CSRF-Token", s.csrf);
    return h;
  }

  std::string web_dir_;  // set before SetUp to serve a web app folder
  std::unique_ptr<ApiServer> server_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace kinet
