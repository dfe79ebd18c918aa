// The SVG charts: well-formed enough to embed, values and labels written,
// text escaped, AQI colours as HJ 633-2012 Table 2 gives them.
#include "report/svg_chart.h"

#include <gtest/gtest.h>

namespace kinet {
namespace {

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (std::size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

TEST(SvgChartTest, BarChartWritesValuesLimitsAndLegend) {
  std::vector<ChartBar> bars = {
      {"PM10", 84.0, true, {{"GB 3095-2012 Grade II", 70}, {"WHO AQG 2021", 15}}},
      {"SO2", 8.0, false, {{"GB 3095-2012 Grade II", 60}}},
  };
  std::string svg = SvgLimitBarChart(bars, "µg/m³", {"GB 3095-2012 Grade II", "WHO AQG 2021"},
                                     "Within GB", "Exceeds GB");
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  EXPECT_EQ(Count(svg, "<rect x="), 2 + 2);  // two bars, two legend swatches
  EXPECT_NE(svg.find(">84<"), std::string::npos);
  EXPECT_NE(svg.find(">70<"), std::string::npos);  // the limit's value beside its mark
  EXPECT_NE(svg.find(">15<"), std::string::npos);
  EXPECT_NE(svg.find("#b8322a"), std::string::npos);  // the exceeded bar's colour
  EXPECT_NE(svg.find("WHO AQG 2021"), std::string::npos);
  EXPECT_NE(svg.find("stroke-dasharray=\"7 4\""), std::string::npos);  // second limit style
}

TEST(SvgChartTest, EscapesLabels) {
  std::vector<ChartBar> bars = {{"<b>&", 1.0, false, {}}};
  std::string svg = SvgLimitBarChart(bars, "u", {}, "a", "b");
  EXPECT_EQ(svg.find("<b>&"), std::string::npos);
  EXPECT_NE(svg.find("&lt;b&gt;&amp;"), std::string::npos);
}

TEST(SvgChartTest, LineChartHasOnePathPerSeries) {
  std::vector<ChartSeries> series = {{"PM10", {{2008, 123}, {2009, 121}, {2017, 84}}},
                                     {"NO2", {{2008, 49}, {2017, 46}}}};
  std::string svg = SvgLineChart(series, "µg/m³");
  EXPECT_EQ(Count(svg, "<path d=\"M"), 2);
  EXPECT_NE(svg.find(">2008<"), std::string::npos);
  EXPECT_NE(svg.find(">2016<"), std::string::npos);
}

TEST(SvgChartTest, CalendarHasOneCellPerDayOfTheYear) {
  std::vector<CalendarDay> days = {{CivilDate{2016, 2, 29}, 160, "IV"},
                                   {CivilDate{2016, 3, 1}, 40, "I"}};
  std::string svg =
      SvgAqiCalendar(2016, days, {"J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"},
                     {{"I", "I Excellent"}, {"IV", "IV Unhealthy"}}, "no AQI");
  // 2016 is a leap year: 366 day cells, each with a <title>.
  EXPECT_EQ(Count(svg, "<title>"), 366);
  EXPECT_NE(svg.find("<title>2016-02-29 160</title>"), std::string::npos);
  EXPECT_NE(svg.find("fill=\"#ff0000\" stroke=\"#666\" stroke-width=\"0.6\"><title>2016-02-29"),
            std::string::npos);
}

TEST(SvgChartTest, AqiColoursFollowHj633Table2) {
  // HJ 633-2012 Table 2: I green (0,228,0) ... VI maroon (126,0,35).
  EXPECT_EQ(AqiLevelColour("I"), "#00e400");
  EXPECT_EQ(AqiLevelColour("III"), "#ff7e00");
  EXPECT_EQ(AqiLevelColour("VI"), "#7e0023");
  EXPECT_EQ(AqiLevelColour(""), "#ffffff");
}

}  // namespace
}  // namespace kinet
