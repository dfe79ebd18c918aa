// What every TOML loader of rules/ (rule sets, limit sets, schemes, the
// indicator catalogue, practice files) and service/ (matching.toml) does
// the same way: parse a text into a document with syntax errors as values,
// phrase a problem at a node as "<file>:<line>: <key>: <problem>", and find
// the files of one kind of standard (compiled in, replaced or extended by a
// standards directory, KINET_STANDARDS).
//
// Usage facts: a few dozen files of a few KB each, read once per process
// (the loaders cache what they parse), so simplicity wins over speed.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "core/embedded.h"
#include "core/result.h"

namespace kinet {

// Parses `text` as TOML. toml++ reports syntax errors by exception (the
// packaged library is built with exceptions); this is the one place the
// loaders catch it: InvalidArgument "<source_name>:<line>: <description>".
Result<toml::table> ParseTomlText(std::string_view text, std::string_view source_name);

// InvalidArgument "<source>:<line>: <key>: <problem>" with field = key; the
// line is that of `node`, left out ("<source>: <key>: ...") when `node` is
// null or has no position.
Status TomlError(std::string_view source, const toml::node* node, std::string_view key,
                 std::string_view problem);

// One TOML file of a kind of standard.
struct StandardFile {
  std::string id;           // the file name without ".toml"
  std::string source_name;  // "standards/<kind>/<id>.toml", or the override file's path
  std::string text;
  bool embedded = true;  // compiled in, not read from the standards directory
};

// The files of one kind of standard (`kind` = "aqi", "limits", "schemes"),
// by id: the compiled-in files whose path starts with `embedded_prefix` and
// ends in ".toml", replaced or extended by <standards_dir>/<kind>/*.toml
// when `standards_dir` is not empty (a missing <kind> folder adds nothing).
// Unavailable when `standards_dir` does not exist or cannot be listed;
// errors of ReadFile for an unreadable file.
Result<std::map<std::string, StandardFile>> StandardFiles(std::span<const EmbeddedFile> embedded,
                                                          std::string_view embedded_prefix,
                                                          std::string_view kind,
                                                          const std::string& standards_dir);

}  // namespace kinet
