// The fixed text of the reports: every key has both languages, and the
// table is sorted (Tr looks keys up by binary search).
#include "report/report_text.h"

#include <gtest/gtest.h>

namespace kinet {
namespace {

TEST(ReportTextTest, KeysAreSortedAndUnique) {
  for (std::size_t i = 1; i < TranslationCount(); ++i) {
    EXPECT_LT(TranslationKeyAt(i - 1), TranslationKeyAt(i)) << "at index " << i;
  }
}

TEST(ReportTextTest, EveryKeyHasEnglishAndChinese) {
  for (std::size_t i = 0; i < TranslationCount(); ++i) {
    const std::string_view key = TranslationKeyAt(i);
    auto t = TranslationOf(key);
    ASSERT_TRUE(t.has_value()) << key;
    EXPECT_FALSE(t->first.empty()) << key;
    EXPECT_FALSE(t->second.empty()) << key;
    // The Chinese text is not a copy of the English one.
    EXPECT_NE(t->first, t->second) << key;
    // A "{}" placeholder in one language is in the other too.
    EXPECT_EQ(t->first.find("{}") != std::string_view::npos,
              t->second.find("{}") != std::string_view::npos)
        << key;
  }
}

TEST(ReportTextTest, LooksUpByLanguage) {
  EXPECT_EQ(Tr(ReportLang::kEn, "section.targets"), "Progress on targets");
  EXPECT_EQ(Tr(ReportLang::kZh, "section.targets"), "目标进展");
  // An unknown key shows itself, so a missing translation is visible.
  EXPECT_EQ(Tr(ReportLang::kZh, "no.such.key"), "no.such.key");
}

TEST(ReportTextTest, ParsesLanguageCodes) {
  EXPECT_EQ(ParseReportLang("en"), ReportLang::kEn);
  EXPECT_EQ(ParseReportLang("zh"), ReportLang::kZh);
  EXPECT_FALSE(ParseReportLang("fr").has_value());
  EXPECT_EQ(ReportLangCode(ReportLang::kZh), "zh");
}

TEST(ReportTextTest, PickFallsBackToTheOtherLanguage) {
  EXPECT_EQ(Pick(ReportLang::kZh, "Beijing", "北京"), "北京");
  EXPECT_EQ(Pick(ReportLang::kZh, "Surabaya", ""), "Surabaya");
  EXPECT_EQ(Pick(ReportLang::kEn, "", "北京"), "北京");
}

}  // namespace
}  // namespace kinet
