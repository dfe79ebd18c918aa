// Status and error codes: how every expected failure travels in KINet.
//
// Expected failures (bad input, not found, conflict, unavailable ...) are
// values, never exceptions. A Status is cheap to copy when OK (no allocation)
// and carries a code, one clear sentence, and optionally the field the error
// is about (an input column, a JSON key, a CLI option). Each code maps once to
// an HTTP status (src/http) and once to a CLI exit code (src/cli/exit_codes.h).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace kinet {

enum class StatusCode : int {
  kOk = 0,
  kInvalidArgument,     // the caller's input is wrong (bad file, bad value, bad option)
  kNotFound,            // a named thing does not exist
  kAlreadyExists,       // creating something that exists
  kConflict,            // the state does not allow the change (e.g. a refused transition)
  kFailedPrecondition,  // the system is not in a state to do this (e.g. database too new)
  kPermissionDenied,    // the caller may not do this
  kUnauthenticated,     // the caller is not known
  kResourceExhausted,   // rate limits, size limits
  kUnavailable,         // a dependency (database server, file system) cannot be reached
  kInternal,            // a bug or an unexpected library failure
};

// Returns the stable lower-case name of a code ("invalid_argument" ...), used in
// JSON error bodies and logs.
std::string_view StatusCodeName(StatusCode code);

class Status {
 public:
  // An OK status.
  Status() = default;
  // A failure. `code` must not be kOk. `field` names the input element the
  // error is about, or is empty.
  Status(StatusCode code, std::string message, std::string field = {});

  bool ok() const { return rep_ == nullptr; }
  StatusCode code() const { return rep_ ? rep_->code : StatusCode::kOk; }
  // The one-sentence message; empty when OK.
  const std::string& message() const;
  // The field the error is about; empty when unknown or OK.
  const std::string& field() const;

  // Returns a copy whose message is "<prefix>: <message>" (e.g. a file name
  // and line). OK stays OK.
  Status WithPrefix(std::string_view prefix) const;

  // "invalid_argument: <message>" or "ok".
  std::string ToString() const;

  friend bool operator==(const Status& a, const Status& b) {
    return a.code() == b.code() && a.message() == b.message() && a.field() == b.field();
  }

 private:
  struct Rep {
    StatusCode code;
    std::string message;
    std::string field;
  };
  std::shared_ptr<const Rep> rep_;  // null when OK; immutable, so sharing is safe
};

inline Status OkStatus() { return Status(); }
inline Status InvalidArgument(std::string message, std::string field = {}) {
  return Status(StatusCode::kInvalidArgument, std::move(message), std::move(field));
}
inline Status NotFound(std::string message) {
  return Status(StatusCode::kNotFound, std::move(message));
}
inline Status AlreadyExists(std::string message) {
  return Status(StatusCode::kAlreadyExists, std::move(message));
}
inline Status Conflict(std::string message) {
  return Status(StatusCode::kConflict, std::move(message));
}
inline Status FailedPrecondition(std::string message) {
  return Status(StatusCode::kFailedPrecondition, std::move(message));
}
inline Status PermissionDenied(std::string message) {
  return Status(StatusCode::kPermissionDenied, std::move(message));
}
inline Status Unauthenticated(std::string message) {
  return Status(StatusCode::kUnauthenticated, std::move(message));
}
inline Status ResourceExhausted(std::string message) {
  return Status(StatusCode::kResourceExhausted, std::move(message));
}
inline Status Unavailable(std::string message) {
  return Status(StatusCode::kUnavailable, std::move(message));
}
inline Status Internal(std::string message) {
  return Status(StatusCode::kInternal, std::move(message));
}

}  // namespace kinet

// Returns the Status of `expr` from the enclosing function when it is not OK.
// The variable name carries the line number so that the macro can be used
// inside a lambda that is itself the argument of this macro.
#define KINET_STATUS_CONCAT_INNER_(a, b) a##b
#define KINET_STATUS_CONCAT_(a, b) KINET_STATUS_CONCAT_INNER_(a, b)
#define KINET_RETURN_IF_ERROR(expr) \
  KINET_RETURN_IF_ERROR_IMPL_(KINET_STATUS_CONCAT_(kinet_status_, __LINE__), expr)
#define KINET_RETURN_IF_ERROR_IMPL_(var, expr)     \
  do {                                             \
    ::kinet::Status var = ::kinet::ToStatus(expr); \
    if (!var.ok()) return var;                     \
  } while (false)

namespace kinet {
inline const Status& ToStatus(const Status& s) { return s; }
}  // namespace kinet
