// `kinet indicator list|show|add`: the indicator catalogue (docs/cli.md,
// docs/indicators.md). The builtin catalogue is synchronised first.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "core/file.h"
#include "service/indicator_service.h"

namespace kinet {
namespace {

struct IndicatorOptions {
  std::string theme;
  std::string format = "table";
  std::string code;
  std::string file;
  std::string actor;
};

std::string Range(const Indicator& i) {
  auto num = [](const std::optional<double>& v) { return v ? fmt::format("{}", *v) : "…"; };
  if (!i.valid_min && !i.valid_max) return "";
  return num(i.valid_min) + "–" + num(i.valid_max);
}

nlohmann::json ToJson(const Indicator& i) {
  nlohmann::json j = {{"code", i.code},
                      {"name_en", i.name_en},
                      {"name_zh", i.name_zh},
                      {"definition_en", i.definition_en},
                      {"definition_zh", i.definition_zh},
                      {"theme", ThemeCode(i.theme)},
                      {"unit", i.unit},
                      {"direction", DirectionCode(i.direction)},
                      {"valid_min", i.valid_min ? nlohmann::json(*i.valid_min) : nullptr},
                      {"valid_max", i.valid_max ? nlohmann::json(*i.valid_max) : nullptr},
                      {"computed_by", i.computed_by},
                      {"statistic", i.statistic},
                      {"pollutant", i.pollutant},
                      {"numerator", i.numerator},
                      {"denominator", i.denominator},
                      {"source", i.source},
                      {"iso37120", i.iso37120},
                      {"iso37120_confirmed", i.iso37120_confirmed},
                      {"sdg", i.sdg},
                      {"note", i.note},
                      {"builtin", i.builtin}};
  return j;
}

Result<std::unique_ptr<Database>> OpenSynced(const GlobalOptions& global) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  KINET_RETURN_IF_ERROR(IndicatorService(*db).SyncBuiltinCatalogue());
  return db;
}

Status RunList(const GlobalOptions& global, const IndicatorOptions& o) {
  std::optional<Theme> theme;
  if (!o.theme.empty()) {
    theme = ParseTheme(o.theme);
    if (!theme) {
      return InvalidArgument(
          fmt::format("--theme '{}' is not air, water, noise, waste, "
                      "green-space, energy or management",
                      o.theme));
    }
  }
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenSynced(global));
  KINET_ASSIGN_OR_RETURN(std::vector<Indicator> list, IndicatorService(*db).ListIndicators(theme));
  if (o.format == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const Indicator& i : list) arr.push_back(ToJson(i));
    fmt::print("{}\n", arr.dump(2));
    return OkStatus();
  }
  TextTable table({"CODE", "THEME", "UNIT", "BETTER", "DERIVED", "ISO 37120", "SDG", "NAME"});
  for (const Indicator& i : list) {
    std::string iso = i.iso37120.empty() ? "" : i.iso37120 + (i.iso37120_confirmed ? "" : "?");
    table.AddRow({i.code, std::string(ThemeCode(i.theme)), i.unit,
                  std::string(DirectionCode(i.direction)), i.computed_by, iso, i.sdg,
                  i.name_en + (i.builtin ? "" : " (custom)")});
  }
  fmt::print("{}", table.Render());
  fmt::print("{} indicators. '?' marks an ISO 37120 number standards.md §9.1 calls UNCONFIRMED.\n",
             list.size());
  return OkStatus();
}

Status RunShow(const GlobalOptions& global, const IndicatorOptions& o) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenSynced(global));
  KINET_ASSIGN_OR_RETURN(Indicator i, IndicatorService(*db).FindIndicator(o.code));
  if (o.format == "json") {
    fmt::print("{}\n", ToJson(i).dump(2));
    return OkStatus();
  }
  fmt::print("{}  {}\n", i.code, i.builtin ? "(builtin)" : "(custom)");
  fmt::print("  name         {}\n               {}\n", i.name_en, i.name_zh);
  fmt::print("  definition   {}\n", i.definition_en);
  if (!i.definition_zh.empty()) fmt::print("               {}\n", i.definition_zh);
  fmt::print("  theme        {}\n  unit         {}\n  better       {}\n", ThemeCode(i.theme),
             i.unit, DirectionCode(i.direction));
  if (std::string r = Range(i); !r.empty()) fmt::print("  valid range  {} {}\n", r, i.unit);
  if (i.computed_by == "air-engine") {
    fmt::print("  computed by  air engine: {} {}\n", i.pollutant, i.statistic);
  } else if (i.computed_by == "ratio") {
    fmt::print("  formula      {}\n               / {}\n", i.numerator, i.denominator);
  }
  if (!i.iso37120.empty()) {
    fmt::print("  ISO 37120    {}{}\n", i.iso37120,
               i.iso37120_confirmed ? "" : " (number UNCONFIRMED, standards.md §9.1)");
  }
  if (!i.sdg.empty()) fmt::print("  SDG          {}\n", i.sdg);
  fmt::print("  source       {}\n", i.source);
  if (!i.note.empty()) fmt::print("  note         {}\n", i.note);
  return OkStatus();
}

Status RunAdd(const GlobalOptions& global, const IndicatorOptions& o) {
  KINET_ASSIGN_OR_RETURN(std::string text, ReadFile(o.file));
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenSynced(global));
  const char* user = std::getenv("USER");
  const std::string actor =
      !o.actor.empty() ? o.actor : "cli:" + std::string(user != nullptr ? user : "unknown");
  KINET_ASSIGN_OR_RETURN(std::vector<Indicator> added,
                         IndicatorService(*db).AddIndicators(text, o.file, actor));
  for (const Indicator& i : added) fmt::print("Added {} ({}).\n", i.code, i.name_en);
  return OkStatus();
}

}  // namespace

void RegisterIndicatorCommand(CommandContext& ctx) {
  CLI::App* cmd = ctx.app.add_subcommand("indicator", "The indicator catalogue");
  cmd->require_subcommand(1);
  auto o = std::make_shared<IndicatorOptions>();
  GlobalOptions& global = ctx.global;

  CLI::App* list = cmd->add_subcommand("list", "List the indicators of the catalogue");
  list->add_option("--theme", o->theme,
                   "Only one theme: air, water, noise, waste, green-space, energy, management");
  list->add_option("--format", o->format, "table (default) or json")
      ->check(CLI::IsMember({"table", "json"}));
  ctx.runner.Bind(list, [&global, o] { return RunList(global, *o); });

  CLI::App* show = cmd->add_subcommand("show", "Show one indicator with its definition");
  show->add_option("CODE", o->code, "Indicator code, e.g. air.pm10.annual-mean")->required();
  show->add_option("--format", o->format, "table (default) or json")
      ->check(CLI::IsMember({"table", "json"}));
  ctx.runner.Bind(show, [&global, o] { return RunShow(global, *o); });

  CLI::App* add = cmd->add_subcommand(
      "add", "Add custom indicators from a TOML file in the catalogue layout (secretariat)");
  add->add_option("--file", o->file, "TOML file with [[indicator]] tables")->required();
  add->add_option("--actor", o->actor, "Who is recorded in the audit log (default cli:$USER)");
  ctx.runner.Bind(add, [&global, o] { return RunAdd(global, *o); });
}

}  // namespace kinet
