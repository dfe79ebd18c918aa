#include "rules/scheme_loader.h"

#include <gtest/gtest.h>

#include <set>

#include "rules/indicator_catalogue.h"

namespace kinet {
namespace {

SchemeLoadOptions Embedded() { return SchemeLoadOptions{}; }

TEST(SchemeLoaderTest, LoadsEveryShippedScheme) {
  Result<std::vector<Scheme>> all = LoadAllSchemes(Embedded());
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  std::vector<std::string> ids;
  for (const Scheme& s : *all) ids.push_back(s.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"cn-chengkao-11th-fyp", "cn-model-city-2006",
                                           "ki-core-progress", "who-aqg-2021-air"}));
  Result<IndicatorCatalogue> catalogue = BuiltinIndicatorCatalogue();
  ASSERT_TRUE(catalogue.ok()) << catalogue.status().ToString();
  std::set<std::string> codes;
  for (const Indicator& i : catalogue->indicators) codes.insert(i.code);
  for (const Scheme& s : *all) {
    EXPECT_TRUE(ValidateScheme(s).ok()) << s.id;
    for (const SchemeItem& item : s.items) {
      // Every item names an indicator of the catalogue (issue 4).
      EXPECT_EQ(codes.count(item.indicator), 1u)
          << s.id << " item " << item.id << ": unknown indicator " << item.indicator;
    }
  }
}

TEST(SchemeLoaderTest, ChengkaoHasFourCategoriesSixteenPlaceholderItems) {
  // standards.md §7.1: 4 categories, 16 indicators [C2]; weights UNCONFIRMED.
  Result<Scheme> s = LoadScheme("cn-chengkao-11th-fyp", Embedded());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->categories.size(), 4u);
  EXPECT_EQ(s->items.size(), 16u);
  EXPECT_FALSE(s->confirmed);
  double total = 0;
  for (const SchemeItem& item : s->items) {
    EXPECT_FALSE(item.confirmed) << item.id;
    EXPECT_EQ(MethodOf(item.rule), ScoringMethod::kLinear) << item.id;
    total += item.points;
  }
  EXPECT_EQ(total, 100.0);
}

TEST(SchemeLoaderTest, ModelCityLinyiThresholdsAreConfirmedTheRestNot) {
  Result<Scheme> s = LoadScheme("cn-model-city-2006", Embedded());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->designation.size(), 1u);
  EXPECT_EQ(s->designation[0].kind, DesignationKind::kAllItemsMet);
  for (const SchemeItem& item : s->items) {
    if (item.id == "good-days") {
      // Linyi table [C1]: API <= 100 on >= 85 % of days.
      const auto& pf = std::get<PassFailRule>(item.rule);
      EXPECT_EQ(pf.op, Comparator::kGe);
      EXPECT_EQ(pf.threshold, 85);
      EXPECT_TRUE(item.confirmed);
    }
    if (item.id == "sewage-treatment") {
      EXPECT_FALSE(item.confirmed);  // UNCONFIRMED
    }
  }
}

TEST(SchemeLoaderTest, WhoBandsFollowTheGuidelineLevels) {
  Result<Scheme> s = LoadScheme("who-aqg-2021-air", Embedded());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  // PM2.5 annual: AQG 5, IT-4 10, IT-3 15, IT-2 25, IT-1 35 (standards.md §5.1 [C2]).
  const auto& bands = std::get<BandedRule>(s->items[0].rule).bands;
  ASSERT_EQ(bands.size(), 5u);
  EXPECT_EQ(bands[0].bound, 5);
  EXPECT_EQ(bands[4].bound, 35);
  EXPECT_EQ(ScoreItem(s->items[0], 35.0).points, 1);
  EXPECT_EQ(ScoreItem(s->items[0], 36.0).points, 0);
}

TEST(SchemeLoaderTest, UnknownIdListsTheAvailableOnes) {
  Result<Scheme> s = LoadScheme("nope", Embedded());
  EXPECT_EQ(s.status().code(), StatusCode::kNotFound);
  EXPECT_NE(s.status().message().find("who-aqg-2021-air"), std::string::npos);
}

constexpr std::string_view kMinimal = R"(id = "t"
version = "1"
name = "Test"
origin = "kinet-construction"
source = "test"

[[categories]]
id = "c"
name = "C"

[[items]]
id = "a"
category = "c"
indicator = "x.a"
name = "A"
method = "linear"
points = 10
zero_at = 0
full_at = 100
)";

TEST(ParseSchemeTest, ParsesAMinimalFile) {
  Result<Scheme> s = ParseScheme(kMinimal, "t.toml");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->items.size(), 1u);
  EXPECT_TRUE(s->designation.empty());
}

struct ErrorCase {
  std::string_view replace;  // text of kMinimal to replace
  std::string_view with;
  std::string_view message;  // expected message
  const char* why;
};

TEST(ParseSchemeTest, ErrorsNameFileLineAndKey) {
  const ErrorCase kCases[] = {
      {"full_at = 100", "full_at = 0",
       "t.toml:19: items[0].full_at: item a: zero_at and full_at must be finite and differ",
       "ValidateScheme error located by its field"},
      {"zero_at = 0", "zero_at = \"0\"", "t.toml:18: items[0].zero_at: must be a number", "type"},
      {"method = \"linear\"", "method = \"linaer\"",
       "t.toml:16: items[0].method: 'linaer' is not linear, banded or pass-fail", "unknown method"},
      {"full_at = 100", "full_at = 100\nthreshold = 5",
       "t.toml:20: items[0].threshold: not a key of method \"linear\"", "foreign key"},
      {"full_at = 100", "full_at = 100\nfull_at_typo = 5",
       "t.toml:20: items[0].full_at_typo: unknown key (a typo? see docs/indicators.md, "
       "\"Assessment schemes\")",
       "typo"},
      {"category = \"c\"", "category = \"d\"",
       "t.toml:13: items[0].category: item a: 'd' is not a category of the scheme", "category"},
      {"origin = \"kinet-construction\"", "origin = \"official-ish\"",
       "t.toml:4: origin: must be official, reconstruction or kinet-construction", "origin"},
  };
  for (const ErrorCase& c : kCases) {
    std::string text(kMinimal);
    const std::size_t at = text.find(c.replace);
    ASSERT_NE(at, std::string::npos) << c.why;
    text.replace(at, c.replace.size(), c.with);
    Result<Scheme> s = ParseScheme(text, "t.toml");
    ASSERT_FALSE(s.ok()) << c.why;
    EXPECT_EQ(s.status().message(), c.message) << c.why;
    EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument) << c.why;
  }
}

TEST(ParseSchemeTest, SyntaxErrorNamesTheLine) {
  Result<Scheme> s = ParseScheme("id = \"t\"\nversion = \n", "bad.toml");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message().rfind("bad.toml:2:", 0), 0u) << s.status().message();
}

}  // namespace
}  // namespace kinet
