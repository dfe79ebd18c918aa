#include "service/daily_aqi_cache.h"

#include <fmt/format.h>

namespace kinet {
namespace {

// Separates the parts of a key: not in a city code, checksum or rule-set id.
constexpr char kSep = '\x1f';

}  // namespace

DailyAqiCache& DailyAqiCache::Instance() {
  static DailyAqiCache* cache = new DailyAqiCache();  // never destroyed: used until exit
  return *cache;
}

std::string DailyAqiCache::Key(std::string_view city_code, int year, std::string_view variant,
                               std::string_view input_checksum, std::string_view stations) {
  return fmt::format("{}{}{}{}{}{}{}{}{}", city_code, kSep, year, kSep, variant, kSep,
                     input_checksum, kSep, stations);
}

std::optional<DailyAqiCache::Days> DailyAqiCache::Find(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) return std::nullopt;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->second;
}

void DailyAqiCache::Put(const std::string& key, Days days) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = index_.find(key);
  if (it != index_.end()) {
    Days& stored = it->second->second;
    if (stored.size() == days.size()) {
      for (std::size_t i = 0; i < days.size(); ++i) {
        if (!stored[i] && days[i]) stored[i] = std::move(days[i]);
      }
    } else {
      stored = std::move(days);
    }
    lru_.splice(lru_.begin(), lru_, it->second);
    return;
  }
  lru_.emplace_front(key, std::move(days));
  index_[key] = lru_.begin();
  while (lru_.size() > kCapacity) {
    index_.erase(lru_.back().first);
    lru_.pop_back();
  }
}

void DailyAqiCache::EraseCity(std::string_view city_code) {
  const std::string prefix = std::string(city_code) + kSep;
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = index_.lower_bound(prefix); it != index_.end() && it->first.starts_with(prefix);) {
    lru_.erase(it->second);
    it = index_.erase(it);
  }
}

std::size_t DailyAqiCache::size() {
  std::lock_guard<std::mutex> lock(mu_);
  return lru_.size();
}

}  // namespace kinet
