// The content of the annual city report and of the network report, as
// values assembled from the services (report_service.h) and rendered by
// html_report.h. Nothing here is written by a person except the narrative;
// every other number names where it comes from (the indicator value's
// source, the air assessment's rule sets, the target's progress rule).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/indicator.h"
#include "core/period.h"
#include "engine/progress.h"
#include "report/report_text.h"
#include "service/network_service.h"
#include "service/target_service.h"
#include "store/report_repository.h"

namespace kinet {

// One indicator of the city in the report year.
struct IndicatorLine {
  Indicator indicator;
  std::string period;  // the report year, or the latest earlier year when the year has no value
  double value = 0.0;
  std::string source;
  std::string status;              // value status: "published", "draft" ...
  std::optional<double> previous;  // the value of the year before `period`, when reported
};

// A year's value of one series (for trend charts).
struct SeriesPoint {
  int year = 0;
  double value = 0.0;
};

struct IndicatorSeries {
  Indicator indicator;
  std::vector<SeriesPoint> points;  // ordered by year
};

// One limit that an annual mean is compared with.
struct LimitMark {
  std::string set_id;   // "cn-gb3095-2012"
  std::string label;    // "GB 3095-2012 Grade II" in the report's language
  double value = 0.0;   // in the row's unit
  std::string verdict;  // "attained", "exceeded", "insufficient data"
};

// The annual mean of one pollutant against the annual limits.
struct AirAnnualLine {
  std::string pollutant;  // "PM2.5", "PM10", "SO2", "NO2"
  std::optional<double> annual_mean;
  std::string unit;    // "ug/m3"
  bool valid = false;  // enough data (GB 3095-2012 Table 4); reported values count as valid
  std::string source;  // "monitoring" assessment, or the indicator value's citation
  std::vector<LimitMark> limits;
};

struct AirDay {
  CivilDate date;
  std::optional<int> aqi;
  std::string category_level;  // "I" .. "VI"; "" without AQI
};

struct AirCategoryCount {
  std::string name;  // in the report's language
  std::string level;
  int days = 0;
};

struct AirSituation {
  // "monitoring" when the city's stations gave the annual means, "reported"
  // when they come from reported indicator values, "" when neither exists.
  std::string basis;
  std::vector<AirAnnualLine> annual;
  std::string aqi_rule_set;  // id of the AQI rule set ("" without monitoring)
  std::vector<AirCategoryCount> categories;
  std::vector<AirDay> days;  // the year's daily AQI (monitoring only)
  std::optional<int> aqi_days;
  std::optional<int> good_days;
  std::string time_from, time_to;  // inputs' time range (monitoring)
  std::string input_checksum;
  std::vector<std::string> limit_set_titles;  // the sets compared with, with their source
};

// A scheme's score of the city in the report year.
struct SchemeLine {
  std::string scheme_id;
  std::string name;  // in the report's language
  double total = 0.0;
  double max_total = 0.0;
  std::optional<int> rank;
  int ranked_cities = 0;
  std::optional<bool> designated;
  std::string designation_name;
  std::vector<std::string> missing;  // items without a value
  bool confirmed = true;
};

// A section that another area fills (problems, practices, requests,
// pilots): a heading, column headers and text rows, already in the report's
// language. Empty rows: the report says there is nothing to report.
struct ReportTable {
  std::string key;  // "problems", "practices" ...: the Tr() key of the heading
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  bool available = true;  // false: the capability is not in this build
};

struct CityReport {
  CityProfile profile;
  int year = 0;
  ReportLang lang = ReportLang::kEn;
  bool published_only = true;             // the reader sees published values only
  int unpublished_values = 0;             // values in the report that are not published yet
  std::vector<IndicatorLine> indicators;  // by theme, then code
  AirSituation air;
  std::vector<IndicatorSeries> trends;  // air indicators with at least two years
  std::vector<TargetProgress> targets;
  std::map<std::string, Indicator> target_indicators;  // code → indicator, for the targets
  std::vector<SchemeLine> schemes;
  std::vector<ReportTable> sections;  // problems, practices, requests, pilots
  std::optional<CityNarrative> narrative;
  std::string generated_at;  // "YYYY-MM-DDTHH:MM:SSZ"
  bool has_data() const {
    return !indicators.empty() || !air.annual.empty() || !targets.empty() || !schemes.empty();
  }
};

// One member city in the network report.
struct NetworkCityLine {
  CityProfile profile;
  // key indicator code → (year, value) for the report year or the latest earlier one
  std::map<std::string, std::pair<int, double>> key_values;
  std::map<std::string, int> target_status;  // ProgressStatusCode → count
  std::vector<std::string> designations;     // schemes whose designation the city meets
  std::map<std::string, int> counts;         // "practices", "requests", "pilots" → count
};

struct NetworkReport {
  int year = 0;
  ReportLang lang = ReportLang::kEn;
  bool published_only = true;
  std::vector<Indicator> key_indicators;     // columns of the members table
  std::vector<NetworkCityLine> cities;       // by country, then city code
  std::map<std::string, int> target_status;  // over all members
  std::vector<std::string> count_keys;       // which counts exist in this build
  std::string generated_at;
};

}  // namespace kinet
