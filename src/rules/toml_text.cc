#include "rules/toml_text.h"

#include <fmt/format.h>

namespace kinet {

Status CheckTomlText(std::string_view text, std::string_view source) {
  int line = 1;
  std::size_t i = 0;
  const std::size_t n = text.size();
  auto starts = [&](std::string_view s) { return text.substr(i, s.size()) == s; };
  while (i < n) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      ++i;
    } else if (c == '#') {
      while (i < n && text[i] != '\n') ++i;
    } else if (starts("\"\"\"")) {
      i += 3;
      while (i < n && !starts("\"\"\"")) {
        if (text[i] == '\\') {
          // A line-ending backslash: toml++ skips the whitespace after it.
          std::size_t j = i + 1;
          while (j < n && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r')) ++j;
          if (j < n && text[j] == '\n') {
            while (j < n &&
                   (text[j] == ' ' || text[j] == '\t' || text[j] == '\r' || text[j] == '\n')) {
              if (text[j] == '\n') ++line;
              ++j;
            }
            if (j < n && static_cast<unsigned char>(text[j]) >= 0x80) {
              return InvalidArgument(fmt::format(
                  "{}:{}: a continued multi-line string goes on with a non-ASCII character "
                  "(start the line with an ASCII character or do not end the previous one "
                  "with '\\')",
                  source, line));
            }
            i = j;
            continue;
          }
          i += 2;
          continue;
        }
        if (text[i] == '\n') ++line;
        ++i;
      }
      i += 3;
    } else if (starts("'''")) {
      i += 3;
      while (i < n && !starts("'''")) {
        if (text[i] == '\n') ++line;
        ++i;
      }
      i += 3;
    } else if (c == '"' || c == '\'') {
      ++i;
      while (i < n && text[i] != c && text[i] != '\n') {
        if (c == '"' && text[i] == '\\' && i + 1 < n && text[i + 1] != '\n') ++i;
        ++i;
      }
      if (i < n && text[i] == c) ++i;
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      return InvalidArgument(fmt::format(
          "{}:{}: a non-ASCII character outside a quoted string or comment (quote the value)",
          source, line));
    } else {
      ++i;
    }
  }
  return OkStatus();
}

}  // namespace kinet
