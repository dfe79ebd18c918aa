#include "rules/toml_text.h"

#include <gtest/gtest.h>

#include "rules/limit_sets.h"

namespace kinet {
namespace {

TEST(TomlTextTest, AcceptsNonAsciiInStringsAndComments) {
  const char* ok =
      "# 环境空气质量标准 µg/m³\n"
      "name = \"环境空气质量标准（GB 3095—2012）\"\n"
      "unit = 'µg/m³'\n"
      "note = \"\"\"第一行\n第二行 \\\"引号\\\" °\"\"\"\n"
      "raw = '''§ 1\n〔2〕'''\n"
      "cont = \"\"\"a \\\n    b\"\"\"\n";
  EXPECT_TRUE(CheckTomlText(ok, "ok.toml").ok()) << CheckTomlText(ok, "ok.toml").ToString();
}

// The inputs toml++ 3.3.0 met with TOML_UNREACHABLE (undefined behaviour):
// fuzz/rules_aqi and fuzz/rules_scheme found '§' and '〔' outside strings;
// an unquoted unit is the everyday way to write one.
TEST(TomlTextTest, RefusesNonAsciiOutsideStringsNamingTheLine) {
  const Status s = CheckTomlText("id = \"who\"\nunit = µg/m3\n", "limits.toml");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "limits.toml:2: a non-ASCII character outside a quoted string or comment (quote the "
            "value)");
  EXPECT_FALSE(CheckTomlText("a = \"x\" \xc2\xa7\n", "t.toml").ok());  // '§' after a value
  EXPECT_FALSE(CheckTomlText("\xe3\x80\x94 = 1\n", "t.toml").ok());    // '〔' as a key
  EXPECT_FALSE(CheckTomlText("\xcc\xaa", "t.toml").ok());  // upstream issue #295's input
}

// Upstream issue #190: s = """\<newline>§""" (valid TOML, refused with a hint).
TEST(TomlTextTest, RefusesAContinuedStringGoingOnWithNonAscii) {
  const Status s = CheckTomlText("a = 1\ns = \"\"\"\\\n\xc2\xa7\"\"\"\n", "t.toml");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message().rfind("t.toml:3: a continued multi-line string", 0), 0u) << s.message();
}

TEST(TomlTextTest, LoadersRefuseBeforeParsing) {
  Result<LimitSet> r = ParseLimitSet("id = \"x\"\nunit = µg/m3\n", "bad.toml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().rfind("bad.toml:2: a non-ASCII character", 0), 0u)
      << r.status().message();
}

}  // namespace
}  // namespace kinet
