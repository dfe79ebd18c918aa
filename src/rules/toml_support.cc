#include "rules/toml_support.h"

#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "core/file.h"
#include "rules/toml_text.h"

namespace kinet {
namespace {

constexpr std::string_view kTomlSuffix = ".toml";

}  // namespace

Result<toml::table> ParseTomlText(std::string_view text, std::string_view source_name) {
  // toml++ 3.3.0 (the Debian package) has undefined behaviour on some non-ASCII
  // text outside strings: refused first, naming the line (rules/toml_text.h).
  KINET_RETURN_IF_ERROR(CheckTomlText(text, source_name));
  try {
    return toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    return InvalidArgument(
        fmt::format("{}:{}: {}", source_name, e.source().begin.line, e.description()));
  }
}

Status TomlError(std::string_view source, const toml::node* node, std::string_view key,
                 std::string_view problem) {
  const int line = node != nullptr ? static_cast<int>(node->source().begin.line) : 0;
  const std::string where = line > 0 ? fmt::format("{}:{}", source, line) : std::string(source);
  return InvalidArgument(fmt::format("{}: {}: {}", where, key, problem), std::string(key));
}

Result<std::map<std::string, StandardFile>> StandardFiles(std::span<const EmbeddedFile> embedded,
                                                          std::string_view embedded_prefix,
                                                          std::string_view kind,
                                                          const std::string& standards_dir) {
  std::map<std::string, StandardFile> files;
  for (const EmbeddedFile& f : embedded) {
    if (!f.path.starts_with(embedded_prefix) || !f.path.ends_with(kTomlSuffix)) continue;
    const std::string_view name = f.path.substr(embedded_prefix.size());
    std::string id(name.substr(0, name.size() - kTomlSuffix.size()));
    files[id] =
        StandardFile{id, fmt::format("standards/{}/{}", kind, name), std::string(f.contents), true};
  }
  if (standards_dir.empty()) return files;
  std::error_code ec;
  if (!std::filesystem::is_directory(standards_dir, ec)) {
    return Unavailable(fmt::format("standards directory {} does not exist", standards_dir));
  }
  const std::filesystem::path dir = std::filesystem::path(standards_dir) / kind;
  if (!std::filesystem::is_directory(dir, ec)) return files;
  for (auto it = std::filesystem::directory_iterator(dir, ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    const std::filesystem::path& path = it->path();
    if (path.extension() != kTomlSuffix) continue;
    KINET_ASSIGN_OR_RETURN(std::string text, ReadFile(path.string()));
    const std::string id = path.stem().string();
    files[id] = StandardFile{id, path.string(), std::move(text), false};
  }
  if (ec) return Unavailable(fmt::format("cannot list {}: {}", dir.string(), ec.message()));
  return files;
}

}  // namespace kinet
