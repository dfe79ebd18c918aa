// Tests of the AQI rule-set loader and the data-driven cases of
// tests/cases/aqi/ (every breakpoint of every shipped table, the test
// vectors of standards.md §1.5 and §3.3, the worked examples of the EPA TAD,
// and report-level special rules), run against the embedded rule sets.
#include "rules/aqi_rules.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include <unistd.h>

#include "core/csv.h"
#include "core/file.h"

namespace kinet {
namespace {

const std::vector<std::string> kShipped = {"cn-api-2000", "cn-hj633-2012", "cn-hj633-2026",
                                           "us-epa-aqi-2012", "us-epa-aqi-2024"};

AqiLoadOptions Embedded() { return AqiLoadOptions{}; }

const AqiRuleSet& Shipped(const std::string& id) {
  static std::map<std::string, AqiRuleSet>* cache = new std::map<std::string, AqiRuleSet>();
  auto it = cache->find(id);
  if (it == cache->end()) {
    Result<AqiRuleSet> r = LoadAqiRuleSet(id, Embedded());
    if (!r.ok()) ADD_FAILURE() << r.status().ToString();
    it = cache->emplace(id, r.ok() ? *r : AqiRuleSet{}).first;
  }
  return it->second;
}

std::vector<std::map<std::string, std::string>> ReadCases(const std::string& file) {
  const std::string path = std::string(KINET_AQI_CASES_DIR) + "/" + file;
  Result<std::string> text = ReadFile(path);
  EXPECT_TRUE(text.ok()) << text.status().ToString();
  std::vector<std::map<std::string, std::string>> rows;
  if (!text.ok()) return rows;
  CsvReader reader(*text, path);
  std::vector<std::string> header;
  std::vector<std::string> fields;
  EXPECT_TRUE(reader.Next(header).value_or(false));
  while (reader.Next(fields).value_or(false)) {
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < header.size() && i < fields.size(); ++i) row[header[i]] = fields[i];
    row["_where"] = reader.Where();
    rows.push_back(std::move(row));
  }
  return rows;
}

double ToDouble(const std::string& s) {
  double v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

TEST(AqiRuleSetsTest, EveryEmbeddedRuleSetLoadsAndValidates) {
  Result<std::vector<AqiRuleSetInfo>> list = ListAqiRuleSets(Embedded());
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  std::vector<std::string> ids;
  for (const AqiRuleSetInfo& info : *list) {
    ids.push_back(info.id);
    EXPECT_EQ(info.origin, "embedded");
    for (bool unconfirmed : {false, true}) {
      AqiLoadOptions options;
      options.include_unconfirmed = unconfirmed;
      Result<AqiRuleSet> rules = LoadAqiRuleSet(info.id, options);
      ASSERT_TRUE(rules.ok()) << rules.status().ToString();
      EXPECT_TRUE(ValidateAqiRuleSet(*rules).ok());
      EXPECT_EQ(rules->id, info.id);
      EXPECT_FALSE(rules->source.empty());
      EXPECT_FALSE(rules->tables.empty());
      EXPECT_GT(rules->daily.item_count, 0);
    }
  }
  EXPECT_EQ(ids, kShipped);
}

TEST(AqiRuleSetsTest, CategoriesAndColours) {
  const AqiRuleSet& cn = Shipped("cn-hj633-2012");
  ASSERT_EQ(cn.categories.size(), 6u);
  EXPECT_EQ(cn.categories[0].color, "#00E400") << "HJ 633-2012 Table A.1: green is 0,228,0";
  EXPECT_EQ(cn.categories[4].color, "#99004C") << "HJ 633-2012 Table A.1 purple";
  EXPECT_EQ(cn.categories[4].name_zh, "重度污染");
  const AqiRuleSet& us = Shipped("us-epa-aqi-2024");
  ASSERT_EQ(us.categories.size(), 6u);
  EXPECT_EQ(us.categories[4].color, "#8F3F97") << "EPA TAD 2024 Table 2 purple";
  EXPECT_EQ(us.categories[5].index_low, 301);
  EXPECT_EQ(Shipped("cn-api-2000").categories.size(), 7u) << "standards.md §2.2: seven grades";
}

TEST(AqiRuleSetsTest, UnconfirmedRowsAreExcludedUnlessOptedIn) {
  const AqiRuleSet& api = Shipped("cn-api-2000");
  EXPECT_EQ(api.FindTable(Pollutant::kCo, Averaging::kDay), nullptr);
  EXPECT_EQ(api.FindTable(Pollutant::kO3, Averaging::kHour), nullptr);
  EXPECT_EQ(api.daily.item_count, 3);
  AqiLoadOptions options;
  options.include_unconfirmed = true;
  Result<AqiRuleSet> all = LoadAqiRuleSet("cn-api-2000", options);
  ASSERT_TRUE(all.ok());
  ASSERT_NE(all->FindTable(Pollutant::kCo, Averaging::kDay), nullptr);
  EXPECT_FALSE(all->FindTable(Pollutant::kCo, Averaging::kDay)->confirmed);
  EXPECT_EQ(all->daily.item_count, 5);
  // 50 + 50*(7-5)/(10-5) = 70 on the recalled CO row.
  EXPECT_EQ(IndividualAqi(*all, Pollutant::kCo, Averaging::kDay, 7), 70);
}

TEST(AqiRuleSetsTest, ForDatePicksTheEditionInForce) {
  struct Case {
    CivilDate date;
    const char* jurisdiction;
    const char* expected;
  };
  const Case cases[] = {
      {{2026, 2, 28}, "cn", "cn-hj633-2012"},  // last day of HJ 633-2012
      {{2026, 3, 1}, "cn", "cn-hj633-2026"},   // HJ 633-2026 foreword: effective 2026-03-01
      {{2015, 6, 1}, "cn", "cn-hj633-2012"},
      {{2005, 6, 1}, "cn", "cn-hj633-2012"},  // before 2012: still HJ 633, the API only by id
      {{2024, 5, 5}, "us", "us-epa-aqi-2012"},
      {{2024, 5, 6}, "us", "us-epa-aqi-2024"},  // Federal Register 2024-02-07: effective 2024-05-06
      {{2000, 1, 1}, "us", "us-epa-aqi-2012"},
  };
  for (const Case& c : cases) {
    Result<const AqiRuleSet*> r = AqiRuleSetForDate(c.date, c.jurisdiction, Embedded());
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ((*r)->id, c.expected) << FormatDate(c.date);
  }
  Result<const AqiRuleSet*> again = AqiRuleSetForDate({2026, 3, 1}, "cn", Embedded());
  Result<const AqiRuleSet*> first = AqiRuleSetForDate({2027, 1, 1}, "cn", Embedded());
  ASSERT_TRUE(again.ok() && first.ok());
  EXPECT_EQ(*again, *first) << "cached: the same object";
  EXPECT_EQ(AqiRuleSetForDate({2020, 1, 1}, "xx", Embedded()).status().code(),
            StatusCode::kNotFound);
}

TEST(AqiRuleSetsTest, UnknownIdIsNotFoundAndListsTheIds) {
  Result<AqiRuleSet> r = LoadAqiRuleSet("cn-hj633-1999", Embedded());
  ASSERT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("cn-hj633-2012"), std::string::npos);
}

TEST(AqiRuleSetsTest, OverrideDirectoryReplacesAndAdds) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("kinet_aqi_rules_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "aqi");
  const EmbeddedFile* base = nullptr;
  for (const EmbeddedFile& f : EmbeddedStandards()) {
    if (f.path == "aqi/cn-hj633-2012.toml") base = &f;
  }
  ASSERT_NE(base, nullptr);
  std::string text(base->contents);
  const std::string from = "version = \"2012\"";
  text.replace(text.find(from), from.size(), "version = \"2012-local\"");
  std::ofstream(dir / "aqi" / "cn-hj633-2012.toml") << text;
  std::string added = text;
  added.replace(added.find("id = \"cn-hj633-2012\""), 20, "id = \"cn-local\"");
  std::ofstream(dir / "aqi" / "cn-local.toml") << added;

  AqiLoadOptions options;
  options.standards_dir = dir.string();
  Result<AqiRuleSet> r = LoadAqiRuleSet("cn-hj633-2012", options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->version, "2012-local");
  Result<std::vector<AqiRuleSetInfo>> list = ListAqiRuleSets(options);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ(list->size(), kShipped.size() + 1);

  options.standards_dir = (dir / "missing").string();
  EXPECT_EQ(LoadAqiRuleSet("cn-hj633-2012", options).status().code(), StatusCode::kUnavailable);
  std::filesystem::remove_all(dir);
}

std::string WithReplaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::string EmbeddedText(std::string_view path) {
  for (const EmbeddedFile& f : EmbeddedStandards()) {
    if (f.path == path) return std::string(f.contents);
  }
  return {};
}

TEST(ParseAqiRuleSetTest, ErrorsNameFileLineAndKey) {
  const std::string good = EmbeddedText("aqi/cn-hj633-2012.toml");
  ASSERT_FALSE(good.empty());
  struct Case {
    std::string from, to, expect_in_message, field;
  };
  const Case cases[] = {
      {"concentration = [0, 35, 75, 115, 150, 250, 350, 500]",
       "concentration = [0, 35, 75, 70, 150, 250, 350, 500]", "not ascending",
       "table[9] (PM2.5 24h)"},
      {"pollutant = \"PM2.5\"\naveraging = \"24h\"", "pollutant = \"PM3\"\naveraging = \"24h\"",
       "table[9].pollutant: 'PM3' is not an AQI pollutant", "table[9].pollutant"},
      {"above_top = \"cap\"", "above_top = \"clip\"", "table[0].above_top", "table[0].above_top"},
      {"index_high = 100\nlevel = \"II\"", "index_high = 99\nlevel = \"II\"", "contiguously",
       "category"},
      {"effective_from = 2012-02-29", "effective_from = \"2012-02-29\"",
       "effective_from: must be a date", "effective_from"},
      {"rounding = \"ceiling\"", "rounding = \"floor\"", "index.rounding", "index.rounding"},
      {"id = \"cn-hj633-2012\"", "id = cn-hj633-2012", "standards/aqi/x.toml:", ""},
  };
  for (const Case& c : cases) {
    Result<AqiRuleSet> r =
        ParseAqiRuleSet(WithReplaced(good, c.from, c.to), "standards/aqi/x.toml", false);
    ASSERT_FALSE(r.ok()) << c.to;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find(c.expect_in_message), std::string::npos)
        << r.status().message();
    EXPECT_EQ(r.status().message().rfind("standards/aqi/x.toml", 0), 0u) << r.status().message();
    if (!c.field.empty()) {
      EXPECT_EQ(r.status().field(), c.field) << r.status().message();
    }
  }
  // The line number of the offending key: "x.toml:<line>: table[9].pollutant".
  Result<AqiRuleSet> r =
      ParseAqiRuleSet(WithReplaced(good, "pollutant = \"PM2.5\"\naveraging = \"24h\"",
                                   "pollutant = \"PM3\"\naveraging = \"24h\""),
                      "x.toml", false);
  const std::size_t line = static_cast<std::size_t>(
      std::count(good.begin(),
                 good.begin() + static_cast<std::ptrdiff_t>(
                                    good.find("pollutant = \"PM2.5\"\naveraging = \"24h\"")),
                 '\n') +
      1);
  EXPECT_EQ(r.status().message().rfind("x.toml:" + std::to_string(line) + ": ", 0), 0u)
      << r.status().message();
}

