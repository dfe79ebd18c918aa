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
// The main records carry the fields users enter (values of the sample
// files), in CSV and in an XLSX sheet read back; the account columns (who
// created, changed or decided a record) are empty for the anonymous public
// in every table and filled for a signed-in user.
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
#include "report/report_service.h"
#include "report/table_export.h"
#include "service/indicator_service.h"
#include "service/assistance_service.h"
#include "service/event_service.h"
#include "service/pilot_service.h"
#include "service/practice_service.h"
#include "service/sample_loader.h"
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

// Every (table, column) stored by the migrations as compiled in (both
// dialects): the column lines of each CREATE TABLE (two spaces, the name, a
// type or a dialect token) and each ALTER TABLE ... ADD COLUMN.
std::set<std::pair<std::string, std::string>> StoredColumns() {
  std::set<std::pair<std::string, std::string>> out;
  const std::regex create(R"(^CREATE TABLE (\w+) \()");
  const std::regex column(R"(^  (\w+) (?:TEXT|BIGINT|INTEGER|REAL|DOUBLE|BYTEA|BLOB|\{\{))");
  const std::regex alter(R"(ALTER TABLE (\w+) ADD COLUMN (\w+))");
  for (const EmbeddedFile& f : StoreMigrationFiles()) {
    const std::string sql(f.contents);
    std::string table;
    for (std::size_t start = 0; start < sql.size();) {
      std::size_t end = sql.find('\n', start);
      if (end == std::string::npos) end = sql.size();
      const std::string line = sql.substr(start, end - start);
      start = end + 1;
      std::smatch m;
      if (std::regex_search(line, m, create)) {
        table = m[1].str();
      } else if (line.starts_with(")")) {
        table.clear();
      } else if (!table.empty() && std::regex_search(line, m, column)) {
        out.emplace(table, m[1].str());
      } else if (std::regex_search(line, m, alter)) {
        out.emplace(m[1].str(), m[2].str());
      }
    }
  }
  return out;
}

// Stored columns whose name ends in "_by" but that do not name an account.
constexpr std::string_view kNotAccounts[] = {
    "targets.set_by",  // the body that set the target: "State Council" (data/sample/targets.csv)
    "indicators.computed_by",  // how KINet computes it: '', 'ratio' or 'air-engine' (0003)
};

// Whether the stored `table`.`column` names an account: named like an
// export's account column, or ending in "_by" and not listed above.
bool StoredAccountColumn(const std::string& table, const std::string& column) {
  const std::string name = table + "." + column;
  for (std::string_view n : kNotAccounts) {
    if (n == name) return false;
  }
  return IsAccountColumn(column) || column.ends_with("_by");
}

