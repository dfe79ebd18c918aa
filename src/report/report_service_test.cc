// Reports and exports on the sample network (kinet init --sample without the
// monitoring data: cities, members, yearbook and What a Waste values,
// illustrative targets), on SQLite and PostgreSQL. The city report is
// printed to PDF with headless Chromium and read back with pdftotext
// (poppler-utils), and its numbers are traced to the database values.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/file.h"
#include "ingest/xlsx_reader.h"
#include "report/html_report.h"
#include "report/pdf_printer.h"
#include "report/report_service.h"
#include "report/table_export.h"
#include "service/indicator_service.h"
#include "service/pilot_service.h"
#include "service/sample_network.h"
#include "service/sample_targets.h"
#include "service/target_service.h"
#include "store/backend_fixture.h"

namespace kinet {
namespace {

namespace fs = std::filesystem;

#define EXPECT_OK(expr)                                     \
  do {                                                      \
    const ::kinet::Status s_ = ::kinet::ToStatus(expr);     \
    EXPECT_TRUE(s_.ok()) << #expr << ": " << s_.ToString(); \
  } while (false)

Principal CityOfficer(const std::string& city) {
  User u;
  u.email = "officer@" + city + ".example.org";
  u.role = Role::kCityOfficer;
  u.scope = city;
  return Principal::ForUser(u);
}

// The text of a PDF (pdftotext -layout), or "" with a test failure. With
// KINET_REPORT_TEST_OUT=DIR the PDF is also copied there, to look at it
// (pdftoppm -png; docs/reports.md).
std::string PdfText(const fs::path& pdf) {
  if (const char* keep = std::getenv("KINET_REPORT_TEST_OUT"); keep != nullptr && *keep != '\0') {
    std::error_code ec;
    fs::copy_file(pdf, fs::path(keep) / pdf.filename(), fs::copy_options::overwrite_existing, ec);
  }
  const fs::path txt = pdf.string() + ".txt";
  const std::string cmd = "pdftotext -layout '" + pdf.string() + "' '" + txt.string() + "'";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd << " (poppler-utils: scripts/install-deps)";
  Result<std::string> text = ReadFile(txt.string());
  EXPECT_TRUE(text.ok()) << text.status().ToString();
  return text.ok() ? *text : "";
}

// The one value of `city`, `indicator`, `period` in the database.
double StoredValue(Database& db, const std::string& city, const std::string& indicator,
                   const std::string& period) {
  IndicatorValueQuery q;
  q.city_code = city;
  q.indicator_code = indicator;
  q.from = period;
  q.to = period;
  Result<std::vector<IndicatorValue>> v = IndicatorService(db).ListValues(q);
  EXPECT_TRUE(v.ok() && v->size() == 1) << city << " " << indicator << " " << period;
  return v.ok() && !v->empty() ? v->front().value : -1;
}

class ReportServiceTest : public BackendTest {
 protected:
  void SetUp() override {
    OpenFreshDatabase(/*migrate=*/true);
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_OK(IndicatorService(*db_).SyncBuiltinCatalogue());
    Result<NetworkData> sample = BuiltinSampleNetwork();
    ASSERT_OK(sample.status());
    ASSERT_OK(LoadNetwork(*db_, *sample).status());
    ASSERT_OK(LoadSampleIndicatorValues(*db_).status());
    ASSERT_OK(LoadSampleTargets(*db_).status());
    out_ = fs::temp_directory_path() / ("kinet-report-" + RandomSuffix());
    fs::create_directories(out_);
  }
  void TearDown() override {
    std::error_code ec;
    if (!out_.empty()) fs::remove_all(out_, ec);
    BackendTest::TearDown();
  }
  fs::path out_;
};

// Beijing 2017 in both languages: the PDF has every section, and the air
// numbers are the database's. Values (data/sample/indicators/
// china_yearbook.csv, China Statistical Yearbook): PM10 84, SO2 8, NO2 46
// ug/m3 in 2017. Limits: GB 3095-2012 Table 1 Grade II annual PM10 70, SO2
// 60, NO2 40; WHO AQG 2021 annual PM10 15, NO2 10.
TEST_P(ReportServiceTest, CityReportPdfHasSectionsAndDatabaseNumbers) {
  const double pm10 = StoredValue(*db_, "beijing", "air.pm10.annual-mean", "2017");
  const double so2 = StoredValue(*db_, "beijing", "air.so2.annual-mean", "2017");
  const double no2 = StoredValue(*db_, "beijing", "air.no2.annual-mean", "2017");
  ASSERT_EQ(pm10, 84);
  ASSERT_EQ(so2, 8);
  ASSERT_EQ(no2, 46);
  ReportService reports(*db_);
  struct LangCase {
    ReportLang lang;
    std::vector<std::string> expected;  // headings and fixed text
  };
  const LangCase cases[] = {
      {ReportLang::kEn,
       {"Beijing", "Annual city report 2017", "Environmental situation",
        "Air quality against the standards", "Problems", "Progress on targets",
        "Assessment scheme scores", "Achievements", "Challenges and needs for assistance",
        "Requests for assistance", "Pilot projects", "GB 3095-2012 Grade II", "WHO AQG 2021",
        "exceeded", "attained"}},
      {ReportLang::kZh,
       {"北京", "2017 年度城市报告", "环境状况", "空气质量与标准对比", "问题", "目标进展",
        "考核体系得分", "成就", "挑战与援助需求", "援助请求", "试点项目", "GB 3095-2012 二级",
        "超标", "达标"}},
  };
  for (const LangCase& c : cases) {
    SCOPED_TRACE(std::string(ReportLangCode(c.lang)));
    Result<CityReport> report =
        reports.CityReportFor(Principal::Anonymous(), "beijing", 2017, c.lang);
    ASSERT_OK(report.status());
    ASSERT_EQ(report->air.basis, "reported");  // no monitoring data loaded in this test
    // Units as symbols (core/indicator_unit.h UnitSymbol) in both
    // languages, also in the problems table, whose English text is the
    // problem's summary: PM10 84 µg/m³ against the limit of 70 µg/m³.
    const std::string html = RenderCityReportHtml(*report);
    EXPECT_EQ(html.find("ug/m3"), std::string::npos);
    EXPECT_NE(html.find("84 µg/m³"), std::string::npos);
    if (c.lang == ReportLang::kZh) {
      EXPECT_NE(html.find("限值 70 µg/m³"), std::string::npos);
    } else {
      EXPECT_NE(html.find("limit of 70 µg/m³"), std::string::npos);
    }
    const fs::path pdf = out_ / ("beijing-" + std::string(ReportLangCode(c.lang)) + ".pdf");
    ASSERT_OK(PrintHtmlToPdf(RenderCityReportHtml(*report), pdf.string()));
    const std::string text = PdfText(pdf);
    for (const std::string& e : c.expected) EXPECT_NE(text.find(e), std::string::npos) << e;
    // The annual means and the limits they are judged against, as printed.
    for (const std::string& n :
         {FormatReportValue(pm10), FormatReportValue(so2), FormatReportValue(no2),
          std::string("70"), std::string("60"), std::string("40")}) {
      EXPECT_NE(text.find(" " + n + " "), std::string::npos) << n;
    }
  }
}

// The pilots table names the call that selected a project in the report's
// language: data/sample/pilots.json gives the sample call both titles; a call
// without a Chinese title shows its English one in the Chinese report.
TEST_P(ReportServiceTest, PilotSectionNamesTheCallInTheReportLanguage) {
  Result<int> projects = LoadSamplePilots(*db_);
  ASSERT_OK(projects.status());
  const std::string project =
      "Lanzhou: coal-fired heating boilers to cleaner fuels (illustrative pilot)";
  const std::string en_call =
      "Kitakyushu Initiative pilot projects: illustrative call 2009 (medium-sized Chinese cities)";
  const std::string zh_call = "北九州倡议试点项目：2009 年示例遴选（中国中等城市）";
  ReportService reports(*db_);
  auto first_pilot = [&](ReportLang lang) -> std::string {
    Result<CityReport> r = reports.CityReportFor(Principal::Anonymous(), "lanzhou", 2013, lang);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return "";
    for (const ReportTable& t : r->sections) {
      if (t.key == "section.pilots" && !t.rows.empty()) return t.rows.front().front();
    }
    ADD_FAILURE() << "no pilot row in the report of lanzhou";
    return "";
  };
  // report_text.cc "pilot.from-call": "{} (selected by call: {})" / "{}（遴选：{}）".
  EXPECT_EQ(first_pilot(ReportLang::kEn), project + " (selected by call: " + en_call + ")");
  EXPECT_EQ(first_pilot(ReportLang::kZh), project + "（遴选：" + zh_call + "）");
  ASSERT_OK(db_->Execute("UPDATE pilot_calls SET title_zh = ''").status());
  EXPECT_EQ(first_pilot(ReportLang::kZh), project + "（遴选：" + en_call + "）");
}

TEST_P(ReportServiceTest, ReportVerdictsFollowTheLimits) {
  ReportService reports(*db_);
  Result<CityReport> r =
      reports.CityReportFor(Principal::Anonymous(), "beijing", 2017, ReportLang::kEn);
  ASSERT_OK(r.status());
  std::map<std::string, std::string> gb;  // pollutant → GB 3095 verdict
  for (const AirAnnualLine& l : r->air.annual) {
    for (const LimitMark& m : l.limits) {
      if (m.set_id == "cn-gb3095-2012") gb[l.pollutant] = m.verdict;
    }
  }
  EXPECT_EQ(gb["PM10"], "exceeded");  // 84 > 70
  EXPECT_EQ(gb["NO2"], "exceeded");   // 46 > 40
  EXPECT_EQ(gb["SO2"], "attained");   // 8 <= 60
  // Targets: the same progress as TargetService at the report year.
  ProgressQuery q;
  q.city_code = "beijing";
  q.evaluation_year = 2017;
  q.published_only = true;
  Result<std::vector<TargetProgress>> expected = TargetService(*db_).Progress(q);
  ASSERT_OK(expected.status());
  ASSERT_EQ(r->targets.size(), expected->size());
  for (std::size_t i = 0; i < expected->size(); ++i) {
    EXPECT_EQ(r->targets[i].assessment.status, (*expected)[i].assessment.status);
  }
}

TEST_P(ReportServiceTest, CityWithoutDataGetsAReportThatSaysSo) {
  // Dalian is a member of the sample network with no indicator values.
  ReportService reports(*db_);
  Result<CityReport> r =
      reports.CityReportFor(Principal::Anonymous(), "dalian", 2017, ReportLang::kEn);
  ASSERT_OK(r.status());
  EXPECT_FALSE(r->has_data());
  const std::string html = RenderCityReportHtml(*r);
  EXPECT_NE(html.find("KINet holds no data for this city for this year"), std::string::npos);
  EXPECT_NE(html.find("No air-quality data for this year"), std::string::npos);
}

TEST_P(ReportServiceTest, UnknownCityIsNotFound) {
  ReportService reports(*db_);
  EXPECT_EQ(reports.CityReportFor(Principal::Anonymous(), "atlantis", 2017, ReportLang::kEn)
                .status()
                .code(),
            StatusCode::kNotFound);
  EXPECT_EQ(reports.CityReportFor(Principal::Anonymous(), "beijing", 1800, ReportLang::kEn)
                .status()
                .code(),
            StatusCode::kInvalidArgument);
}

TEST_P(ReportServiceTest, NarrativeIsEscapedAndDraftsAreNotPublic) {
  ReportService reports(*db_);
  CityNarrative n;
  n.city_code = "beijing";
  n.year = 2017;
  n.lang = "en";
  n.summary = "<script>alert(1)</script> Coal boilers replaced";
  n.needs = "Training on VOC monitoring";
  // Only the city's own officer (or the secretariat) writes it.
  EXPECT_EQ(reports.SaveNarrative(CityOfficer("shanghai"), n).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(reports.SaveNarrative(Principal::Anonymous(), n).status().code(),
            StatusCode::kUnauthenticated);
  ASSERT_OK(reports.SaveNarrative(CityOfficer("beijing"), n).status());

  // A draft: the officer sees it, the public does not.
  EXPECT_OK(reports.Narrative(CityOfficer("beijing"), "beijing", 2017, ReportLang::kEn).status());
  EXPECT_EQ(
      reports.Narrative(Principal::Anonymous(), "beijing", 2017, ReportLang::kEn).status().code(),
      StatusCode::kNotFound);
  Result<CityReport> public_report =
      reports.CityReportFor(Principal::Anonymous(), "beijing", 2017, ReportLang::kEn);
  ASSERT_OK(public_report.status());
  EXPECT_FALSE(public_report->narrative.has_value());

  n.status = "published";
  ASSERT_OK(reports.SaveNarrative(CityOfficer("beijing"), n).status());
  Result<CityReport> r =
      reports.CityReportFor(Principal::Anonymous(), "beijing", 2017, ReportLang::kEn);
  ASSERT_OK(r.status());
  ASSERT_TRUE(r->narrative.has_value());
  const std::string html = RenderCityReportHtml(*r);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt; Coal boilers replaced"),
            std::string::npos);
  EXPECT_NE(html.find("Training on VOC monitoring"), std::string::npos);
  // The other language has its own narrative (none yet).
  EXPECT_EQ(
      reports.Narrative(Principal::Anonymous(), "beijing", 2017, ReportLang::kZh).status().code(),
      StatusCode::kNotFound);
}

TEST_P(ReportServiceTest, NetworkReportSummarisesEveryMember) {
  ReportService reports(*db_);
  Result<NetworkReport> r = reports.NetworkReportFor(Principal::Anonymous(), 2017, ReportLang::kEn);
  ASSERT_OK(r.status());
  // data/sample/members.csv: 34 member cities.
  EXPECT_EQ(r->cities.size(), 34u);
  int targets = 0;
  for (const auto& [status, n] : r->target_status) targets += n;
  // data/sample/targets.csv: 6 targets, all of member or sample cities.
  ProgressQuery q;
  q.evaluation_year = 2017;
  q.published_only = true;
  Result<std::vector<TargetProgress>> all = TargetService(*db_).Progress(q);
  ASSERT_OK(all.status());
  int of_members = 0;
  for (const TargetProgress& p : *all) {
    for (const NetworkCityLine& c : r->cities)
      of_members += c.profile.city.code == p.target.city_code;
  }
  EXPECT_EQ(targets, of_members);
  for (const NetworkCityLine& c : r->cities) {
    if (c.profile.city.code != "beijing") continue;
    ASSERT_TRUE(c.key_values.count("air.pm10.annual-mean"));
    EXPECT_EQ(c.key_values.at("air.pm10.annual-mean"), std::make_pair(2017, 84.0));
  }
  const fs::path pdf = out_ / "network.pdf";
  ASSERT_OK(PrintHtmlToPdf(RenderNetworkReportHtml(*r), pdf.string()));
  const std::string text = PdfText(pdf);
  EXPECT_NE(text.find("Network report 2017"), std::string::npos);
  EXPECT_NE(text.find("Kitakyushu"), std::string::npos);
}

TEST_P(ReportServiceTest, ExportsCarryUnitsAndProvenanceAndHideDrafts) {
  // A draft value: in the full export, not in the public one.
  ValueInput draft;
  draft.city = "dalian";
  draft.indicator = "air.pm10.annual-mean";
  draft.period = "2017";
  draft.value = 77;
  draft.source = "test draft";
  ASSERT_OK(IndicatorService(*db_).RecordValue(draft, "test").status());
  IndicatorValueQuery all_query;
  Result<std::vector<IndicatorValue>> all = IndicatorService(*db_).ListValues(all_query);
  ASSERT_OK(all.status());

  Result<TableData> full = ReadTableFor(*db_, Principal::Operator("test"), "indicator_values");
  ASSERT_OK(full.status());
  EXPECT_EQ(full->rows.size(), all->size());
  Result<TableData> pub = ReadTableFor(*db_, Principal::Anonymous(), "indicator_values");
  ASSERT_OK(pub.status());
  EXPECT_EQ(pub->rows.size(), all->size() - 1);

  const std::string csv = TableCsv(*full);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "city,indicator,period,value,unit,entered_value,entered_unit,source_kind,source,note,"
            "status,flags,doubtful,updated_by,updated_at,flag_reasons,created_by,created_at");
  EXPECT_NE(csv.find("dalian,air.pm10.annual-mean,2017,77,ug/m3,77,ug/m3,reported,test draft,,"
                     "draft,"),
            std::string::npos);
  EXPECT_EQ(TableCsv(*pub).find("test draft"), std::string::npos);

