// Every exportable table (store/export_tables.h) on the whole sample network
// as `kinet init --sample` loads it (without the monitoring data), on SQLite
// and PostgreSQL: each table's full and public queries run, every row has
// as many cells as the header has names, the public rows are some of the
// full rows, and what the public may not read (a draft practice with its
// details and reviews, a draft request with its history, a progress report
// not yet approved, a draft indicator value of a pilot's results framework)
// is in the full export and not in the public one. The workbook of every
// table is read back (its xl/workbook.xml, through libzip) for one sheet per
// table, and the table names are checked against the XLSX sheet-name rules.
#include <gtest/gtest.h>
#include <zip.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "core/file.h"
#include "ingest/xlsx_reader.h"
#include "report/table_export.h"
#include "service/assistance_service.h"
#include "service/event_service.h"
#include "service/indicator_service.h"
#include "service/pilot_service.h"
#include "service/practice_service.h"
#include "service/sample_network.h"
#include "service/sample_targets.h"
#include "store/backend_fixture.h"
#include "store/export_tables.h"
#include "store/migrations.h"

namespace kinet {
namespace {

namespace fs = std::filesystem;

// The rows of `data` as CSV lines (without the header), sorted: rows of two
// queries compare by their cells.
std::vector<std::string> Lines(const TableData& data) {
  std::string csv = TableCsv(data);
  csv.erase(0, csv.find('\n') + 1);  // the header
  std::vector<std::string> out;
  for (std::size_t start = 0; start < csv.size();) {
    const std::size_t end = csv.find('\n', start);
    out.push_back(csv.substr(start, end - start));
    start = end + 1;
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The index of `column` in the table's header, or a test failure.
std::size_t ColumnIndex(const ExportTable& table, std::string_view column) {
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    if (table.columns[i] == column) return i;
  }
  ADD_FAILURE() << table.name << " has no column " << column;
  return 0;
}

// The rows whose `column` holds `text`.
std::size_t CountRows(const TableData& data, std::string_view column, const std::string& text) {
  const std::size_t c = ColumnIndex(*data.table, column);
  return static_cast<std::size_t>(
      std::count_if(data.rows.begin(), data.rows.end(), [&](const Row& r) {
        return r.TextOr(c) == text || (r.Int(c) && std::to_string(*r.Int(c)) == text);
      }));
}

// The names of the sheets of the workbook `bytes`, in workbook order, read
// from xl/workbook.xml (ECMA-376 Part 1, 18.2.19 sheet: the name attribute).
std::vector<std::string> SheetNames(const std::string& bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  EXPECT_NE(source, nullptr);
  if (source == nullptr) return {};
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  EXPECT_NE(archive, nullptr) << zip_error_strerror(&error);
  if (archive == nullptr) {
    zip_source_free(source);
    return {};
  }
  std::string xml;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(archive, "xl/workbook.xml", 0, &st) == 0) {
    zip_file_t* file = zip_fopen(archive, "xl/workbook.xml", 0);
    if (file != nullptr) {
      xml.resize(st.size);
      const zip_int64_t n = zip_fread(file, xml.data(), st.size);
      xml.resize(n < 0 ? 0 : static_cast<std::size_t>(n));
      zip_fclose(file);
    }
  }
  zip_close(archive);
  EXPECT_FALSE(xml.empty()) << "no xl/workbook.xml";
  std::vector<std::string> names;
  const std::regex sheet(R"re(<sheet name="([^"]*)")re");
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), sheet); it != std::sregex_iterator();
       ++it) {
    names.push_back((*it)[1].str());
  }
  return names;
}

class TableExportTest : public BackendTest {
 protected:
  // The sample as `kinet init --sample` loads it (cli/init_command.cc), in
  // the same order, without the monitoring folder.
  void SetUp() override {
    OpenFreshDatabase(/*migrate=*/true);
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_OK(IndicatorService(*db_).SyncBuiltinCatalogue());
    Result<NetworkData> sample = BuiltinSampleNetwork();
    ASSERT_OK(sample.status());
    ASSERT_OK(LoadNetwork(*db_, *sample).status());
    ASSERT_OK(LoadSampleIndicatorValues(*db_).status());
    ASSERT_OK(LoadSampleTargets(*db_).status());
    ASSERT_OK(LoadSamplePractices(*db_).status());
    ASSERT_OK(LoadSampleAssistance(*db_).status());
    ASSERT_OK(LoadSamplePilots(*db_).status());
    ASSERT_OK(LoadSampleEvents(*db_).status());
    out_ = fs::temp_directory_path() / ("kinet-table-export-" + RandomSuffix());
    fs::create_directories(out_);
  }
  void TearDown() override {
    std::error_code ec;
    if (!out_.empty()) fs::remove_all(out_, ec);
    BackendTest::TearDown();
  }

