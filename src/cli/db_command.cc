// `kinet db migrate|status|backup|restore|rewrite-blocks`: the database's
// schema, copies and storage formats.
#include <filesystem>

#include <fmt/format.h>

#include "cli/command.h"
#include "cli/output.h"
#include "store/backup.h"
#include "store/migrations.h"
#include "store/monitoring_repository.h"

namespace kinet {
namespace {

Status RunMigrate(const GlobalOptions& global) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenDatabase(global.db_url));
  KINET_ASSIGN_OR_RETURN(SchemaInfo before, ReadSchemaInfo(*db));
  KINET_RETURN_IF_ERROR(Migrate(*db));
  KINET_ASSIGN_OR_RETURN(SchemaInfo after, ReadSchemaInfo(*db));
  if (before.pending.empty()) {
    fmt::print("The database at {} is up to date (schema version {}).\n", db->display_name(),
               after.current_version);
    return OkStatus();
  }
  for (const Migration& m : before.pending) {
    fmt::print("applied {:04d}_{}\n", m.version, m.name);
  }
  fmt::print("The database at {} is now at schema version {}.\n", db->display_name(),
             after.current_version);
  return OkStatus();
}

Status RunStatus(const GlobalOptions& global) {
  // Not OpenForCommand: status must also describe a database that is
  // uninitialised or newer than this binary.
  std::string path = SqlitePath(global.db_url);
  if (!path.empty() && path != ":memory:" && !std::filesystem::exists(path)) {
    return NotFound(fmt::format("no database at {}", path));
  }
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenDatabase(global.db_url));
  KINET_ASSIGN_OR_RETURN(SchemaInfo info, ReadSchemaInfo(*db));
  fmt::print("database:        {} ({})\n", db->display_name(), BackendName(db->backend()));
  fmt::print("schema version:  {}\n", info.current_version);
  fmt::print("this kinet knows up to version {}\n", info.latest_version);
  for (const AppliedMigration& m : info.applied) {
    fmt::print("  applied  {:04d}_{}  {}\n", m.version, m.name, m.applied_at);
  }
  for (const Migration& m : info.pending) {
    fmt::print("  pending  {:04d}_{}\n", m.version, m.name);
  }
  if (info.newer_than_binary()) {
    return FailedPrecondition(fmt::format(
        "the database at {} is at schema version {}, newer than this kinet (which knows up to "
        "{}); use a newer kinet",
        db->display_name(), info.current_version, info.latest_version));
  }
  return OkStatus();
}

Status RunBackup(const GlobalOptions& global, const std::string& dest) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  KINET_RETURN_IF_ERROR(BackupSqlite(*db, dest));
  fmt::print("Backed up {} to {}.\n", db->display_name(), dest);
  return OkStatus();
}

Status RunRestore(const GlobalOptions& global, const std::string& source) {
  KINET_RETURN_IF_ERROR(RestoreSqlite(source, global.db_url));
  fmt::print("Restored {} from {}.\n", SqlitePath(global.db_url), source);
  return OkStatus();
}

Status RunRewriteBlocks(const GlobalOptions& global) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  std::int64_t rewritten = 0;
  // One transaction: a database is either fully rewritten or left as it was.
  KINET_RETURN_IF_ERROR(db->Transact([&](Executor& ex) -> Status {
    KINET_ASSIGN_OR_RETURN(rewritten, MonitoringRepository(ex).RewriteLegacyBlocks());
    return OkStatus();
  }));
  if (rewritten == 0) {
    fmt::print("The database at {} holds no float32 monitoring blocks; nothing to rewrite.\n",
               db->display_name());
  } else {
    fmt::print("Rewrote {} monitoring blocks of {} from float32 to float64.\n", rewritten,
               db->display_name());
  }
  return OkStatus();
}

}  // namespace

void RegisterDbCommand(CommandContext& ctx) {
  CLI::App* db =
      ctx.app.add_subcommand("db", "Schema migrations, status, backup, restore and block formats");
  db->require_subcommand(1);
  GlobalOptions& global = ctx.global;

  CLI::App* migrate = db->add_subcommand("migrate", "Apply the migrations this kinet carries");
  ctx.runner.Bind(migrate, [&global] { return RunMigrate(global); });

  CLI::App* status =
      db->add_subcommand("status", "Show the schema version, applied and pending migrations");
  ctx.runner.Bind(status, [&global] { return RunStatus(global); });

  auto backup_path = std::make_shared<std::string>();
  CLI::App* backup = db->add_subcommand(
      "backup", "Copy a consistent snapshot of the SQLite database to FILE (safe while in use)");
  backup->add_option("FILE", *backup_path, "Where to write the backup")->required();
  ctx.runner.Bind(backup, [&global, backup_path] { return RunBackup(global, *backup_path); });

  auto restore_path = std::make_shared<std::string>();
  CLI::App* restore = db->add_subcommand(
      "restore", "Replace the SQLite database with the backup in FILE (stop `kinet serve` first)");
  restore->add_option("FILE", *restore_path, "The backup to restore")->required();
  ctx.runner.Bind(restore, [&global, restore_path] { return RunRestore(global, *restore_path); });

  CLI::App* rewrite = db->add_subcommand(
      "rewrite-blocks",
      "Rewrite monitoring blocks stored as float32 (before schema 11) as float64");
  ctx.runner.Bind(rewrite, [&global] { return RunRewriteBlocks(global); });
}

}  // namespace kinet
