#include "http/server.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <httplib.h>

#include "http/api.h"
#include "http/http_status.h"
#include "http/pdf_renderings.h"
#include "http/static_files.h"

namespace kinet {
namespace {

constexpr std::string_view kSessionCookie = "kinet_session";

// Per-request facts for the access log: httplib calls the pre-routing
// handler, the route handler and the logger on the same worker thread.
thread_local std::chrono::steady_clock::time_point tl_start;
thread_local std::string tl_user;
thread_local std::size_t tl_streamed_bytes = 0;  // body bytes a content provider wrote

void WriteError(httplib::Response& res, const Status& status) {
  res.status = HttpStatusFor(status);
  res.set_content(ErrorJson(status).dump(), "application/json; charset=utf-8");
}

std::string CookieValue(const httplib::Request& req, std::string_view name) {
  std::string_view header;
  std::string all = req.get_header_value("Cookie");
  header = all;
  while (!header.empty()) {
    std::size_t semi = header.find(';');
    std::string_view part = header.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.substr(0, name.size()) == name &&
        part[name.size()] == '=') {
      return std::string(part.substr(name.size() + 1));
    }
    if (semi == std::string_view::npos) break;
    header.remove_prefix(semi + 1);
  }
  return "";
}

// Compares in time independent of where the strings differ.
bool SameSecret(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a.empty()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

bool ChangesState(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

// "/api/v1/cities/{code}" → "/api/v1/cities/([^/]+)", names = {"code"};
// a '.' becomes a literal dot ("openapi.json").
std::string PathRegex(std::string_view path, std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '{') {
      std::size_t close = path.find('}', i);
      names.emplace_back(path.substr(i + 1, close - i - 1));
      out.append("([^/]+)");
      i = close;
    } else if (path[i] == '.') {
      out.append("\\.");
    } else {
      out.push_back(path[i]);
    }
  }
  return out;
}

// The last value of header `name` (a proxy appends its own), "" when absent.
std::string LastHeaderValue(const httplib::Request& req, const std::string& name) {
  const std::size_t n = req.get_header_value_count(name);
  return n == 0 ? "" : req.get_header_value(name, n - 1);
}

std::string Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// The client's address: the peer, or behind a trusted proxy the last entry
// of X-Forwarded-For -- the address the proxy itself saw. Earlier entries
// come from the client and prove nothing.
std::string ClientAddress(const httplib::Request& req, bool trust_proxy) {
  if (trust_proxy) {
    const std::string forwarded = LastHeaderValue(req, "X-Forwarded-For");
    const std::size_t comma = forwarded.rfind(',');
    std::string last =
        Trimmed(comma == std::string::npos ? forwarded : forwarded.substr(comma + 1));
    if (!last.empty()) return last;
  }
  return req.remote_addr;
}

// True when the client reached us over HTTPS, as a trusted proxy says.
bool ForwardedHttps(const httplib::Request& req) {
  std::string proto = Trimmed(LastHeaderValue(req, "X-Forwarded-Proto"));
  for (char& c : proto) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return proto == "https";
}

// Makes a streamed response count the body bytes it really writes (for the
// access log: res.body is empty when a content provider writes the body).
void CountStreamedBytes(httplib::Response& res) {
  if (!res.content_provider_) return;
  res.content_provider_ = [inner = std::move(res.content_provider_)](
                              std::size_t offset, std::size_t length, httplib::DataSink& sink) {
    httplib::DataSink counted;
    counted.write = [&sink](const char* data, std::size_t size) {
      const bool ok = sink.write(data, size);
      if (ok) tl_streamed_bytes += size;
      return ok;
    };
    if (sink.done) counted.done = [&sink] { sink.done(); };
    if (sink.is_writable) counted.is_writable = [&sink] { return sink.is_writable(); };
    return inner(offset, length, counted);
  };
}

std::string UtcNowForLog() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

struct ApiServer::Impl {
  Impl(Database& db, ServerOptions opts, AuthOptions auth_options)
      : options(std::move(opts)),
        services(db, std::move(auth_options)),
        pdf(PdfRenderingOptions{
            .max_concurrent = options.max_pdf_renderings,
            .max_wait = std::chrono::milliseconds(options.pdf_wait_milliseconds),
            .printer = {.chromium = options.chromium},
        }) {}

