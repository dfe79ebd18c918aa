#include "core/units.h"

#include <cctype>
#include <string>

#include <fmt/format.h>

namespace kinet {

std::string_view UnitCode(Unit u) {
  switch (u) {
    case Unit::kUgM3:
      return "ug/m3";
    case Unit::kMgM3:
      return "mg/m3";
    case Unit::kPpb:
      return "ppb";
    case Unit::kPpm:
      return "ppm";
  }
  return "?";
}

std::optional<Unit> ParseUnit(std::string_view text) {
  std::string n;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    // µ (U+00B5, C2 B5) and μ (U+03BC, CE BC) both mean micro.
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xB5) {
      n += 'u';
      ++i;
      continue;
    }
    if (c == 0xCE && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBC) {
      n += 'u';
      ++i;
      continue;
    }
    // ³ (U+00B3, C2 B3)
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xB3) {
      n += '3';
      ++i;
      continue;
    }
    if (c == '/' || c == ' ' || c == '_' || c == '.') continue;
    n += static_cast<char>(std::tolower(c));
  }
  if (n == "ugm3") return Unit::kUgM3;
  if (n == "mgm3") return Unit::kMgM3;
  if (n == "ppb") return Unit::kPpb;
  if (n == "ppm") return Unit::kPpm;
  return std::nullopt;
}

double ReferenceState::MolarVolume() const {
  constexpr double kGasConstant = 8.314462618;  // J/(mol·K), CODATA 2018 (exact by SI 2019)
  // R·T/p in m³/mol with p in Pa, times 1000 for litres.
  return kGasConstant * kelvin / (hectopascal * 100.0) * 1000.0;
}

namespace {
bool IsMass(Unit u) { return u == Unit::kUgM3 || u == Unit::kMgM3; }
// Factor to the base unit of its kind: µg/m³ for mass, ppb for mixing ratio.
double ToBase(Unit u) { return (u == Unit::kMgM3 || u == Unit::kPpm) ? 1000.0 : 1.0; }
}  // namespace

Result<double> ConversionFactor(Pollutant p, Unit from, Unit to, const ReferenceState& ref) {
  double factor = ToBase(from) / ToBase(to);
  if (IsMass(from) == IsMass(to)) return factor;
  std::optional<double> m = MolarMass(p);
  if (!m) {
    return InvalidArgument(fmt::format("{} cannot be converted between {} and {}: it has no molar "
                                       "mass (only gases have volume mixing ratios)",
                                       PollutantCode(p), UnitCode(from), UnitCode(to)),
                           "unit");
  }
  if (ref.kelvin <= 0 || ref.hectopascal <= 0) {
    return InvalidArgument("the reference state needs a positive temperature and pressure");
  }
  // ppb → µg/m³ is M / Vm.
  double ppb_to_ug = *m / ref.MolarVolume();
  return IsMass(from) ? factor / ppb_to_ug : factor * ppb_to_ug;
}

Result<double> ConvertConcentration(double value, Pollutant p, Unit from, Unit to,
                                    const ReferenceState& ref) {
  KINET_ASSIGN_OR_RETURN(double f, ConversionFactor(p, from, to, ref));
  return value * f;
}

}  // namespace kinet
