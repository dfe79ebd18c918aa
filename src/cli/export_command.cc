// `kinet export TABLE|all --format csv|xlsx --out FILE`: every table of the
// store as CSV or XLSX, with units and provenance columns (docs/cli.md,
// docs/reports.md "Exports"); `kinet export list` names the tables.
#include <fmt/format.h>

#include "cli/command.h"
#include "cli/output.h"
#include "core/file.h"
#include "report/table_export.h"

namespace kinet {
namespace {

struct ExportOptions {
  std::string table;
  std::string format = "csv";
  std::string out;
};

Status RunExport(const GlobalOptions& global, const ExportOptions& opts) {
  if (opts.table == "all" && opts.format != "xlsx") {
    return InvalidArgument(
        "`kinet export all` writes one workbook with a sheet per table: use --format xlsx "
        "(or export the tables one by one as CSV)",
        "--format");
  }
  if (opts.table != "all") KINET_RETURN_IF_ERROR(FindExportTable(opts.table).status());
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  const Principal op = Principal::Operator(OperatorName());
  std::vector<TableData> tables;
  if (opts.table == "all") {
    KINET_ASSIGN_OR_RETURN(tables, ReadAllTablesFor(*db, op));
  } else {
    KINET_ASSIGN_OR_RETURN(TableData data, ReadTableFor(*db, op, opts.table));
    tables.push_back(std::move(data));
  }
  if (opts.format == "csv") {
    KINET_RETURN_IF_ERROR(WriteFileAtomic(opts.out, TableCsv(tables.front())));
  } else {
    KINET_RETURN_IF_ERROR(WriteTablesXlsx(opts.out, tables, db->display_name()));
  }
  std::size_t rows = 0;
  for (const TableData& t : tables) rows += t.rows.size();
  fmt::print("Wrote {} rows of {} table{} to {}.\n", rows, tables.size(),
             tables.size() == 1 ? "" : "s", opts.out);
  return OkStatus();
}

Status RunList() {
  TextTable table({"TABLE", "TITLE", "PUBLIC"});
  for (const ExportTable& t : ExportTables()) {
    table.AddRow(
        {std::string(t.name), std::string(t.title),
         t.public_sql.empty() ? "no" : (t.public_sql == t.full_sql ? "yes" : "published rows")});
  }
  fmt::print("{}", table.Render());
  return OkStatus();
}

}  // namespace

void RegisterExportCommand(CommandContext& ctx) {
  auto opts = std::make_shared<ExportOptions>();
  CLI::App* exp = ctx.app.add_subcommand(
      "export",
      "Export a table (or all, as one workbook) as CSV or XLSX with units and provenance; "
      "`kinet export list` names the tables");
  exp->add_option("table", opts->table, "Table name, `all` (XLSX only) or `list`")
      ->required()
      ->type_name("TABLE");
  exp->add_option("--format", opts->format, "csv (default) or xlsx")
      ->check(CLI::IsMember({"csv", "xlsx"}));
  exp->add_option("--out", opts->out, "Output file")->type_name("FILE");
  GlobalOptions& global = ctx.global;
  ctx.runner.Bind(exp, [&global, opts]() -> Status {
    if (opts->table == "list") return RunList();
    if (opts->out.empty()) return InvalidArgument("--out is required", "--out");
    return RunExport(global, *opts);
  });
}

}  // namespace kinet
