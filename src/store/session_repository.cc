#include "store/session_repository.h"

#include <utility>

namespace kinet {
namespace {

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Result<std::int64_t> UserIdOf(Executor& db, std::string_view email) {
  KINET_ASSIGN_OR_RETURN(std::optional<Row> row,
                         db.QueryOne("SELECT id FROM users WHERE email = ?", {AsciiLower(email)}));
  if (!row || !row->Int(0)) return NotFound("no user with e-mail '" + std::string(email) + "'");
  return *row->Int(0);
}

}  // namespace

// ---- sessions --------------------------------------------------------------

Status SessionRepository::Insert(std::string_view token_hash, std::string_view user_email,
                                 std::string_view csrf_token, std::string_view expires) {
  KINET_ASSIGN_OR_RETURN(std::int64_t user_id, UserIdOf(db_, user_email));
  return db_
      .Execute(
          "INSERT INTO sessions (token_hash, user_id, csrf_token, expires) VALUES (?, ?, ?, ?)",
          {TextValue(token_hash), user_id, TextValue(csrf_token), TextValue(expires)})
      .status();
}

Result<std::optional<SessionRecord>> SessionRepository::FindLive(std::string_view token_hash,
                                                                 std::string_view now) {
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      db_.QueryOne("SELECT s.token_hash, s.user_id, u.email, s.csrf_token, s.created, s.expires,"
                   " s.last_seen FROM sessions s JOIN users u ON u.id = s.user_id"
                   " WHERE s.token_hash = ? AND s.expires > ?",
                   {TextValue(token_hash), TextValue(now)}));
  if (!row) return std::optional<SessionRecord>();
  SessionRecord s;
  s.token_hash = row->TextOr(0);
  s.user_id = UserId(row->Int(1).value_or(0));
  s.user_email = row->TextOr(2);
  s.csrf_token = row->TextOr(3);
  s.created = row->TextOr(4);
  s.expires = row->TextOr(5);
  s.last_seen = row->TextOr(6);
  return std::optional<SessionRecord>(std::move(s));
}

Status SessionRepository::Touch(std::string_view token_hash, std::string_view now) {
  return db_
      .Execute("UPDATE sessions SET last_seen = ? WHERE token_hash = ?",
               {TextValue(now), TextValue(token_hash)})
      .status();
}

Status SessionRepository::Delete(std::string_view token_hash) {
  return db_.Execute("DELETE FROM sessions WHERE token_hash = ?", {TextValue(token_hash)}).status();
}

Status SessionRepository::DeleteForUser(std::string_view user_email) {
  KINET_ASSIGN_OR_RETURN(std::int64_t user_id, UserIdOf(db_, user_email));
  return db_.Execute("DELETE FROM sessions WHERE user_id = ?", {user_id}).status();
}

Result<std::int64_t> SessionRepository::DeleteExpired(std::string_view now) {
  return db_.Execute("DELETE FROM sessions WHERE expires <= ?", {TextValue(now)});
}

// ---- API tokens ------------------------------------------------------------

namespace {

constexpr std::string_view kTokenColumns =
    "SELECT t.token_hash, t.user_id, u.email, t.name, t.created, t.last_used, t.revoked"
    " FROM api_tokens t JOIN users u ON u.id = t.user_id";

ApiTokenRecord TokenFromRow(const Row& row) {
  ApiTokenRecord t;
  t.token_hash = row.TextOr(0);
  t.user_id = UserId(row.Int(1).value_or(0));
  t.user_email = row.TextOr(2);
  t.name = row.TextOr(3);
  t.created = row.TextOr(4);
  t.last_used = row.TextOr(5);
  t.revoked = row.TextOr(6);
  return t;
}

}  // namespace

Status ApiTokenRepository::Insert(std::string_view token_hash, std::string_view user_email,
                                  std::string_view name) {
  KINET_ASSIGN_OR_RETURN(std::int64_t user_id, UserIdOf(db_, user_email));
  return db_
      .Execute("INSERT INTO api_tokens (token_hash, user_id, name) VALUES (?, ?, ?)",
               {TextValue(token_hash), user_id, TextValue(name)})
      .status();
}

Result<std::optional<ApiTokenRecord>> ApiTokenRepository::FindLive(std::string_view token_hash) {
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      db_.QueryOne(std::string(kTokenColumns) + " WHERE t.token_hash = ? AND t.revoked IS NULL",
                   {TextValue(token_hash)}));
  if (!row) return std::optional<ApiTokenRecord>();
  return std::optional<ApiTokenRecord>(TokenFromRow(*row));
}

Status ApiTokenRepository::Touch(std::string_view token_hash, std::string_view now) {
  return db_
      .Execute("UPDATE api_tokens SET last_used = ? WHERE token_hash = ?",
               {TextValue(now), TextValue(token_hash)})
      .status();
}

Result<std::int64_t> ApiTokenRepository::Revoke(std::string_view user_email, std::string_view name,
                                                std::string_view now) {
  KINET_ASSIGN_OR_RETURN(std::int64_t user_id, UserIdOf(db_, user_email));
  KINET_ASSIGN_OR_RETURN(
      std::int64_t n,
      db_.Execute(
          "UPDATE api_tokens SET revoked = ? WHERE user_id = ? AND name = ? AND revoked IS NULL",
          {TextValue(now), user_id, TextValue(name)}));
  if (n == 0) {
    return NotFound("user '" + std::string(user_email) + "' has no live API token named '" +
                    std::string(name) + "'");
  }
  return n;
}

Result<std::vector<ApiTokenRecord>> ApiTokenRepository::ListForUser(std::string_view user_email) {
  KINET_ASSIGN_OR_RETURN(std::int64_t user_id, UserIdOf(db_, user_email));
  KINET_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      db_.Query(std::string(kTokenColumns) + " WHERE t.user_id = ? ORDER BY t.created DESC",
                {user_id}));
  std::vector<ApiTokenRecord> out;
  out.reserve(rows.size());
  for (const Row& row : rows) out.push_back(TokenFromRow(row));
  return out;
}

// ---- login attempts --------------------------------------------------------

Result<std::optional<AttemptWindow>> LoginAttemptRepository::Current(
    std::string_view key, std::string_view window_floor) {
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      db_.QueryOne("SELECT window_start, count FROM login_attempts WHERE key = ? AND "
                   "window_start > ?",
                   {TextValue(key), TextValue(window_floor)}));
  if (!row) return std::optional<AttemptWindow>();
  return std::optional<AttemptWindow>(AttemptWindow{row->TextOr(0), row->Int(1).value_or(0)});
}

Status LoginAttemptRepository::RecordFailure(std::string_view key, std::string_view now,
                                             std::string_view window_floor) {
  // Both SET expressions see the old row, so the CASEs agree on whether the
  // window has passed.
  return db_
      .Execute(
          "INSERT INTO login_attempts (key, window_start, count) VALUES (?, ?, 1)"
          " ON CONFLICT (key) DO UPDATE SET"
          " count = CASE WHEN login_attempts.window_start <= ? THEN 1"
          " ELSE login_attempts.count + 1 END,"
          " window_start = CASE WHEN login_attempts.window_start <= ? THEN excluded.window_start"
          " ELSE login_attempts.window_start END",
          {TextValue(key), TextValue(now), TextValue(window_floor), TextValue(window_floor)})
      .status();
}

Status LoginAttemptRepository::Clear(std::string_view key) {
  return db_.Execute("DELETE FROM login_attempts WHERE key = ?", {TextValue(key)}).status();
}

}  // namespace kinet
