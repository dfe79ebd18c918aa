// Air quality index: individual indices (IAQI), daily and real-time (hourly)
// AQI, primary and exceeding pollutants, categories, and the US EPA NowCast.
//
// Sits in engine/ (pure, no I/O, no TOML). The rule set is a value type
// defined here and filled by src/rules/ from the data files of
// standards/aqi/ (cn-hj633-2012, cn-hj633-2026, us-epa-aqi-2024,
// us-epa-aqi-2012, cn-api-2000); docs/air-quality.md lists every rule and its
// source. Usage facts behind the design: the reference workload computes a
// daily AQI for every station-day and city-day (about 400 k per year of a
// 1000-station network, and ten times more with hourly reports), and
// dashboards recompute on demand, so the per-call functions below never
// allocate: tables are fixed-size arrays of at most kMaxAqiSegments segments
// searched linearly, and results are fixed-size value types.
//
// The formula is HJ 633-2012 eq. (1) = HJ 633-2026 eq. (1) = EPA TAD 2024
// eq. 1: I = (I_hi - I_lo) / (C_hi - C_lo) * (C - C_lo) + I_lo on the segment
// [C_lo, C_hi] -> [I_lo, I_hi] that holds C. Chinese tables are contiguous
// (each breakpoint closes one segment and opens the next); EPA tables have
// concentration gaps at the data resolution (0-54, 55-154 ...) and index
// gaps of one (0-50, 51-100 ...): both are held as explicit segments.
//
// Thread safety: everything here is a pure function of its arguments; an
// AqiRuleSet is immutable after loading and may be shared across threads.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/period.h"
#include "core/pollutant.h"
#include "core/units.h"

namespace kinet {

inline constexpr std::size_t kMaxAqiSegments = 8;
inline constexpr std::size_t kMaxAqiItems = 10;

// Number of AQI pollutants (kAqiPollutants: PM2.5, PM10, SO2, NO2, CO, O3).
inline constexpr std::size_t kAqiPollutantCount = kAqiPollutants.size();

// Position of `p` in kAqiPollutants, or nullopt for a pollutant outside the AQI.
std::optional<std::size_t> AqiPollutantIndex(Pollutant p);

// One linear piece of a breakpoint table: concentrations [c_lo, c_hi] map to
// indices [i_lo, i_hi].
struct AqiSegment {
  double c_lo = 0;
  double c_hi = 0;
  int i_lo = 0;
  int i_hi = 0;
};

// How a concentration is rounded before the table lookup.
enum class InputRounding : std::uint8_t {
  kNone,      // used as given (HJ 633-2012: the standard states no rule)
  kTruncate,  // towards zero to `decimals` places (EPA TAD 2024 §IV step 1)
  kHalfEven,  // GB/T 8170 "四舍六入五成双" to `decimals` places (HJ 633-2026 §4.2.2)
  kHalfUp,    // half away from zero, for rule sets that say so
};

// How the interpolated index becomes an integer.
enum class IndexRounding : std::uint8_t {
  kCeiling,  // HJ 633-2012 §6.2, HJ 633-2026 §4.2.6: "全部进位取整数"; ceil(x - 1e-9)
  kHalfUp,   // EPA TAD 2024 §IV step 4: nearest integer, halves up; floor(x + 0.5 + 1e-9)
};

// What a concentration above the top of a table gives.
enum class AboveTopRule : std::uint8_t {
  kCap,          // `above_top_index` (HJ 633 practice: 500; bench README §7)
  kExtrapolate,  // continue the top segment's line (EPA TAD 2024 Table 6 note 4 and FAQ)
  kNoIndex,      // no index from this table (HJ 633-2012 Table 1 notes 2-3; EPA Table 6 notes 2-3)
  kFixed,        // `above_top_index` (HJ 633-2026 Table 3 notes b-c: SO2 1h -> 200, O3 8h -> 300)
};

// The breakpoint table of one pollutant and averaging time.
struct AqiTable {
  Pollutant pollutant = Pollutant::kPm25;
  Averaging averaging = Averaging::kDay;
  Unit unit = Unit::kUgM3;  // unit of the concentrations in `segments`
  std::array<AqiSegment, kMaxAqiSegments> segments{};
  std::uint8_t segment_count = 0;
  InputRounding rounding = InputRounding::kNone;
  std::int8_t decimals = 0;  // for `rounding`
  AboveTopRule above_top = AboveTopRule::kCap;
  int above_top_index = 500;  // for kCap and kFixed
  bool confirmed = true;      // false when the source marks the row UNCONFIRMED