// Every row of tests/cases/aqi/iaqi_*.csv and vectors.csv.
TEST(AqiCasesTest, IndividualIndices) {
  std::vector<std::string> files = {"vectors.csv"};
  for (const std::string& id : kShipped) files.push_back("iaqi_" + id + ".csv");
  int checked = 0;
  for (const std::string& file : files) {
    for (const auto& row : ReadCases(file)) {
      const AqiRuleSet& rules = Shipped(row.at("ruleset"));
      const std::optional<Pollutant> p = ParsePollutant(row.at("pollutant"));
      const std::optional<Averaging> a = ParseAveraging(row.at("averaging"));
      ASSERT_TRUE(p && a) << row.at("_where");
      const std::optional<int> got =
          IndividualAqi(rules, *p, *a, ToDouble(row.at("concentration")));
      const std::string& want = row.at("expected_iaqi");
      const std::optional<int> expected =
          want.empty() ? std::nullopt : std::optional<int>(static_cast<int>(ToDouble(want)));
      EXPECT_EQ(got, expected) << row.at("_where") << " " << row.at("ruleset") << " "
                               << row.at("pollutant") << " " << row.at("averaging") << " "
                               << row.at("concentration") << ": " << row.at("source");
      ++checked;
    }
  }
  EXPECT_GT(checked, 1500);
}

