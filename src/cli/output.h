// Helpers shared by the subcommands: opening the database named on the
// command line, and printing aligned tables that stay aligned with Chinese
// and other wide characters.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace kinet {

// Opens an initialised database for a command: NotFound ("no database at
// kinet.db; create one with `kinet init`") when an SQLite file does not
// exist, FailedPrecondition when it has no schema yet or is newer than this
// binary; applies pending migrations otherwise.
Result<std::unique_ptr<Database>> OpenForCommand(const std::string& url);

// The path of an SQLite URL ("sqlite:x.db", "sqlite://x.db", "x.db"), or ""
// for a PostgreSQL URL.
std::string SqlitePath(std::string_view url);

// Display width of UTF-8 text in terminal columns (East Asian wide and
// full-width characters count 2).
std::size_t DisplayWidth(std::string_view text);

// A text table printed with aligned columns.
class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) : header_(std::move(header)) {}
  void AddRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  // The table, one line per row, columns separated by two spaces.
  std::string Render() const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace kinet
