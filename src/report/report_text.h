// The fixed text of the reports in English and Chinese (docs/reports.md).
// Every heading, label and sentence a report prints that does not come from
// the data is looked up here, so a report in one language never shows the
// other language's fixed text. Names from the data (cities, indicators,
// categories, standards) carry both languages themselves.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kinet {

enum class ReportLang : std::uint8_t { kEn, kZh };

// "en" or "zh".
std::string_view ReportLangCode(ReportLang lang);
// The inverse of ReportLangCode; nullopt for anything else.
std::optional<ReportLang> ParseReportLang(std::string_view code);

// The text of `key` in `lang`. An unknown key returns the key itself (so a
// missing translation shows up in the report and in the tests that check
// that every key is translated: report_text_test.cc).
std::string_view Tr(ReportLang lang, std::string_view key);

// Both texts of `key`, for the tests: {en, zh}, or nullopt for an unknown key.
std::optional<std::pair<std::string_view, std::string_view>> TranslationOf(std::string_view key);

// The number of keys (for the test that every key has both texts).
std::size_t TranslationCount();
// The key at `index` < TranslationCount().
std::string_view TranslationKeyAt(std::size_t index);

// `en` or `zh` by `lang`, falling back to the other when the chosen one is
// empty: names from the data (a city's local name, an indicator's name_zh).
std::string_view Pick(ReportLang lang, std::string_view en, std::string_view zh);

}  // namespace kinet
