// How `kinet` subcommands plug into the command line.
//
// Each subcommand lives in its own file and exposes one Register...Command
// function (declared below) that adds its CLI11 subcommand and the function
// that runs it. The run function returns a Status; main() prints a failure
// as one sentence on stderr and exits with the code for its kind
// (cli/exit_codes.h). Commands print their results on stdout.
#pragma once

#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "core/status.h"

namespace kinet {

// Options every subcommand shares.
struct GlobalOptions {
  // Database URL: a SQLite file path (optionally "sqlite:PATH") or a
  // "postgresql://" URL. Default "kinet.db"; the KINET_DB environment
  // variable overrides the default.
  std::string db_url = "kinet.db";
};

class CommandRunner {
 public:
  // Makes `run` the action of `sub`, executed after the command line parsed.
  void Bind(CLI::App* sub, std::function<Status()> run);
  // The Status of the command that ran (OK when none ran).
  const Status& status() const { return status_; }

 private:
  Status status_;
};

struct CommandContext {
  CLI::App& app;
  GlobalOptions& global;
  CommandRunner& runner;
};

// One per file in src/cli/.
void RegisterInitCommand(CommandContext& ctx);          // init_command.cc
void RegisterDbCommand(CommandContext& ctx);            // db_command.cc
void RegisterCityCommand(CommandContext& ctx);          // city_command.cc
void RegisterMemberCommand(CommandContext& ctx);        // member_command.cc
void RegisterAirCommand(CommandContext& ctx);           // air_command.cc
void RegisterImportCommand(CommandContext& ctx);        // import_command.cc
void RegisterStationCommand(CommandContext& ctx);       // station_command.cc
void RegisterTargetCommand(CommandContext& ctx);        // target_command.cc
void RegisterSchemeCommand(CommandContext& ctx);        // scheme_command.cc
void RegisterTrendCommand(CommandContext& ctx);         // trend_command.cc
void RegisterAqiCommand(CommandContext& ctx);           // aqi_command.cc
void RegisterIndicatorCommand(CommandContext& ctx);     // indicator_command.cc
void RegisterValuesCommand(CommandContext& ctx);        // values_command.cc
void RegisterPilotCommand(CommandContext& ctx);         // pilot_command.cc
void RegisterPracticeCommand(CommandContext& ctx);      // practice_command.cc
void RegisterProblemsCommand(CommandContext& ctx);      // problems_command.cc
void RegisterMatchCommand(CommandContext& ctx);         // match_command.cc
void RegisterServeCommand(CommandContext& ctx);         // serve_command.cc
void RegisterUserCommand(CommandContext& ctx);          // user_command.cc
void RegisterReportCommand(CommandContext& ctx);        // report_command.cc
void RegisterExportCommand(CommandContext& ctx);        // export_command.cc
void RegisterProgrammeCommand(CommandContext& ctx);     // programme_command.cc
void RegisterRequestCommand(CommandContext& ctx);       // request_command.cc
void RegisterNotificationCommand(CommandContext& ctx);  // notification_command.cc
void RegisterEventCommand(CommandContext& ctx);         // event_command.cc

}  // namespace kinet
