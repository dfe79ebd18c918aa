// Helpers shared by the fuzz targets of fuzz/ (docs/fuzzing.md).
//
// Each target defines LLVMFuzzerTestOneInput. scripts/fuzz links it with
// libFuzzer (clang, -fsanitize=fuzzer,address,undefined); the normal build
// links it with fuzz/replay_main.cc, which feeds it every file of the
// committed corpus (ctest fuzz_replay_<target>). A broken invariant aborts
// with a message, so both drivers report it as a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/status.h"

namespace kinet::fuzz {

// Prints `what` (and `detail`) to stderr and aborts.
[[noreturn]] inline void Fail(std::string_view what, std::string_view detail = {}) {
  std::fprintf(stderr, "fuzz invariant broken: %.*s\n  %.*s\n", static_cast<int>(what.size()),
               what.data(), static_cast<int>(detail.size()), detail.data());
  std::abort();
}

#define KINET_FUZZ_CHECK(cond, detail)                                                      \
  do {                                                                                      \
    if (!(cond))                                                                            \
      ::kinet::fuzz::Fail(#cond " (" __FILE__ ":" KINET_FUZZ_STR_(__LINE__) ")", (detail)); \
  } while (false)
#define KINET_FUZZ_STR_(x) KINET_FUZZ_STR2_(x)
#define KINET_FUZZ_STR2_(x) #x

inline std::string_view AsText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The contract of an error from a parser of untrusted input: it is one of the
// codes a parser may return, its message is not empty, and, when `source` is
// given, the message names the input ("values.csv:12: column value: ...").
inline void CheckParseError(const Status& s, std::string_view source = {}) {
  KINET_FUZZ_CHECK(!s.ok(), "an error was expected");
  KINET_FUZZ_CHECK(
      s.code() == StatusCode::kInvalidArgument || s.code() == StatusCode::kResourceExhausted,
      s.ToString());
  KINET_FUZZ_CHECK(!s.message().empty(), s.ToString());
  if (!source.empty()) {
    KINET_FUZZ_CHECK(s.message().find(source) != std::string::npos, s.ToString());
  }
}

// As CheckParseError, and the error names the field it is about.
inline void CheckFieldError(const Status& s, std::string_view source = {}) {
  CheckParseError(s, source);
  KINET_FUZZ_CHECK(!s.field().empty(), s.ToString());
}

// The contract of an error from a file reader: as CheckParseError, the
// message starts with the file's name ("<source>:<line>: ..." or
// "<source>: ..." for the whole file), and an error about a column
// ("...: column <name>: ...") carries that column as its field.
inline void CheckFileError(const Status& s, std::string_view source) {
  CheckParseError(s);
  KINET_FUZZ_CHECK(s.message().starts_with(source), s.ToString());
  if (s.message().find(": column ") != std::string::npos) {
    KINET_FUZZ_CHECK(!s.field().empty(), s.ToString());
  }
}

}  // namespace kinet::fuzz
