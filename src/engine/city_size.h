// City-size classes computed from a country's classification scheme.
//
// China: State Council notice 国发〔2014〕51号 (2014-11-20) on adjusting the
// city-size classification standard: 5 classes, 7 tiers, measured by the
// urban-area resident population (城区常住人口); lower bounds inclusive, upper
// bounds exclusive ("以上包括本数，以下不包括本数").
// ../shared/reference/standards.md §10.2.
//
// Elsewhere ("generic"): the size classes of UN DESA, World Urbanization
// Prospects: The 2018 Revision (cities of fewer than 500 000 inhabitants,
// 500 000 to 1 million, 1 to 5 million, 5 to 10 million, and megacities of
// 10 million or more).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace kinet {

struct CitySizeClass {
  std::string_view code;     // stable: "cn-small-2", "cn-megacity", "un-1m-5m" ...
  std::string_view name_en;  // "Small city, type II"
  std::string_view name_zh;  // "Ⅱ型小城市"
};

// Classifies `population` under `scheme` ("cn-2014" or "generic").
// `population_kind` must be the measure the scheme is defined on: for
// "cn-2014" only "urban-resident" (城区常住人口) qualifies, because the whole
// administrative city's population includes its counties and would
// overstate the class. Returns nullopt when the scheme is unknown, the
// population is not positive, or its kind does not fit the scheme.
std::optional<CitySizeClass> ClassifyCitySize(std::string_view scheme, std::int64_t population,
                                              std::string_view population_kind);

// The size class with `code` in any scheme (smallest to largest, China
// first), or nullopt: what a size-class filter or eligibility list may name.
std::optional<CitySizeClass> FindCitySizeClass(std::string_view code);

}  // namespace kinet
