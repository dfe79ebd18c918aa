// `kinet user add|list|passwd|token`: accounts from the console. The operator
// who can open the database acts with every right (Principal::Operator) and
// is named "cli:<login>" in the audit log. Passwords are read from stdin,
// never from the command line (which other users can see in `ps`).
#include <iostream>

#include <fmt/format.h>

#include "cli/command.h"
#include "cli/output.h"
#include "service/auth_service.h"

namespace kinet {
namespace {

// The first line of stdin without its line ending.
Result<std::string> ReadPasswordLine() {
  std::string line;
  if (!std::getline(std::cin, line)) {
    return InvalidArgument("no password on stdin (e.g. `printf '%s\\n' \"$PW\" | kinet user ...`)",
                           "password");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

Principal Me() { return Principal::Operator(OperatorName()); }

struct AddOptions {
  NewUser user;
  bool password_stdin = false;
};

Status RunAdd(const GlobalOptions& global, AddOptions opts) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  if (opts.user.name.empty()) opts.user.name = opts.user.email.substr(0, opts.user.email.find('@'));
  if (opts.password_stdin) {
    KINET_ASSIGN_OR_RETURN(opts.user.password, ReadPasswordLine());
  }
  KINET_ASSIGN_OR_RETURN(User user, AuthService(*db).CreateUser(Me(), opts.user));
  fmt::print("Added {} ({}{}){}.\n", user.email, RoleCode(user.role),
             user.scope.empty() ? "" : " of " + user.scope,
             user.password_hash.empty() ? "; no password yet: `kinet user passwd`" : "");
  return OkStatus();
}

Status RunList(const GlobalOptions& global) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  KINET_ASSIGN_OR_RETURN(std::vector<User> users, AuthService(*db).ListUsers(Me()));
  TextTable table({"email", "name", "role", "scope", "organisation", "can sign in"});
  for (const User& u : users) {
    table.AddRow({u.email, u.name, std::string(RoleCode(u.role)), u.scope, u.organisation_code,
                  u.password_hash.empty() ? "no" : "yes"});
  }
  fmt::print("{}{} users\n", table.Render(), users.size());
  return OkStatus();
}

Status RunPasswd(const GlobalOptions& global, const std::string& email) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  KINET_ASSIGN_OR_RETURN(std::string password, ReadPasswordLine());
  KINET_RETURN_IF_ERROR(AuthService(*db).SetPassword(Me(), email, password));
  fmt::print("Password of {} changed; its sessions have ended.\n", email);
  return OkStatus();
}

struct TokenOptions {
  std::string email;
  std::string name = "default";
  std::string revoke;
};

Status RunToken(const GlobalOptions& global, const TokenOptions& opts) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  AuthService auth(*db);
  if (!opts.revoke.empty()) {
    KINET_RETURN_IF_ERROR(auth.RevokeApiToken(Me(), opts.email, opts.revoke));
    fmt::print("Revoked the API token '{}' of {}.\n", opts.revoke, opts.email);
    return OkStatus();
  }
  KINET_ASSIGN_OR_RETURN(std::string token, auth.CreateApiToken(Me(), opts.email, opts.name));
  // The token alone on stdout, so that scripts can capture it; it is shown once.
  fmt::print("{}\n", token);
  std::fflush(stdout);
  fmt::print(stderr,
             "API token '{}' for {}: send it as `Authorization: Bearer <token>`. It is shown "
             "only now; revoke it with `kinet user token --email {} --revoke {}`.\n",
             opts.name, opts.email, opts.email, opts.name);
  return OkStatus();
}

}  // namespace

void RegisterUserCommand(CommandContext& ctx) {
  CLI::App* user = ctx.app.add_subcommand("user", "Accounts: add, list, passwords, API tokens");
  user->require_subcommand(1);
  GlobalOptions& global = ctx.global;

  auto add = std::make_shared<AddOptions>();
  CLI::App* ad = user->add_subcommand("add", "Create a user");
  ad->add_option("--email", add->user.email, "E-mail address (the sign-in name)")->required();
  ad->add_option("--name", add->user.name, "Display name (default: the e-mail's local part)");
  ad->add_option("--role", add->user.role,
                 "secretariat, national-coordinator, city-officer, agency-officer, expert or "
                 "public")
      ->required();
  ad->add_option("--scope", add->user.scope,
                 "Country code (national-coordinator), city code (city-officer) or organisation "
                 "code (agency-officer)");
  ad->add_option("--organisation", add->user.organisation_code, "Organisation code");
  ad->add_flag("--password-stdin", add->password_stdin,
               "Read the password from the first line of stdin");
  ctx.runner.Bind(ad, [&global, add] { return RunAdd(global, *add); });

  CLI::App* ls = user->add_subcommand("list", "List users");
  ctx.runner.Bind(ls, [&global] { return RunList(global); });

  auto email = std::make_shared<std::string>();
  CLI::App* pw = user->add_subcommand(
      "passwd", "Set a user's password from the first line of stdin (ends their sessions)");
  pw->add_option("--email", *email, "The user's e-mail")->required();
  ctx.runner.Bind(pw, [&global, email] { return RunPasswd(global, *email); });

  auto token = std::make_shared<TokenOptions>();
  CLI::App* tk =
      user->add_subcommand("token", "Print a new API token for a user (shown once), or revoke one");
  tk->add_option("--email", token->email, "The user's e-mail")->required();
  tk->add_option("--name", token->name, "A name for the token (default 'default')");
  tk->add_option("--revoke", token->revoke, "Revoke the user's tokens with this name instead");
  ctx.runner.Bind(tk, [&global, token] { return RunToken(global, *token); });
}

}  // namespace kinet
