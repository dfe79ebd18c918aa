// The web app's files (web/dist) as `kinet serve` answers them: from memory,
// gzip-compressed once, with strong validators.
//
// Usage facts behind the design: the app is one index.html and a few
// bundles whose names carry a content hash (assets/index-Sk8yiJOd.js,
// 740 KB; a 110 KB map module; 7 KB of CSS), fetched on every first visit by
// every browser. cpp-httplib's mount point read the file from disk and
// compressed it (brotli or gzip) on every request, which cost tens of
// milliseconds of CPU per bundle request. Here each file is read, hashed and
// gzip-compressed once (again only when its size or modification time
// changes) and then served as stored bytes, through a content provider of
// known length, which httplib does not compress again.
//
// Headers: ETag "<FNV-1a 64 of the file>" (strong, the same for both
// encodings' source; the gzip variant gets a "-gz" suffix), If-None-Match →
// 304; Vary: Accept-Encoding; Cache-Control "public, max-age=31536000,
// immutable" for hashed asset names (NAME-HASH.EXT with a hash of at least 8
// characters), "no-cache" for everything else (index.html must be revalidated
// so that a new build is picked up). Thread-safe.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <httplib.h>

namespace kinet {

class StaticFiles {
 public:
  // `root` is the folder of the built app (holding index.html).
  explicit StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}

  // Answers a GET or HEAD of `req.path`: the file under the root it names,
  // or index.html when it names no file (the app's client-side routes such
  // as /cities/beijing). A path with ".." segments is answered with
  // index.html too (it never leaves the root). Returns false, leaving `res`
  // alone, when the root holds no index.html.
  bool Serve(const httplib::Request& req, httplib::Response& res);

  // True when `name` (a file name) carries a content hash: NAME-HASH.EXT with
  // HASH of at least 8 letters, digits, '_' or '-' after the last '-'.
  static bool IsHashedAssetName(std::string_view name);

 private:
  struct Entry {
    std::string content_type;
    std::string identity;  // the file's bytes
    std::string gzip;      // gzip of identity; empty when it does not shrink it
    std::string etag;      // quoted
    std::uintmax_t size = 0;
    std::filesystem::file_time_type mtime;
    bool immutable = false;
  };

  // The cached entry of `file`, re-read when its size or time changed;
  // nullptr when it is not a regular file.
  std::shared_ptr<const Entry> Load(const std::filesystem::path& file);

  std::filesystem::path root_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const Entry>> cache_;
};

}  // namespace kinet
