#include "http/pdf_renderings.h"

#include <filesystem>
#include <random>

#include <fmt/format.h>

#include "core/file.h"

namespace kinet {

PdfRenderings::PdfRenderings(PdfRenderingOptions options) : options_(std::move(options)) {}

bool PdfRenderings::AcquireSlot() {
  std::unique_lock lock(mu_);
  if (!slot_freed_.wait_for(lock, options_.max_wait,
                            [&] { return busy_ < options_.max_concurrent; })) {
    return false;
  }
  ++busy_;
  ++prints_;
  return true;
}

void PdfRenderings::ReleaseSlot() {
  {
    std::lock_guard lock(mu_);
    --busy_;
  }
  slot_freed_.notify_one();
}

int PdfRenderings::prints() const {
  std::lock_guard lock(mu_);
  return prints_;
}

std::optional<std::string> PdfRenderings::Cached(const std::string& key) {
  std::lock_guard lock(mu_);
  for (auto it = cache_.begin(); it != cache_.end(); ++it) {
    if (it->key == key) {
      cache_.splice(cache_.begin(), cache_, it);  // most recently used
      return cache_.front().bytes;
    }
  }
  return std::nullopt;
}

void PdfRenderings::Remember(std::string key, const std::string& bytes) {
  if (options_.cache_entries == 0 || bytes.size() > options_.cache_bytes) return;
  std::lock_guard lock(mu_);
  for (const CachedPdf& c : cache_) {
    if (c.key == key) return;  // printed twice at once: keep the first
  }
  cache_size_ += bytes.size();
  cache_.push_front({std::move(key), bytes});
  while (cache_.size() > options_.cache_entries || cache_size_ > options_.cache_bytes) {
    cache_size_ -= cache_.back().bytes.size();
    cache_.pop_back();
  }
}

bool PdfRenderings::IsBusy(const Status& status) {
  return status.code() == StatusCode::kUnavailable && status.field() == "format";
}

Result<std::string> PdfRenderings::Render(std::string_view name, std::string_view fingerprint,
                                          const std::function<std::string()>& html) {
  std::string key = fmt::format("{}\n{}", name, fingerprint);
  if (std::optional<std::string> hit = Cached(key)) return *std::move(hit);
  if (!AcquireSlot()) {
    return Status(StatusCode::kUnavailable,
                  fmt::format("all {} PDF printing slots of the server are busy; retry in {} s, "
                              "or ask for format=html",
                              options_.max_concurrent, options_.retry_after_seconds),
                  "format");
  }
  struct SlotGuard {
    PdfRenderings& self;
    ~SlotGuard() { self.ReleaseSlot(); }
  } guard{*this};
  std::error_code ec;
  std::random_device rd;
  const std::string path = (std::filesystem::temp_directory_path(ec) /
                            fmt::format("kinet-report-{}-{:08x}{:08x}.pdf", name, rd(), rd()))
                               .string();
  Status printed = PrintHtmlToPdf(html(), path, options_.printer);
  if (!printed.ok()) return printed;
  Result<std::string> pdf = ReadFile(path);
  std::filesystem::remove(path, ec);
  if (!pdf.ok()) return pdf.status();
  Remember(std::move(key), *pdf);
  return pdf;
}

}  // namespace kinet