  std::span<const AqiSegment> Segments() const { return {segments.data(), segment_count}; }
  double top() const { return segments[segment_count - 1].c_hi; }
};

// One sub-index of a report: the value of `pollutant` in input slot `input`
// indexed on table `table` (an index into AqiRuleSet::tables). When that
// gives no index because the concentration is above the table's top
// (AboveTopRule::kNoIndex) and `fallback_table` is set, the item takes the
// index of slot `fallback_input` on `fallback_table` instead, and when that
// too gives none, `fallback_fixed` (EPA TAD 2024 §IV "Calculating AQI values
// for SO2": 1h >= 305 ppb -> 24h; when the 24h value is below 305 ppb -> 200).
struct AqiItem {
  Pollutant pollutant = Pollutant::kPm25;
  Averaging input = Averaging::kDay;
  std::int8_t table = -1;
  Averaging fallback_input = Averaging::kDay;
  std::int8_t fallback_table = -1;
  std::optional<int> fallback_fixed;
};

// The items of a daily or real-time report. A pollutant's IAQI is the
// largest of its items' indices (HJ 633-2012 daily O3: max of the MDA8 and
// the daily max 1h IAQI; EPA: O3 8h and, where computed, O3 1h).
struct AqiReportRules {
  std::array<AqiItem, kMaxAqiItems> items{};
  std::uint8_t item_count = 0;
  std::span<const AqiItem> Items() const { return {items.data(), item_count}; }
};

// A category (level) of the index: its range, names, colour and advice.
struct AqiCategory {
  int index_low = 0;
  int index_high = 0;
  std::string level;    // "I", "一级", "Good" ... as the source names it
  std::string name_en;  // "Good", "Lightly polluted" ...
  std::string name_zh;  // "优", "轻度污染" ... (empty when the source has none)
  std::string color;    // "#RRGGBB"
  std::string advice_en;
  std::string advice_zh;
  bool confirmed = true;
};

// A complete AQI rule set. Built by src/rules/ from a data file and
// validated there (segments ascending, index ranges contiguous, categories
// cover 0..500); engine functions assume a validated rule set.
struct AqiRuleSet {
  std::string id;            // "cn-hj633-2012"
  std::string version;       // "2012"
  std::string title;         // the standard's title
  std::string title_zh;      // the title in Chinese, when it has one
  std::string document;      // "HJ 633-2012", "EPA-454/B-24-002"
  std::string issuer;        // the issuing body
  std::string source;        // document number, tables, URL
  std::string jurisdiction;  // "cn", "us"
  bool confirmed = true;     // false when the rule set as a whole rests on unconfirmed facts
  CivilDate effective_from;
  std::optional<CivilDate> effective_to;  // last day in force; nullopt while current
  ReferenceState reference = kReference25C;
  IndexRounding index_rounding = IndexRounding::kCeiling;
  // Primary pollutants are named only when AQI >= this (HJ 633-2012 §4.4.2:
  // AQI > 50, so 51; EPA: the main pollutant is always named, so 0).
  int primary_min_aqi = 51;
  // Pollutants with IAQI > this are exceeding (HJ 633-2012 §3.4: 100; EPA
  // TAD 2024 names sensitive groups for every pollutant above 100). nullopt
  // when the rule set defines no exceeding pollutant (HJ 633-2026 removed it).
  std::optional<int> exceeding_above = 100;
  // HJ 633-2026 §5.3.1: with a pollutant missing, the AQI is published only
  // when it is above this value. nullopt when the rule set has no such rule.
  std::optional<int> incomplete_publish_above;
  std::vector<AqiTable> tables;
  AqiReportRules daily;
  AqiReportRules hourly;
  std::vector<AqiCategory> categories;  // ascending, covering 0..500
  std::vector<std::string> notes;       // caveats for reports and docs

  // The table for `p` and `a`, or nullptr.
  const AqiTable* FindTable(Pollutant p, Averaging a) const;
};

// Rounds `c` before a table lookup as `table` says. Tie and truncation
// decisions tolerate floating-point noise of 1e-9 relative to the scaled
// value (0.029 ppm truncates to 0.029, not 0.028).
double RoundConcentration(const AqiTable& table, double c);

// The index of concentration `c` (in table.unit) on `table`, after the
// table's input rounding and the rule set's index rounding. nullopt when
// `c` is below the table's first segment (negative, or EPA O3 1h below
// 0.125 ppm) or above its top under AboveTopRule::kNoIndex. A concentration
// within 1e-9 of a breakpoint counts as on it (bench README §8).
std::optional<int> TableIndex(const AqiRuleSet& rules, const AqiTable& table, double c);

// The IAQI of `concentration` of pollutant `p` averaged over `a`, in the
// unit of the rule set's table for (p, a). nullopt when the rule set has no
// table for (p, a) (e.g. PM2.5 1h under HJ 633: real-time reports index the
// 1h value on the 24h table, see HourlyAqi) or when a special rule removes
// the index (TableIndex).
std::optional<int> IndividualAqi(const AqiRuleSet& rules, Pollutant p, Averaging a,
                                 double concentration);

// The concentrations of one day or one hour, by pollutant and averaging
// slot, each optional. Units are those of the rule set's tables.
//
// Daily report (DailyConcentrations): kDay = 24h mean, kHour = daily max
// 1h value, kEightHour = daily max 8h moving mean (O3 MDA8, EPA CO).
// Real-time report (HourlyConcentrations): kHour = the hour's 1h mean,
// kEightHour = the 8h moving mean ending with the hour, kDay = the 24h
// moving mean ending with the hour (for EPA rule sets: the PM NowCast).
class AqiConcentrations {
 public:
  void Set(Pollutant p, Averaging a, std::optional<double> value);
  std::optional<double> Get(Pollutant p, Averaging a) const;

