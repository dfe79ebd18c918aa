#include "http/static_files.h"

#include <zlib.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string_view>
#include <system_error>

#include <fmt/format.h>

namespace kinet {
namespace {

namespace fs = std::filesystem;

std::string ContentTypeOf(const fs::path& file) {
  const std::string ext = file.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

// Compressing formats gain nothing from gzip.
bool WorthCompressing(std::string_view content_type) {
  return content_type.starts_with("text/") || content_type.starts_with("application/json") ||
         content_type == "image/svg+xml";
}

// FNV-1a 64 (the digest the indicator catalogue uses too): a content
// fingerprint for the ETag, not a security measure.
std::uint64_t Fnv1a64(std::string_view bytes) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// The gzip stream (RFC 1952) of `bytes` at the best compression, or "" on
// a zlib failure (the file is then served uncompressed).
std::string Gzip(std::string_view bytes) {
  z_stream z{};
  // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
    return "";
  }
  std::string out(deflateBound(&z, static_cast<uLong>(bytes.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return rc == Z_STREAM_END ? out : "";
}

bool AcceptsGzip(const httplib::Request& req) {
  const std::string accept = req.get_header_value("Accept-Encoding");
  // "gzip" listed and not refused with q=0 (browsers never send that).
  const std::size_t at = accept.find("gzip");
  if (at == std::string::npos) return false;
  const std::string_view rest = std::string_view(accept).substr(at + 4);
  return !(rest.starts_with(";q=0") && !rest.starts_with(";q=0."));
}

// True when If-None-Match lists `etag` (or is "*").
bool Matches(const std::string& if_none_match, const std::string& etag) {
  if (if_none_match.empty()) return false;
  if (if_none_match == "*") return true;
  std::string_view rest = if_none_match;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    std::string_view tag = rest.substr(0, comma);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == etag) return true;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

bool StaticFiles::IsHashedAssetName(std::string_view name) {
  const std::size_t dot = name.rfind('.');
  const std::size_t dash = name.substr(0, dot).rfind('-');
  if (dot == std::string_view::npos || dash == std::string_view::npos || dot - dash - 1 < 8) {
    return false;
  }
  for (char c : name.substr(dash + 1, dot - dash - 1)) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::shared_ptr<const StaticFiles::Entry> StaticFiles::Load(const fs::path& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return nullptr;
  const std::uintmax_t size = fs::file_size(file, ec);
  if (ec) return nullptr;
  const fs::file_time_type mtime = fs::last_write_time(file, ec);
  if (ec) return nullptr;
  const std::string key = file.string();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = cache_.find(key);
    if (it != cache_.end() && it->second->size == size && it->second->mtime == mtime) {
      return it->second;
    }
  }
  // Read and compress outside the lock; two first requests may both do it.
  std::ifstream in(file, std::ios::binary);
  if (!in) return nullptr;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  auto entry = std::make_shared<Entry>();
  entry->identity = bytes.str();
  entry->content_type = ContentTypeOf(file);
  entry->size = size;
  entry->mtime = mtime;
  entry->etag = fmt::format("\"{:016x}\"", Fnv1a64(entry->identity));
  entry->immutable = IsHashedAssetName(file.filename().string());
  if (WorthCompressing(entry->content_type) && entry->identity.size() > 1024) {
    std::string gz = Gzip(entry->identity);
    if (!gz.empty() && gz.size() < entry->identity.size()) entry->gzip = std::move(gz);
  }
  std::lock_guard<std::mutex> lock(mutex_);
  cache_[key] = entry;
  return entry;
}

bool StaticFiles::Serve(const httplib::Request& req, httplib::Response& res) {
  std::shared_ptr<const Entry> entry;
  // The path relative to the root, without "." / ".." games.
  fs::path relative = fs::path(req.path).relative_path().lexically_normal();
  const bool inside = !relative.empty() && *relative.begin() != "..";
  if (inside) entry = Load(root_ / relative);
  if (entry == nullptr) entry = Load(root_ / "index.html");
  if (entry == nullptr) return false;

  const bool gzip = !entry->gzip.empty() && AcceptsGzip(req);
  const std::string etag =
      gzip ? entry->etag.substr(0, entry->etag.size() - 1) + "-gz\"" : entry->etag;
  res.set_header("ETag", etag);
  res.set_header("Vary", "Accept-Encoding");
  res.set_header("Cache-Control",
                 entry->immutable ? "public, max-age=31536000, immutable" : "no-cache");
  if (Matches(req.get_header_value("If-None-Match"), etag)) {
    res.status = 304;
    return true;
  }
  if (gzip) res.set_header("Content-Encoding", "gzip");
  const std::string& body = gzip ? entry->gzip : entry->identity;
  // A provider of known length: httplib sends the stored bytes as they are
  // (it compresses only `res.body` and chunked providers).
  res.set_content_provider(
      body.size(), entry->content_type,
      [entry, gzip](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
        const std::string& bytes = gzip ? entry->gzip : entry->identity;
        return sink.write(bytes.data() + offset, length);
      });
  return true;
}

}  // namespace kinet
