// Passwords, tokens, sessions and login rate limits (auth_service.h), on a
// migrated SQLite database in a temporary directory. Argon2id runs at
// OPSLIMIT_MIN/MEMLIMIT_MIN here (stack.md §5) so the tests stay fast.
#include "service/auth_service.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "service/sample_network.h"
#include "store/migrations.h"

namespace kinet {
namespace {

namespace fs = std::filesystem;

TEST(PasswordTest, HashVerifiesAndRejects) {
  Result<std::string> hash = HashPassword("correct horse", PasswordCost::Minimum());
  ASSERT_TRUE(hash.ok()) << hash.status().ToString();
  EXPECT_TRUE(hash->starts_with("$argon2id$")) << *hash;
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horsE"));
  EXPECT_FALSE(VerifyPassword("", "correct horse"));
  EXPECT_FALSE(VerifyPassword("not a hash", "correct horse"));
}

TEST(PasswordTest, SaltsEachHash) {
  Result<std::string> a = HashPassword("same password", PasswordCost::Minimum());
  Result<std::string> b = HashPassword("same password", PasswordCost::Minimum());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
}

TEST(PasswordTest, RefusesShortPasswords) {
  EXPECT_EQ(HashPassword("short", PasswordCost::Minimum()).status().field(), "password");
}

TEST(TokenTest, RandomTokensDifferAndHashToHex) {
  std::string a = RandomToken("kinet_");
  std::string b = RandomToken("kinet_");
  EXPECT_NE(a, b);
  EXPECT_TRUE(a.starts_with("kinet_"));
  EXPECT_EQ(a.size(), 6u + 43u);  // 32 bytes in unpadded base64url
  EXPECT_EQ(HashToken(a).size(), 64u);
  EXPECT_EQ(HashToken(a), HashToken(a));
  EXPECT_NE(HashToken(a), HashToken(b));
}

class AuthServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("kinet-auth-" + std::to_string(rd()));
    fs::create_directories(dir_);
    Result<std::unique_ptr<Database>> db = OpenAndMigrate("sqlite:" + (dir_ / "k.db").string());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    Result<NetworkData> sample = BuiltinSampleNetwork();
    ASSERT_TRUE(sample.ok());
    ASSERT_TRUE(LoadNetwork(*db_, *sample).ok());
    AuthOptions options;
    options.cost = PasswordCost::Minimum();
    options.now = [this] { return now_; };
    auth_ = std::make_unique<AuthService>(*db_, options);
  }
  void TearDown() override {
    auth_.reset();
    db_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  const Principal op_ = Principal::Operator("test");
  std::int64_t now_ = 1'800'000'000;
  fs::path dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<AuthService> auth_;
};

TEST_F(AuthServiceTest, LoginCreatesASessionThatAuthenticatesUntilItExpires) {
  ASSERT_TRUE(auth_->SetPassword(op_, "lei.wang@example.org", "weihai-password").ok());
  Result<LoginResult> login = auth_->Login("Lei.Wang@example.org", "weihai-password", "10.0.0.1");
  ASSERT_TRUE(login.ok()) << login.status().ToString();
  Result<Authenticated> who = auth_->AuthenticateSession(login->session_token);
  ASSERT_TRUE(who.ok()) << who.status().ToString();
  EXPECT_EQ(who->principal.role, Role::kCityOfficer);
  EXPECT_EQ(who->principal.scope, "weihai");
  EXPECT_EQ(who->csrf_token, login->csrf_token);
  now_ += 12 * 3600;  // the session lasts 12 hours
  EXPECT_EQ(auth_->AuthenticateSession(login->session_token).status().code(),
            StatusCode::kUnauthenticated);
}

TEST_F(AuthServiceTest, LogoutEndsTheSession) {
  ASSERT_TRUE(auth_->SetPassword(op_, "lei.wang@example.org", "weihai-password").ok());
  Result<LoginResult> login = auth_->Login("lei.wang@example.org", "weihai-password", "a");
  ASSERT_TRUE(login.ok());
  ASSERT_TRUE(auth_->Logout(login->session_token).ok());
  EXPECT_EQ(auth_->AuthenticateSession(login->session_token).status().code(),
            StatusCode::kUnauthenticated);
}

TEST_F(AuthServiceTest, WrongPasswordAndUnknownUserLookTheSame) {
  ASSERT_TRUE(auth_->SetPassword(op_, "lei.wang@example.org", "weihai-password").ok());
  Status wrong = auth_->Login("lei.wang@example.org", "nope-nope", "a").status();
  Status unknown = auth_->Login("nobody@example.org", "nope-nope", "a").status();
  EXPECT_EQ(wrong.code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(wrong, unknown);
  // A user without a password cannot sign in.
  EXPECT_EQ(auth_->Login("hana.morimoto@example.org", "", "a").status().code(),
            StatusCode::kUnauthenticated);
}

TEST_F(AuthServiceTest, RateLimitPerEmailThenWindowPasses) {
  ASSERT_TRUE(auth_->SetPassword(op_, "lei.wang@example.org", "weihai-password").ok());
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(auth_->Login("lei.wang@example.org", "wrong-password", "a").status().code(),
              StatusCode::kUnauthenticated);
  }
  // The sixth attempt is refused before the password is looked at, even
  // when it is right.
  EXPECT_EQ(auth_->Login("lei.wang@example.org", "weihai-password", "b").status().code(),
            StatusCode::kResourceExhausted);
  now_ += 15 * 60 + 1;
  EXPECT_TRUE(auth_->Login("lei.wang@example.org", "weihai-password", "b").ok());
}

TEST_F(AuthServiceTest, RateLimitPerClientAddress) {
  for (int i = 0; i < 20; ++i) {
    (void)auth_->Login("user" + std::to_string(i) + "@example.org", "wrong-password", "10.9.9.9");
  }
  EXPECT_EQ(auth_->Login("other@example.org", "whatever-pw", "10.9.9.9").status().code(),
            StatusCode::kResourceExhausted);
  EXPECT_EQ(auth_->Login("other@example.org", "whatever-pw", "10.9.9.8").status().code(),
            StatusCode::kUnauthenticated);
}

TEST_F(AuthServiceTest, ApiTokensAuthenticateUntilRevoked) {
  Result<std::string> token = auth_->CreateApiToken(op_, "min.zhao@example.org", "script");
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  Result<Authenticated> who = auth_->AuthenticateApiToken(*token);
  ASSERT_TRUE(who.ok());
  EXPECT_EQ(who->user.email, "min.zhao@example.org");
  EXPECT_TRUE(who->csrf_token.empty());
  ASSERT_TRUE(auth_->RevokeApiToken(op_, "min.zhao@example.org", "script").ok());
  EXPECT_EQ(auth_->AuthenticateApiToken(*token).status().code(), StatusCode::kUnauthenticated);
  // The token itself is not stored.
  Result<std::vector<Row>> rows = db_->Query("SELECT token_hash FROM api_tokens");
  ASSERT_TRUE(rows.ok());
  for (const Row& r : *rows) EXPECT_EQ(r.TextOr(0).find(*token), std::string::npos);
}

TEST_F(AuthServiceTest, OnlyTheSecretariatCreatesUsersAndEachCreationIsAudited) {
  NewUser nu;
  nu.email = "new.officer@example.org";
  nu.name = "New Officer";
  nu.role = "city-officer";
  nu.scope = "weihai";
  nu.password = "long-password";
  User officer;
  officer.email = "lei.wang@example.org";
  officer.role = Role::kCityOfficer;
  officer.scope = "weihai";
  EXPECT_EQ(auth_->CreateUser(Principal::ForUser(officer), nu).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(auth_->CreateUser(Principal::Anonymous(), nu).status().code(),
            StatusCode::kUnauthenticated);
  User secretariat;
  secretariat.email = "hana.morimoto@example.org";
  secretariat.role = Role::kSecretariat;
  Result<User> created = auth_->CreateUser(Principal::ForUser(secretariat), nu);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  AuditQuery query;
  query.entity = "user";
  Result<AuditPage> audit = auth_->ReadAudit(op_, query);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->total, 1);
  EXPECT_EQ(audit->items[0].actor, "hana.morimoto@example.org");
  EXPECT_EQ(audit->items[0].entity_id, "new.officer@example.org");
  EXPECT_EQ(auth_->CreateUser(op_, nu).status().code(), StatusCode::kAlreadyExists);
  nu.email = "x@example.org";
  nu.scope = "atlantis";
  EXPECT_EQ(auth_->CreateUser(op_, nu).status().field(), "scope");
}

TEST_F(AuthServiceTest, FirstAdminGetsAPasswordOnce) {
  Result<std::optional<FirstAdmin>> admin = auth_->EnsureFirstAdmin(op_, "admin@kinet.local");
  ASSERT_TRUE(admin.ok()) << admin.status().ToString();
  ASSERT_TRUE(admin->has_value());
  EXPECT_EQ((*admin)->email, "hana.morimoto@example.org");  // the sample's secretariat user
  EXPECT_TRUE(auth_->Login((*admin)->email, (*admin)->password, "a").ok());
  Result<std::optional<FirstAdmin>> again = auth_->EnsureFirstAdmin(op_, "admin@kinet.local");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->has_value());
}

}  // namespace
}  // namespace kinet