 private:
  static constexpr std::size_t kSlots = 3;  // kHour, kEightHour, kDay
  std::array<std::optional<double>, kAqiPollutantCount * kSlots> values_{};
};
using DailyConcentrations = AqiConcentrations;
using HourlyConcentrations = AqiConcentrations;

// A report's indices. Pollutant arrays are in kAqiPollutants order.
struct AqiResult {
  // Index of each report item (AqiReportRules::Items() order), after fallbacks.
  std::array<std::optional<int>, kMaxAqiItems> item_iaqi{};
  // Per pollutant: the largest of its items' indices.
  std::array<std::optional<int>, kAqiPollutantCount> iaqi{};
  // max of iaqi; nullopt when no pollutant has an index.
  std::optional<int> aqi;
  // Index into AqiRuleSet::categories of `aqi`; nullopt with aqi.
  std::optional<std::size_t> category;
  // Bit i set: kAqiPollutants[i] is primary (all ties), resp. exceeding.
  std::uint8_t primary_mask = 0;
  std::uint8_t exceeding_mask = 0;
  // Bit i set: the report has items for kAqiPollutants[i] but none gave an index.
  std::uint8_t missing_mask = 0;
  // Some concentration was above the top of its table (EPA: "Beyond the
  // AQI" territory; HJ 633: capped at 500).
  bool above_top = false;

  bool IsPrimary(Pollutant p) const;
  bool IsExceeding(Pollutant p) const;
  bool HasIaqi(Pollutant p) const;
};

// The daily AQI under `rules`' daily report items (HJ 633-2012 §5.1.2: 24h
// means of SO2, NO2, PM10, PM2.5, CO plus O3 daily max 1h and MDA8;
// HJ 633-2026 §4.2.2: the same without O3 1h; EPA TAD 2024 §II "What to
// Report"). Missing inputs are skipped; the AQI is the max over pollutants
// with an index (HJ 633-2012 eq. 2). Use MeetsCompleteness to apply a
// completeness requirement such as the reference workload's.
AqiResult DailyAqi(const AqiRuleSet& rules, const DailyConcentrations& c);

// The real-time (hourly) AQI under `rules`' hourly report items
// (HJ 633-2012 §5.1.3 and Table 1 notes; HJ 633-2026 §4.2.3-4.2.4: 1h values
// of the six pollutants, PM 1h on the 24h table). For EPA rule sets PM and O3
// come from the NowCast / 8h slots (see AqiConcentrations).
AqiResult HourlyAqi(const AqiRuleSet& rules, const HourlyConcentrations& c);

// Which pollutants a report needs before its AQI counts.
struct AqiCompleteness {
  std::uint8_t required_mask = 0;  // bits of kAqiPollutants that must have an IAQI
  int min_others = 0;              // and at least this many other pollutants with one
};
// The reference workload's day rule (bench README §7): PM2.5 and PM10 and at
// least one of SO2, NO2, CO, O3. This is the workload's rule, not HJ 633's.
inline constexpr AqiCompleteness kBenchDayCompleteness{0b000011, 1};

// True when `result` satisfies `requirement`.
bool MeetsCompleteness(const AqiResult& result, const AqiCompleteness& requirement);

// True unless `rules` restricts publication of incomplete reports
// (HJ 633-2026 §5.3.1: with a pollutant missing, publish the AQI only when
// it is above 100) and `result` is incomplete and at or below the limit.
bool AqiPublishable(const AqiRuleSet& rules, const AqiResult& result);

// NowCast parameters (EPA TAD 2024 §IV "How the NowCast is calculated").
struct NowCastParams {
  int hours = 12;            // window length
  double min_weight = 0.5;   // floor of the weight factor w
  int recent_hours = 3;      // of the most recent `recent_hours` hours ...
  int min_recent_valid = 2;  // ... at least this many must be valid
};
// EPA PM2.5 and PM10 NowCast (12 h, w >= 0.5, 2 of the last 3 hours valid).
inline constexpr NowCastParams kNowCastPm{12, 0.5, 3, 2};

// The NowCast of `hours`, most recent first (hours[0] = current hour, c1),
// missing hours as nullopt; values beyond params.hours are ignored. Returns
// nullopt when fewer than min_recent_valid of the most recent recent_hours
// are valid. w = max(c_min / c_max, min_weight) over the valid hours
// (w = 1 when c_max <= 0); NowCast = sum w^(i-1) c_i / sum w^(i-1) over
// valid hours. The result is not truncated: IndividualAqi truncates it as the
// table's 24h value (PM2.5 to 0.1 µg/m³). The 2019 EPA ozone NowCast is a
// different method and is not implemented (docs/air-quality.md).
std::optional<double> NowCast(std::span<const std::optional<double>> hours,
                              const NowCastParams& params = kNowCastPm);

}  // namespace kinet