  TableData Full(std::string_view name) {
    Result<TableData> t = ReadTableFor(*db_, op_, name);
    EXPECT_TRUE(t.ok()) << name << ": " << t.status().ToString();
    return t.ok() ? *std::move(t) : TableData{};
  }
  TableData Public(std::string_view name) {
    Result<TableData> t = ReadTableFor(*db_, Principal::Anonymous(), name);
    EXPECT_TRUE(t.ok()) << name << ": " << t.status().ToString();
    return t.ok() ? *std::move(t) : TableData{};
  }

  // A draft practice of Dalian with one of every detail, submitted and
  // commented on by a reviewer: nothing of it is public.
  void AddUnpublishedPractice() {
    Practice p;
    p.code = "test-unpublished-practice";
    p.city_code = "dalian";
    p.title_en = "Unpublished test practice";
    p.start_year = 2005;
    p.themes = {"air"};
    p.measure_types = {"policy"};
    p.funding_sources = {"test municipal budget"};
    p.partners = {"test partner"};
    PracticeResult r;
    r.indicator_code = "air.so2.annual-mean";
    r.description = "test result";
    r.before = {2001, 2004};
    r.after = {2006, 2008};
    r.claimed_before = 101;
    r.claimed_after = 55;
    p.results = {r};
    p.contacts = {{"Test Contact", "Test Bureau", "contact@test.example.org"}};
    p.links = {{"Test document", "https://test.example.org/doc"}};
    PracticeService practices(*db_);
    ASSERT_OK(practices.Create(op_, p).status());
    ASSERT_OK(practices.Submit(op_, p.code).status());
    ASSERT_OK(
        practices.Review(op_, p.code, ReviewVerdict::kComment, "test review comment").status());
  }

