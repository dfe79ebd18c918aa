// `kinet programme list|show|add`: agencies' assistance programmes
// (docs/cli.md "kinet programme", docs/assistance.md).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "core/file.h"
#include "service/assistance_json.h"

namespace kinet {
namespace {

std::string Money(const std::optional<double>& v) {
  return v ? fmt::format("{:.0f}", *v) : std::string("-");
}

std::string Join(const std::vector<std::string>& list, std::string_view empty = "any") {
  if (list.empty()) return std::string(empty);
  std::string out;
  for (const std::string& s : list) out += (out.empty() ? "" : ";") + s;
  return out;
}

std::string Types(const Programme& p) {
  std::vector<std::string> codes;
  for (AssistanceType t : p.types) codes.emplace_back(AssistanceTypeCode(t));
  return Join(codes);
}

struct ListOptions {
  std::string agency;
  std::string type;
  std::string theme;
  std::string format = "table";
};

Status RunList(const GlobalOptions& global, const ListOptions& opts) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  ProgrammeFilter f;
  if (!opts.agency.empty()) f.agency_code = opts.agency;
  if (!opts.type.empty()) {
    f.type = ParseAssistanceType(opts.type);
    if (!f.type) return InvalidArgument(fmt::format("unknown --type '{}'", opts.type), "type");
  }
  if (!opts.theme.empty()) f.theme = opts.theme;
  KINET_ASSIGN_OR_RETURN(std::vector<Programme> all, AssistanceService(*db).ListProgrammes(f));
  if (opts.format == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const Programme& p : all) arr.push_back(ToJson(p));
    fmt::print("{}\n", arr.dump(2));
    return OkStatus();
  }
  TextTable table(
      {"code", "agency", "types", "themes", "countries", "sizes", "budget USD", "open", "data"});
  for (const Programme& p : all) {
    table.AddRow({p.code, p.agency_code, Types(p), Join(p.themes), Join(p.countries),
                  Join(p.size_classes),
                  fmt::format("{}..{}", Money(p.budget_min), Money(p.budget_max)),
                  fmt::format("{}..{}", p.open_from, p.open_until),
                  std::string(DataStatusCode(p.data_status))});
  }
  fmt::print("{}{} programmes\n", table.Render(), all.size());
  return OkStatus();
}

struct ShowOptions {
  std::string code;
  std::string format = "table";
};

Status RunShow(const GlobalOptions& global, const ShowOptions& opts) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  KINET_ASSIGN_OR_RETURN(Programme p, AssistanceService(*db).FindProgramme(opts.code));
  if (opts.format == "json") {
    fmt::print("{}\n", ToJson(p).dump(2));
    return OkStatus();
  }
  fmt::print("{}  {}\n", p.code, p.title);
  fmt::print("Agency:      {} ({})\n", p.agency_name, p.agency_code);
  fmt::print("Types:       {}\n", Types(p));
  fmt::print("Themes:      {}\n", Join(p.themes));
  fmt::print("Countries:   {}\n", Join(p.countries));
  fmt::print("Size classes:{}\n", " " + Join(p.size_classes));
  fmt::print("Budget:      {} .. {} USD\n", Money(p.budget_min), Money(p.budget_max));
  fmt::print("Open:        {} .. {}\n", p.open_from.empty() ? "-" : p.open_from,
             p.open_until.empty() ? "-" : p.open_until);
  if (!p.description.empty()) fmt::print("\n{}\n", p.description);
  fmt::print("\nData: {}{}\n", DataStatusCode(p.data_status), p.note.empty() ? "" : ". " + p.note);
  return OkStatus();
}

struct AddOptions {
  std::string file;  // a ProgrammeInput JSON file (docs/api.md)
};

Status RunAdd(const GlobalOptions& global, const AddOptions& opts) {
  KINET_ASSIGN_OR_RETURN(std::string text, ReadFile(opts.file));
  nlohmann::json body = nlohmann::json::parse(text, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return InvalidArgument(fmt::format("{}: not a JSON object", opts.file), "file");
  }
  KINET_ASSIGN_OR_RETURN(Programme p, ProgrammeFromJson(body));
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  AssistanceService service(*db);
  const Principal op = Principal::Operator(OperatorName());
  Result<Programme> existing = service.FindProgramme(p.code);
  Result<Programme> stored =
      existing.ok() ? service.UpdateProgramme(op, p) : service.CreateProgramme(op, p);
  KINET_RETURN_IF_ERROR(stored.status());
  fmt::print("{} programme {} of {}\n", existing.ok() ? "Updated" : "Added", stored->code,
             stored->agency_code);
  return OkStatus();
}

}  // namespace

void RegisterProgrammeCommand(CommandContext& ctx) {
  CLI::App* cmd = ctx.app.add_subcommand("programme", "Agencies' assistance programmes");
  cmd->require_subcommand(1);
  GlobalOptions& global = ctx.global;

  auto list = std::make_shared<ListOptions>();
  CLI::App* l = cmd->add_subcommand("list", "List programmes");
  l->add_option("--agency", list->agency, "Organisation code of the agency");
  l->add_option("--type", list->type, "Assistance type (expert-support, finance, ...)");
  l->add_option("--theme", list->theme, "Theme (air, water, waste, ...)");
  l->add_option("--format", list->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  ctx.runner.Bind(l, [&global, list] { return RunList(global, *list); });

  auto show = std::make_shared<ShowOptions>();
  CLI::App* s = cmd->add_subcommand("show", "Show one programme");
  s->add_option("CODE", show->code, "Programme code")->required();
  s->add_option("--format", show->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  ctx.runner.Bind(s, [&global, show] { return RunShow(global, *show); });

  auto add = std::make_shared<AddOptions>();
  CLI::App* a = cmd->add_subcommand(
      "add", "Add a programme, or replace the one with the same code, from a JSON file");
  a->add_option("FILE", add->file, "ProgrammeInput JSON (docs/api.md)")->required();
  ctx.runner.Bind(a, [&global, add] { return RunAdd(global, *add); });
}

}  // namespace kinet
