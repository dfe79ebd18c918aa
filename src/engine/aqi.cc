#include "engine/aqi.h"

#include <algorithm>
#include <cmath>

namespace kinet {
namespace {

// Breakpoint tolerance in concentration units (bench README §8: a value
// within 1e-9 of a breakpoint is on it; real data resolution is far coarser).
constexpr double kBreakpointTolerance = 1e-9;
// Index rounding tolerance (bench README §8: ceil(x - 1e-9)).
constexpr double kIndexTolerance = 1e-9;

constexpr double kPow10[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

std::optional<std::size_t> SlotIndex(Averaging a) {
  switch (a) {
    case Averaging::kHour:
      return 0;
    case Averaging::kEightHour:
      return 1;
    case Averaging::kDay:
      return 2;
    default:
      return std::nullopt;
  }
}

int RoundIndex(IndexRounding rounding, double x) {
  switch (rounding) {
    case IndexRounding::kCeiling:
      return static_cast<int>(std::ceil(x - kIndexTolerance));
    case IndexRounding::kHalfUp:
      return static_cast<int>(std::floor(x + 0.5 + kIndexTolerance));
  }
  return static_cast<int>(std::ceil(x - kIndexTolerance));
}

// The raw (unrounded) index of an already rounded concentration, or nullopt.
// `above_top` is set when c is above the table's top.
std::optional<double> RawIndex(const AqiTable& table, double c, bool& above_top) {
  const std::span<const AqiSegment> segments = table.Segments();
  if (segments.empty() || c < segments.front().c_lo - kBreakpointTolerance) return std::nullopt;
  for (const AqiSegment& s : segments) {
    // The first segment whose top is at or above c. In EPA tables a value in
    // a resolution gap (e.g. 54.5 between 0-54 and 55-154, possible only
    // without truncation) lands on the next segment, just below its I_lo.
    if (c <= s.c_hi + kBreakpointTolerance) {
      return (s.i_hi - s.i_lo) / (s.c_hi - s.c_lo) * (c - s.c_lo) + s.i_lo;
    }
  }
  above_top = true;
  switch (table.above_top) {
    case AboveTopRule::kCap:
    case AboveTopRule::kFixed:
      return static_cast<double>(table.above_top_index);
    case AboveTopRule::kExtrapolate: {
      const AqiSegment& s = segments.back();
      return (s.i_hi - s.i_lo) / (s.c_hi - s.c_lo) * (c - s.c_lo) + s.i_lo;
    }
    case AboveTopRule::kNoIndex:
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<int> TableIndexImpl(const AqiRuleSet& rules, const AqiTable& table, double c,
                                  bool& above_top) {
  const std::optional<double> raw = RawIndex(table, RoundConcentration(table, c), above_top);
  if (!raw) return std::nullopt;
  return RoundIndex(rules.index_rounding, *raw);
}

// The index of one report item, with its fallbacks (AqiItem).
std::optional<int> ItemIndex(const AqiRuleSet& rules, const AqiItem& item,
                             const AqiConcentrations& c, bool& above_top) {
  const std::optional<double> value = c.Get(item.pollutant, item.input);
  if (!value) return std::nullopt;
  const AqiTable& table = rules.tables[static_cast<std::size_t>(item.table)];
  bool item_above = false;
  std::optional<int> index = TableIndexImpl(rules, table, *value, item_above);
  if (item_above) above_top = true;
  if (index || !item_above || item.fallback_table < 0) return index;
  // Above the top under kNoIndex: the fallback (e.g. SO2 1h > 800 -> 24h).
  if (const std::optional<double> fallback = c.Get(item.pollutant, item.fallback_input)) {
    const AqiTable& fallback_table = rules.tables[static_cast<std::size_t>(item.fallback_table)];
    index = TableIndexImpl(rules, fallback_table, *fallback, above_top);
  }
  if (!index) index = item.fallback_fixed;
  return index;
}

AqiResult Report(const AqiRuleSet& rules, const AqiReportRules& report,
                 const AqiConcentrations& c) {
  AqiResult result;
  std::uint8_t expected_mask = 0;
  const std::span<const AqiItem> items = report.Items();
  for (std::size_t i = 0; i < items.size(); ++i) {
    const AqiItem& item = items[i];
    const std::optional<std::size_t> p = AqiPollutantIndex(item.pollutant);
    if (!p) continue;  // rejected by validation; never reached with a loaded rule set
    expected_mask |= static_cast<std::uint8_t>(1u << *p);
    const std::optional<int> index = ItemIndex(rules, item, c, result.above_top);
    result.item_iaqi[i] = index;
    if (index && (!result.iaqi[*p] || *index > *result.iaqi[*p])) result.iaqi[*p] = index;
  }
  for (std::size_t p = 0; p < kAqiPollutantCount; ++p) {
    const std::optional<int>& index = result.iaqi[p];
    if (!index) {
      if (expected_mask & (1u << p)) result.missing_mask |= static_cast<std::uint8_t>(1u << p);
      continue;
    }
    if (!result.aqi || *index > *result.aqi) result.aqi = index;
    if (rules.exceeding_above && *index > *rules.exceeding_above)
      result.exceeding_mask |= static_cast<std::uint8_t>(1u << p);
  }
  if (!result.aqi) return result;
  // HJ 633-2012 §4.4.2: with AQI > 50, every pollutant whose IAQI equals the AQI is primary.
  if (*result.aqi >= rules.primary_min_aqi) {
    for (std::size_t p = 0; p < kAqiPollutantCount; ++p) {
      if (result.iaqi[p] == result.aqi) result.primary_mask |= static_cast<std::uint8_t>(1u << p);
    }
  }
  for (std::size_t k = 0; k < rules.categories.size(); ++k) {
    if (*result.aqi <= rules.categories[k].index_high || k + 1 == rules.categories.size()) {
      result.category = k;
      break;
    }
  }
  return result;
}

bool MaskHas(std::uint8_t mask, Pollutant p) {
  const std::optional<std::size_t> i = AqiPollutantIndex(p);
  return i && (mask & (1u << *i)) != 0;
}

}  // namespace

std::optional<std::size_t> AqiPollutantIndex(Pollutant p) {
  // kAqiPollutants lists the first six enumerators in enum order (asserted
  // below), so the index is the enumerator's value: no search on the hot path.
  const auto i = static_cast<std::size_t>(p);
  if (i < kAqiPollutantCount) return i;
  return std::nullopt;
}

static_assert(kAqiPollutants[0] == Pollutant::kPm25 && kAqiPollutants[1] == Pollutant::kPm10 &&
              kAqiPollutants[2] == Pollutant::kSo2 && kAqiPollutants[3] == Pollutant::kNo2 &&
              kAqiPollutants[4] == Pollutant::kCo && kAqiPollutants[5] == Pollutant::kO3 &&
              static_cast<int>(Pollutant::kO3) == 5);

const AqiTable* AqiRuleSet::FindTable(Pollutant p, Averaging a) const {
  for (const AqiTable& t : tables) {
    if (t.pollutant == p && t.averaging == a) return &t;
  }
  return nullptr;
}

double RoundConcentration(const AqiTable& table, double c) {
  if (table.rounding == InputRounding::kNone) return c;
  const double scale = kPow10[std::clamp<int>(table.decimals, 0, 9)];
  const double s = c * scale;
  // Relative tolerance: 0.029 * 1000 is 28.999999999999996 in binary.
  const double eps = 1e-9 * std::max(1.0, std::abs(s));
  double r = s;
  switch (table.rounding) {
    case InputRounding::kNone:
      break;
    case InputRounding::kTruncate:
      r = s >= 0 ? std::floor(s + eps) : std::ceil(s - eps);
      break;
    case InputRounding::kHalfUp:
      r = s >= 0 ? std::floor(s + 0.5 + eps) : -std::floor(-s + 0.5 + eps);
      break;
    case InputRounding::kHalfEven: {
      const double f = std::floor(s);
      const double frac = s - f;
      if (frac > 0.5 + eps) {
        r = f + 1;
      } else if (frac < 0.5 - eps) {
        r = f;
      } else {
        r = std::fmod(f, 2.0) == 0 ? f : f + 1;  // GB/T 8170: a 5 with nothing after goes to even
      }
      break;
    }
  }
  return r / scale;
}

std::optional<int> TableIndex(const AqiRuleSet& rules, const AqiTable& table, double c) {
  bool above_top = false;
  return TableIndexImpl(rules, table, c, above_top);
}

std::optional<int> IndividualAqi(const AqiRuleSet& rules, Pollutant p, Averaging a,
                                 double concentration) {
  const AqiTable* table = rules.FindTable(p, a);
  if (table == nullptr) return std::nullopt;
  return TableIndex(rules, *table, concentration);
}

void AqiConcentrations::Set(Pollutant p, Averaging a, std::optional<double> value) {
  const std::optional<std::size_t> i = AqiPollutantIndex(p);
  const std::optional<std::size_t> slot = SlotIndex(a);
  if (i && slot) values_[*i * kSlots + *slot] = value;
}

std::optional<double> AqiConcentrations::Get(Pollutant p, Averaging a) const {
  const std::optional<std::size_t> i = AqiPollutantIndex(p);
  const std::optional<std::size_t> slot = SlotIndex(a);
  if (!i || !slot) return std::nullopt;
  return values_[*i * kSlots + *slot];
}

bool AqiResult::IsPrimary(Pollutant p) const { return MaskHas(primary_mask, p); }
bool AqiResult::IsExceeding(Pollutant p) const { return MaskHas(exceeding_mask, p); }
bool AqiResult::HasIaqi(Pollutant p) const {
  const std::optional<std::size_t> i = AqiPollutantIndex(p);
  return i && iaqi[*i].has_value();
}

AqiResult DailyAqi(const AqiRuleSet& rules, const DailyConcentrations& c) {
  return Report(rules, rules.daily, c);
}

AqiResult HourlyAqi(const AqiRuleSet& rules, const HourlyConcentrations& c) {
  return Report(rules, rules.hourly, c);
}

bool MeetsCompleteness(const AqiResult& result, const AqiCompleteness& requirement) {
  std::uint8_t have = 0;
  for (std::size_t p = 0; p < kAqiPollutantCount; ++p) {
    if (result.iaqi[p]) have |= static_cast<std::uint8_t>(1u << p);
  }
  if ((have & requirement.required_mask) != requirement.required_mask) return false;
  int others = 0;
  for (std::size_t p = 0; p < kAqiPollutantCount; ++p) {
    if ((have & ~requirement.required_mask) & (1u << p)) ++others;
  }
  return others >= requirement.min_others;
}

bool AqiPublishable(const AqiRuleSet& rules, const AqiResult& result) {
  if (!result.aqi) return false;
  if (!rules.incomplete_publish_above || result.missing_mask == 0) return true;
  return *result.aqi > *rules.incomplete_publish_above;
}

std::optional<double> NowCast(std::span<const std::optional<double>> hours,
                              const NowCastParams& params) {
  const std::size_t n = std::min(hours.size(), static_cast<std::size_t>(std::max(params.hours, 0)));
  int recent_valid = 0;
  for (std::size_t i = 0; i < n && i < static_cast<std::size_t>(params.recent_hours); ++i) {
    if (hours[i]) ++recent_valid;
  }
  if (recent_valid < params.min_recent_valid || recent_valid == 0) return std::nullopt;
  double c_min = 0;
  double c_max = 0;
  bool first = true;
  for (std::size_t i = 0; i < n; ++i) {
    if (!hours[i]) continue;
    c_min = first ? *hours[i] : std::min(c_min, *hours[i]);
    c_max = first ? *hours[i] : std::max(c_max, *hours[i]);
    first = false;
  }
  // TAD 2024 steps 1-5: w = 1 - (max - min) / max = min / max, floored at min_weight.
  const double w = c_max > 0 ? std::max(c_min / c_max, params.min_weight) : 1.0;
  double numerator = 0;
  double denominator = 0;
  double weight = 1;  // w^(i-1), i = 1 for the current hour
  for (std::size_t i = 0; i < n; ++i) {
    if (hours[i]) {
      numerator += weight * *hours[i];
      denominator += weight;
    }
    weight *= w;
  }
  return numerator / denominator;
}

}  // namespace kinet