  fs::path out_;
  const Principal op_ = Principal::Operator("test");
};

// Sheet names in XLSX: at most 31 characters, none of []:*?/\, not starting
// or ending with an apostrophe, unique without regard to case (ECMA-376 Part
// 1, 18.2.19 and Excel's rules, which libxlsxwriter enforces:
// workbook_validate_sheet_name). "about" is the workbook's last sheet.
TEST(ExportTableNamesTest, AreValidUniqueSheetNames) {
  std::set<std::string> seen{"about"};
  for (const ExportTable& t : ExportTables()) {
    const std::string name(t.name);
    EXPECT_FALSE(name.empty());
    EXPECT_LE(name.size(), 31u) << name;
    EXPECT_EQ(name.find_first_of("[]:*?/\\"), std::string::npos) << name;
    EXPECT_NE(name.front(), '\'') << name;
    EXPECT_NE(name.back(), '\'') << name;
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    EXPECT_TRUE(seen.insert(lower).second) << name << " twice (or named like the about sheet)";
    EXPECT_FALSE(t.title.empty()) << name;
    EXPECT_FALSE(t.columns.empty()) << name;
  }
}

// The detail tables of migrations 0006-0010 are exported, and only they and
// the earlier ones: accounts, sessions, tokens, the audit log, notifications
// and search indexes are not (docs/reports.md "Exports").
TEST(ExportTableNamesTest, EveryStoredTableIsExportedOrNamedAsNot) {
  const std::set<std::string> never = {
      "users",          "audit_log",      "sessions",          "api_tokens",
      "login_attempts", "notifications",  "monitoring_blocks", "indicator_catalogue_state",
      "practice_fts",   "practice_search"};
  // Every CREATE TABLE / CREATE VIRTUAL TABLE of src/store/migrations (as
  // compiled in), both dialects.
  std::set<std::string> stored;
  const std::regex create(R"(CREATE (?:VIRTUAL )?TABLE (\w+))");
  for (const EmbeddedFile& f : StoreMigrationFiles()) {
    const std::string sql(f.contents);
    for (auto it = std::sregex_iterator(sql.begin(), sql.end(), create);
         it != std::sregex_iterator(); ++it) {
      stored.insert((*it)[1].str());
    }
  }
  ASSERT_GE(stored.size(), 50u) << "the migrations were not read";
  std::set<std::string> exported;
  for (const ExportTable& t : ExportTables()) exported.insert(std::string(t.name));
  for (const std::string& table : stored) {
    if (never.count(table) != 0) {
      EXPECT_EQ(exported.count(table), 0u) << table << " must never be exported";
    } else {
      EXPECT_EQ(exported.count(table), 1u) << table << " is stored but not exported";
    }
  }
  // The one export that is not a stored table: the results framework's
  // actual values, read from indicator_values.
  for (const std::string& name : exported) {
    EXPECT_TRUE(stored.count(name) != 0 || name == "pilot_result_actuals") << name;
  }
}

TEST_P(TableExportTest, EveryTableRunsWithAsManyCellsAsColumnsOnTheSample) {
  AddUnpublishedPractice();
  if (HasFatalFailure()) return;
  // Tables the sample leaves empty: without its monitoring folder no
  // monitoring import, hence no air assessment; scheme scores are stored by
  // `kinet scheme score`, narratives written by city officers, neither by
  // `kinet init --sample` (cli/init_command.cc).
  const std::set<std::string_view> empty_in_sample = {"monitoring_imports", "air_assessments",
                                                      "scheme_scores", "city_reports"};
  for (const ExportTable& t : ExportTables()) {
    SCOPED_TRACE(std::string(t.name));
    Result<std::vector<Row>> full = ReadExportTable(*db_, t, /*public_only=*/false);
    ASSERT_OK(full.status());
    if (empty_in_sample.count(t.name) == 0) {
      EXPECT_FALSE(full->empty()) << t.name << " is empty on the sample";
    }
    for (const Row& r : *full) ASSERT_EQ(r.size(), t.columns.size());
    if (t.public_sql.empty()) {
      EXPECT_EQ(ReadExportTable(*db_, t, /*public_only=*/true).status().code(),
                StatusCode::kFailedPrecondition);
      continue;
    }
    Result<std::vector<Row>> pub = ReadExportTable(*db_, t, /*public_only=*/true);
    ASSERT_OK(pub.status());
    for (const Row& r : *pub) ASSERT_EQ(r.size(), t.columns.size());
    // The public rows are some of the full rows (same cells).
    TableData f{&t, false, *full};
    TableData p{&t, true, *pub};
    const std::vector<std::string> all = Lines(f);
    const std::vector<std::string> some = Lines(p);
    EXPECT_TRUE(std::includes(all.begin(), all.end(), some.begin(), some.end()));
    if (t.public_sql == t.full_sql) {
      EXPECT_EQ(some.size(), all.size());
    }
  }
}

TEST_P(TableExportTest, UnpublishedPracticeIsInTheFullExportOnly) {
  AddUnpublishedPractice();
  if (HasFatalFailure()) return;
  const std::string code = "test-unpublished-practice";
  // One row per detail of AddUnpublishedPractice: tags theme + measure type,
  // list items funding source + partner, one result, contact, link and review.
  const std::map<std::string, std::size_t> expected = {
      {"practices", 1},        {"practice_tags", 2},     {"practice_list_items", 2},
      {"practice_results", 1}, {"practice_contacts", 1}, {"practice_links", 1},
      {"practice_reviews", 1},
  };
  for (const auto& [table, rows] : expected) {
    SCOPED_TRACE(table);
    const std::string_view column = table == "practices" ? "code" : "practice";
    EXPECT_EQ(CountRows(Full(table), column, code), rows);
    EXPECT_EQ(CountRows(Public(table), column, code), 0u);
  }
  // The result's claims carry the indicator's unit (SO2: ug/m3, the
  // catalogue) and the practice's data status (illustrative by default).
  const TableData results = Full("practice_results");
  const std::string csv = TableCsv(results);
  EXPECT_NE(csv.find(code + ",1,air.so2.annual-mean,test result,2001,2004,2006,2008,101,55,ug/m3,"
                            "illustrative"),
            std::string::npos)
      << csv;
  EXPECT_EQ(TableCsv(Public("practice_reviews")).find("test review comment"), std::string::npos);
  EXPECT_EQ(TableCsv(Public("practice_contacts")).find("contact@test.example.org"),
            std::string::npos);
}

TEST_P(TableExportTest, AdoptionsOfAWithdrawnPracticeLeaveThePublicExport) {
  const TableData before = Public("practice_adoptions");
  ASSERT_FALSE(before.rows.empty()) << "the sample records adoptions";
  const std::string code = before.rows.front().TextOr(0);
  const std::size_t adoptions = CountRows(before, "practice", code);
  ASSERT_GT(adoptions, 0u);
  ASSERT_OK(PracticeService(*db_).Withdraw(op_, code, "test withdrawal").status());
  EXPECT_EQ(CountRows(Full("practice_adoptions"), "practice", code), adoptions);
  EXPECT_EQ(CountRows(Public("practice_adoptions"), "practice", code), 0u);
  // The withdrawal's reason is kept as a review comment: not public either.
  EXPECT_EQ(TableCsv(Public("practice_reviews")).find("test withdrawal"), std::string::npos);
  EXPECT_NE(TableCsv(Full("practice_reviews")).find("test withdrawal"), std::string::npos);
}

TEST_P(TableExportTest, DraftRequestAndItsHistoryAreInTheFullExportOnly) {
  AssistanceRequest r;
  r.city_code = "dalian";
  r.title = "Test private request";
  r.type = AssistanceType::kTraining;
  r.theme = "air";
  r.budget = 1000;
  Result<AssistanceRequest> stored = AssistanceService(*db_).CreateRequest(op_, r);
  ASSERT_OK(stored.status());
  const std::string id = std::to_string(stored->id.value);
  EXPECT_EQ(CountRows(Full("assistance_requests"), "id", id), 1u);
  EXPECT_EQ(CountRows(Public("assistance_requests"), "id", id), 0u);
  EXPECT_EQ(CountRows(Full("request_steps"), "request", id), 1u);  // created as a draft
  EXPECT_EQ(CountRows(Public("request_steps"), "request", id), 0u);

  // The sample's requests that are not drafts are public with their history
  // and the programmes they went to: Weihai's first request was forwarded to
  // jica-expert-dispatch and accepted (data/sample/requests.csv, line 2).
  const TableData programmes = Public("request_programmes");
  EXPECT_EQ(CountRows(programmes, "programme", "jica-expert-dispatch"), 1u);
  EXPECT_EQ(CountRows(programmes, "decision", "accepted"), 2u);  // lines 2 and 3
  // Its outcome: funds of 95000 USD (requests.csv line 2, outcome_funds).
  const TableData requests = Public("assistance_requests");
  const std::size_t funds = ColumnIndex(*requests.table, "outcome_funds");
  const std::size_t unit = ColumnIndex(*requests.table, "outcome_funds_unit");
  std::size_t with_funds = 0;
  for (const Row& row : requests.rows) {
    if (row.Double(funds) == 95000.0) {
      ++with_funds;
      EXPECT_EQ(row.TextOr(unit), "USD");
    } else {
      EXPECT_EQ(row.TextOr(unit), row.IsNull(funds) ? "" : "USD");
    }
  }
  EXPECT_EQ(with_funds, 1u);

  // Every request that is not a draft has its history in the public export;
  // no draft has.
  const TableData steps = Public("request_steps");
  const TableData every = Full("assistance_requests");
  const std::size_t status = ColumnIndex(*every.table, "status");
  for (const Row& row : every.rows) {
    const std::string rid = std::to_string(row.Int(0).value_or(-1));
    EXPECT_EQ(CountRows(steps, "request", rid) > 0, row.TextOr(status) != "draft")
        << "request " << rid << " " << row.TextOr(status);
  }
}

TEST_P(TableExportTest, PilotReportsAndActualsArePublicOnlyWhenApprovedOrPublished) {
  // The sample's Lanzhou project reports on 2010 (approved) and 2011
  // (submitted, not decided): data/sample/pilots.json.
  const TableData full = Full("pilot_reports");
  const TableData pub = Public("pilot_reports");
  const std::size_t status = ColumnIndex(*full.table, "status");
  std::size_t not_approved = 0;
  for (const Row& r : full.rows) not_approved += r.TextOr(status) != "approved" ? 1 : 0;
  EXPECT_GT(not_approved, 0u);
  EXPECT_EQ(pub.rows.size(), full.rows.size() - not_approved);
  for (const Row& r : pub.rows) EXPECT_EQ(r.TextOr(status), "approved");

  // A project of Lanzhou whose framework runs from 2017 (the last year of
  // the sample's yearbook SO2 series, 20 ug/m3, published) to 2020, and a
  // draft value of 2019: the full actuals have both, the public ones 2017
  // only; 2016 (before the baseline) is in neither.
  PilotProject project;
  project.title = "Test framework";
  project.city_code = "lanzhou";
  project.start = "2018-01-01";
  project.end = "2020-12-31";
  project.indicators = {{"air.so2.annual-mean", 2017, 20, 2020, 15, ""}};
  Result<PilotProject> created = PilotService(*db_).CreateProject(op_, project);
  ASSERT_OK(created.status());
  const std::string pilot = std::to_string(created->id.value);
  ValueInput v;
  v.city = "lanzhou";
  v.indicator = "air.so2.annual-mean";
  v.period = "2019";
  v.value = 777;
  v.source = "test draft";
  ASSERT_OK(IndicatorService(*db_).RecordValue(v, "test").status());
  const std::string full_actuals = TableCsv(Full("pilot_result_actuals"));
  const std::string pub_actuals = TableCsv(Public("pilot_result_actuals"));
  const std::string y2017 = pilot + ",air.so2.annual-mean,2017,20,ug/m3,reported,";
  const std::string y2019 =
      pilot + ",air.so2.annual-mean,2019,777,ug/m3,reported,test draft,draft,";
  EXPECT_NE(full_actuals.find(y2017), std::string::npos) << full_actuals;
  EXPECT_NE(pub_actuals.find(y2017), std::string::npos) << pub_actuals;
  EXPECT_NE(full_actuals.find(y2019), std::string::npos) << full_actuals;
  EXPECT_EQ(pub_actuals.find(pilot + ",air.so2.annual-mean,2019,"), std::string::npos);
  EXPECT_EQ(CountRows(Full("pilot_result_actuals"), "pilot", pilot), 2u);  // 2018, 2020: none
  EXPECT_EQ(CountRows(Public("pilot_result_actuals"), "pilot", pilot), 1u);
  EXPECT_EQ(full_actuals.find(pilot + ",air.so2.annual-mean,2016,"), std::string::npos);
}

TEST_P(TableExportTest, WorkbookOfEveryTableHasOneSheetPerTable) {
  for (const bool everything : {true, false}) {
    SCOPED_TRACE(everything ? "operator" : "public");
    Result<std::vector<TableData>> tables =
        ReadAllTablesFor(*db_, everything ? op_ : Principal::Anonymous());
    ASSERT_OK(tables.status());
    std::vector<std::string> expected;
    for (const ExportTable& t : ExportTables()) {
      if (everything || !t.public_sql.empty()) expected.emplace_back(t.name);
    }
    expected.emplace_back("about");
    const fs::path path = out_ / (everything ? "all.xlsx" : "public.xlsx");
    ASSERT_OK(WriteTablesXlsx(path.string(), *tables, "test"));
    Result<std::string> bytes = ReadFile(path.string());
    ASSERT_OK(bytes.status());
    EXPECT_EQ(SheetNames(*bytes), expected);
  }
  // A detail table read back as the first sheet of its own workbook: the
  // header and one row per exported row.
  const TableData steps = Full("request_steps");
  const fs::path one = out_ / "steps.xlsx";
  ASSERT_OK(WriteTablesXlsx(one.string(), {steps}, "test"));
  Result<std::string> bytes = ReadFile(one.string());
  ASSERT_OK(bytes.status());
  Result<XlsxSheet> sheet = ReadXlsxFirstSheet(*bytes, "steps.xlsx");
  ASSERT_OK(sheet.status());
  EXPECT_EQ(sheet->name, "request_steps");
  ASSERT_EQ(sheet->rows.size(), steps.rows.size() + 1);
  ASSERT_EQ(sheet->rows[0].size(), steps.table->columns.size());
  for (std::size_t c = 0; c < steps.table->columns.size(); ++c) {
    EXPECT_EQ(sheet->rows[0][c].text, steps.table->columns[c]);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, TableExportTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendTestName);

}  // namespace
}  // namespace kinet
