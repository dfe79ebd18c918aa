// The exit codes of `kinet`, one per error kind (docs/cli.md lists them).
// Scripts depend on these numbers: never renumber.
#pragma once

#include "core/status.h"

namespace kinet {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;       // a bug or unexpected library failure
inline constexpr int kExitUsage = 2;          // the command line itself is wrong
inline constexpr int kExitInvalidInput = 3;   // input data or an option value is wrong
inline constexpr int kExitNotFound = 4;       // a named city, file, user ... does not exist
inline constexpr int kExitConflict = 5;       // already exists, or the state refuses the change
inline constexpr int kExitPrecondition = 6;   // e.g. the database is newer than this binary
inline constexpr int kExitPermission = 7;     // not allowed, or not signed in
inline constexpr int kExitUnavailable = 8;    // database server or file system unreachable
inline constexpr int kExitExhausted = 9;      // a size or rate limit

// The exit code for a Status (kExitOk for OK).
int ExitCodeFor(const Status& status);

}  // namespace kinet