// Every row of tests/cases/aqi/reports.csv: daily and real-time reports.
TEST(AqiCasesTest, Reports) {
  int checked = 0;
  for (const auto& row : ReadCases("reports.csv")) {
    const std::string where = row.at("_where") + " (" + row.at("source") + ")";
    const AqiRuleSet& rules = Shipped(row.at("ruleset"));
    AqiConcentrations c;
    std::string_view inputs = row.at("inputs");
    while (!inputs.empty()) {
      const std::string_view entry = inputs.substr(0, inputs.find(';'));
      inputs.remove_prefix(std::min(inputs.size(), entry.size() + 1));
      const std::size_t eq = entry.find('=');
      const std::string_view column = entry.substr(0, eq);
      const std::size_t underscore = column.rfind('_');
      const std::optional<Pollutant> p = ParsePollutant(column.substr(0, underscore));
      const std::optional<Averaging> a = ParseAveraging(column.substr(underscore + 1));
      ASSERT_TRUE(p && a) << where;
      c.Set(*p, *a, ToDouble(std::string(entry.substr(eq + 1))));
    }
    const AqiResult r = row.at("mode") == "daily" ? DailyAqi(rules, c) : HourlyAqi(rules, c);
    EXPECT_EQ(r.aqi, static_cast<int>(ToDouble(row.at("expected_aqi")))) << where;
    std::string_view iaqis = row.at("expected_iaqi");
    while (!iaqis.empty()) {
      const std::string_view entry = iaqis.substr(0, iaqis.find(';'));
      iaqis.remove_prefix(std::min(iaqis.size(), entry.size() + 1));
      const std::size_t eq = entry.find('=');
      const std::optional<Pollutant> p = ParsePollutant(entry.substr(0, eq));
      ASSERT_TRUE(p) << where;
      const std::string want(entry.substr(eq + 1));
      const std::optional<int> expected =
          want.empty() ? std::nullopt : std::optional<int>(static_cast<int>(ToDouble(want)));
      EXPECT_EQ(r.iaqi[*AqiPollutantIndex(*p)], expected) << PollutantCode(*p) << " " << where;
    }
    std::string primary;
    for (std::size_t i = 0; i < kAqiPollutantCount; ++i) {
      if (r.primary_mask & (1u << i))
        primary += (primary.empty() ? "" : ";") + std::string(PollutantCode(kAqiPollutants[i]));
    }
    EXPECT_EQ(primary, row.at("expected_primary")) << where;
    ASSERT_TRUE(r.category.has_value()) << where;
    EXPECT_EQ(rules.categories[*r.category].name_en, row.at("expected_category")) << where;
    ++checked;
  }
  EXPECT_GT(checked, 25);
}

}  // namespace
}  // namespace kinet
