// End-to-end tests of the reports' routes against a real server on loopback,
// on SQLite and PostgreSQL (api_test_fixture.h): the city report as HTML and
// PDF, the narrative's permissions over HTTP (CSRF, 401/403), and the
// exports as CSV and XLSX downloads.
#include <gtest/gtest.h>

#include <algorithm>

#include "api_test_fixture.h"
#include "core/csv.h"
#include "service/indicator_service.h"
#include "service/sample_network.h"
#include "store/export_tables.h"

namespace kinet {
namespace {

using nlohmann::json;

class ReportRoutesTest : public ApiServerTest {
 protected:
  void SetUp() override {
    ApiServerTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_OK(IndicatorService(*db_).SyncBuiltinCatalogue());
    ASSERT_OK(LoadSampleIndicatorValues(*db_).status());
  }
};

TEST_P(ReportRoutesTest, CityReportAsHtmlAndPdf) {
  httplib::Result html = client_->Get("/api/v1/cities/beijing/report?year=2017&lang=zh");
  ASSERT_TRUE(html);
  ASSERT_EQ(html->status, 200) << html->body;
  EXPECT_EQ(html->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(html->body.find("2017 年度城市报告"), std::string::npos);
  // Beijing's PM10 annual mean of 2017 in the sample yearbook values: 84.
  EXPECT_NE(html->body.find(">84<"), std::string::npos);

  httplib::Result pdf = client_->Get("/api/v1/cities/beijing/report?year=2017&format=pdf");
  ASSERT_TRUE(pdf);
  ASSERT_EQ(pdf->status, 200) << pdf->body;
  EXPECT_EQ(pdf->get_header_value("Content-Type"), "application/pdf");
  EXPECT_EQ(pdf->body.substr(0, 5), "%PDF-");

  httplib::Result bad = client_->Get("/api/v1/cities/beijing/report?year=2017&lang=fr");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(Body(bad)["error"]["field"], "lang");
  httplib::Result missing = client_->Get("/api/v1/cities/atlantis/report?year=2017");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

TEST_P(ReportRoutesTest, NarrativeIsWrittenByTheCityOfficerOnly) {
  const std::string path = "/api/v1/cities/beijing/report/narrative?year=2017&lang=en";
  const json body = {{"summary", "<b>Clean heating</b>"}, {"status", "published"}};
  httplib::Result anon = client_->Put(path, body.dump(), "application/json");
  ASSERT_TRUE(anon);
  EXPECT_EQ(anon->status, 401);
  Session other = Login("lei.wang@example.org");  // city officer of Weihai
  httplib::Result denied = client_->Put(path, As(other), body.dump(), "application/json");
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->status, 403);
  Session officer = Login("min.zhao@example.org");  // city officer of Beijing
  httplib::Result ok = client_->Put(path, As(officer), body.dump(), "application/json");
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(Body(ok)["updated_by"], "min.zhao@example.org");

  httplib::Result read = client_->Get(path);
  ASSERT_TRUE(read);
  ASSERT_EQ(read->status, 200);
  EXPECT_EQ(Body(read)["summary"], "<b>Clean heating</b>");  // JSON carries the text as is
  httplib::Result html = client_->Get("/api/v1/cities/beijing/report?year=2017");
  ASSERT_TRUE(html);
  EXPECT_NE(html->body.find("&lt;b&gt;Clean heating&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(html->body.find("<b>Clean heating"), std::string::npos);
}

TEST_P(ReportRoutesTest, ExportsAsCsvAndXlsx) {
  // The listing names every table of ExportTables(), in order, with its
  // columns and public rule; the default page holds the first 50.
  httplib::Result list = client_->Get("/api/v1/exports?per_page=500");
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200);
  const json listing = Body(list);
  ASSERT_EQ(listing["total"].get<std::size_t>(), ExportTables().size());
  ASSERT_EQ(listing["items"].size(), ExportTables().size());
  for (std::size_t i = 0; i < ExportTables().size(); ++i) {
    const ExportTable& t = ExportTables()[i];
    const json& item = listing["items"][i];
    EXPECT_EQ(item["name"], t.name);
    ASSERT_EQ(item["columns"].size(), t.columns.size()) << t.name;
    EXPECT_EQ(item["columns"].back(), t.columns.back()) << t.name;
    std::vector<std::string> accounts;
    for (std::string_view c : t.columns) {
      if (IsAccountColumn(c)) accounts.emplace_back(c);
    }
    EXPECT_EQ(item["account_columns"].get<std::vector<std::string>>(), accounts) << t.name;
    EXPECT_EQ(item["public"], t.public_sql.empty()         ? "no"
                              : t.public_sql == t.full_sql ? "all rows"
                                                           : "published rows")
        << t.name;
  }
  // pilot_reports: the author and who decided are accounts (0008 pilot_reports).
  for (const json& item : listing["items"]) {
    if (item["name"] != "pilot_reports") continue;
    EXPECT_EQ(item["account_columns"], json({"author", "decided_by"}));
  }
  httplib::Result first = client_->Get("/api/v1/exports");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200);
  EXPECT_EQ(Body(first)["items"].size(), std::min<std::size_t>(50, ExportTables().size()));

  // A detail table as CSV: its header.
  httplib::Result steps = client_->Get("/api/v1/exports/request_steps?format=csv");
  ASSERT_TRUE(steps);
  ASSERT_EQ(steps->status, 200);
  EXPECT_EQ(steps->body.substr(0, steps->body.find('\n')),
            "request,at,actor,action,from_status,to_status,programme,comment");

  httplib::Result csv = client_->Get("/api/v1/exports/indicator_values?format=csv");
  ASSERT_TRUE(csv);
  ASSERT_EQ(csv->status, 200);
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv->body.substr(0, csv->body.find('\n')),
            "city,indicator,period,value,unit,entered_value,entered_unit,source_kind,source,note,"
            "status,flags,doubtful,updated_by,updated_at,flag_reasons,created_by,created_at");
  // One line per published value (all sample values are published) + header.
  Result<std::vector<IndicatorValue>> values = IndicatorService(*db_).ListValues({});
  ASSERT_OK(values.status());
  EXPECT_EQ(std::count(csv->body.begin(), csv->body.end(), '\n'),
            static_cast<std::ptrdiff_t>(values->size() + 1));

  httplib::Result xlsx = client_->Get("/api/v1/exports/all?format=xlsx");
  ASSERT_TRUE(xlsx);
  ASSERT_EQ(xlsx->status, 200);
  EXPECT_EQ(xlsx->body.substr(0, 2), "PK");  // a zip container

  httplib::Result imports = client_->Get("/api/v1/exports/monitoring_imports");
  ASSERT_TRUE(imports);
  EXPECT_EQ(imports->status, 401);
  httplib::Result unknown = client_->Get("/api/v1/exports/no_such_table");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
}

// Who entered a value is an account: the anonymous download keeps the
// updated_by and created_by columns and leaves them empty in every row; a
// signed-in user's download of the same rows names the loader of the sample
// values ("sample-loader", LoadSampleIndicatorValues).
TEST_P(ReportRoutesTest, ExportsHideAccountsFromTheAnonymousPublic) {
  const std::string path = "/api/v1/exports/indicator_values?format=csv";
  httplib::Result anon = client_->Get(path);
  ASSERT_TRUE(anon);
  ASSERT_EQ(anon->status, 200) << anon->body;
  Session officer = Login("min.zhao@example.org");  // city officer of Beijing
  httplib::Result mine = client_->Get(path, As(officer, false));
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->status, 200) << mine->body;
  for (const bool signed_in : {false, true}) {
    SCOPED_TRACE(signed_in ? "signed in" : "anonymous");
    const std::string& body = signed_in ? mine->body : anon->body;
    Result<CsvTable> csv = CsvTable::Open(body, "indicator_values.csv",
                                          {"city", "updated_by", "created_by", "updated_at"});
    ASSERT_OK(csv.status());
    std::size_t rows = 0;
    while (true) {
      Result<bool> next = csv->Next();
      ASSERT_OK(next.status());
      if (!*next) break;
      ++rows;
      EXPECT_EQ(csv->Get("updated_by"), signed_in ? "sample-loader" : "") << csv->line();
      EXPECT_EQ(csv->Get("created_by"), signed_in ? "sample-loader" : "") << csv->line();
      EXPECT_FALSE(csv->Get("updated_at").empty()) << csv->line();  // not an account
    }
    EXPECT_GT(rows, 100u);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportRoutesTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendTestName);

}  // namespace
}  // namespace kinet
