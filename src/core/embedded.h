// Data files compiled into the binary (cmake/EmbedFiles.cmake): the SQL
// migrations and the rule sets of standards/, so that `kinet` runs from any
// directory and a binary always knows exactly which migrations it carries.
#pragma once

#include <span>
#include <string_view>

namespace kinet {

struct EmbeddedFile {
  std::string_view path;      // relative to the embedded folder, e.g. "0001_registry.sql"
  std::string_view contents;  // the file's bytes
};

}  // namespace kinet
