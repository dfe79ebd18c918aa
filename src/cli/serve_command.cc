// `kinet serve`: runs the HTTP API and the web app (src/http/server.h).
//
//   kinet serve [--db URL] [--listen ADDR:PORT] [--threads N] [--web DIR] [--print-admin]
//               [--max-pdf-renderings N] [--chromium PATH] [--trust-proxy] [--secure-cookies]
//
// Prints "KINet is serving http://ADDR:PORT/ (database ...)" once listening.
// SIGTERM and SIGINT stop it gracefully: no new connections, in-flight
// requests finish, exit code 0. The signals are blocked in every thread and
// taken by sigwait() in the main thread, so no handler runs in signal context.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "cli/command.h"
#include "cli/output.h"
#include "http/server.h"
#include "service/auth_service.h"

namespace kinet {
namespace {

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  int threads = 16;
  std::string web_dir;
  bool print_admin = false;
  int max_pdf_renderings = 2;
  std::string chromium;
  bool trust_proxy = false;
  bool secure_cookies = false;
};

Result<std::pair<std::string, int>> ParseListen(std::string_view text) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return InvalidArgument(fmt::format("--listen '{}' must be ADDR:PORT", text), "listen");
  }
  std::string host(text.substr(0, colon));
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  int port = 0;
  std::string_view digits = text.substr(colon + 1);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (ec != std::errc() || end != digits.data() + digits.size() || port < 0 || port > 65535) {
    return InvalidArgument(fmt::format("--listen '{}': the port must be 0..65535", text), "listen");
  }
  return std::make_pair(host, port);
}

// The built web app: --web, else <binary dir>/../../../web/dist (a build
// tree inside the checkout), else ./web/dist; "" when none exists.
std::string FindWebDir(const std::string& given) {
  namespace fs = std::filesystem;
  if (!given.empty()) return given;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  std::vector<fs::path> candidates;
  if (!ec) candidates.push_back(exe.parent_path() / ".." / ".." / ".." / "web" / "dist");
  candidates.emplace_back("web/dist");
  for (const fs::path& p : candidates) {
    if (fs::is_regular_file(p / "index.html", ec)) return fs::weakly_canonical(p, ec).string();
  }
  return "";
}

Status RunServe(const GlobalOptions& global, const ServeOptions& opts) {
  KINET_ASSIGN_OR_RETURN(auto listen, ParseListen(opts.listen));
  // Every request may hold a connection; a few more than the workers lets
  // the sign-in path (which also writes) not wait behind readers.
  DatabaseOptions db_options;
  db_options.max_connections = std::max(4, std::min(opts.threads + 2, 64));
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  db.reset();  // OpenForCommand checked and migrated; reopen with the server's pool size
  KINET_ASSIGN_OR_RETURN(db, OpenDatabase(global.db_url, db_options));

  if (opts.print_admin) {
    AuthService auth(*db);
    KINET_ASSIGN_OR_RETURN(
        std::optional<FirstAdmin> admin,
        auth.EnsureFirstAdmin(Principal::Operator(OperatorName()), "admin@kinet.local"));
    if (admin) {
      fmt::print(
          "First administrator: {}  password: {}\n"
          "(shown once; change it with `kinet user passwd --email {}`)\n",
          admin->email, admin->password, admin->email);
    } else {
      fmt::print("A secretariat user can already sign in; no password was changed.\n");
    }
  }

  // Block the stop signals before any thread starts, so that they all
  // inherit the mask and only sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  ServerOptions options;
  options.host = listen.first;
  options.port = listen.second;
  options.threads = opts.threads;
  options.web_dir = FindWebDir(opts.web_dir);
  options.max_pdf_renderings = opts.max_pdf_renderings;
  options.chromium = opts.chromium;
  options.trust_proxy = opts.trust_proxy;
  options.secure_cookies = opts.secure_cookies;
  ApiServer server(*db, options);
  KINET_ASSIGN_OR_RETURN(int port, server.Bind());
  fmt::print("KINet is serving http://{}:{}/ (database {}{})\n", listen.first, port,
             db->display_name(), options.web_dir.empty() ? ", no web app found" : "");
  std::fflush(stdout);

  Status run_status;
  std::thread serving([&] {
    run_status = server.Run();
    // If the server ends on its own, wake the main thread.
    if (!run_status.ok()) kill(getpid(), SIGTERM);
  });
  int signal = 0;
  sigwait(&stop_signals, &signal);
  std::fprintf(stderr, "kinet serve: %s received, finishing requests in flight\n",
               signal == SIGINT ? "SIGINT" : "SIGTERM");
  server.Stop();
  serving.join();
  return run_status;
}

}  // namespace

void RegisterServeCommand(CommandContext& ctx) {
  auto opts = std::make_shared<ServeOptions>();
  CLI::App* serve =
      ctx.app.add_subcommand("serve", "Serve the HTTP API (/api/v1, docs/api.md) and the web app");
  serve
      ->add_option("--listen", opts->listen,
                   "Address and port (default 127.0.0.1:8080; port 0 picks one)")
      ->type_name("ADDR:PORT");
  serve->add_option("--threads", opts->threads, "Worker threads (default 16)")
      ->check(CLI::Range(1, 1024));
  serve->add_option("--web", opts->web_dir, "The built web app (default: web/dist of the checkout)")
      ->type_name("DIR");
  serve->add_flag("--print-admin", opts->print_admin,
                  "When no secretariat user has a password, give one a random password and "
                  "print it (creates admin@kinet.local when there is none)");
  serve
      ->add_option("--max-pdf-renderings", opts->max_pdf_renderings,
                   "PDF reports printed at once (default 2: each is a headless Chromium using "
                   "about one core for 1-3 s; more requests wait up to 5 s, then get 503 with "
                   "Retry-After)")
      ->check(CLI::Range(1, 64));
  serve
      ->add_option("--chromium", opts->chromium,
                   "Chromium binary for PDF reports (default $KINET_CHROMIUM, else chromium on "
                   "PATH)")
      ->type_name("PATH");
  serve->add_flag("--trust-proxy", opts->trust_proxy,
                  "Behind a reverse proxy: the client address is the last X-Forwarded-For "
                  "entry (access log, login rate limit) and X-Forwarded-Proto: https makes the "
                  "session cookie Secure. Only when every request comes through the proxy");
  serve->add_flag("--secure-cookies", opts->secure_cookies,
                  "Always mark the session cookie Secure (the site is served over HTTPS only)");
  GlobalOptions& global = ctx.global;
  ctx.runner.Bind(serve, [&global, opts] { return RunServe(global, *opts); });
}

}  // namespace kinet
