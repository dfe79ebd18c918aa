// The HTML of the reports, from hand-built report values (no database):
// user text is escaped, every section is there in both languages, a city
// without data gets a report that says so.
#include "report/html_report.h"

#include <gtest/gtest.h>

namespace kinet {
namespace {

CityReport EmptyReport(ReportLang lang) {
  CityReport r;
  r.profile.city.code = "weihai";
  r.profile.city.name_en = "Weihai";
  r.profile.city.name_local = "威海";
  r.profile.country.name_en = "China";
  r.profile.country.name_local = "中国";
  r.year = 2017;
  r.lang = lang;
  r.generated_at = "2026-01-01T00:00:00Z";
  return r;
}

TEST(HtmlReportTest, NarrativeIsShownAsTextNotMarkup) {
  CityReport r = EmptyReport(ReportLang::kEn);
  CityNarrative n;
  n.summary = "<script>alert('x')</script> & more";
  n.status = "published";
  r.narrative = n;
  const std::string html = RenderCityReportHtml(r);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"),
            std::string::npos);
}

TEST(HtmlReportTest, CityWithoutDataSaysSoInEverySection) {
  const std::string html = RenderCityReportHtml(EmptyReport(ReportLang::kEn));
  EXPECT_NE(html.find("KINet holds no data for this city for this year"), std::string::npos);
  EXPECT_NE(html.find("No indicator values are recorded"), std::string::npos);
  EXPECT_NE(html.find("No air-quality data for this year"), std::string::npos);
  EXPECT_NE(html.find("No quantitative targets are recorded."), std::string::npos);
  EXPECT_NE(html.find("The city has not written a summary"), std::string::npos);
  EXPECT_NE(html.find("Weihai (威海)"), std::string::npos);
  EXPECT_NE(html.find("Annual city report 2017"), std::string::npos);
}

TEST(HtmlReportTest, ChineseReportUsesChineseHeadingsAndName) {
  const std::string html = RenderCityReportHtml(EmptyReport(ReportLang::kZh));
  EXPECT_NE(html.find("<html lang=\"zh-Hans\">"), std::string::npos);
  EXPECT_NE(html.find("威海（Weihai）"), std::string::npos);
  EXPECT_NE(html.find("2017 年度城市报告"), std::string::npos);
  for (const char* heading : {"环境状况", "目标进展", "成就", "挑战与援助需求", "试点项目"}) {
    EXPECT_NE(html.find(heading), std::string::npos) << heading;
  }
  EXPECT_EQ(html.find("Progress on targets"), std::string::npos);
}

TEST(HtmlReportTest, AirSectionDrawsChartAndVerdicts) {
  CityReport r = EmptyReport(ReportLang::kEn);
  AirAnnualLine pm10;
  pm10.pollutant = "PM10";
  pm10.annual_mean = 84;
  pm10.unit = "ug/m3";
  pm10.valid = true;
  pm10.source = "China Statistical Yearbook";
  // GB 3095-2012 Table 1, Grade II PM10 annual limit 70; WHO AQG 2021: 15.
  pm10.limits = {{"cn-gb3095-2012", "GB 3095-2012 Grade II", 70, "exceeded"},
                 {"who-aqg-2021", "WHO AQG 2021", 15, "exceeded"}};
  r.air.basis = "reported";
  r.air.annual.push_back(pm10);
  const std::string html = RenderCityReportHtml(r);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("class=\"verdict-exceeded\">exceeded"), std::string::npos);
  EXPECT_NE(html.find("Annual means as reported by the city"), std::string::npos);
  EXPECT_EQ(html.find("KINet holds no data"), std::string::npos);
}

TEST(HtmlReportTest, FormatsValuesForPrint) {
  EXPECT_EQ(FormatReportValue(84), "84");
  EXPECT_EQ(FormatReportValue(55.827397), "55.8");
  EXPECT_EQ(FormatReportValue(1641696), "1641696");
  EXPECT_EQ(FormatReportValue(0.4251), "0.425");
  EXPECT_EQ(FormatReportValue(2.5), "2.5");
}

}  // namespace
}  // namespace kinet
