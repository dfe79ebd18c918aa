// The CSV form of an annual air-quality assessment: the two files of
// ../shared/bench/README.md §9, written by `kinet air assess`.
//
//   annual.csv  level,id,year,pollutant,annual_mean,valid_days,annual_valid,percentile,exceed_days
//   aqi.csv     level,id,year,aqi_days,good_days,good_ratio,max_aqi
//
// Rows keep the order of AirAssessment (level, id, year, pollutant in byte
// order); a missing value is an empty field; means, percentiles and ratios
// are rounded to 3 decimals by RoundReport.
#pragma once

#include <string>

#include "core/status.h"
#include "engine/air_assessment.h"

namespace kinet {

// Rounds to 3 decimals, half away from zero, values within 1e-9 of a half
// rounded away (bench README §8): sign(x) * floor(|x|*1000 + 0.5 + 1e-6) / 1000.
double RoundReport(double x);

// The content of annual.csv / aqi.csv, header included, LF line ends.
std::string FormatAnnualCsv(const AirAssessment& assessment);
std::string FormatAqiCsv(const AirAssessment& assessment);

// Writes DIR/annual.csv and DIR/aqi.csv (creating DIR), each atomically.
// Unavailable when the directory or a file cannot be written.
Status WriteAssessmentCsv(const AirAssessment& assessment, const std::string& dir);

}  // namespace kinet
