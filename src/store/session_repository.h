// Repositories of the web server's account state (migration 0005_sessions.sql):
// login sessions, API tokens and login rate-limit counters.
//
// They live in the database, not in a server's memory, so that several
// `kinet serve` processes on one PostgreSQL share them (DESIGN.md §5: the
// servers are stateless). Tokens never reach this layer: callers pass the
// hex BLAKE2b hash of a token (service/auth_service.h makes and hashes them).
//
// Usage facts behind the design: a session is looked up on every request of
// a signed-in browser (one indexed primary-key read); it is written at
// sign-in, sign-out and at most once a minute for last_seen; login attempts
// are written only on sign-in. Timestamps are "YYYY-MM-DDTHH:MM:SSZ" text, so
// the comparisons below are text comparisons on both backends.
//
// Like registry_repository.h, each repository is a thin view over an
// Executor& that must outlive it. Errors shared by every method: Unavailable
// and Internal from the Executor.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.h"
#include "core/result.h"
#include "core/status.h"
#include "store/database.h"

namespace kinet {

struct SessionRecord {
  std::string token_hash;
  UserId user_id;
  std::string user_email;  // filled by reads
  std::string csrf_token;
  std::string created;
  std::string expires;
  std::string last_seen;
};

class SessionRepository {
 public:
  explicit SessionRepository(Executor& db) : db_(db) {}

  // Stores a new session of the user with `user_email` (created and
  // last_seen = now). NotFound when there is no such user; AlreadyExists when
  // the hash is taken (a random 32-byte token makes that a bug).
  Status Insert(std::string_view token_hash, std::string_view user_email,
                std::string_view csrf_token, std::string_view expires);
  // The session with `token_hash` whose expiry is after `now`, or nullopt
  // (unknown or expired).
  Result<std::optional<SessionRecord>> FindLive(std::string_view token_hash, std::string_view now);
  // Sets last_seen. A missing session is not an error (it may just have ended).
  Status Touch(std::string_view token_hash, std::string_view now);
  // Ends the session; a missing one is not an error.
  Status Delete(std::string_view token_hash);
  // Ends every session of the user (after a password change).
  Status DeleteForUser(std::string_view user_email);
  // Removes sessions that expired at or before `now`; returns how many.
  Result<std::int64_t> DeleteExpired(std::string_view now);

 private:
  Executor& db_;
};

struct ApiTokenRecord {
  std::string token_hash;
  UserId user_id;
  std::string user_email;  // filled by reads
  std::string name;
  std::string created;
  std::string last_used;  // "" when never used
  std::string revoked;    // "" when live
};

class ApiTokenRepository {
 public:
  explicit ApiTokenRepository(Executor& db) : db_(db) {}

  // Stores a new token of the user. NotFound when there is no such user.
  Status Insert(std::string_view token_hash, std::string_view user_email, std::string_view name);
  // The live (not revoked) token with `token_hash`, or nullopt.
  Result<std::optional<ApiTokenRecord>> FindLive(std::string_view token_hash);
  // Sets last_used.
  Status Touch(std::string_view token_hash, std::string_view now);
  // Revokes the user's live tokens named `name`; returns how many. NotFound
  // when none is live.
  Result<std::int64_t> Revoke(std::string_view user_email, std::string_view name,
                              std::string_view now);
  // The user's tokens (hashes included), newest first.
  Result<std::vector<ApiTokenRecord>> ListForUser(std::string_view user_email);

 private:
  Executor& db_;
};

// A fixed-window counter: `count` events since `window_start`.
struct AttemptWindow {
  std::string window_start;
  std::int64_t count = 0;
};

class LoginAttemptRepository {
 public:
  explicit LoginAttemptRepository(Executor& db) : db_(db) {}

  // The counter of `key` when its window started after `window_floor`
  // (now minus the window length), or nullopt (never counted, or the window
  // has passed).
  Result<std::optional<AttemptWindow>> Current(std::string_view key, std::string_view window_floor);
  // Counts one failure of `key` at `now`: starts a new window (count 1) when
  // the stored one started at or before `window_floor`, otherwise adds one.
  // One statement (an upsert), so concurrent servers do not lose counts.
  Status RecordFailure(std::string_view key, std::string_view now, std::string_view window_floor);
  // Forgets `key` (after a successful sign-in for an e-mail key).
  Status Clear(std::string_view key);

 private:
  Executor& db_;
};

}  // namespace kinet
