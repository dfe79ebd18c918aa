#include "service/auth_service.h"

#include <sodium.h>

#include <chrono>
#include <ctime>
#include <utility>

#include <fmt/format.h>

#include "store/registry_repository.h"
#include "store/session_repository.h"

namespace kinet {
namespace {

// libsodium must be initialised once before use; sodium_init is idempotent
// and safe to call from several threads.
void InitSodium() {
  static const int kInit = sodium_init();
  (void)kInit;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string AsciiUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

Status CheckEmail(std::string_view email) {
  std::size_t at = email.find('@');
  if (email.size() < 3 || email.size() > 254 || at == std::string_view::npos || at == 0 ||
      at + 1 == email.size() || email.find_first_of(" \t\r\n,;") != std::string_view::npos) {
    return InvalidArgument(fmt::format("'{}' is not an e-mail address", email), "email");
  }
  return OkStatus();
}

Status WrongCredentials() { return Unauthenticated("wrong e-mail or password"); }

// The user themself, or someone who manages users.
Status RequireSelfOrAdmin(const Principal& who, std::string_view email) {
  if (who.kind == Principal::Kind::kUser && AsciiLower(who.email) == AsciiLower(email)) {
    return OkStatus();
  }
  return Require(who, Action::kManageUsers, Resource::None());
}

}  // namespace

std::string UtcText(std::int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

PasswordCost PasswordCost::Interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}
PasswordCost PasswordCost::Minimum() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

Result<std::string> HashPassword(std::string_view password, const PasswordCost& cost) {
  if (password.size() < 8) {
    return InvalidArgument("the password must have at least 8 characters", "password");
  }
  if (password.size() > 1024) {
    return InvalidArgument("the password must have at most 1024 characters", "password");
  }
  InitSodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.ops, cost.mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Internal("Argon2id hashing failed (out of memory?)");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  InitSodium();
  std::string h(hash);  // NUL-terminated copy
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

std::string RandomToken(std::string_view prefix) {
  InitSodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(b64, sizeof b64, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string(prefix) + b64;
}

std::string HashToken(std::string_view token) {
  InitSodium();
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

AuthService::AuthService(Database& db, AuthOptions options)
    : db_(db), options_(std::move(options)) {
  InitSodium();
}

std::int64_t AuthService::Now() const {
  if (options_.now) return options_.now();
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const std::string& AuthService::DummyHash() {
  std::call_once(dummy_once_, [this] {
    Result<std::string> h = HashPassword(RandomToken(), options_.cost);
    dummy_hash_ = h.ok() ? *h : "";
  });
  return dummy_hash_;
}

Status AuthService::CheckRateLimit(std::string_view key, std::int64_t limit,
                                   const std::string& floor) {
  KINET_ASSIGN_OR_RETURN(std::optional<AttemptWindow> window,
                         LoginAttemptRepository(db_).Current(key, floor));
  if (window && window->count >= limit) {
    return ResourceExhausted("too many failed sign-ins; wait a few minutes before trying again");
  }
  return OkStatus();
}

Result<LoginResult> AuthService::Login(std::string_view email, std::string_view password,
                                       std::string_view client_address) {
  const std::int64_t now = Now();
  const std::string now_text = UtcText(now);
  const std::string floor = UtcText(now - options_.window_seconds);
  const std::string email_key = "email:" + AsciiLower(email);
  const std::string addr_key = "addr:" + std::string(client_address);
  KINET_RETURN_IF_ERROR(CheckRateLimit(email_key, options_.max_failures_per_email, floor));
  KINET_RETURN_IF_ERROR(CheckRateLimit(addr_key, options_.max_failures_per_address, floor));

  Result<User> user = UserRepository(db_).FindByEmail(email);
  if (!user.ok() && user.status().code() != StatusCode::kNotFound) return user.status();
  const bool has_password = user.ok() && !user->password_hash.empty();
  // Verify even when there is nothing to verify against, so that the time
  // taken does not tell which e-mails exist.
  const bool match =
      VerifyPassword(has_password ? user->password_hash : DummyHash(), password) && has_password;
  if (!match) {
    LoginAttemptRepository attempts(db_);
    KINET_RETURN_IF_ERROR(attempts.RecordFailure(email_key, now_text, floor));
    KINET_RETURN_IF_ERROR(attempts.RecordFailure(addr_key, now_text, floor));
    return WrongCredentials();
  }

  LoginResult out;
  out.session_token = RandomToken();
  out.csrf_token = RandomToken();
  out.expires = UtcText(now + options_.session_seconds);
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& tx) -> Status {
    KINET_RETURN_IF_ERROR(LoginAttemptRepository(tx).Clear(email_key));
    KINET_RETURN_IF_ERROR(SessionRepository(tx).DeleteExpired(now_text).status());
    return SessionRepository(tx).Insert(HashToken(out.session_token), user->email, out.csrf_token,
                                        out.expires);
  }));
  out.user = *std::move(user);
  return out;
}

Status AuthService::Logout(std::string_view session_token) {
  return SessionRepository(db_).Delete(HashToken(session_token));
}

Result<Authenticated> AuthService::AuthenticateSession(std::string_view session_token) {
  const std::int64_t now = Now();
  const std::string hash = HashToken(session_token);
  SessionRepository sessions(db_);
  KINET_ASSIGN_OR_RETURN(std::optional<SessionRecord> session,
                         sessions.FindLive(hash, UtcText(now)));
  if (!session) return Unauthenticated("the session has ended; sign in again");
  Result<User> user = UserRepository(db_).FindByEmail(session->user_email);
  if (!user.ok()) {
    if (user.status().code() == StatusCode::kNotFound) {
      return Unauthenticated("the session has ended; sign in again");
    }
    return user.status();
  }
  // last_seen is informative; writing it on every request would turn every
  // read into a write.
  if (session->last_seen < UtcText(now - options_.touch_seconds)) {
    KINET_RETURN_IF_ERROR(sessions.Touch(hash, UtcText(now)));
  }
  Authenticated out{*user, Principal::ForUser(*user), session->csrf_token};
  return out;
}

Result<Authenticated> AuthService::AuthenticateApiToken(std::string_view token) {
  const std::string hash = HashToken(token);
  ApiTokenRepository tokens(db_);
  KINET_ASSIGN_OR_RETURN(std::optional<ApiTokenRecord> record, tokens.FindLive(hash));
  if (!record) return Unauthenticated("the API token is unknown or revoked");
  Result<User> user = UserRepository(db_).FindByEmail(record->user_email);
  if (!user.ok()) {
    if (user.status().code() == StatusCode::kNotFound) {
      return Unauthenticated("the API token is unknown or revoked");
    }
    return user.status();
  }
  const std::int64_t now = Now();
  if (record->last_used < UtcText(now - options_.touch_seconds)) {
    KINET_RETURN_IF_ERROR(tokens.Touch(hash, UtcText(now)));
  }
  Authenticated out{*user, Principal::ForUser(*user), ""};
  return out;
}

Result<User> AuthService::CreateUser(const Principal& who, const NewUser& nu) {
  KINET_RETURN_IF_ERROR(Require(who, Action::kManageUsers, Resource::None()));
  KINET_RETURN_IF_ERROR(CheckEmail(nu.email));
  if (nu.name.empty()) return InvalidArgument("the name is missing", "name");
  std::optional<Role> role = ParseRole(nu.role);
  if (!role) {
    return InvalidArgument(
        fmt::format("role '{}' must be secretariat, national-coordinator, city-officer, "
                    "agency-officer, expert or public",
                    nu.role),
        "role");
  }
  User user;
  user.email = AsciiLower(nu.email);
  user.name = nu.name;
  user.role = *role;
  user.organisation_code = nu.organisation_code;
  user.data_status = nu.data_status;
  if (RoleNeedsScope(*role)) {
    if (nu.scope.empty()) {
      return InvalidArgument(fmt::format("role {} needs a scope", nu.role), "scope");
    }
    // The scope must name something that exists.
    Status found;
    if (*role == Role::kNationalCoordinator) {
      user.scope = AsciiUpper(nu.scope);
      found = CountryRepository(db_).FindByCode(user.scope).status();
    } else if (*role == Role::kCityOfficer) {
      user.scope = AsciiLower(nu.scope);
      found = CityRepository(db_).FindByCode(user.scope).status();
    } else {
      user.scope = AsciiLower(nu.scope);
      found = OrganisationRepository(db_).FindByCode(user.scope).status();
    }
    if (found.code() == StatusCode::kNotFound) {
      return InvalidArgument(fmt::format("scope '{}' names no {}", nu.scope,
                                         *role == Role::kNationalCoordinator ? "country"
                                         : *role == Role::kCityOfficer       ? "city"
                                                                             : "organisation"),
                             "scope");
    }
    KINET_RETURN_IF_ERROR(found);
  } else if (!nu.scope.empty()) {
    return InvalidArgument(fmt::format("role {} takes no scope", nu.role), "scope");
  }
  if (!nu.password.empty()) {
    KINET_ASSIGN_OR_RETURN(user.password_hash, HashPassword(nu.password, options_.cost));
  }
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& tx) -> Status {
    Result<UserId> id = UserRepository(tx).Insert(user);
    if (!id.ok()) {
      if (id.status().code() == StatusCode::kAlreadyExists) {
        return AlreadyExists(fmt::format("a user with e-mail '{}' already exists", user.email));
      }
      return id.status();
    }
    user.id = *id;
    AuditEntry e;
    e.actor = who.actor();
    e.action = "insert";
    e.entity = "user";
    e.entity_id = user.email;
    e.new_value = fmt::format("name={}; role={}; scope={}; organisation={}", user.name,
                              RoleCode(user.role), user.scope, user.organisation_code);
    return AuditRepository(tx).Record(e);
  }));
  return user;
}

