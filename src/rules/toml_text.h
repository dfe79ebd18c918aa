// A check run on the text of every TOML file before toml++ parses it.
//
// The packaged toml++ (Debian 3.3.0) reaches TOML_UNREACHABLE, undefined
// behaviour, when it meets certain non-ASCII characters where it skips
// whitespace: outside strings and comments (e.g. an unquoted `unit = µg/m3`,
// '°', '§', or CJK punctuation such as '〔') and as the first character after
// a line-ending backslash in a multi-line basic string (upstream
// marzer/tomlplusplus issues #190 and #295, fixed after 3.3.0; found here by
// fuzz/rules_aqi and fuzz/rules_scheme). TOML 1.0 allows non-ASCII text only
// inside strings and comments, so refusing it elsewhere refuses no valid
// file; the one valid form refused is a continued multi-line string whose
// next line starts with a non-ASCII character.
#pragma once

#include <string_view>

#include "core/status.h"

namespace kinet {

// OK, or InvalidArgument "<source>:<line>: a non-ASCII character outside a
// quoted string or comment (quote the value)" for the first such character
// (or the continued-string case above, with its own message).
Status CheckTomlText(std::string_view text, std::string_view source);

}  // namespace kinet
