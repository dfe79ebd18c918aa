// `kinet serve`: the HTTP server of the API and the web app (DESIGN.md §7).
//
// cpp-httplib 0.11.4 (Debian's shared build) tuned as stack.md §1a found
// necessary: TCP_NODELAY on (otherwise every keep-alive request waits ~43 ms
// for Nagle and delayed ACK), a thread pool of `threads` workers (one worker
// holds one keep-alive connection, so the pool must exceed the number of
// concurrent keep-alive clients: browsers open up to 6 each), keep-alive
// of 1000 requests and 2 s idle, 10 s read/write timeouts, a 32 MiB body
// limit (uploads; JSON routes are held to 1 MiB by the dispatcher), and
// SO_REUSEADDR without SO_REUSEPORT so that a second server on a busy port
// fails instead of silently sharing it.
//
// The server holds no state of its own: sessions and rate-limit counters are
// in the database, so several servers can share one PostgreSQL.
//
// Typical use (what `kinet serve` and the end-to-end tests do):
//   ApiServer server(db, options, auth_options);
//   Result<int> port = server.Bind();          // port 0 picks a free one
//   std::thread t([&] { server.Run(); });      // serves until Stop()
//   ...
//   server.Stop(); t.join();                   // finishes in-flight requests
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "core/result.h"
#include "service/auth_service.h"
#include "store/database.h"

namespace kinet {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 = any free port (tests)
  int threads = 16;
  // The built web app (web/dist); "" or a missing folder = API only.
  std::string web_dir;
  int read_timeout_seconds = 10;
  int write_timeout_seconds = 10;
  int keep_alive_timeout_seconds = 2;
  std::size_t keep_alive_max_count = 1000;
  bool access_log = true;  // one line per request on stderr
  // Behind a reverse proxy (docs/operations.md): the client's address is the
  // last X-Forwarded-For entry (the one the proxy added), for the access log
  // and the login rate limit, and X-Forwarded-Proto: https makes session
  // cookies Secure. Off, both headers are ignored: any client can send them.
  bool trust_proxy = false;
  // Session cookies always carry Secure (a site served over HTTPS only).
  bool secure_cookies = false;
  // PDF reports (http/pdf_renderings.h): Chromium prints at once, how long a
  // request waits for a slot before 503, the Chromium binary ("" =
  // $KINET_CHROMIUM, else PATH).
  int max_pdf_renderings = 2;
  int pdf_wait_milliseconds = 5000;
  std::string chromium;
};

class ApiServer {
 public:
  // `db` must be migrated and outlive the server.
  ApiServer(Database& db, ServerOptions options, AuthOptions auth_options = {});
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // Binds the listening socket; returns the port. InvalidArgument for a bad
  // option (threads or max_pdf_renderings out of range); Unavailable when the address cannot be
  // bound.
  Result<int> Bind();
  // Serves until Stop(); call after Bind(). Returns OK after a Stop().
  Status Run();
  // Stops accepting connections; in-flight requests finish, then Run()
  // returns. Safe to call from another thread (a signal-waiting thread),
  // also before Run() has started listening or before it is called at all.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kinet
