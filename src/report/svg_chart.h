// Charts of the reports as inline SVG, generated in C++ so that a report is
// one self-contained HTML file that prints the same in any browser and in
// the PDF (docs/reports.md). Sized in CSS pixels for an A4 page column
// (~680 px); colours are chosen to stay distinguishable in greyscale print
// (bars dark, limits dashed black lines with their value written beside).
//
// All text passed in is escaped here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/period.h"

namespace kinet {

// A limit line drawn across a bar.
struct ChartLimit {
  std::string label;  // legend text: "GB 3095-2012 Grade II"
  double value = 0.0;
};

struct ChartBar {
  std::string label;  // "PM2.5"
  std::optional<double> value;
  bool exceeded = false;           // drawn in the "exceeded" colour
  std::vector<ChartLimit> limits;  // limit marks over this bar, in legend order
};

// Bars of annual means with the limits of each bar drawn as dashed marks
// (one dash style per legend entry, by position in `limits`). `unit` labels
// the value axis; `legend` names the limit styles in order, plus the
// attained/exceeded bar colours (`attained_label`, `exceeded_label`).
std::string SvgLimitBarChart(const std::vector<ChartBar>& bars, const std::string& unit,
                             const std::vector<std::string>& legend,
                             const std::string& attained_label, const std::string& exceeded_label);

struct ChartSeries {
  std::string label;
  std::vector<std::pair<int, double>> points;  // (year, value), ordered by year
};

// A line chart of annual series on one value axis (same unit). Each series
// has its own marker shape as well as colour, for greyscale print.
std::string SvgLineChart(const std::vector<ChartSeries>& series, const std::string& unit);

struct CalendarDay {
  CivilDate date;
  std::optional<int> aqi;
  std::string level;  // HJ 633-2012 category level "I".."VI"; "" when no AQI
};

// A year's daily AQI as a calendar: one row per month, one cell per day,
// coloured by AQI category (HJ 633-2012 Table 2 colours), with the month
// names given in `month_labels` (12) and a legend of `category_labels`
// (level → name, in level order). Days without AQI are white with a grey
// border.
std::string SvgAqiCalendar(int year, const std::vector<CalendarDay>& days,
                           const std::vector<std::string>& month_labels,
                           const std::vector<std::pair<std::string, std::string>>& category_labels,
                           const std::string& no_data_label);

// The fill colour of an HJ 633-2012 category level ("I".."VI"), or white.
std::string AqiLevelColour(const std::string& level);

}  // namespace kinet