  // Authentication, CSRF and the body limit, before the handler runs.
  Status Prepare(const Route& route, Call& call) {
    const std::size_t limit = route.body == BodyKind::kUpload ? kUploadBodyLimit : kJsonBodyLimit;
    if (call.req.body.size() > limit) {
      return Status(StatusCode::kResourceExhausted,
                    fmt::format("the request body is larger than {} MiB", limit >> 20), "body");
    }
    if (route.path == "/api/v1/auth/login") return OkStatus();  // no session yet
    std::string authorization = call.req.get_header_value("Authorization");
    if (authorization.starts_with("Bearer ")) {
      KINET_ASSIGN_OR_RETURN(Authenticated who,
                             services.auth.AuthenticateApiToken(authorization.substr(7)));
      call.principal = who.principal;
      call.signed_in = std::move(who);
      return OkStatus();  // a script's header, not a browser's cookie: no CSRF
    }
    std::string token = CookieValue(call.req, kSessionCookie);
    if (token.empty()) return OkStatus();  // the anonymous public
    KINET_ASSIGN_OR_RETURN(Authenticated who, services.auth.AuthenticateSession(token));
    call.principal = who.principal;
    call.session_token = token;
    if (ChangesState(route.method) &&
        !SameSecret(call.req.get_header_value("X-CSRF-Token"), who.csrf_token)) {
      return Status(StatusCode::kPermissionDenied,
                    "missing or wrong X-CSRF-Token header (GET /api/v1/auth/me gives it)",
                    "X-CSRF-Token");
    }
    call.signed_in = std::move(who);
    return OkStatus();
  }

  // The one catch point of a request.
  void Dispatch(const Route& route, const std::vector<std::string>& names,
                const httplib::Request& req, httplib::Response& res) {
    const bool secure = options.secure_cookies || (options.trust_proxy && ForwardedHttps(req));
    Call call{req,
              res,
              services,
              Principal::Anonymous(),
              std::nullopt,
              "",
              {},
              /*client_address=*/ClientAddress(req, options.trust_proxy),
              /*secure_cookies=*/secure,
              /*pdf=*/&pdf};
    for (std::size_t i = 0; i < names.size() && i + 1 < req.matches.size(); ++i) {
      call.path[names[i]] = req.matches[i + 1].str();
    }
    Status status;
    try {
      status = Prepare(route, call);
      if (status.ok()) status = route.handler(call);
    } catch (const std::exception& e) {
      status = Internal(fmt::format("exception: {}", e.what()));
    } catch (...) {
      status = Internal("an exception that is not a std::exception");
    }
    if (call.principal.signed_in()) tl_user = call.principal.actor();
    if (status.ok()) return;
    if (status.code() == StatusCode::kInternal) {
      std::fprintf(stderr, "%s ERROR %s %s: %s\n", UtcNowForLog().c_str(), req.method.c_str(),
                   req.path.c_str(), status.message().c_str());
    }
    WriteError(res, status);
    if (status.code() == StatusCode::kUnauthenticated &&
        !CookieValue(req, kSessionCookie).empty()) {
      // A stale cookie: drop it so the next request is simply anonymous.
      res.set_header("Set-Cookie", call.SessionCookie("", 0));
    }
  }