Result<std::vector<User>> AuthService::ListUsers(const Principal& who) {
  KINET_RETURN_IF_ERROR(Require(who, Action::kManageUsers, Resource::None()));
  return UserRepository(db_).List();
}

Status AuthService::SetPassword(const Principal& who, std::string_view email,
                                std::string_view password) {
  KINET_RETURN_IF_ERROR(RequireSelfOrAdmin(who, email));
  KINET_ASSIGN_OR_RETURN(std::string hash, HashPassword(password, options_.cost));
  return db_.Transact([&](Executor& tx) -> Status {
    KINET_ASSIGN_OR_RETURN(User user, UserRepository(tx).FindByEmail(email));
    KINET_RETURN_IF_ERROR(UserRepository(tx).UpdatePasswordHash(user.email, hash));
    KINET_RETURN_IF_ERROR(SessionRepository(tx).DeleteForUser(user.email));
    AuditEntry e;
    e.actor = who.actor();
    e.action = "update";
    e.entity = "user";
    e.entity_id = user.email;
    e.field = "password";
    e.old_value = user.password_hash.empty() ? "(none)" : "(set)";
    e.new_value = "(changed)";
    return AuditRepository(tx).Record(e);
  });
}

Result<std::string> AuthService::CreateApiToken(const Principal& who, std::string_view email,
                                                std::string_view name) {
  KINET_RETURN_IF_ERROR(RequireSelfOrAdmin(who, email));
  if (name.empty() || name.size() > 100) {
    return InvalidArgument("the token name must have 1 to 100 characters", "name");
  }
  std::string token = RandomToken("kinet_");
  KINET_RETURN_IF_ERROR(db_.Transact([&](Executor& tx) -> Status {
    KINET_ASSIGN_OR_RETURN(User user, UserRepository(tx).FindByEmail(email));
    KINET_RETURN_IF_ERROR(ApiTokenRepository(tx).Insert(HashToken(token), user.email, name));
    AuditEntry e;
    e.actor = who.actor();
    e.action = "insert";
    e.entity = "api_token";
    e.entity_id = user.email + "/" + std::string(name);
    return AuditRepository(tx).Record(e);
  }));
  return token;
}

