#include "core/pollutant.h"

#include <cctype>
#include <string>

namespace kinet {

std::string_view PollutantCode(Pollutant p) {
  switch (p) {
    case Pollutant::kPm25:
      return "PM2.5";
    case Pollutant::kPm10:
      return "PM10";
    case Pollutant::kSo2:
      return "SO2";
    case Pollutant::kNo2:
      return "NO2";
    case Pollutant::kCo:
      return "CO";
    case Pollutant::kO3:
      return "O3";
    case Pollutant::kNox:
      return "NOx";
    case Pollutant::kTsp:
      return "TSP";
    case Pollutant::kPb:
      return "Pb";
    case Pollutant::kBap:
      return "BaP";
  }
  return "?";
}

std::string_view PollutantNameZh(Pollutant p) {
  switch (p) {
    case Pollutant::kPm25:
      return "细颗粒物";
    case Pollutant::kPm10:
      return "可吸入颗粒物";
    case Pollutant::kSo2:
      return "二氧化硫";
    case Pollutant::kNo2:
      return "二氧化氮";
    case Pollutant::kCo:
      return "一氧化碳";
    case Pollutant::kO3:
      return "臭氧";
    case Pollutant::kNox:
      return "氮氧化物";
    case Pollutant::kTsp:
      return "总悬浮颗粒物";
    case Pollutant::kPb:
      return "铅";
    case Pollutant::kBap:
      return "苯并[a]芘";
  }
  return "?";
}

std::string_view PollutantNameEn(Pollutant p) {
  switch (p) {
    case Pollutant::kPm25:
      return "fine particulate matter";
    case Pollutant::kPm10:
      return "particulate matter (PM10)";
    case Pollutant::kSo2:
      return "sulphur dioxide";
    case Pollutant::kNo2:
      return "nitrogen dioxide";
    case Pollutant::kCo:
      return "carbon monoxide";
    case Pollutant::kO3:
      return "ozone";
    case Pollutant::kNox:
      return "nitrogen oxides";
    case Pollutant::kTsp:
      return "total suspended particulates";
    case Pollutant::kPb:
      return "lead";
    case Pollutant::kBap:
      return "benzo[a]pyrene";
  }
  return "?";
}

namespace {
std::string Normalise(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '.' || c == '_' || c == '-' || c == ' ') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}
}  // namespace

std::optional<Pollutant> ParsePollutant(std::string_view code) {
  std::string n = Normalise(code);
  if (n == "pm25") return Pollutant::kPm25;
  if (n == "pm10") return Pollutant::kPm10;
  if (n == "so2") return Pollutant::kSo2;
  if (n == "no2") return Pollutant::kNo2;
  if (n == "co") return Pollutant::kCo;
  if (n == "o3") return Pollutant::kO3;
  if (n == "nox") return Pollutant::kNox;
  if (n == "tsp") return Pollutant::kTsp;
  if (n == "pb") return Pollutant::kPb;
  if (n == "bap") return Pollutant::kBap;
  return std::nullopt;
}

bool IsGas(Pollutant p) { return MolarMass(p).has_value(); }

std::optional<double> MolarMass(Pollutant p) {
  // IUPAC standard atomic weights: S 32.06, O 15.999, N 14.007, C 12.011.
  switch (p) {
    case Pollutant::kSo2:
      return 64.066;
    case Pollutant::kNo2:
      return 46.0055;
    case Pollutant::kNox:
      return 46.0055;  // NOx is expressed as NO2 (GB 3095-2012 Table 2)
    case Pollutant::kCo:
      return 28.010;
    case Pollutant::kO3:
      return 47.997;
    default:
      return std::nullopt;
  }
}

std::string_view AveragingCode(Averaging a) {
  switch (a) {
    case Averaging::kHour:
      return "1h";
    case Averaging::kEightHour:
      return "8h";
    case Averaging::kDay:
      return "24h";
    case Averaging::kMonth:
      return "month";
    case Averaging::kQuarter:
      return "quarter";
    case Averaging::kYear:
      return "annual";
    case Averaging::kPeakSeason:
      return "peak-season";
  }
  return "?";
}

std::optional<Averaging> ParseAveraging(std::string_view code) {
  std::string n = Normalise(code);
  if (n == "1h" || n == "hour" || n == "hourly") return Averaging::kHour;
  if (n == "8h") return Averaging::kEightHour;
  if (n == "24h" || n == "day" || n == "daily") return Averaging::kDay;
  if (n == "month" || n == "monthly") return Averaging::kMonth;
  if (n == "quarter" || n == "quarterly") return Averaging::kQuarter;
  if (n == "annual" || n == "year" || n == "yearly") return Averaging::kYear;
  if (n == "peakseason") return Averaging::kPeakSeason;
  return std::nullopt;
}

}  // namespace kinet
