// Rendering of the reports as one self-contained, printable HTML document:
// inline CSS (screen and print, A4 pages, page breaks before the main
// sections, tables and charts kept whole), inline SVG charts (svg_chart.h),
// no script, no external resource. The PDF is this HTML printed by a
// browser engine (pdf_printer.h). All text from the data or from people is
// escaped (html_escape.h).
#pragma once

#include <string>

#include "report/report_model.h"

namespace kinet {

// The annual city report in report.lang.
std::string RenderCityReportHtml(const CityReport& report);

// The network report in report.lang.
std::string RenderNetworkReportHtml(const NetworkReport& report);

// A value as the reports print it: no thousands separator, at most four
// significant digits after trimming ("84", "55.83", "0.42", "1641696").
std::string FormatReportValue(double value);

}  // namespace kinet