class TableExportTest : public BackendTest {
 protected:
  // The sample as `kinet init --sample` loads it (service/sample_loader.h),
  // without the monitoring folder.
  void SetUp() override {
    OpenFreshDatabase(/*migrate=*/true);
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_OK(IndicatorService(*db_).SyncBuiltinCatalogue());
    Result<NetworkData> sample = BuiltinSampleNetwork();
    ASSERT_OK(sample.status());
    ASSERT_OK(LoadSample(*db_, *sample).status());
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

  // A practice of Dalian with a contact who gave an e-mail address for
  // publication, accepted by a reviewer and published.
  void AddPublishedPractice() {
    Practice p;
    p.code = "test-published-practice";
    p.city_code = "dalian";
    p.title_en = "Published test practice";
    p.start_year = 2005;
    p.themes = {"air"};
    p.measure_types = {"policy"};
    p.situation_before = "test situation before";
    p.contacts = {{"Test Public Contact", "Test Bureau", "public.contact@test.example.org"}};
    PracticeService practices(*db_);
    ASSERT_OK(practices.Create(op_, p).status());
    ASSERT_OK(practices.Submit(op_, p.code).status());
    ASSERT_OK(practices.Review(op_, p.code, ReviewVerdict::kAccept, "test accepted").status());
    ASSERT_OK(practices.Publish(op_, p.code).status());
  }

  // Sets every stored account column of every table (StoredAccountColumn)
  // to an e-mail address naming the table and column, as a signed-in user's
  // writes leave them; the sample itself is loaded by the console
  // ("cli:kinet-init", "sample-loader").
  void FillAccountColumns() {
    std::size_t filled = 0;
    for (const auto& [table, column] : StoredColumns()) {
      if (!StoredAccountColumn(table, column)) continue;
      // Table and column names come from the compiled-in migrations.
      ASSERT_OK(db_->Execute("UPDATE " + table + " SET " + column + " = ?",
                             {TextValue(table + "." + column + "@test.example.org")})
                    .status());
      ++filled;
    }
    ASSERT_GE(filled, 15u) << "the migrations' account columns were not found";
  }

  fs::path out_;
  const Principal op_ = Principal::Operator("test");
  const Principal expert_{Principal::Kind::kUser, "expert@test.example.org", Role::kExpert, ""};
};

// The cell of `row` in `column` as text ("" for NULL, numbers as digits).
std::string Cell(const TableData& data, const Row& row, std::string_view column) {
  const std::size_t c = ColumnIndex(*data.table, column);
  if (const std::optional<std::int64_t> i = row.Int(c)) return std::to_string(*i);
  return row.TextOr(c);
}

// The one row of `data` whose `key_column` is `key`, or a test failure.
const Row* FindRow(const TableData& data, std::string_view key_column, std::string_view key) {
  const Row* found = nullptr;
  for (const Row& r : data.rows) {
    if (Cell(data, r, key_column) != key) continue;
    EXPECT_EQ(found, nullptr) << data.table->name << ": two rows with " << key;
    found = &r;
  }
  EXPECT_NE(found, nullptr) << data.table->name << ": no row with " << key_column << " " << key;
  return found;
}

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

// Who created, changed, decided or reviewed a record is an account: every
// stored column of that kind (named like an account column or ending in
// "_by") is exported, if at all, under a name AccountColumns() lists, so
// that the writer empties it for the public. A new "approved_by" fails here
// until it is added to the list (or named as not an account above).
TEST(ExportAccountColumnsTest, EveryStoredAccountColumnIsListed) {
  const std::set<std::pair<std::string, std::string>> stored = StoredColumns();
  ASSERT_GE(stored.size(), 300u) << "the migrations' columns were not read";
  ASSERT_EQ(stored.count({"targets", "set_by"}), 1u);
  std::size_t accounts = 0;
  for (const auto& [table, column] : stored) {
    if (!StoredAccountColumn(table, column)) continue;
    ++accounts;
    EXPECT_TRUE(IsAccountColumn(column)) << table << "." << column;
  }
  EXPECT_GE(accounts, 15u);
  // Each listed name is an export column somewhere (the list has no typo).
  for (std::string_view a : AccountColumns()) {
    bool exported = false;
    for (const ExportTable& t : ExportTables()) {
      exported = exported || std::find(t.columns.begin(), t.columns.end(), a) != t.columns.end();
    }
    EXPECT_TRUE(exported) << a;
  }
  EXPECT_FALSE(IsAccountColumn("set_by"));
  EXPECT_FALSE(IsAccountColumn("email"));  // practice contacts: given for publication
  EXPECT_FALSE(IsAccountColumn("name"));   // event participants
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
    TableData f{.table = &t, .public_only = false, .rows = *full};
    TableData p{.table = &t, .public_only = true, .rows = *pub};
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

// The fields users enter on the main records, read from the sample files
// (`kinet init --sample`); every row below is public, so the anonymous
// export has the same value as the operator's.
TEST_P(TableExportTest, MainRecordsCarryTheFieldsUsersEnter) {
  struct Case {
    const char* table;
    const char* key_column;
    const char* key;
    const char* column;
    std::string expected;
    const char* source;
  };
  const char* kBlueSky = "kitakyushu-blue-sky-1970";
  const char* kWeihaiRequest =
      "Expert advice on cutting winter SO2 from coal-fired district heating";
  const char* kLanzhouPilot =
      "Lanzhou: coal-fired heating boilers to cleaner fuels (illustrative pilot)";
  const TableData calls = Full("pilot_calls");
  ASSERT_FALSE(calls.rows.empty());
  const std::string first_call = Cell(calls, calls.rows.front(), "id");
  const std::vector<Case> cases = {
      {"practices", "code", kBlueSky, "local_language", "ja", "practices.toml line 22"},
      {"practices", "code", kBlueSky, "situation_before",
       "Heavy soot fall and SO2 from steel works and chemical plants; Dokai Bay biologically dead "
       "from industrial effluent.",
       "practices.toml line 33"},
      {"practices", "code", kBlueSky, "objectives",
       "Restore air and water quality while keeping the industrial base.",
       "practices.toml line 34"},
      {"practices", "code", kBlueSky, "lessons",
       "Citizens' evidence created the political will; negotiated agreements moved faster than "
       "national law; cleaner production also cut companies' costs.",
       "practices.toml line 39"},
      {"practices", "code", kBlueSky, "transfer_conditions",
       "A city government able to negotiate with large emitters and an organised civil society; "
       "monitoring data that the public trusts.",
       "practices.toml line 40"},
      {"practices", "code", kBlueSky, "created_by", "cli:kinet-init",
       "practices are loaded by Principal::Operator(\"kinet-init\") (practice_service.cc)"},
      {"events", "code", "beijing-seminar-2001", "dates_note", "Tuesday, 20 March 2001",
       "events.json line 10"},
      {"programmes", "code", "adb-urban-env-ta", "description",
       "Technical assistance grants and advisory missions that prepare and support urban "
       "environmental projects of cities in developing member countries.",
       "programmes.csv line 2"},
      {"programmes", "code", "adb-clean-air-finance", "note",
       "Illustrative terms invented for the demo.", "programmes.csv line 3"},
      {"assistance_requests", "title", kWeihaiRequest, "indicator", "air.so2.annual-mean",
       "requests.csv line 2"},
      {"assistance_requests", "title", kWeihaiRequest, "wanted_start", "2002-04-01",
       "requests.csv line 2"},
      {"assistance_requests", "title", kWeihaiRequest, "description",
       "Winter SO2 peaks come from small coal-fired heating boilers; the city asks for experts "
       "who have run a boiler consolidation and fuel-switch programme.",
       "requests.csv line 2"},
      {"pilot_projects", "title", kLanzhouPilot, "call", first_call,
       "pilots.json line 51: call_index 1, the first call"},
      {"pilot_projects", "title", kLanzhouPilot, "comparison_cities",
       "xining,yinchuan,urumqi,hohhot,taiyuan", "pilots.json line 77, stored ','-joined"},
      {"indicators", "code", "air.good-day-ratio", "denominator", "days with a daily AQI",
       "standards/indicators/catalogue.toml line 155"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.table) + "." + c.column + " (" + c.source + ")");
    const TableData full = Full(c.table);
    const Row* row = FindRow(full, c.key_column, c.key);
    if (row != nullptr) {
      EXPECT_EQ(Cell(full, *row, c.column), c.expected);
    }
    const TableData pub = Public(c.table);
    row = FindRow(pub, c.key_column, c.key);
    if (row == nullptr) continue;
    if (IsAccountColumn(c.column)) {
      EXPECT_EQ(Cell(pub, *row, c.column), "");
    } else {
      EXPECT_EQ(Cell(pub, *row, c.column), c.expected);
    }
  }
  // Long texts arrive whole: the event's summary (events.json line 14) and
  // the pilot's (pilots.json line 54) begin and end as written.
  const TableData events = Full("events");
  const Row* seminar = FindRow(events, "code", "beijing-seminar-2001");
  ASSERT_NE(seminar, nullptr);
  const std::string summary = Cell(events, *seminar, "summary");
  EXPECT_TRUE(summary.starts_with("Raised awareness of the Kitakyushu Initiative")) << summary;
  EXPECT_TRUE(summary.ends_with("in addition to the organisers and co-sponsor organisations."))
      << summary;
  const TableData pilots = Full("pilot_projects");
  const Row* lanzhou = FindRow(pilots, "title", kLanzhouPilot);
  ASSERT_NE(lanzhou, nullptr);
  EXPECT_TRUE(Cell(pilots, *lanzhou, "summary")
                  .starts_with("Invented sample project: small "
                               "coal-fired heating boilers"));
  // The CSV keeps the earlier columns in their places: the new ones follow
  // updated_at (docs/reports.md "Exports").
  const std::string csv = TableCsv(events);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "code,kind,status,title,title_local,start_date,end_date,venue,city,country,"
            "data_status,note,updated_by,updated_at,dates_note,summary");
  EXPECT_NE(csv.find(",\"Tuesday, 20 March 2001\",\"Raised awareness of the Kitakyushu"),
            std::string::npos);
}

