// Whole-file reading and atomic writing, with transparent gzip input.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace kinet {

// Reads the whole file at `path` ("-" means standard input). A gzip file
// (detected by its magic bytes, whatever its name) is decompressed.
// Returns NotFound when the file does not exist, InvalidArgument on a corrupt
// gzip stream, Unavailable on other I/O errors; each message names the path.
Result<std::string> ReadFile(const std::string& path);

// Writes `content` to `path` atomically: a temporary file in the same
// directory is written, flushed and renamed over `path`.
Status WriteFileAtomic(const std::string& path, std::string_view content);

}  // namespace kinet
