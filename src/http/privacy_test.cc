// The anonymous public reads published records without the account
// identities of who wrote them (core/privacy.h, docs/api.md "Privacy"), on
// SQLite and PostgreSQL, against a real server on loopback
// (api_test_fixture.h) over the whole sample: values, targets, practices,
// requests with their history, pilot calls and projects, events.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/privacy.h"
#include "http/api_test_fixture.h"
#include "service/sample_loader.h"
#include "store/registry_repository.h"

namespace kinet {
namespace {

using nlohmann::json;

constexpr const char* kSecretariat = "hana.morimoto@example.org";
constexpr const char* kExpert = "yu.chen@example.org";

// Every non-null account identity field of `j`, at any depth, as
// "key=value".
void AccountValues(const json& j, std::vector<std::string>& out) {
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      if (IsAccountIdentityField(key) && !value.is_null()) {
        out.push_back(key + "=" + value.dump());
      } else {
        AccountValues(value, out);
      }
    }
  } else if (j.is_array()) {
    for (const json& item : j) AccountValues(item, out);
  }
}

class PrivacyTest : public ApiServerTest {
 protected:
  void SetUp() override {
    ApiServerTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    Result<SampleSummary> loaded = LoadSampleRecords(*db_);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    Result<std::vector<User>> users = UserRepository(*db_).List();
    ASSERT_TRUE(users.ok()) << users.status().ToString();
    for (const User& u : *users) emails_.insert(u.email);
    ASSERT_GT(emails_.size(), 5u);
  }

  // GET `path` anonymously (no headers) or as `s`; fails the test unless 200.
  json Get(const std::string& path, const Session* s = nullptr) {
    httplib::Result r = s ? client_->Get(path.c_str(), As(*s)) : client_->Get(path.c_str());
    EXPECT_TRUE(r && r->status == 200) << path << ": " << (r ? r->body : "no response");
    return Body(r);
  }

  // The paths of the records the sample holds, found through the lists the
  // public reads.
  std::vector<std::string> SamplePaths() {
    std::vector<std::string> paths = {
        "/api/v1/values?city=beijing&per_page=500",
        "/api/v1/cities/beijing/targets",
        "/api/v1/practices?per_page=500",
        "/api/v1/requests?per_page=500",
        "/api/v1/pilot-calls",
        "/api/v1/pilots",
        "/api/v1/events",
        "/api/v1/programmes",
    };
    // Each list is kept in a local: a loop over a temporary's ["items"]
    // would read a destroyed object.
    const json practices = Get("/api/v1/practices?per_page=500");
    for (const json& p : practices["items"]) {
      const std::string code = p["code"].get<std::string>();
      paths.push_back("/api/v1/practices/" + code);
      paths.push_back("/api/v1/practices/" + code + "/reviews");
      paths.push_back("/api/v1/practices/" + code + "/adoptions");
    }
    const json requests = Get("/api/v1/requests?per_page=500");
    for (const json& r : requests["items"]) {
      paths.push_back("/api/v1/requests/" + r["id"].dump());
    }
    const json calls = Get("/api/v1/pilot-calls");
    for (const json& c : calls["items"]) {
      paths.push_back("/api/v1/pilot-calls/" + c["id"].dump());
    }
    const json pilots = Get("/api/v1/pilots");
    for (const json& p : pilots["items"]) {
      paths.push_back("/api/v1/pilots/" + p["id"].dump());
    }
    const json events = Get("/api/v1/events");
    for (const json& e : events["items"]) {
      paths.push_back("/api/v1/events/" + e["id"].dump());
    }
    return paths;
  }

  std::set<std::string> emails_;
};

TEST_P(PrivacyTest, ThePublicReadsNoAccountIdentity) {
  if (IsSkipped()) return;
  // A review written now by the sample expert, so that the reviews hold an
  // e-mail address besides the loaders' "cli:" names.
  const Session expert = Login(kExpert);
  const std::string practice =
      Get("/api/v1/practices?per_page=1")["items"][0]["code"].get<std::string>();
  httplib::Result review = client_->Post(
      ("/api/v1/practices/" + practice + "/review").c_str(), As(expert),
      json{{"verdict", "comment"}, {"comment", "Checked against the city's data."}}.dump(),
      "application/json");
  ASSERT_TRUE(review && review->status == 200) << (review ? review->body : "no response");

  const std::vector<std::string> paths = SamplePaths();
  ASSERT_GT(paths.size(), 30u);
  const Session secretariat = Login(kSecretariat);
  int public_records_with_identities = 0;
  for (const std::string& path : paths) {
    SCOPED_TRACE(path);
    const json anonymous = Get(path);
    std::vector<std::string> withheld;
    AccountValues(anonymous, withheld);
    EXPECT_TRUE(withheld.empty()) << withheld.front();
    const std::string text = anonymous.dump();
    for (const std::string& email : emails_) {
      EXPECT_EQ(text.find(email), std::string::npos) << email;
    }
    EXPECT_EQ(text.find("\"cli:"), std::string::npos);

    // The same record signed in: the identities are there, so the check
    // above is not empty.
    std::vector<std::string> shown;
    AccountValues(Get(path, &secretariat), shown);
    if (!shown.empty()) ++public_records_with_identities;
  }
  // Every list and record of the sample above names who wrote it except the
  // programmes list (its rows carry no writer in the list) — at least the
  // practices, requests, pilots and events with their details.
  EXPECT_GT(public_records_with_identities, 20);

  // The review written above: its verdict and the reviewer's role are public,
  // the reviewer is not; signed in, the reviewer is the expert.
  const json reviews = Get("/api/v1/practices/" + practice + "/reviews");
  ASSERT_FALSE(reviews["items"].empty());
  const json& last = reviews["items"].back();
  EXPECT_EQ(last["verdict"], "comment");
  EXPECT_EQ(last["reviewer_role"], "expert");
  EXPECT_TRUE(last["reviewer"].is_null());
  EXPECT_EQ(
      Get("/api/v1/practices/" + practice + "/reviews", &secretariat)["items"].back()["reviewer"],
      kExpert);
}

INSTANTIATE_TEST_SUITE_P(Backends, PrivacyTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendTestName);

}  // namespace
}  // namespace kinet