  void RegisterRoutes() {
    for (const Route& route : ApiRoutes()) {
      auto names = std::make_shared<std::vector<std::string>>();
      std::string regex = PathRegex(route.path, *names);
      httplib::Server::Handler h = [this, &route, names](const httplib::Request& req,
                                                         httplib::Response& res) {
        Dispatch(route, *names, req, res);
      };
      if (route.method == "GET") {
        server.Get(regex, h);
      } else if (route.method == "POST") {
        server.Post(regex, h);
      } else if (route.method == "PUT") {
        server.Put(regex, h);
      } else if (route.method == "DELETE") {
        server.Delete(regex, h);
      }
    }
    // Anything else under /api/ is an unknown route.
    httplib::Server::Handler unknown = [](const httplib::Request& req, httplib::Response& res) {
      WriteError(res, NotFound(fmt::format("no route {} {}", req.method, req.path)));
    };
    server.Post("/api/.*", unknown);
    server.Put("/api/.*", unknown);
    server.Delete("/api/.*", unknown);
    server.Patch("/api/.*", unknown);
    // GET: the API's unknown routes, then the web app with its SPA fallback
    // (client-side routes such as /cities/beijing get index.html).
    server.Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
      if (req.path.starts_with("/api/")) {
        WriteError(res, NotFound(fmt::format("no route {} {}", req.method, req.path)));
        return;
      }
      if (static_files != nullptr && static_files->Serve(req, res)) return;
      res.status = 404;
      res.set_content(
          "The web app is not built here; the API is at /api/v1/ "
          "(docs/api.md).\n",
          "text/plain; charset=utf-8");
    });
  }

  void Configure() {
    const int threads = options.threads;
    server.new_task_queue = [threads] {
      return new httplib::ThreadPool(static_cast<std::size_t>(threads));
    };
    server.set_tcp_nodelay(true);
    server.set_socket_options([](socket_t sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    server.set_keep_alive_max_count(options.keep_alive_max_count);
    server.set_keep_alive_timeout(options.keep_alive_timeout_seconds);
    server.set_read_timeout(options.read_timeout_seconds, 0);
    server.set_write_timeout(options.write_timeout_seconds, 0);
    server.set_payload_max_length(kUploadBodyLimit);
    server.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
      tl_start = std::chrono::steady_clock::now();
      tl_user.clear();  // "-" in the log
      tl_streamed_bytes = 0;
      return httplib::Server::HandlerResponse::Unhandled;
    });
    server.set_post_routing_handler(
        [](const httplib::Request&, httplib::Response& res) { CountStreamedBytes(res); });
    // httplib's own refusals (413 body too large, 400 malformed request ...)
    // get the API's error body on API paths.
    server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty() || !req.path.starts_with("/api/")) return;
      StatusCode code = res.status == 413   ? StatusCode::kResourceExhausted
                        : res.status == 404 ? StatusCode::kNotFound
                                            : StatusCode::kInvalidArgument;
      Status status(code, fmt::format("the server refused the request (HTTP {})", res.status),
                    res.status == 413 ? "body" : "");
      res.set_content(ErrorJson(status).dump(), "application/json; charset=utf-8");
    });
    if (options.access_log) {
      // time method path status bytes duration user client (docs/operations.md
      // "Logs"; the client last, so that the older seven fields keep their places)
      server.set_logger([trust_proxy = options.trust_proxy](const httplib::Request& req,
                                                            const httplib::Response& res) {
        double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - tl_start)
                .count();
        const std::size_t bytes = res.content_provider_ ? tl_streamed_bytes : res.body.size();
        std::fprintf(stderr, "%s %s %s %d %zu %.1fms %s %s\n", UtcNowForLog().c_str(),
                     req.method.c_str(), req.path.c_str(), res.status, bytes, ms,
                     tl_user.empty() ? "-" : tl_user.c_str(),
                     ClientAddress(req, trust_proxy).c_str());
      });
    }
    if (!options.web_dir.empty() && std::filesystem::is_directory(options.web_dir)) {
      // Not httplib's mount point: it compressed every file on every request.
      static_files = std::make_unique<StaticFiles>(options.web_dir);
    }
    RegisterRoutes();
  }

  ServerOptions options;
  ApiServices services;
  PdfRenderings pdf;  // the PDF printing slots and cache
  httplib::Server server;
  std::unique_ptr<StaticFiles> static_files;  // the web app, when there is one
  std::atomic<bool> stopped{false};
  std::atomic<bool> entered{false};   // Run() was called
  std::atomic<bool> returned{false};  // Run() has returned
};

ApiServer::ApiServer(Database& db, ServerOptions options, AuthOptions auth_options)
    : impl_(std::make_unique<Impl>(db, std::move(options), std::move(auth_options))) {}

ApiServer::~ApiServer() = default;

Result<int> ApiServer::Bind() {
  const ServerOptions& o = impl_->options;
  if (o.threads < 1 || o.threads > 1024) {
    return InvalidArgument("--threads must be from 1 to 1024", "threads");
  }
  if (o.max_pdf_renderings < 1 || o.max_pdf_renderings > 64) {
    return InvalidArgument("--max-pdf-renderings must be from 1 to 64", "max_pdf_renderings");
  }
  // The builtin indicator catalogue of this binary (cheap when unchanged).
  KINET_RETURN_IF_ERROR(impl_->services.indicators.SyncBuiltinCatalogue());
  impl_->Configure();
  int port = o.port;
  if (port == 0) {
    port = impl_->server.bind_to_any_port(o.host);
    if (port < 0) return Unavailable(fmt::format("cannot listen on {}", o.host));
  } else if (!impl_->server.bind_to_port(o.host, port)) {
    return Unavailable(
        fmt::format("cannot listen on {}:{} (address in use, or not local)", o.host, port));
  }
  return port;
}

Status ApiServer::Run() {
  // With Stop(): either Run sees `stopped` here, or Stop sees `entered` and
  // waits until the server listens before it stops it (cpp-httplib's stop()
  // does nothing to a server that is not listening yet).
  impl_->entered = true;
  bool ok = impl_->stopped || impl_->server.listen_after_bind();
  impl_->returned = true;
  if (!ok && !impl_->stopped) return Unavailable("the server stopped listening unexpectedly");
  return OkStatus();
}

void ApiServer::Stop() {
  impl_->stopped = true;
  if (impl_->entered) {
    while (!impl_->server.is_running() && !impl_->returned) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  impl_->server.stop();
}

}  // namespace kinet
