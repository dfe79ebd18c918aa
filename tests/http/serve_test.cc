// The `kinet serve` contract, on the real binary: it prints its address and
// the first administrator's login, answers on loopback, and stops gracefully
// on SIGTERM (and SIGINT) with exit code 0.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;

// Runs a command, returns its exit status.
int RunShell(const std::string& command) {
  int rc = std::system(command.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

// The word after `label` in `text`, or "".
std::string After(const std::string& text, const std::string& label) {
  std::size_t at = text.find(label);
  if (at == std::string::npos) return "";
  at += label.size();
  std::size_t end = text.find_first_of(" \n", at);
  return text.substr(at, end - at);
}

class ServeTest : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("kinet-serve-" + std::to_string(rd()));
    fs::create_directories(dir_);
    db_ = (dir_ / "kinet.db").string();
    ASSERT_EQ(RunShell(std::string(KINET_BINARY) + " init --sample --db " + db_ + " >/dev/null"),
              0);
  }
  void TearDown() override {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (out_ != nullptr) std::fclose(out_);
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Starts `kinet serve` with stdout on a pipe; returns the first lines up to
  // the "KINet is serving" line.
  std::string Start() {
    int fds[2];
    if (pipe(fds) != 0) return "";
    pid_ = fork();
    if (pid_ == 0) {
      dup2(fds[1], STDOUT_FILENO);
      close(fds[0]);
      close(fds[1]);
      execl(KINET_BINARY, KINET_BINARY, "serve", "--db", db_.c_str(), "--listen", "127.0.0.1:0",
            "--threads", "4", "--print-admin", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    out_ = fdopen(fds[0], "r");
    std::string text;
    char line[1024];
    while (std::fgets(line, sizeof line, out_) != nullptr) {
      text += line;
      if (std::string(line).starts_with("KINet is serving")) break;
    }
    return text;
  }

  fs::path dir_;
  std::string db_;
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
};

TEST_P(ServeTest, PrintsAddressAndAdminServesAndStopsWithExitZero) {
  std::string text = Start();
  const std::string serving = "KINet is serving http://127.0.0.1:";
  std::size_t at = text.find(serving);
  ASSERT_NE(at, std::string::npos) << text;
  const int port = std::atoi(text.c_str() + at + serving.size());
  ASSERT_GT(port, 0) << text;
  std::string email = After(text, "First administrator: ");
  std::string password = After(text, "password: ");
  ASSERT_FALSE(email.empty() || password.empty()) << text;

  httplib::Client client("127.0.0.1", port);
  httplib::Result health = client.Get("/api/v1/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  nlohmann::json login = {{"email", email}, {"password", password}};
  httplib::Result r = client.Post("/api/v1/auth/login", login.dump(), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;

  ASSERT_EQ(kill(pid_, GetParam()), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid_, &status, 0), pid_);
  pid_ = -1;
  ASSERT_TRUE(WIFEXITED(status)) << "killed by a signal instead of exiting";
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

INSTANTIATE_TEST_SUITE_P(Signals, ServeTest, ::testing::Values(SIGTERM, SIGINT),
                         [](const ::testing::TestParamInfo<int>& signal_info) {
                           return std::string(signal_info.param == SIGTERM ? "Sigterm"
                                                                           : "Sigint");
                         });

}  // namespace
