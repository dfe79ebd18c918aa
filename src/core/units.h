// Concentration units and their conversion.
//
// Mass concentrations (µg/m³, mg/m³) convert by a factor of 1000. Volume
// mixing ratios (ppb, ppm) convert to mass concentrations through the molar
// volume at a stated reference state: c[µg/m³] = x[ppb] · M / Vm, with
// Vm = R·T/p (22.414 L/mol at 273.15 K, 24.465 L/mol at 298.15 K, both at
// 1013.25 hPa). GB 3095-2012 as amended in 2018 states gases at 298.15 K and
// 1013.25 hPa; before 2018-09-01 at 273.15 K (../shared/reference/standards.md
// §4.1). The US EPA tables are in ppb/ppm and need no conversion. A rule set
// names its reference state; conversions never assume one silently.
#pragma once

#include <optional>
#include <string_view>

#include "core/pollutant.h"
#include "core/result.h"

namespace kinet {

enum class Unit : std::uint8_t { kUgM3, kMgM3, kPpb, kPpm };

// "ug/m3", "mg/m3", "ppb", "ppm".
std::string_view UnitCode(Unit u);
// Accepts "ug/m3", "µg/m³", "μg/m3", "ugm3", "mg/m3", "mg/m³", "ppb", "ppm" (case-insensitive).
std::optional<Unit> ParseUnit(std::string_view text);

struct ReferenceState {
  double kelvin = 298.15;
  double hectopascal = 1013.25;
  // Molar volume in litres per mole, R·T/p.
  double MolarVolume() const;
};

// 298.15 K, 1013.25 hPa: GB 3095-2012 as amended 2018 (gases), US EPA, WHO 2021.
inline constexpr ReferenceState kReference25C{298.15, 1013.25};
// 273.15 K, 1013.25 hPa: GB 3095-2012 before the 2018 amendment.
inline constexpr ReferenceState kReference0C{273.15, 1013.25};

// Converts `value` of pollutant `p` from `from` to `to`. Mass↔mixing-ratio
// conversion uses `ref`; it is refused (InvalidArgument) for pollutants with
// no molar mass (particulates). Same-kind conversions ignore `ref`.
Result<double> ConvertConcentration(double value, Pollutant p, Unit from, Unit to,
                                    const ReferenceState& ref);

// The multiplier m such that value_in_`to` = m · value_in_`from`, for hot
// loops that convert many values. Same errors as ConvertConcentration.
Result<double> ConversionFactor(Pollutant p, Unit from, Unit to, const ReferenceState& ref);

}  // namespace kinet
