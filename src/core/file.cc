#include "core/file.h"

#include <zlib.h>

#include <unistd.h>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

namespace kinet {

Result<std::string> ReadFile(const std::string& path) {
  gzFile gz = nullptr;
  if (path == "-") {
    gz = gzdopen(dup(0), "rb");  // standard input, plain or gzip
    if (gz == nullptr) return Unavailable("stdin: cannot read");
  } else {
    std::FILE* probe = std::fopen(path.c_str(), "rb");
    if (probe == nullptr) {
      if (errno == ENOENT) return NotFound(fmt::format("{}: no such file", path));
      return Unavailable(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
    }
    std::fclose(probe);
    // gzopen reads plain files unchanged and gzip files decompressed.
    gz = gzopen(path.c_str(), "rb");
    if (gz == nullptr) return Unavailable(fmt::format("{}: cannot open", path));
  }
  gzbuffer(gz, 1 << 17);
  std::string out;
  char buf[1 << 16];
  for (;;) {
    int n = gzread(gz, buf, sizeof buf);
    if (n < 0) {
      int err = 0;
      std::string msg = gzerror(gz, &err);
      gzclose(gz);
      return InvalidArgument(fmt::format("{}: cannot decompress: {}", path, msg));
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  gzclose(gz);
  return out;
}

Status WriteFileAtomic(const std::string& path, std::string_view content) {
  std::string tmp = path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) {
    return Unavailable(fmt::format("{}: cannot write: {}", path, std::strerror(errno)));
  }
  bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
  ok = (std::fflush(f) == 0) && ok;
  ok = (std::fclose(f) == 0) && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Unavailable(fmt::format("{}: cannot write: {}", path, std::strerror(errno)));
  }
  return OkStatus();
}

}  // namespace kinet
