// `kinet notification list|read|read-all --user EMAIL`: the in-app
// notifications of a user, for operators (docs/cli.md "kinet notification";
// users read theirs in the web app, GET /api/v1/notifications).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "service/assistance_json.h"
#include "service/notification_service.h"

namespace kinet {
namespace {

struct Options {
  std::string user;
  bool unread = false;
  std::int64_t id = 0;
  std::string format = "table";
};

Status RunList(const GlobalOptions& global, const Options& opts) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  KINET_ASSIGN_OR_RETURN(NotificationPage page,
                         NotificationService(*db).List(Principal::Operator(OperatorName()),
                                                       opts.unread, 500, 0, opts.user));
  if (opts.format == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const Notification& n : page.items) arr.push_back(ToJson(n));
    fmt::print(
        "{}\n",
        nlohmann::json{{"items", arr}, {"total", page.total}, {"unread", page.unread}}.dump(2));
    return OkStatus();
  }
  TextTable t({"id", "at", "read", "kind", "message"});
  for (const Notification& n : page.items) {
    t.AddRow({std::to_string(n.id), n.at, n.read_at ? "yes" : "", n.kind, n.message});
  }
  fmt::print("{}{} notifications, {} unread\n", t.Render(), page.total, page.unread);
  return OkStatus();
}

Status RunRead(const GlobalOptions& global, const Options& opts) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  KINET_ASSIGN_OR_RETURN(
      Notification n,
      NotificationService(*db).MarkRead(Principal::Operator(OperatorName()), opts.id, opts.user));
  fmt::print("Notification {} read at {}\n", n.id, n.read_at.value_or(""));
  return OkStatus();
}

Status RunReadAll(const GlobalOptions& global, const Options& opts) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  KINET_ASSIGN_OR_RETURN(std::int64_t n, NotificationService(*db).MarkAllRead(
                                             Principal::Operator(OperatorName()), opts.user));
  fmt::print("Marked {} notifications of {} read\n", n, opts.user);
  return OkStatus();
}

}  // namespace

void RegisterNotificationCommand(CommandContext& ctx) {
  CLI::App* cmd = ctx.app.add_subcommand("notification", "A user's in-app notifications");
  cmd->require_subcommand(1);
  GlobalOptions& global = ctx.global;

  auto list = std::make_shared<Options>();
  CLI::App* l = cmd->add_subcommand("list", "List a user's notifications, newest first");
  l->add_option("--user", list->user, "The user's e-mail")->required();
  l->add_flag("--unread", list->unread, "Unread ones only");
  l->add_option("--format", list->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  ctx.runner.Bind(l, [&global, list] { return RunList(global, *list); });

  auto read = std::make_shared<Options>();
  CLI::App* r = cmd->add_subcommand("read", "Mark one notification read");
  r->add_option("ID", read->id, "Notification id")->required();
  r->add_option("--user", read->user, "The user's e-mail")->required();
  ctx.runner.Bind(r, [&global, read] { return RunRead(global, *read); });

  auto all = std::make_shared<Options>();
  CLI::App* a = cmd->add_subcommand("read-all", "Mark all of a user's notifications read");
  a->add_option("--user", all->user, "The user's e-mail")->required();
  ctx.runner.Bind(a, [&global, all] { return RunReadAll(global, *all); });
}

}  // namespace kinet
