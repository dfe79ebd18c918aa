#include "core/monitoring.h"

#include <cmath>

namespace kinet {

std::string_view StationTypeCode(StationType t) {
  switch (t) {
    case StationType::kUrban:
      return "urban";
    case StationType::kBackground:
      return "background";
    case StationType::kTraffic:
      return "traffic";
    case StationType::kIndustrial:
      return "industrial";
  }
  return "urban";
}

std::optional<StationType> ParseStationType(std::string_view s) {
  for (StationType t : {StationType::kUrban, StationType::kBackground, StationType::kTraffic,
                        StationType::kIndustrial}) {
    if (s == StationTypeCode(t)) return t;
  }
  return std::nullopt;
}

std::string_view QualityFlagCode(QualityFlag f) {
  switch (f) {
    case kFlagNegative:
      return "negative";
    case kFlagImplausibleHigh:
      return "implausible-high";
    case kFlagSuspectedUnit:
      return "suspected-unit";
    case kFlagDuplicateConflict:
      return "duplicate-conflict";
    case kFlagFuture:
      return "future";
  }
  return "unknown";
}

std::string QualityFlagsText(std::uint8_t flags) {
  std::string out;
  for (QualityFlag f : kQualityFlags) {
    if ((flags & f) == 0) continue;
    if (!out.empty()) out += '|';
    out += QualityFlagCode(f);
  }
  return out;
}

MonitoringBlock MonitoringBlock::Empty(std::string station, Pollutant pollutant, int year) {
  MonitoringBlock b;
  b.station = std::move(station);
  b.pollutant = pollutant;
  b.year = year;
  b.unit = StoredUnit(pollutant);
  b.values.assign(kBlockHours, kMissingHour);
  b.flags.assign(kBlockHours, 0);
  return b;
}

int MonitoringBlock::ValueCount() const {
  int n = 0;
  for (double v : values) n += std::isnan(v) ? 0 : 1;
  return n;
}

int MonitoringBlock::FlaggedCount() const {
  int n = 0;
  for (std::size_t i = 0; i < values.size() && i < flags.size(); ++i) {
    n += (!std::isnan(values[i]) && flags[i] != 0) ? 1 : 0;
  }
  return n;
}

Unit StoredUnit(Pollutant p) { return p == Pollutant::kCo ? Unit::kMgM3 : Unit::kUgM3; }

}  // namespace kinet