Status AuthService::RevokeApiToken(const Principal& who, std::string_view email,
                                   std::string_view name) {
  KINET_RETURN_IF_ERROR(RequireSelfOrAdmin(who, email));
  return db_.Transact([&](Executor& tx) -> Status {
    KINET_RETURN_IF_ERROR(ApiTokenRepository(tx).Revoke(email, name, UtcText(Now())).status());
    AuditEntry e;
    e.actor = who.actor();
    e.action = "update";
    e.entity = "api_token";
    e.entity_id = AsciiLower(email) + "/" + std::string(name);
    e.field = "revoked";
    e.old_value = "no";
    e.new_value = "yes";
    return AuditRepository(tx).Record(e);
  });
}

Result<std::optional<FirstAdmin>> AuthService::EnsureFirstAdmin(const Principal& who,
                                                                std::string_view default_email) {
  if (who.kind != Principal::Kind::kOperator) {
    return PermissionDenied("only the operator at the console creates the first administrator");
  }
  KINET_ASSIGN_OR_RETURN(std::vector<User> users, UserRepository(db_).List());
  const User* candidate = nullptr;
  for (const User& u : users) {
    if (u.role != Role::kSecretariat) continue;
    if (!u.password_hash.empty()) return std::optional<FirstAdmin>();
    if (candidate == nullptr) candidate = &u;
  }
  FirstAdmin admin;
  // 24 characters of base64url: 144 bits, typed once and then changed.
  admin.password = RandomToken().substr(0, 24);
  if (candidate != nullptr) {
    admin.email = candidate->email;
    KINET_RETURN_IF_ERROR(SetPassword(who, admin.email, admin.password));
  } else {
    NewUser nu;
    nu.email = std::string(default_email);
    nu.name = "Administrator";
    nu.role = "secretariat";
    nu.password = admin.password;
    KINET_ASSIGN_OR_RETURN(User created, CreateUser(who, nu));
    admin.email = created.email;
    admin.created = true;
  }
  return std::optional<FirstAdmin>(std::move(admin));
}

Result<AuditPage> AuthService::ReadAudit(const Principal& who, const AuditQuery& query) {
  KINET_RETURN_IF_ERROR(Require(who, Action::kReadAudit, Resource::None()));
  return AuditRepository(db_).List(query);
}

}  // namespace kinet
