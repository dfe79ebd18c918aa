// `kinet member list|show`: member cities of the network and their
// participation (modalities, benefits and obligations accepted).
#include <fmt/format.h>

#include "cli/city_json.h"
#include "cli/command.h"
#include "cli/output.h"

namespace kinet {
namespace {

struct ListOptions {
  std::string status;
  std::string format = "table";
};

Status RunList(const GlobalOptions& global, const ListOptions& opts) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  std::optional<MemberStatus> status;
  if (!opts.status.empty()) {
    status = ParseMemberStatus(opts.status);
    if (!status)
      return InvalidArgument("--status must be active, suspended or withdrawn", "status");
  }
  KINET_ASSIGN_OR_RETURN(std::vector<CityProfile> members, NetworkService(*db).ListMembers(status));
  if (opts.format == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const CityProfile& p : members) arr.push_back(CityProfileJson(p));
    fmt::print("{}\n", arr.dump(2));
    return OkStatus();
  }
  TextTable table({"city", "country", "name", "local name", "joined", "status", "modalities"});
  for (const CityProfile& p : members) {
    const Member& m = *p.membership;
    std::string modalities;
    for (Modality mod : m.modalities) {
      modalities += (modalities.empty() ? "" : ",") + std::string(ModalityCode(mod));
    }
    table.AddRow({p.city.code, p.country.code, p.city.name_en, p.city.name_local,
                  FormatDate(m.joined), std::string(MemberStatusCode(m.status)), modalities});
  }
  fmt::print("{}{} member cities\n", table.Render(), members.size());
  return OkStatus();
}

struct ShowOptions {
  std::string city;
  std::string format = "text";
};

Status RunShow(const GlobalOptions& global, const ShowOptions& opts) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  KINET_ASSIGN_OR_RETURN(CityProfile p, NetworkService(*db).FindMember(opts.city));
  if (opts.format == "json") {
    fmt::print("{}\n", CityProfileJson(p).dump(2));
  } else {
    fmt::print("{}", CityProfileText(p));
  }
  return OkStatus();
}

}  // namespace

void RegisterMemberCommand(CommandContext& ctx) {
  CLI::App* member = ctx.app.add_subcommand("member", "Member cities of the network");
  member->require_subcommand(1);
  GlobalOptions& global = ctx.global;

  auto list = std::make_shared<ListOptions>();
  CLI::App* ls = member->add_subcommand("list", "List member cities");
  ls->add_option("--status", list->status, "Only members with this status")
      ->check(CLI::IsMember({"active", "suspended", "withdrawn"}));
  ls->add_option("--format", list->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  ctx.runner.Bind(ls, [&global, list] { return RunList(global, *list); });

  auto show = std::make_shared<ShowOptions>();
  CLI::App* sh = member->add_subcommand("show", "Show a member city and its participation");
  sh->add_option("CITY", show->city, "City code, English name or local name")->required();
  sh->add_option("--format", show->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  ctx.runner.Bind(sh, [&global, show] { return RunShow(global, *show); });
}

}  // namespace kinet
