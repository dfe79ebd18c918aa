#include "report/svg_chart.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "report/html_escape.h"

namespace kinet {
namespace {

constexpr double kWidth = 680;
constexpr const char* kFont = "font-family=\"Noto Sans, Noto Sans CJK SC, sans-serif\"";
constexpr const char* kAttainedColour = "#3b6e8f";  // dark blue: prints as a mid grey
constexpr const char* kExceededColour = "#b8322a";  // dark red: prints darker than the blue
constexpr const char* kDashes[] = {"", "7 4", "2 3", "10 3 2 3"};
constexpr const char* kSeriesColours[] = {"#1f4e79", "#b8322a", "#2e7d32",
                                          "#6a3d9a", "#8c564b", "#d17a00"};

// A "nice" axis step (1, 2 or 5 x 10^k) for about `ticks` intervals up to `max`.
double NiceStep(double max, int ticks) {
  if (max <= 0) return 1;
  const double raw = max / ticks;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / mag;
  const double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return nice * mag;
}

// As FormatReportValue (html_report.h): the chart and the table beside it
// print the same number.
std::string Num(double v) {
  const double a = std::fabs(v);
  std::string s = a >= 100  ? fmt::format("{:.0f}", v)
                  : a >= 10 ? fmt::format("{:.1f}", v)
                  : a >= 1  ? fmt::format("{:.2f}", v)
                            : fmt::format("{:.3f}", v);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s == "-0" ? "0" : s;
}

std::string DashAttr(std::size_t i) {
  const char* d = kDashes[i % std::size(kDashes)];
  return *d == '\0' ? "" : fmt::format(" stroke-dasharray=\"{}\"", d);
}

// Horizontal grid lines and labels of a value axis from 0 to `top`.
std::string ValueAxis(double left, double right, double top_y, double bottom_y, double top,
                      double step, const std::string& unit) {
  std::string out;
  for (double v = 0; v <= top + step / 1000; v += step) {
    const double y = bottom_y - (bottom_y - top_y) * v / top;
    out += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#d0d0d0\" "
        "stroke-width=\"0.7\"/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"end\" {}>{}</text>",
        left, y, right, y, left - 6, y + 4, kFont, Num(v));
  }
  out += fmt::format(
      "<text x=\"14\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"middle\" "
      "transform=\"rotate(-90 14 {:.1f})\" {}>{}</text>",
      (top_y + bottom_y) / 2, (top_y + bottom_y) / 2, kFont, HtmlEscape(unit));
  out += fmt::format(
      "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#333\" "
      "stroke-width=\"1\"/>",
      left, bottom_y, right, bottom_y);
  return out;
}

}  // namespace

std::string AqiLevelColour(const std::string& level) {
  // HJ 633-2012 Table 2: green, yellow, orange, red, purple, maroon (RGB
  // values as published: (0,228,0), (255,255,0), (255,126,0), (255,0,0),
  // (153,0,76), (126,0,35)).
  if (level == "I") return "#00e400";
  if (level == "II") return "#ffff00";
  if (level == "III") return "#ff7e00";
  if (level == "IV") return "#ff0000";
  if (level == "V") return "#99004c";
  if (level == "VI") return "#7e0023";
  return "#ffffff";
}

