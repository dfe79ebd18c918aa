#include "rules/practice_file.h"

#include <gtest/gtest.h>

namespace kinet {
namespace {

std::string_view ShippedTaxonomy() {
  for (const EmbeddedFile& f : EmbeddedPracticeTaxonomyFiles()) {
    if (f.path == "taxonomy.toml") return f.contents;
  }
  return {};
}

// The shipped taxonomy holds the ten themes and six measure types of issue 6.
TEST(PracticeTaxonomyTest, ShippedFileHasTheIssuesThemesAndMeasureTypes) {
  Result<PracticeTaxonomy> tax = ParsePracticeTaxonomy(ShippedTaxonomy(), "taxonomy.toml");
  ASSERT_TRUE(tax.ok()) << tax.status().ToString();
  std::vector<std::string> themes;
  for (const TaxonomyEntry& e : tax->themes) themes.push_back(e.code);
  EXPECT_EQ(themes, (std::vector<std::string>{"air", "water", "waste", "noise", "green-space",
                                              "energy", "management", "public-participation",
                                              "financing", "training"}));
  std::vector<std::string> types;
  for (const TaxonomyEntry& e : tax->measure_types) types.push_back(e.code);
  EXPECT_EQ(types,
            (std::vector<std::string>{"policy", "technology", "management", "public-awareness",
                                      "financing", "personnel-training"}));
  ASSERT_NE(tax->Find(TaxonomyKind::kTheme, "air"), nullptr);
  EXPECT_EQ(tax->Find(TaxonomyKind::kTheme, "air")->name_zh, "大气环境");
  EXPECT_EQ(tax->Find(TaxonomyKind::kMeasureType, "air"), nullptr);
}

TEST(PracticeTaxonomyTest, RejectsARepeatedCodeWithItsLine) {
  constexpr std::string_view kText =
      "id = \"t\"\nversion = \"1\"\nsource = \"s\"\n"
      "[[theme]]\ncode = \"air\"\nname_en = \"Air\"\n"
      "[[theme]]\ncode = \"air\"\nname_en = \"Air again\"\n"
      "[[measure_type]]\ncode = \"policy\"\nname_en = \"Policy\"\n";
  Result<PracticeTaxonomy> tax = ParsePracticeTaxonomy(kText, "t.toml");
  ASSERT_FALSE(tax.ok());
  EXPECT_EQ(tax.status().message(), "t.toml:7: theme[1].code: 'air' is given twice");
}

constexpr std::string_view kGoodFile = R"(# two practices
[[practice]]
code = "a-practice"
city = "beijing"
title_en = "Coal to gas"
title_local = "煤改气"
local_language = "zh"
start_year = 2013
end_year = 2017
themes = ["air", "energy"]
measure_types = ["policy"]
cost_usd = 1.5e9
data_status = "illustrative"
status = "published"

[[practice.result]]
indicator = "air.so2.annual-mean"
before = [2008, 2012]
after = [2014, 2017]
claimed_before = 30

[[practice.contact]]
name = "Environment bureau"

[[practice.link]]
title = "Plan"
url = "https://example.org/plan"

[[practice.adoption]]
city = "tianjin"
year = 2015

[[practice]]
code = "b-practice"
city = "kitakyushu"
title_en = "Pollution control agreements"
start_year = 1970
themes = ["air"]
measure_types = ["management"]
data_status = "real"
)";

TEST(PracticeFileTest, ReadsPracticesWithResultsContactsLinksAndAdoptions) {
  Result<std::vector<PracticeFileEntry>> file = ParsePracticeFile(kGoodFile, "p.toml");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  ASSERT_EQ(file->size(), 2u);
  const PracticeFileEntry& a = (*file)[0];
  EXPECT_EQ(a.line, 2);
  EXPECT_EQ(a.practice.code, "a-practice");
  EXPECT_EQ(a.practice.title_local, "煤改气");
  EXPECT_EQ(a.practice.end_year, 2017);
  EXPECT_EQ(a.practice.status, PracticeStatus::kPublished);
  EXPECT_EQ(a.practice.data_status, DataStatus::kIllustrative);
  EXPECT_DOUBLE_EQ(*a.practice.cost_usd, 1.5e9);
  ASSERT_EQ(a.practice.results.size(), 1u);
  EXPECT_EQ(a.practice.results[0].before, (YearSpan{2008, 2012}));
  EXPECT_EQ(a.practice.results[0].claimed_before, 30.0);
  EXPECT_FALSE(a.practice.results[0].claimed_after.has_value());
  EXPECT_EQ(a.result_lines, std::vector<int>{16});
  ASSERT_EQ(a.adoptions.size(), 1u);
  EXPECT_EQ(a.adoptions[0].practice_code, "a-practice");
  EXPECT_EQ(a.adoptions[0].data_status, DataStatus::kIllustrative);  // the practice's
  EXPECT_EQ((*file)[1].practice.status, PracticeStatus::kDraft);
  EXPECT_FALSE((*file)[1].practice.end_year.has_value());
}

TEST(PracticeFileTest, ErrorsNameFileLineAndKey) {
  struct Case {
    std::string text;
    std::string message;
  };
  const Case kCases[] = {
      {"[[practice]]\ncode = \"x\"\ncity = \"c\"\ntitle_en = \"t\"\nstart_year = \"2013\"\n",
       "p.toml:5: practice[0].start_year: must be an integer"},
      {"[[practice]]\ncode = \"x\"\ncity = \"c\"\nstart_year = 2013\n",
       "p.toml:1: practice[0].title_en: missing (a string is required)"},
      {"[[practice]]\ncode = \"x\"\ncity = \"c\"\ntitle_en = \"t\"\nstart_year = 2013\n"
       "data_status = \"real\"\ncolour = 1\n",
       "p.toml:7: practice[0].colour: unknown key"},
      {"[[practice]]\ncode = \"x\"\ncity = \"c\"\ntitle_en = \"t\"\nstart_year = 2013\n"
       "data_status = \"real\"\n[[practice.result]]\nindicator = \"i\"\nbefore = [2008]\n"
       "after = [2010, 2011]\n",
       "p.toml:9: practice[0].result[0].before: must be an array [from, to] of two years"},
      {"[[practice]]\ncode = \"x\"\ncity = \"c\"\ntitle_en = \"t\"\nstart_year = 2013\n"
       "data_status = \"maybe\"\n",
       "p.toml:1: practice[0].data_status: must be real or illustrative"},
  };
  for (const Case& c : kCases) {
    Result<std::vector<PracticeFileEntry>> file = ParsePracticeFile(c.text, "p.toml");
    ASSERT_FALSE(file.ok()) << c.text;
    EXPECT_EQ(file.status().message(), c.message);
  }
  Result<std::vector<PracticeFileEntry>> broken = ParsePracticeFile("[[practice]\n", "p.toml");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().message().rfind("p.toml:1: ", 0), 0u) << broken.status().message();
}

}  // namespace
}  // namespace kinet
