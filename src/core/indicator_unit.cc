#include "core/indicator_unit.h"

#include <array>
#include <string>
#include <utility>

namespace kinet {
namespace {

constexpr double kDaysPerYear = 365.0;  // What a Waste 2.0 convention (see header)

constexpr std::array<IndicatorUnit, 27> kUnits{{
    {"%", "share", 1.0, "per cent"},
    {"fraction", "share", 100.0, "fraction of one"},
    {"ug/m3", "air-concentration", 1.0, "micrograms per cubic metre"},
    {"mg/m3", "air-concentration", 1000.0, "milligrams per cubic metre"},
    {"mg/L", "water-concentration", 1.0, "milligrams per litre"},
    {"ug/L", "water-concentration", 0.001, "micrograms per litre"},
    {"dB(A)", "sound-level", 1.0, "A-weighted decibels (L_Aeq)"},
    {"t/day", "mass-flow", 1.0, "tonnes per day"},
    {"t/year", "mass-flow", 1.0 / kDaysPerYear, "tonnes per year"},
    {"kt/year", "mass-flow", 1000.0 / kDaysPerYear, "thousand tonnes per year"},
    {"kg/capita/day", "per-capita-mass-flow", 1.0, "kilograms per person per day"},
    {"t/capita/year", "per-capita-mass-flow", 1000.0 / kDaysPerYear, "tonnes per person per year"},
    {"m2", "area", 1.0, "square metres"},
    {"ha", "area", 1.0e4, "hectares"},
    {"km2", "area", 1.0e6, "square kilometres"},
    {"m2/person", "area-per-person", 1.0, "square metres per person"},
    {"ha/100k persons", "area-per-100k", 1.0, "hectares per 100 000 population"},
    {"m3/year", "volume-flow", 1.0, "cubic metres per year"},
    {"10k m3/year", "volume-flow", 1.0e4, "ten thousand cubic metres per year"},
    {"yuan", "money", 1.0, "yuan (CNY)"},
    {"10k yuan", "money", 1.0e4, "ten thousand yuan"},
    {"yuan/person", "money-per-person", 1.0, "yuan per person"},
    {"kg/10k yuan", "mass-per-money", 1.0, "kilograms per ten thousand yuan"},
    {"persons/km2", "density", 1.0, "persons per square kilometre"},
    {"persons", "population", 1.0, "persons"},
    {"days", "days", 1.0, "days"},
    {"score", "score", 1.0, "points on the indicator's own scale"},
}};

// Typographic variants people type or paste.
constexpr std::array<std::pair<std::string_view, std::string_view>, 19> kAliases{{
    {"percent", "%"},
    {"µg/m³", "ug/m3"},
    {"μg/m³", "ug/m3"},
    {"µg/m3", "ug/m3"},
    {"μg/m3", "ug/m3"},
    {"mg/m³", "mg/m3"},
    {"mg/l", "mg/L"},
    {"dBA", "dB(A)"},
    {"dB", "dB(A)"},
    {"t/yr", "t/year"},
    {"tons/year", "t/year"},
    {"tons/day", "t/day"},
    {"m²/person", "m2/person"},
    {"m²", "m2"},
    {"km²", "km2"},
    {"persons/km²", "persons/km2"},
    {"µg/L", "ug/L"},
    {"m³/year", "m3/year"},
    {"10k m³/year", "10k m3/year"},
}};

// The printed symbol of the codes that differ from it (UnitSymbol).
constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kSymbols{{
    {"ug/m3", "µg/m³"},
    {"mg/m3", "mg/m³"},
    {"ug/L", "µg/L"},
    {"m2", "m²"},
    {"km2", "km²"},
    {"m2/person", "m²/person"},
    {"m3/year", "m³/year"},
    {"10k m3/year", "10k m³/year"},
    {"persons/km2", "persons/km²"},
}};

}  // namespace

std::span<const IndicatorUnit> IndicatorUnits() { return kUnits; }

std::string_view UnitSymbol(std::string_view code) {
  for (const auto& [c, symbol] : kSymbols) {
    if (c == code) return symbol;
  }
  return code;
}

std::optional<IndicatorUnit> FindIndicatorUnit(std::string_view text) {
  for (const auto& [alias, code] : kAliases) {
    if (text == alias) {
      text = code;
      break;
    }
  }
  for (const IndicatorUnit& u : kUnits) {
    if (u.code == text) return u;
  }
  return std::nullopt;
}

Result<double> ConvertIndicatorUnit(double value, std::string_view from, std::string_view to) {
  std::optional<IndicatorUnit> f = FindIndicatorUnit(from);
  if (!f) return InvalidArgument("unknown unit '" + std::string(from) + "'", "unit");
  std::optional<IndicatorUnit> t = FindIndicatorUnit(to);
  if (!t) return InvalidArgument("unknown unit '" + std::string(to) + "'", "unit");
  if (f->code == t->code) return value;
  if (f->dimension != t->dimension) {
    return InvalidArgument("cannot convert " + std::string(f->code) + " (" +
                               std::string(f->dimension) + ") to " + std::string(t->code) + " (" +
                               std::string(t->dimension) + ")",
                           "unit");
  }
  return value * f->to_base / t->to_base;
}

}  // namespace kinet
