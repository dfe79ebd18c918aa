// Plausibility checks on a reported indicator value: is it inside the
// indicator's valid range, and is its change from the previous period
// believable? A failed check does not refuse the value; it returns a flag
// with the reason, and the value is stored flagged for review (docs/
// indicators.md, "Reported values").
//
// The jump rule (KINet's own; no standard defines one): let p be the value of
// the latest earlier period in the series and d = |v − p|.
//   1. d is a jump when d > 0.5 · |p| (a change of more than 50 %), or, when
//      p = 0, when v ≠ 0.
//   2. When the earlier series has at least 3 period-to-period changes, a jump
//      by rule 1 is flagged only if also d > 3 · m, where m is the median of
//      those absolute changes: a volatile series earns a wider tolerance.
// Values exactly at a bound (a 50 % change, 3 · m, valid_min, valid_max) pass.
// Pure functions; no I/O.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "core/indicator.h"

namespace kinet {

// An earlier value of the same series.
struct SeriesValue {
  std::string period;  // canonical period text, for the reason
  double value = 0;
};

// The "out-of-range" flag when `value` lies outside [indicator.valid_min,
// indicator.valid_max] (inclusive; an unset bound is open), with a reason
// such as "140 is above the valid maximum 100 %", the unit printed as people
// write it (UnitSymbol: "2100 is above the valid maximum 2000 µg/m³").
std::optional<ValueFlag> CheckRange(const Indicator& indicator, double value);

// The "implausible-jump" flag by the rule of the file comment. `earlier` is
// the series before the value's period, in period order (the last element is
// the previous period). Nothing is flagged without an earlier value.
// The reason reads "implausible jump from 2014 (61 → 140)".
std::optional<ValueFlag> CheckJump(std::span<const SeriesValue> earlier, double value);

}  // namespace kinet
