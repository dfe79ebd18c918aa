// A bounded in-memory cache of assessed days: the daily AQI rows of one
// city-year (MonitoringService::DailyAqi), so that the city page's calendar
// does not read and assess the city's ~3 MB of hourly blocks on every
// request (~49 ms per year of data for Beijing, bench/RESULTS.md).
//
// A key names everything a day's row depends on: the city, the year, the
// flagged-values choice, the AQI rule-set choice and jurisdiction, the
// checksum of the city-year's stored blocks (store/monitoring_checksum.h)
// and the city's stations with their types (which decide the city value).
// New data gives a new key, so a stale row is never returned, on any of
// several servers sharing one database; an import in this process also
// drops the city's entries at once (EraseCity), to free the memory.
//
// Process-wide, thread-safe (one mutex; rows are computed outside it).
// Bounded: at most kCapacity city-years (least recently used evicted), each
// a few hundred rows (~70 KB), so the cache stays under ~10 MB.
#pragma once

#include <cstddef>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/monitoring_service.h"

namespace kinet {

class DailyAqiCache {
 public:
  static constexpr std::size_t kCapacity = 128;

  // One city-year: a slot per day of the year, filled as days are asked for.
  using Days = std::vector<std::optional<DailyAqiRow>>;

  // The process's cache.
  static DailyAqiCache& Instance();

  // The key of a city-year (file comment). `city_code` must come first.
  static std::string Key(std::string_view city_code, int year, std::string_view variant,
                         std::string_view input_checksum, std::string_view stations);

  // A copy of the days stored under `key` (marking it most recently used),
  // or nullopt.
  std::optional<Days> Find(const std::string& key);
  // Stores `days` under `key`, merged with what is there (a filled slot is
  // kept), evicting the least recently used entry beyond kCapacity.
  void Put(const std::string& key, Days days);
  // Drops every entry of `city_code`.
  void EraseCity(std::string_view city_code);
  std::size_t size();

 private:
  std::mutex mu_;
  std::list<std::pair<std::string, Days>> lru_;  // most recent first
  std::map<std::string, std::list<std::pair<std::string, Days>>::iterator, std::less<>> index_;
};

}  // namespace kinet
