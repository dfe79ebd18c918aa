// The indicator catalogue and reported values (DESIGN.md §2.1): the domain
// types shared by the catalogue loader (src/rules/indicator_catalogue.h), the
// store (src/store/indicator_repository.h), the checks of src/engine/
// (value_checks.h) and the use cases of src/service/indicator_service.h.
//
// Usage facts behind the design: the catalogue holds a few dozen indicators,
// read whole; a city reports each of them once a year (sometimes monthly), so
// a network of a hundred cities over twenty years holds some 10^5 values,
// always read as one city's series of one indicator or as one period across
// cities. Periods are therefore kept as their canonical text ("2015",
// "2015-03"), which sorts correctly within one kind.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.h"
#include "core/result.h"

namespace kinet {

using IndicatorId = Id<struct IndicatorTag>;
using IndicatorValueId = Id<struct IndicatorValueTag>;

// The seven themes of the catalogue (DESIGN.md §2.1, standards.md §7.2 and §8).
enum class Theme : std::uint8_t {
  kAir,
  kWater,
  kNoise,
  kWaste,
  kGreenSpace,
  kEnergy,
  kManagement,  // management and public participation
};
// "air", "water", "noise", "waste", "green-space", "energy", "management".
std::string_view ThemeCode(Theme t);
std::optional<Theme> ParseTheme(std::string_view code);

enum class Direction : std::uint8_t { kHigherIsBetter, kLowerIsBetter };
// "higher", "lower".
std::string_view DirectionCode(Direction d);
std::optional<Direction> ParseDirection(std::string_view code);

// One catalogue entry. `code` is the stable key ("air.pm10.annual-mean").
struct Indicator {
  IndicatorId id;
  std::string code;
  std::string name_en;
  std::string name_zh;
  std::string definition_en;
  std::string definition_zh;
  Theme theme = Theme::kAir;
  std::string unit;  // an indicator-unit code (core/indicator_unit.h), e.g. "%", "ug/m3"
  Direction direction = Direction::kHigherIsBetter;
  std::optional<double> valid_min;  // inclusive; nullopt = unbounded
  std::optional<double> valid_max;  // inclusive; nullopt = unbounded
  // How the value is derived. "" = reported as is; "ratio" = numerator over
  // denominator (both texts below); "air-engine" = computed by the air engine
  // from monitoring data, with `statistic` naming what it computes.
  std::string computed_by;
  std::string statistic;            // e.g. "annual-mean", "mda8-p90", "good-day-ratio"
  std::string pollutant;            // for air-engine indicators: "PM2.5", "PM10", ...
  std::string numerator;            // for ratios: what is counted above the line
  std::string denominator;          // and below it
  std::string source;               // the standard or definition the indicator follows
  std::string iso37120;             // ISO 37120:2014 number ("8.2"), or ""
  bool iso37120_confirmed = false;  // false when standards.md §9.1 marks the number UNCONFIRMED
  std::string sdg;                  // "11.6.1", "11.6.2" or ""
  std::string note;
  bool builtin = false;  // shipped in standards/indicators/catalogue.toml
};

// The life of a value: a city enters it (draft), submits it, the national
// coordinator endorses it, the secretariat publishes it.
enum class ValueStatus : std::uint8_t { kDraft, kSubmitted, kEndorsed, kPublished };
// "draft", "submitted", "endorsed", "published".
std::string_view ValueStatusCode(ValueStatus s);
std::optional<ValueStatus> ParseValueStatus(std::string_view code);

// True for the forward steps draft→submitted→endorsed→published and for
// returning a submitted or endorsed value to draft (sent back for correction).
// Everything else (skipping a step, leaving published, staying put) is refused.
bool IsAllowedTransition(ValueStatus from, ValueStatus to);

// Who produced a value: the city (or a statistical office) reported it, or
// KINet computed it (e.g. the air engine from station data). Both are kept.
enum class SourceKind : std::uint8_t { kReported, kComputed };
// "reported", "computed".
std::string_view SourceKindCode(SourceKind k);
std::optional<SourceKind> ParseSourceKind(std::string_view code);

// Why a value needs review. Flags do not stop a value from being stored.
struct ValueFlag {
  std::string code;    // "out-of-range", "implausible-jump"
  std::string reason;  // one sentence, e.g. "implausible jump from 2014 (61 → 140)"
  friend bool operator==(const ValueFlag&, const ValueFlag&) = default;
};

// One value of one indicator for one city and period.
struct IndicatorValue {
  IndicatorValueId id;
  std::string city_code;
  std::string indicator_code;
  std::string period;        // canonical Period text of kind year or month: "2015", "2015-03"
  double value = 0;          // in the indicator's unit
  double entered_value = 0;  // as entered, in entered_unit
  std::string entered_unit;
  SourceKind source_kind = SourceKind::kReported;
  std::string source;  // citation of where the number comes from
  std::string note;
  ValueStatus status = ValueStatus::kDraft;
  std::vector<ValueFlag> flags;
  bool doubtful = false;  // the source itself is in doubt (e.g. the 2011 yearbook values)
  std::string created_by;
  std::string created_at;  // "YYYY-MM-DDTHH:MM:SSZ"
  std::string updated_by;
  std::string updated_at;
};

// Parses a value period: "YYYY" or "YYYY-MM". Returns the canonical text
// or InvalidArgument naming the text (days and hours are not value periods).
Result<std::string> ParseValuePeriod(std::string_view text);

}  // namespace kinet
