// Accounts: users, passwords, login sessions, API tokens, login rate limits
// and the audit log reader (DESIGN.md §8, docs/api.md "Authentication").
//
// Secrets and where they live:
//   passwords   Argon2id (libsodium crypto_pwhash_str, "$argon2id$..." strings
//               that carry their own cost, so a cost change needs no migration)
//   sessions    a random 32-byte token (base64url) in an HttpOnly cookie; the
//               database keeps its BLAKE2b-256 hash and a per-session CSRF token
//   API tokens  "kinet_" + a random 32-byte token, shown once; stored hashed
// Because only hashes are stored, a copy of the database grants no access.
//
// Usage facts behind the design: a signed-in request costs one session read
// (plus a last_seen write at most once a minute); a sign-in costs one Argon2id
// verification (~0.1 s and 64 MiB at the INTERACTIVE cost), which is why the
// rate limit is checked before the password and an unknown e-mail is verified
// against a dummy hash (the answer takes as long, so it does not reveal which
// e-mails exist). All state is in the database, so several servers can share it.
//
// Thread safety: an AuthService may be shared by all request threads.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/network.h"
#include "core/result.h"
#include "service/permissions.h"
#include "store/audit_repository.h"
#include "store/database.h"

namespace kinet {

// Argon2id cost (libsodium crypto_pwhash_OPSLIMIT_* / MEMLIMIT_*).
struct PasswordCost {
  std::uint64_t ops = 0;
  std::size_t mem = 0;
  // crypto_pwhash_*_INTERACTIVE: what sign-in passwords use (stack.md §5).
  static PasswordCost Interactive();
  // crypto_pwhash_*_MIN: tests only (fast, weak).
  static PasswordCost Minimum();
};

// Hashes `password` with Argon2id at `cost`. InvalidArgument (field
// "password") when it is shorter than 8 or longer than 1024 bytes; Internal
// when libsodium fails (out of memory).
Result<std::string> HashPassword(std::string_view password, const PasswordCost& cost);
// True when `password` matches `hash` (an Argon2id string); false for an
// empty or malformed hash.
bool VerifyPassword(std::string_view hash, std::string_view password);
// A random token: `prefix` + 32 random bytes in unpadded base64url.
std::string RandomToken(std::string_view prefix = {});
// The lower-case hex BLAKE2b-256 hash of a token, as stored.
std::string HashToken(std::string_view token);

struct AuthOptions {
  PasswordCost cost = PasswordCost::Interactive();
  std::int64_t session_seconds = 12 * 3600;    // lifetime from sign-in
  std::int64_t window_seconds = 15 * 60;       // login rate-limit window
  std::int64_t max_failures_per_email = 5;     // within one window
  std::int64_t max_failures_per_address = 20;  // within one window
  std::int64_t touch_seconds = 60;             // last_seen is written at most this often
  // The clock, seconds since the epoch (tests move it); null = the system clock.
  std::function<std::int64_t()> now;
};

struct LoginResult {
  User user;
  std::string session_token;  // for the cookie; never stored
  std::string csrf_token;
  std::string expires;  // "YYYY-MM-DDTHH:MM:SSZ"
};

// The outcome of authenticating a request's credential.
struct Authenticated {
  User user;
  Principal principal;
  std::string csrf_token;  // sessions only; "" for an API token
};

// A user to create. `password` empty = the user cannot sign in until
// `kinet user passwd` sets one.
struct NewUser {
  std::string email;
  std::string name;
  std::string role;  // RoleCode text
  std::string scope;
  std::string organisation_code;
  std::string password;
  DataStatus data_status = DataStatus::kReal;
};

// The first administrator created or re-keyed by EnsureFirstAdmin.
struct FirstAdmin {
  std::string email;
  std::string password;  // shown once
  bool created = false;  // false: an existing secretariat user got a password
};

class AuthService {
 public:
  // `db` must outlive the service and be migrated.
  AuthService(Database& db, AuthOptions options = {});

  // Signs in. Unauthenticated ("wrong e-mail or password") for an unknown
  // e-mail, a user without a password or a wrong password, each counted
  // against the e-mail and `client_address`; ResourceExhausted when either
  // has reached its limit in the current window (checked first, so a locked
  // e-mail costs no hashing). A success clears the e-mail's counter.
  Result<LoginResult> Login(std::string_view email, std::string_view password,
                            std::string_view client_address);
  // Ends the session of `session_token`; an unknown token is not an error.
  Status Logout(std::string_view session_token);
  // The user of a live session. Unauthenticated when the token is unknown or
  // expired (or its user was deleted).
  Result<Authenticated> AuthenticateSession(std::string_view session_token);
  // The user of a live API token. Unauthenticated when unknown or revoked.
  Result<Authenticated> AuthenticateApiToken(std::string_view token);

  // Creates a user (secretariat or operator only), with an audit row.
  // InvalidArgument naming the field for a bad e-mail, role, missing scope
  // or short password; AlreadyExists for a taken e-mail.
  Result<User> CreateUser(const Principal& who, const NewUser& user);
  // All users (secretariat or operator only), ordered by e-mail.
  Result<std::vector<User>> ListUsers(const Principal& who);
  // Sets the password of the user with `email` (the user themself, the
  // secretariat or the operator) and ends the user's sessions. Audited
  // without the hash.
  Status SetPassword(const Principal& who, std::string_view email, std::string_view password);
  // Creates an API token for the user with `email` (the user themself, the
  // secretariat or the operator); returns the token, which is not stored.
  Result<std::string> CreateApiToken(const Principal& who, std::string_view email,
                                     std::string_view name);
  // Revokes the user's live tokens named `name`. NotFound when none.
  Status RevokeApiToken(const Principal& who, std::string_view email, std::string_view name);

  // When no secretariat user can sign in (none has a password), gives one a
  // random password: the first secretariat user by e-mail, or a new user
  // `default_email` ("Administrator") when there is none. nullopt when a
  // secretariat user can already sign in. Operator only.
  Result<std::optional<FirstAdmin>> EnsureFirstAdmin(const Principal& who,
                                                     std::string_view default_email);

  // One page of the audit log (secretariat or operator only).
  Result<AuditPage> ReadAudit(const Principal& who, const AuditQuery& query);

 private:
  std::int64_t Now() const;
  Status CheckRateLimit(std::string_view key, std::int64_t limit, const std::string& floor);
  const std::string& DummyHash();

  Database& db_;
  AuthOptions options_;
  std::once_flag dummy_once_;
  std::string dummy_hash_;
};

// "YYYY-MM-DDTHH:MM:SSZ" of `seconds` since the epoch (UTC).
std::string UtcText(std::int64_t seconds);

}  // namespace kinet