std::string SvgLimitBarChart(const std::vector<ChartBar>& bars, const std::string& unit,
                             const std::vector<std::string>& legend,
                             const std::string& attained_label, const std::string& exceeded_label) {
  const double left = 64, right = kWidth - 20, top_y = 16, bottom_y = 236;
  const double legend_y = 282;
  const double height = legend_y + 22.0 * static_cast<double>((legend.size() + 2 + 1) / 2) + 6;
  double max = 0;
  for (const ChartBar& b : bars) {
    if (b.value) max = std::max(max, *b.value);
    for (const ChartLimit& l : b.limits) max = std::max(max, l.value);
  }
  const double step = NiceStep(max * 1.1, 5);
  const double top = std::max(step, std::ceil(max * 1.1 / step) * step);
  auto y_of = [&](double v) { return bottom_y - (bottom_y - top_y) * v / top; };

  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {:.0f} {:.0f}\" "
      "width=\"{:.0f}\" height=\"{:.0f}\" role=\"img\">",
      kWidth, height, kWidth, height);
  out += ValueAxis(left, right, top_y, bottom_y, top, step, unit);
  const double group = bars.empty() ? 0 : (right - left) / static_cast<double>(bars.size());
  const double bar_w = std::min(56.0, group * 0.42);
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const ChartBar& b = bars[i];
    const double cx = left + group * (static_cast<double>(i) + 0.5);
    if (b.value) {
      const double y = y_of(*b.value);
      out += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"/>"
          "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"12\" font-weight=\"bold\" "
          "text-anchor=\"middle\" {}>{}</text>",
          cx - bar_w / 2, y, bar_w, bottom_y - y, b.exceeded ? kExceededColour : kAttainedColour,
          cx, y - 5, kFont, Num(*b.value));
    }
    for (std::size_t k = 0; k < b.limits.size(); ++k) {
      const double y = y_of(b.limits[k].value);
      out += fmt::format(
          "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#000\" "
          "stroke-width=\"2\"{}/>"
          "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"10\" {}>{}</text>",
          cx - bar_w / 2 - 8, y, cx + bar_w / 2 + 8, y, DashAttr(k), cx + bar_w / 2 + 11, y + 3.5,
          kFont, Num(b.limits[k].value));
    }
    out += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"12\" text-anchor=\"middle\" {}>{}</text>", cx,
        bottom_y + 17, kFont, HtmlEscape(b.label));
  }
  // Legend: bar colours, then the limit dash styles, two per line.
  std::vector<std::string> items;
  items.push_back(
      fmt::format("<rect x=\"0\" y=\"-9\" width=\"14\" height=\"10\" fill=\"{}\"/>"
                  "<text x=\"20\" y=\"0\" font-size=\"11\" {}>{}</text>",
                  kAttainedColour, kFont, HtmlEscape(attained_label)));
  items.push_back(
      fmt::format("<rect x=\"0\" y=\"-9\" width=\"14\" height=\"10\" fill=\"{}\"/>"
                  "<text x=\"20\" y=\"0\" font-size=\"11\" {}>{}</text>",
                  kExceededColour, kFont, HtmlEscape(exceeded_label)));
  for (std::size_t k = 0; k < legend.size(); ++k) {
    items.push_back(fmt::format(
        "<line x1=\"0\" y1=\"-4\" x2=\"24\" y2=\"-4\" stroke=\"#000\" stroke-width=\"2\"{}/>"
        "<text x=\"30\" y=\"0\" font-size=\"11\" {}>{}</text>",
        DashAttr(k), kFont, HtmlEscape(legend[k])));
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    const double x = left + (i % 2 == 0 ? 0 : (right - left) / 2);
    const double y = legend_y + 22.0 * static_cast<double>(i / 2);
    out += fmt::format("<g transform=\"translate({:.1f} {:.1f})\">{}</g>", x, y, items[i]);
  }
  out += "</svg>";
  return out;
}

std::string SvgLineChart(const std::vector<ChartSeries>& series, const std::string& unit) {
  const double left = 64, right = kWidth - 20, top_y = 16, bottom_y = 216;
  const double legend_y = 252;
  const double height = legend_y + 20.0 * static_cast<double>((series.size() + 2) / 3) + 4;
  int first = 0, last = 0;
  double max = 0;
  for (const ChartSeries& s : series) {
    for (const auto& [year, v] : s.points) {
      if (first == 0 || year < first) first = year;
      last = std::max(last, year);
      max = std::max(max, v);
    }
  }
  if (last == first) last = first + 1;
  const double step = NiceStep(max * 1.05, 5);
  const double top = std::max(step, std::ceil(max * 1.05 / step) * step);
  auto x_of = [&](int year) {
    return left + 16 + (right - left - 32) * (year - first) / static_cast<double>(last - first);
  };
  auto y_of = [&](double v) { return bottom_y - (bottom_y - top_y) * v / top; };
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {:.0f} {:.0f}\" "
      "width=\"{:.0f}\" height=\"{:.0f}\" role=\"img\">",
      kWidth, height, kWidth, height);
  out += ValueAxis(left, right, top_y, bottom_y, top, step, unit);
  const int year_step = (last - first) > 12 ? 2 : 1;
  for (int y = first; y <= last; y += year_step) {
    out += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"middle\" {}>{}</text>",
        x_of(y), bottom_y + 16, kFont, y);
  }
  for (std::size_t i = 0; i < series.size(); ++i) {
    const ChartSeries& s = series[i];
    const char* colour = kSeriesColours[i % std::size(kSeriesColours)];
    std::string path;
    for (const auto& [year, v] : s.points) {
      path += fmt::format("{}{:.1f},{:.1f}", path.empty() ? "M" : " L", x_of(year), y_of(v));
    }
    out += fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{}/>", path,
                       colour, DashAttr(i));
    for (const auto& [year, v] : s.points) {
      const double x = x_of(year), y = y_of(v);
      // Marker shapes differ by series: circle, square, triangle, repeat.
      switch (i % 3) {
        case 0:
          out += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3.5\" fill=\"{}\"/>", x, y,
                             colour);
          break;
        case 1:
          out +=
              fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"7\" height=\"7\" fill=\"{}\"/>",
                          x - 3.5, y - 3.5, colour);
          break;
        default:
          out += fmt::format(
              "<path d=\"M{:.1f},{:.1f} L{:.1f},{:.1f} L{:.1f},{:.1f} Z\" fill=\"{}\"/>", x,
              y - 4.5, x + 4.5, y + 3.5, x - 4.5, y + 3.5, colour);
      }
    }
    const double lx = left + (right - left) / 3 * static_cast<double>(i % 3);
    const double ly = legend_y + 20.0 * static_cast<double>(i / 3);
    out += fmt::format(
        "<g transform=\"translate({:.1f} {:.1f})\"><line x1=\"0\" y1=\"-4\" x2=\"24\" y2=\"-4\" "
        "stroke=\"{}\" stroke-width=\"2\"{}/><text x=\"30\" y=\"0\" font-size=\"11\" {}>{}</text>"
        "</g>",
        lx, ly, colour, DashAttr(i), kFont, HtmlEscape(s.label));
  }
  out += "</svg>";
  return out;
}

