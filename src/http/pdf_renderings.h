// PDF reports over HTTP (issue #7): at most N Chromium prints at a time,
// and the last few PDFs kept by what they were printed from.
//
// Usage facts behind the design: GET /api/v1/.../report?format=pdf runs
// headless Chromium (report/pdf_printer.h) for 1-3 s; the print takes about
// one CPU core and 150-300 MB of memory, and the request holds one of the
// server's worker threads all along. Without a cap, a burst of PDF requests
// (a newsletter linking the annual reports) starts one Chromium per worker
// (16 by default) and starves the API and the machine. With the cap, a
// request waits a short bounded time for a slot, then gets 503 with
// Retry-After; HTML reports never wait.
//
// The default of 2 slots: the smallest supported server has 2 cores, and
// two prints keep them busy while the other 14 workers still answer the API
// (database reads are short); raise it with the cores (`kinet serve
// --max-pdf-renderings N`, docs/operations.md).
//
// The cache: a report's PDF is a function of its HTML, and its HTML is a
// function of the data the requester may see -- except the "generated at"
// time. So the fingerprint is the SHA-256 of the report's HTML rendered with
// an empty generation time: equal fingerprints mean an equal report, whoever
// asks (a requester who may see unpublished data gets a different HTML, so
// a different fingerprint: nothing leaks across permissions). A cached PDF
// says the time it was really printed. The cache holds at most
// cache_entries PDFs and cache_bytes bytes, least recently used out first;
// it lives in the process (several servers each keep their own).
//
// Thread safety: all members may be called from any number of threads.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "report/pdf_printer.h"

namespace kinet {

struct PdfRenderingOptions {
  int max_concurrent = 2;                    // Chromium prints at once (1..64)
  std::chrono::milliseconds max_wait{5000};  // how long a request waits for a slot
  int retry_after_seconds = 5;               // the 503's Retry-After
  std::size_t cache_entries = 16;            // 0 = no cache
  std::size_t cache_bytes = 64 << 20;
  PdfOptions printer;  // the Chromium binary (--chromium / KINET_CHROMIUM), time limit
};

class PdfRenderings {
 public:
  explicit PdfRenderings(PdfRenderingOptions options);
  PdfRenderings(const PdfRenderings&) = delete;
  PdfRenderings& operator=(const PdfRenderings&) = delete;

  // The PDF of the report whose HTML `html()` gives. `name` says which
  // report it is (e.g. "beijing-2017-en"); `fingerprint` is the SHA-256 of
  // its HTML without the generation time (see the file comment). A cached PDF
  // of the same name and fingerprint is returned without printing or waiting.
  // Otherwise the print takes a slot: when none frees within max_wait,
  // Unavailable with field "format" (IsBusy; HTML would be served now).
  // Chromium's own failures come as PrintHtmlToPdf reports them.
  Result<std::string> Render(std::string_view name, std::string_view fingerprint,
                             const std::function<std::string()>& html);

  // True for Render's "all slots busy" status (the caller adds Retry-After).
  static bool IsBusy(const Status& status);
  int retry_after_seconds() const { return options_.retry_after_seconds; }

  // Prints since start (not cache hits); for tests and the log.
  int prints() const;

 private:
  struct CachedPdf {
    std::string key;  // name + '\n' + fingerprint
    std::string bytes;
  };
  bool AcquireSlot();
  void ReleaseSlot();
  std::optional<std::string> Cached(const std::string& key);
  void Remember(std::string key, const std::string& bytes);

  const PdfRenderingOptions options_;
  mutable std::mutex mu_;
  std::condition_variable slot_freed_;
  int busy_ = 0;                // slots taken; guarded by mu_
  int prints_ = 0;              // guarded by mu_
  std::list<CachedPdf> cache_;  // most recently used first; guarded by mu_
  std::size_t cache_size_ = 0;  // bytes in cache_; guarded by mu_
};

}  // namespace kinet