  // Monitoring imports are not public at all.
  EXPECT_EQ(ReadTableFor(*db_, Principal::Anonymous(), "monitoring_imports").status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(ReadTableFor(*db_, Principal::Anonymous(), "no_such_table").status().code(),
            StatusCode::kNotFound);

  // XLSX: the table's sheet first, read back with the project's reader.
  const fs::path xlsx = out_ / "values.xlsx";
  ASSERT_OK(WriteTablesXlsx(xlsx.string(), {*full}, "test"));
  Result<std::string> bytes = ReadFile(xlsx.string());
  ASSERT_OK(bytes.status());
  Result<XlsxSheet> sheet = ReadXlsxFirstSheet(*bytes, "values.xlsx");
  ASSERT_OK(sheet.status());
  EXPECT_EQ(sheet->name, "indicator_values");
  EXPECT_EQ(sheet->rows.size(), all->size() + 1);  // + header
  EXPECT_EQ(sheet->rows[0][4].text, "unit");

  // Every table at once, as the operator: one sheet each.
  Result<std::vector<TableData>> every = ReadAllTablesFor(*db_, Principal::Operator("test"));
  ASSERT_OK(every.status());
  EXPECT_EQ(every->size(), ExportTables().size());
  Result<std::vector<TableData>> public_tables = ReadAllTablesFor(*db_, Principal::Anonymous());
  ASSERT_OK(public_tables.status());
  EXPECT_EQ(public_tables->size(), ExportTables().size() - 1);  // without monitoring_imports
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportServiceTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendTestName);

}  // namespace
}  // namespace kinet
