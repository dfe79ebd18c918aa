#include "cli/output.h"

#include <sys/stat.h>

#include <algorithm>

#include <fmt/format.h>

#include "store/migrations.h"

namespace kinet {

std::string SqlitePath(std::string_view url) {
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) return "";
  if (url.starts_with("sqlite://")) return std::string(url.substr(9));
  if (url.starts_with("sqlite:")) return std::string(url.substr(7));
  return std::string(url);
}

Result<std::unique_ptr<Database>> OpenForCommand(const std::string& url) {
  std::string path = SqlitePath(url);
  if (!path.empty() && path != ":memory:") {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
      return NotFound(
          fmt::format("no database at {}; create one with `kinet init --db {}`", path, path));
    }
  }
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenDatabase(url));
  KINET_ASSIGN_OR_RETURN(SchemaInfo info, ReadSchemaInfo(*db));
  if (info.current_version == 0) {
    return FailedPrecondition(
        fmt::format("the database at {} is not initialised; run `kinet init --db {}`",
                    db->display_name(), url));
  }
  KINET_RETURN_IF_ERROR(Migrate(*db));  // refuses a database newer than this binary
  return db;
}

namespace {
// Decodes one UTF-8 code point starting at s[i]; advances i.
char32_t NextCodePoint(std::string_view s, std::size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < len && i + k < s.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  }
  i += static_cast<std::size_t>(len);
  return cp;
}

bool IsWide(char32_t cp) {
  // East Asian Wide (W) and Fullwidth (F) blocks, Unicode UAX #11 (main ranges).
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
         (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

bool IsZeroWidth(char32_t cp) {
  // Combining marks (Thai vowels and tone marks, Devanagari signs ...).
  return (cp >= 0x0300 && cp <= 0x036F) || cp == 0x0E31 || (cp >= 0x0E34 && cp <= 0x0E3A) ||
         (cp >= 0x0E47 && cp <= 0x0E4E) || (cp >= 0x0900 && cp <= 0x0903) ||
         (cp >= 0x093A && cp <= 0x094F) || cp == 0x200B || cp == 0x200D;
}
}  // namespace

std::size_t DisplayWidth(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = NextCodePoint(text, i);
    if (IsZeroWidth(cp)) continue;
    width += IsWide(cp) ? 2 : 1;
  }
  return width;
}

std::string TextTable::Render() const {
  std::vector<std::size_t> widths(header_.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
  };
  measure(header_);
  for (const auto& r : rows_) measure(r);
  std::string out;
  auto emit = [&](const std::vector<std::string>& row) {
    std::string line;
    for (std::size_t i = 0; i < widths.size(); ++i) {
      std::string cell = i < row.size() ? row[i] : "";
      line += cell;
      if (i + 1 < widths.size()) line += std::string(widths[i] - DisplayWidth(cell) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  };
  emit(header_);
  for (const auto& r : rows_) emit(r);
  return out;
}

}  // namespace kinet
