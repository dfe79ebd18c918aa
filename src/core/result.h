// Result<T>: a value or the Status that explains why there is none.
//
// The return type of every operation that can fail in an expected way
// (STYLE.md: "return values over out-parameters"). Accessing the value of a
// failed Result is a bug and aborts, so check ok() first.
#pragma once

#include <cstdlib>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/status.h"

namespace kinet {

template <typename T>
class [[nodiscard]] Result {
 public:
  static_assert(!std::is_same_v<std::decay_t<T>, Status>, "Result<Status> makes no sense");

  // Success. Implicit so that `return value;` works.
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  // Failure. Implicit so that `return NotFound("...");` works. `status` must not be OK.
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    if (std::get<Status>(v_).ok())
      v_ = Status(StatusCode::kInternal, "Result built from OK status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  // The failure, or OK.
  Status status() const { return ok() ? Status() : std::get<Status>(v_); }

  T& value() & { return Checked(); }
  const T& value() const& { return const_cast<Result*>(this)->Checked(); }
  T&& value() && { return std::move(Checked()); }
  T& operator*() & { return Checked(); }
  const T& operator*() const& { return const_cast<Result*>(this)->Checked(); }
  T&& operator*() && { return std::move(Checked()); }
  T* operator->() { return &Checked(); }
  const T* operator->() const { return &const_cast<Result*>(this)->Checked(); }

  // The value, or `fallback` on failure.
  T value_or(T fallback) const& { return ok() ? std::get<T>(v_) : std::move(fallback); }

 private:
  T& Checked() {
    if (!ok()) std::abort();  // a caller skipped ok(): a bug, not an expected failure
    return std::get<T>(v_);
  }
  std::variant<T, Status> v_;
};

template <typename T>
const Status ToStatus(const Result<T>& r) {
  return r.status();
}

}  // namespace kinet

#define KINET_CONCAT_INNER_(a, b) a##b
#define KINET_CONCAT_(a, b) KINET_CONCAT_INNER_(a, b)

// Evaluates `rexpr` (a Result<T>); on failure returns its Status from the
// enclosing function, otherwise moves the value into `lhs` (which may be a
// declaration: KINET_ASSIGN_OR_RETURN(auto rows, db.Query(...));).
#define KINET_ASSIGN_OR_RETURN(lhs, rexpr)                  \
  auto KINET_CONCAT_(kinet_result_, __LINE__) = (rexpr);    \
  if (!KINET_CONCAT_(kinet_result_, __LINE__).ok())         \
    return KINET_CONCAT_(kinet_result_, __LINE__).status(); \
  lhs = std::move(KINET_CONCAT_(kinet_result_, __LINE__)).value()
