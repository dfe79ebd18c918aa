// The units of indicator values and the conversions between them.
//
// Concentrations of one pollutant (core/units.h) are only one kind of unit an
// indicator carries: shares (%), noise levels (dB(A)), green space per person,
// waste flows (t/day), per-capita generation (kg/capita/day), densities,
// money. Each unit has a text code, the dimension it measures and the factor
// to the base unit of that dimension; two units convert when they share a
// dimension, by value_in_to = value · factor(from) / factor(to). Units of
// different dimensions never convert: a per-capita figure would need the
// population, which a value does not carry.
//
// The conversions that exist, and why they are exact or conventional:
//   share          %  (base), fraction (×100)
//   air            ug/m3 (base), mg/m3 (×1000)          mass concentrations
//   water          mg/L (base), ug/L (×0.001)
//   mass flow      t/day (base), t/year (÷365), kt/year (×1000/365)
//                  — a year is 365 days, What a Waste 2.0's convention (Kaza
//                    et al. 2018, codebook: "tons/year" over 365 for t/day)
//   per capita     kg/capita/day (base), t/capita/year (×1000/365)
//   area           m2 (base), ha (×10 000), km2 (×1 000 000)
//   green/person   m2/person (base)
//   volume/year    m3/year (base), 10k m3/year (×10 000) — China's yearbooks
//                  give gas supply in 万立方米 (10^4 m³)
//   money          yuan (base), 10k yuan (×10 000); yuan/person
//   intensity      kg/10k yuan (emissions per 10 000 yuan of value added,
//                  China's 万元工业增加值 intensities)
//   others         dB(A), persons/km2, persons, days, count, score: no conversions
// Codes are matched exactly after a few typographic aliases (µg/m³, m²/person,
// dBA, t/yr ...). Pure functions; no I/O.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "core/result.h"

namespace kinet {

struct IndicatorUnit {
  std::string_view code;       // canonical text code, e.g. "kg/capita/day"
  std::string_view dimension;  // e.g. "per-capita-mass-flow"
  double to_base = 1;          // value_in_base = value · to_base
  std::string_view name;       // for listings: "kilograms per person per day"
};

// Every unit of the vocabulary, in a stable order.
std::span<const IndicatorUnit> IndicatorUnits();

// The unit with `text` as code or alias, or nullopt.
std::optional<IndicatorUnit> FindIndicatorUnit(std::string_view text);

// How `code` is printed for people (reports, tables): the typographic
// symbols SI writes (SI Brochure, 9th ed., 2019, §5.4: the micro prefix µ,
// exponents as superscripts): "ug/m3" → "µg/m³", "m2/person" → "m²/person",
// "km2" → "km²". Other codes are returned unchanged (they are already
// what people write: "%", "dB(A)", "t/day", "yuan").
std::string_view UnitSymbol(std::string_view code);

// Converts `value` from unit `from` to unit `to` (codes or aliases).
// InvalidArgument (field "unit") naming the text when a unit is unknown, or
// naming both units when their dimensions differ.
Result<double> ConvertIndicatorUnit(double value, std::string_view from, std::string_view to);

}  // namespace kinet