std::string SvgAqiCalendar(int year, const std::vector<CalendarDay>& days,
                           const std::vector<std::string>& month_labels,
                           const std::vector<std::pair<std::string, std::string>>& category_labels,
                           const std::string& no_data_label) {
  const double left = 52, top_y = 22, cell = 19, gap = 2;
  const double legend_y = top_y + 12 * (cell + gap) + 22;
  const double height =
      legend_y + 20.0 * static_cast<double>((category_labels.size() + 1 + 3) / 4) + 4;
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {:.0f} {:.0f}\" "
      "width=\"{:.0f}\" height=\"{:.0f}\" role=\"img\">",
      kWidth, height, kWidth, height);
  for (int d = 1; d <= 31; d += (d == 1 ? 4 : 5)) {
    out += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"10\" text-anchor=\"middle\" {}>{}</text>",
        left + (d - 1) * (cell + gap) + cell / 2, top_y - 6, kFont, d);
  }
  std::vector<const CalendarDay*> by_day(400, nullptr);
  for (const CalendarDay& d : days) {
    if (d.date.year != year) continue;
    const auto index = DaysFromCivil(d.date) - DaysFromCivil(CivilDate{year, 1, 1});
    if (index >= 0 && index < 366) by_day[static_cast<std::size_t>(index)] = &d;
  }
  for (int m = 1; m <= 12; ++m) {
    const double y = top_y + (m - 1) * (cell + gap);
    const std::string& name =
        month_labels.size() == 12 ? month_labels[static_cast<std::size_t>(m - 1)] : "";
    out += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"end\" {}>{}</text>",
        left - 6, y + cell - 5, kFont, HtmlEscape(name));
    for (int d = 1; d <= DaysInMonth(year, m); ++d) {
      const auto index =
          DaysFromCivil(CivilDate{year, m, d}) - DaysFromCivil(CivilDate{year, 1, 1});
      const CalendarDay* day = by_day[static_cast<std::size_t>(index)];
      const bool has = day != nullptr && day->aqi.has_value();
      out += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.0f}\" height=\"{:.0f}\" fill=\"{}\" "
          "stroke=\"{}\" stroke-width=\"0.6\"><title>{:04d}-{:02d}-{:02d} {}</title></rect>",
          left + (d - 1) * (cell + gap), y, cell, cell,
          has ? AqiLevelColour(day->level) : "#ffffff", has ? "#666" : "#aaa", year, m, d,
          has ? std::to_string(*day->aqi) : "");
    }
  }
  std::vector<std::pair<std::string, std::string>> legend = category_labels;
  legend.emplace_back("", no_data_label);
  for (std::size_t i = 0; i < legend.size(); ++i) {
    const double x = left + 150.0 * static_cast<double>(i % 4);
    const double y = legend_y + 20.0 * static_cast<double>(i / 4);
    out += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"13\" height=\"13\" fill=\"{}\" stroke=\"#666\" "
        "stroke-width=\"0.6\"/><text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" {}>{}</text>",
        x, y - 10, AqiLevelColour(legend[i].first), x + 18, y, kFont, HtmlEscape(legend[i].second));
  }
  out += "</svg>";
  return out;
}

}  // namespace kinet
