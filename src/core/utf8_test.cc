#include "core/utf8.h"

#include <gtest/gtest.h>

namespace kinet {
namespace {

struct LowerCase {
  const char* in;
  const char* expected;
  const char* source;
};

// Expected values from the simple lower-case mappings of the Unicode
// Character Database (UnicodeData.txt, field 13); the same strings are
// checked against PostgreSQL's lower() in the store contract suite.
constexpr LowerCase kLower[] = {
    {"ÜRÜMQI", "ürümqi", "U+00DC -> U+00FC"},
    {"ŁÓDŹ", "łódź", "U+0141 -> U+0142, U+00D3 -> U+00F3, U+0179 -> U+017A"},
    {"ÉCOLE Hà Nội", "école hà nội", "U+00C9 -> U+00E9; already lower case kept"},
    {"ＫＩＴＡＫＹＵＳＨＵ", "ｋｉｔａｋｙｕｓｈｕ", "U+FF21..U+FF3A -> U+FF41..U+FF5A"},
    {"ΑΘΗΝΑ", "αθηνα", "U+0391 -> U+03B1 (Greek capital letters)"},
    {"北九州市 乌鲁木齐", "北九州市 乌鲁木齐", "Han has no case"},
    {"Kitakyushu", "kitakyushu", "ASCII"},
};

TEST(Utf8LowerTest, LowersEveryScriptWithCase) {
  for (const LowerCase& c : kLower) EXPECT_EQ(Utf8Lower(c.in), c.expected) << c.source;
}

TEST(Utf8Test, InvalidBytesBecomeReplacementCharacters) {
  // A lone continuation byte and a truncated 3-byte sequence: each bad
  // byte is one U+FFFD (EF BF BD), and decoding always advances.
  EXPECT_EQ(Utf8Lower("A\x80"
                      "B\xE4\xB8"),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(Utf8Test, RoundTripsEveryEncodingLength) {
  const std::string text = "a\u00e9\u4e2d\U0001F600";  // 1, 2, 3 and 4 bytes
  std::string out;
  for (std::size_t i = 0; i < text.size();) AppendUtf8(out, NextCodePoint(text, i));
  EXPECT_EQ(out, text);
}

}  // namespace
}  // namespace kinet
