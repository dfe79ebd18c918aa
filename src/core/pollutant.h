// The pollutant and averaging-time vocabulary shared by ingest, engine, rules
// and reports. Codes are the spellings used in files and the API ("PM2.5",
// "SO2" ...); parsing accepts common variants ("PM25", "pm2_5", "so2").
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace kinet {

// GB 3095-2012 Table 1 (basic items) first, then Table 2 (other items).
enum class Pollutant : std::uint8_t { kPm25, kPm10, kSo2, kNo2, kCo, kO3, kNox, kTsp, kPb, kBap };

// The six pollutants of the AQI and of the reference workload, in the
// column order of ../shared/bench (PM2.5, PM10, SO2, NO2, CO, O3).
inline constexpr std::array<Pollutant, 6> kAqiPollutants = {Pollutant::kPm25, Pollutant::kPm10,
                                                            Pollutant::kSo2,  Pollutant::kNo2,
                                                            Pollutant::kCo,   Pollutant::kO3};

// "PM2.5", "PM10", "SO2", "NO2", "CO", "O3", "NOx", "TSP", "Pb", "BaP".
std::string_view PollutantCode(Pollutant p);
// Chinese name as used in HJ 633 / GB 3095 (e.g. "细颗粒物（PM2.5）" is written "PM2.5";
// "二氧化硫").
std::string_view PollutantNameZh(Pollutant p);
// English name ("fine particulate matter", "sulphur dioxide" ...).
std::string_view PollutantNameEn(Pollutant p);

// Parses a code, case-insensitively, ignoring '.', '_' and '-' ("pm2_5",
// "PM25", "pm2.5" all give kPm25). nullopt when unknown.
std::optional<Pollutant> ParsePollutant(std::string_view code);

// True for the gases whose concentrations convert between mass and volume
// mixing ratio (SO2, NO2, CO, O3, NOx as NO2).
bool IsGas(Pollutant p);

// Molar mass in g/mol for gases (NOx counted as NO2, as GB 3095 does); nullopt
// for particulates and Pb/BaP, which are only ever reported by mass.
std::optional<double> MolarMass(Pollutant p);

// Averaging times used by limits and AQI tables.
enum class Averaging : std::uint8_t {
  kHour,       // 1-hour mean
  kEightHour,  // 8-hour moving mean (O3 daily maximum 8-hour when daily)
  kDay,        // 24-hour mean
  kMonth,
  kQuarter,
  kYear,
  kPeakSeason,  // WHO 2021 O3 peak season
};

// "1h", "8h", "24h", "month", "quarter", "annual", "peak-season".
std::string_view AveragingCode(Averaging a);
// Parses the codes above plus "1H", "8H", "24H", "year", "daily".
std::optional<Averaging> ParseAveraging(std::string_view code);

}  // namespace kinet
