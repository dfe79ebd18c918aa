// `kinet init [--db URL] [--sample]`: creates an empty database, or one
// holding the sample network. A contract other tools call (docs/cli.md).
#include <fmt/format.h>

#include "cli/command.h"
#include "cli/import_summary.h"
#include "service/indicator_service.h"
#include "service/sample_loader.h"
#include "store/migrations.h"

namespace kinet {
namespace {

struct InitOptions {
  bool sample = false;
  std::string sample_data;  // the sample monitoring folder; "" = look for it
};

Status RunInit(const GlobalOptions& global, const InitOptions& opts) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenDatabase(global.db_url));
  KINET_ASSIGN_OR_RETURN(SchemaInfo info, ReadSchemaInfo(*db));
  if (info.current_version != 0) {
    return AlreadyExists(fmt::format(
        "the database at {} is already initialised (schema version {}); use `kinet db migrate` "
        "to upgrade it",
        db->display_name(), info.current_version));
  }
  // Parse the sample before touching the database, so a bad sample file
  // leaves nothing behind but an empty file.
  NetworkData sample;
  if (opts.sample) {
    KINET_ASSIGN_OR_RETURN(sample, BuiltinSampleNetwork());
  }
  KINET_RETURN_IF_ERROR(Migrate(*db));
  KINET_ASSIGN_OR_RETURN(SchemaInfo after, ReadSchemaInfo(*db));
  fmt::print("Created the KINet database at {} (schema version {}).\n", db->display_name(),
             after.current_version);
  // The builtin indicator catalogue is seeded here (and kept in step by the
  // indicator and values commands), so `kinet indicator list` works at once.
  KINET_RETURN_IF_ERROR(IndicatorService(*db).SyncBuiltinCatalogue());
  if (opts.sample) {
    KINET_ASSIGN_OR_RETURN(SampleSummary loaded, LoadSample(*db, sample));
    const LoadSummary& s = loaded.network;
    fmt::print(
        "Loaded the sample network: {} countries, {} cities, {} member cities, {} organisations, "
        "{} users.\n",
        s.countries, s.cities, s.members, s.organisations, s.users);
    fmt::print("Loaded {} monitoring stations.\n", s.stations);
    fmt::print(
        "Loaded {} sample indicator values (China Statistical Yearbook, What a Waste 2.0).\n",
        loaded.values);
    fmt::print("Loaded {} sample targets (illustrative).\n", loaded.targets);
    fmt::print("Loaded {} sample best practices (real and illustrative, labelled).\n",
               loaded.practices);
    fmt::print("Loaded {} sample assistance programmes and {} requests (illustrative).\n",
               loaded.assistance.programmes, loaded.assistance.requests);
    fmt::print("Loaded the sample pilot call and {} pilot projects (illustrative).\n",
               loaded.pilots);
    fmt::print(
        "Loaded {} events (the Beijing seminar of 20 March 2001 and the meetings it "
        "announced).\n",
        loaded.events);
    LoadSampleMonitoring(*db, opts.sample_data);
  }
  return OkStatus();
}

}  // namespace

void RegisterInitCommand(CommandContext& ctx) {
  auto opts = std::make_shared<InitOptions>();
  CLI::App* sub = ctx.app.add_subcommand(
      "init", "Create a KINet database (empty, or holding the sample network with --sample)");
  sub->add_flag("--sample", opts->sample,
                "Load the sample network: cities, members, organisations and users");
  sub->add_option("--sample-data", opts->sample_data,
                  "With --sample: the folder of the sample monitoring data (default: "
                  "data/sample/monitoring beside the source tree or in the current directory)")
      ->type_name("DIR");
  GlobalOptions& global = ctx.global;
  ctx.runner.Bind(sub, [&global, opts] { return RunInit(global, *opts); });
}

}  // namespace kinet