// The practices sheet read back from its workbook: the header, the sample
// practice's texts, and its created_by empty for the public and present for
// a signed-in user.
TEST_P(TableExportTest, PracticesSheetCarriesItsTextsAndHidesAccountsFromThePublic) {
  for (const bool signed_in : {false, true}) {
    SCOPED_TRACE(signed_in ? "signed in" : "anonymous");
    Result<TableData> data =
        ReadTableFor(*db_, signed_in ? expert_ : Principal::Anonymous(), "practices");
    ASSERT_OK(data.status());
    EXPECT_EQ(data->accounts_hidden, !signed_in);
    Result<std::string> bytes = TablesXlsxBytes({*data}, "test");
    ASSERT_OK(bytes.status());
    Result<XlsxSheet> sheet = ReadXlsxFirstSheet(*bytes, "practices.xlsx");
    ASSERT_OK(sheet.status());
    ASSERT_EQ(sheet->rows.size(), data->rows.size() + 1);
    const std::vector<XlsxCell>& header = sheet->rows[0];
    ASSERT_EQ(header.size(), data->table->columns.size());
    std::map<std::string, std::size_t> at;
    for (std::size_t c = 0; c < header.size(); ++c) at[header[c].text] = c;
    for (const char* column : {"code", "situation_before", "measures", "lessons",
                               "transfer_conditions", "created_by", "updated_by", "created_at"}) {
      ASSERT_EQ(at.count(column), 1u) << column;
    }
    const std::vector<XlsxCell>* blue_sky = nullptr;
    for (std::size_t r = 1; r < sheet->rows.size(); ++r) {
      if (sheet->rows[r][at["code"]].text == "kitakyushu-blue-sky-1970") blue_sky = &sheet->rows[r];
    }
    ASSERT_NE(blue_sky, nullptr);
    const auto text = [&](const char* column) {
      const std::size_t c = at[column];
      return c < blue_sky->size() ? (*blue_sky)[c].text : std::string();
    };
    // practices.toml lines 33 and 35.
    EXPECT_EQ(text("situation_before"),
              "Heavy soot fall and SO2 from steel works and chemical plants; Dokai Bay "
              "biologically dead from industrial effluent.");
    EXPECT_TRUE(text("measures")
                    .starts_with("Pollution control agreements between the city and "
                                 "each major plant;"))
        << text("measures");
    EXPECT_EQ(text("created_by"), signed_in ? "cli:kinet-init" : "");
    EXPECT_EQ(text("updated_by").empty(), !signed_in);
    EXPECT_FALSE(text("created_at").empty());
  }
}

