#include "report/pdf_printer.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "core/file.h"

extern char** environ;

namespace kinet {
namespace {

namespace fs = std::filesystem;

bool IsExecutable(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec) && access(p.c_str(), X_OK) == 0;
}

std::string OnPath(const std::string& name) {
  if (name.find('/') != std::string::npos) return IsExecutable(name) ? name : "";
  const char* path = std::getenv("PATH");
  std::string_view rest = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  while (!rest.empty()) {
    const std::size_t colon = rest.find(':');
    const std::string dir(rest.substr(0, colon));
    rest = colon == std::string_view::npos ? "" : rest.substr(colon + 1);
    if (dir.empty()) continue;
    fs::path candidate = fs::path(dir) / name;
    if (IsExecutable(candidate)) return candidate.string();
  }
  return "";
}

std::string RandomHex() {
  std::random_device rd;
  return fmt::format("{:08x}{:08x}", rd(), rd());
}

// The last non-empty line of `text` (Chromium's error, for the message).
std::string LastLine(const std::string& text) {
  std::size_t end = text.find_last_not_of("\r\n ");
  if (end == std::string::npos) return "";
  std::size_t start = text.rfind('\n', end);
  return text.substr(start == std::string::npos ? 0 : start + 1,
                     end - (start == std::string::npos ? 0 : start + 1) + 1);
}

// Removes the temporary directory when it goes out of scope.
struct TempDir {
  fs::path path;
  ~TempDir() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
};

}  // namespace

Result<std::string> FindChromium(const PdfOptions& options) {
  std::string wanted = options.chromium;
  if (wanted.empty()) {
    if (const char* env = std::getenv("KINET_CHROMIUM"); env != nullptr && *env != '\0') {
      wanted = env;
    }
  }
  if (!wanted.empty()) {
    std::string found = OnPath(wanted);
    if (found.empty()) {
      return FailedPrecondition(fmt::format(
          "the Chromium given ({}) is not an executable file; PDF reports need headless "
          "Chromium (Debian: apt-get install chromium fonts-noto-cjk)",
          wanted));
    }
    return found;
  }
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
    std::string found = OnPath(name);
    if (!found.empty()) return found;
  }
  return FailedPrecondition(
      "PDF reports need headless Chromium, and none was found on PATH (chromium, "
      "chromium-browser, google-chrome); install it (Debian: apt-get install chromium "
      "fonts-noto-cjk), name it with --chromium or KINET_CHROMIUM, or use --format html");
}

Status PrintHtmlToPdf(const std::string& html, const std::string& out_path,
                      const PdfOptions& options) {
  KINET_ASSIGN_OR_RETURN(std::string chromium, FindChromium(options));
  std::error_code ec;
  TempDir tmp{fs::temp_directory_path(ec) / ("kinet-pdf-" + RandomHex())};
  if (ec || !fs::create_directories(tmp.path, ec)) {
    return Unavailable("cannot create a temporary directory for printing: " + ec.message());
  }
  const fs::path html_path = tmp.path / "report.html";
  KINET_RETURN_IF_ERROR(WriteFileAtomic(html_path.string(), html));
  const fs::path out = fs::absolute(out_path, ec);
  const fs::path partial =
      out.parent_path() / ("." + out.filename().string() + ".part-" + RandomHex());
  const fs::path log_path = tmp.path / "chromium.log";

  std::vector<std::string> args = {
      chromium,
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-extensions",
      "--no-pdf-header-footer",
      "--user-data-dir=" + (tmp.path / "profile").string(),
      "--print-to-pdf=" + partial.string(),
      "file://" + html_path.string(),
  };
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);  // its own group, so a timeout kills every helper
  pid_t pid = 0;
  const int spawn_error =
      posix_spawn(&pid, chromium.c_str(), &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (spawn_error != 0) {
    return Unavailable(fmt::format("cannot start {}: {}", chromium, std::strerror(spawn_error)));
  }
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(options.timeout_seconds);
  int wstatus = 0;
  bool timed_out = false;
  while (true) {
    const pid_t r = waitpid(pid, &wstatus, WNOHANG);
    if (r == pid) break;
    if (r < 0) return Unavailable("waiting for Chromium failed");
    if (std::chrono::steady_clock::now() > deadline) {
      kill(-pid, SIGKILL);
      waitpid(pid, &wstatus, 0);
      timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(-pid, SIGKILL);  // helpers Chromium may have left behind (ESRCH when none)
  Result<std::string> log = ReadFile(log_path.string());
  const std::string last = log.ok() ? LastLine(*log) : "";
  const bool produced = fs::exists(partial, ec) && fs::file_size(partial, ec) > 0;
  if (timed_out || !WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0 || !produced) {
    fs::remove(partial, ec);
    return Unavailable(
        fmt::format("Chromium ({}) could not print the report{}{}", chromium,
                    timed_out ? fmt::format(" within {} s", options.timeout_seconds) : "",
                    last.empty() ? "" : ": " + last));
  }
  fs::rename(partial, out, ec);
  if (ec) {
    fs::remove(partial, ec);
    return Unavailable(fmt::format("cannot write {}: {}", out_path, ec.message()));
  }
  return OkStatus();
}

}  // namespace kinet
