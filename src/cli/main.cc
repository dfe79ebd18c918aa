// The `kinet` command: parses the command line, runs one subcommand, and
// turns its Status into a message and an exit code. The only catch point of
// the CLI is here (STYLE.md: our code does not throw; a library that does
// becomes an internal error).
#include <cstdio>
#include <cstdlib>
#include <exception>

#include <fmt/format.h>

#include "cli/command.h"
#include "cli/exit_codes.h"

namespace kinet {

void CommandRunner::Bind(CLI::App* sub, std::function<Status()> run) {
  sub->callback([this, run = std::move(run)] { status_ = run(); });
}

int ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return kExitOk;
    case StatusCode::kInvalidArgument:
      return kExitInvalidInput;
    case StatusCode::kNotFound:
      return kExitNotFound;
    case StatusCode::kAlreadyExists:
    case StatusCode::kConflict:
      return kExitConflict;
    case StatusCode::kFailedPrecondition:
      return kExitPrecondition;
    case StatusCode::kPermissionDenied:
    case StatusCode::kUnauthenticated:
      return kExitPermission;
    case StatusCode::kResourceExhausted:
      return kExitExhausted;
    case StatusCode::kUnavailable:
      return kExitUnavailable;
    case StatusCode::kInternal:
      return kExitInternal;
  }
  return kExitInternal;
}

namespace {

int Main(int argc, char** argv) {
  CLI::App app{
      "KINet: quantitative indicators, best practices, pilots and the network of cities for a "
      "clean urban environment.",
      "kinet"};
  app.set_version_flag("--version", "kinet 0.1.0");
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the subcommand: `kinet city list --db x.db`
  GlobalOptions global;
  if (const char* env = std::getenv("KINET_DB"); env != nullptr && *env != '\0') {
    global.db_url = env;
  }
  app.add_option("--db", global.db_url,
                 "Database: a SQLite file (default kinet.db, or $KINET_DB) or a postgresql:// URL")
      ->type_name("URL");

  CommandRunner runner;
  CommandContext ctx{app, global, runner};
  RegisterInitCommand(ctx);
  RegisterDbCommand(ctx);
  RegisterCityCommand(ctx);
  RegisterMemberCommand(ctx);
  RegisterAirCommand(ctx);
  RegisterImportCommand(ctx);
  RegisterStationCommand(ctx);
  RegisterTargetCommand(ctx);
  RegisterSchemeCommand(ctx);
  RegisterTrendCommand(ctx);
  RegisterAqiCommand(ctx);
  RegisterServeCommand(ctx);
  RegisterUserCommand(ctx);
  RegisterIndicatorCommand(ctx);
  RegisterValuesCommand(ctx);
  RegisterPilotCommand(ctx);
  RegisterPracticeCommand(ctx);
  RegisterProblemsCommand(ctx);
  RegisterMatchCommand(ctx);
  RegisterReportCommand(ctx);
  RegisterExportCommand(ctx);
  RegisterProgrammeCommand(ctx);     // assistance
  RegisterRequestCommand(ctx);       // assistance
  RegisterNotificationCommand(ctx);  // assistance
  RegisterEventCommand(ctx);         // events

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);  // prints the message and the usage hint
    return kExitUsage;
  }
  const Status& status = runner.status();
  if (!status.ok()) {
    std::fflush(stdout);
    fmt::print(stderr, "kinet: {}\n", status.message());
  }
  return ExitCodeFor(status);
}

}  // namespace
}  // namespace kinet

int main(int argc, char** argv) {
  try {
    return kinet::Main(argc, argv);
  } catch (const std::exception& e) {
    fmt::print(stderr, "kinet: internal error: {}\n", e.what());
    return kinet::kExitInternal;
  }
}