// The privacy rule of docs/reports.md "Privacy": after every stored account
// column is set to an e-mail address, no table the public may read carries
// an '@' (only the contacts given for publication with a published
// practice), its account columns keep their header and are empty in every
// row; a signed-in user's export of the same rows has every account column
// filled. Every account column of every public table is checked on at
// least one row.
TEST_P(TableExportTest, AccountColumnsAreEmptyForTheAnonymousPublicOnly) {
  AddPublishedPractice();
  if (HasFatalFailure()) return;
  // A narrative (the sample writes none), so that city_reports has a row.
  CityNarrative narrative;
  narrative.city_code = "beijing";
  narrative.year = 2017;
  narrative.lang = "en";
  narrative.summary = "test summary";
  narrative.status = "published";
  ASSERT_OK(ReportService(*db_).SaveNarrative(op_, narrative).status());
  FillAccountColumns();
  if (HasFatalFailure()) return;

  std::map<std::string, std::size_t> checked;  // "table.column" -> rows with an e-mail
  for (const ExportTable& t : ExportTables()) {
    if (t.public_sql.empty()) continue;
    SCOPED_TRACE(std::string(t.name));
    const TableData anon = Public(t.name);
    Result<TableData> user = ReadTableFor(*db_, expert_, t.name);
    ASSERT_OK(user.status());
    EXPECT_TRUE(anon.accounts_hidden);
    EXPECT_FALSE(user->accounts_hidden);
    ASSERT_EQ(anon.rows.size(), user->rows.size());
    // The header is the same for both.
    const std::string anon_csv = TableCsv(anon);
    EXPECT_EQ(anon_csv.substr(0, anon_csv.find('\n')),
              TableCsv(*user).substr(0, anon_csv.find('\n')));
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      const std::string column(t.columns[c]);
      const bool account = IsAccountColumn(column);
      const bool published_contact = t.name == "practice_contacts" && column == "email";
      if (account) checked.emplace(std::string(t.name) + "." + column, 0);
      for (std::size_t r = 0; r < anon.rows.size(); ++r) {
        const std::string a = Cell(anon, anon.rows[r], column);
        const std::string u = Cell(*user, user->rows[r], column);
        if (account) {
          EXPECT_TRUE(anon.rows[r].IsNull(c)) << column << " row " << r << ": " << a;
          EXPECT_NE(u.find('@'), std::string::npos) << column << " row " << r << ": " << u;
          ++checked[std::string(t.name) + "." + column];
        } else if (!published_contact) {
          EXPECT_EQ(a.find('@'), std::string::npos) << column << " row " << r << ": " << a;
          EXPECT_EQ(a, u) << column << " row " << r;
        }
      }
    }
  }
  EXPECT_GE(checked.size(), 20u);
  for (const auto& [column, rows] : checked) EXPECT_GT(rows, 0u) << column << " never checked";

  // Contacts given for publication stay public with the published practice
  // (docs/reports.md "Privacy"); the reviewer of that practice does not.
  EXPECT_NE(TableCsv(Public("practice_contacts")).find("public.contact@test.example.org"),
            std::string::npos);
  const TableData reviews = Public("practice_reviews");
  EXPECT_EQ(CountRows(reviews, "practice", "test-published-practice"), 1u);
  EXPECT_EQ(CountRows(reviews, "comment", "test accepted"), 1u);
  EXPECT_EQ(TableCsv(reviews).find('@'), std::string::npos);

  // The workbook of every public table: the about sheet's scope says the
  // account columns are empty.
  Result<std::vector<TableData>> all = ReadAllTablesFor(*db_, Principal::Anonymous());
  ASSERT_OK(all.status());
  for (const TableData& t : *all) EXPECT_TRUE(t.accounts_hidden) << t.table->name;
  Result<std::vector<TableData>> mine = ReadAllTablesFor(*db_, expert_);
  ASSERT_OK(mine.status());
  for (const TableData& t : *mine) EXPECT_FALSE(t.accounts_hidden) << t.table->name;
}

// Excel's cell limit (32,767 characters; libxlsxwriter refuses longer
// text) is an error naming the table, row and column, never a cut text;
// the same table as CSV carries the whole text.
TEST_P(TableExportTest, TextLongerThanAnXlsxCellIsRefusedNamingTheCell) {
  Practice p;
  p.code = "test-long-practice";
  p.city_code = "dalian";
  p.title_en = "Long test practice";
  p.start_year = 2005;
  p.themes = {"air"};
  p.measure_types = {"policy"};
  p.measures = std::string(40000, 'm');
  ASSERT_OK(PracticeService(*db_).Create(op_, p).status());
  const TableData practices = Full("practices");
  Status s = WriteTablesXlsx((out_ / "long.xlsx").string(), {practices}, "test");
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition) << s.ToString();
  EXPECT_NE(s.message().find("practices, row "), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("column measures"), std::string::npos) << s.message();
  EXPECT_FALSE(fs::exists(out_ / "long.xlsx"));
  EXPECT_NE(TableCsv(practices).find(p.measures), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, TableExportTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendTestName);

}  // namespace
}  // namespace kinet
