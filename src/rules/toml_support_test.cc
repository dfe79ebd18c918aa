#include "rules/toml_support.h"

#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <random>

namespace kinet {
namespace {

TEST(TomlSupportTest, SyntaxErrorsNameFileAndLine) {
  Result<toml::table> doc = ParseTomlText("id = \"x\"\nlimits = [\n", "standards/limits/x.toml");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(doc.status().message().starts_with("standards/limits/x.toml:"))
      << doc.status().ToString();
  ASSERT_TRUE(ParseTomlText("id = \"x\"", "x.toml").ok());
}

TEST(TomlSupportTest, ErrorsNameTheLineOfTheNode) {
  Result<toml::table> doc = ParseTomlText("id = \"x\"\nweight = \"heavy\"\n", "f.toml");
  ASSERT_TRUE(doc.ok());
  const Status at = TomlError("f.toml", doc->get("weight"), "weight", "must be a number");
  EXPECT_EQ(at.message(), "f.toml:2: weight: must be a number");
  EXPECT_EQ(at.field(), "weight");
  EXPECT_EQ(TomlError("f.toml", nullptr, "id", "missing").message(), "f.toml: id: missing");
}

TEST(TomlSupportTest, StandardsDirectoryReplacesAndExtendsEmbeddedFiles) {
  constexpr std::array<EmbeddedFile, 3> kEmbedded{{
      {"aqi/a.toml", "id = \"a\" # embedded"},
      {"aqi/b.toml", "id = \"b\""},
      {"aqi/notes.md", "not a standard"},
  }};
  Result<std::map<std::string, StandardFile>> only =
      StandardFiles(kEmbedded, "aqi/", "aqi", /*standards_dir=*/"");
  ASSERT_TRUE(only.ok()) << only.status().ToString();
  ASSERT_EQ(only->size(), 2u);
  EXPECT_EQ(only->at("a").source_name, "standards/aqi/a.toml");
  EXPECT_TRUE(only->at("a").embedded);

  namespace fs = std::filesystem;
  const fs::path dir =
      fs::temp_directory_path() / ("kinet-toml-" + std::to_string(std::random_device{}()));
  fs::create_directories(dir / "aqi");
  std::ofstream(dir / "aqi" / "a.toml") << "id = \"a\" # override";
  std::ofstream(dir / "aqi" / "c.toml") << "id = \"c\"";
  Result<std::map<std::string, StandardFile>> both =
      StandardFiles(kEmbedded, "aqi/", "aqi", dir.string());
  ASSERT_TRUE(both.ok()) << both.status().ToString();
  ASSERT_EQ(both->size(), 3u);  // a (replaced), b, c (added)
  EXPECT_EQ(both->at("a").text, "id = \"a\" # override");
  EXPECT_FALSE(both->at("a").embedded);
  EXPECT_EQ(both->at("a").source_name, (dir / "aqi" / "a.toml").string());
  EXPECT_TRUE(both->at("b").embedded);
  // A standards directory without this kind's folder adds nothing.
  Result<std::map<std::string, StandardFile>> none =
      StandardFiles(kEmbedded, "limits/", "limits", dir.string());
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_TRUE(none->empty());
  fs::remove_all(dir);
  EXPECT_EQ(StandardFiles(kEmbedded, "aqi/", "aqi", dir.string()).status().code(),
            StatusCode::kUnavailable);
}

}  // namespace
}  // namespace kinet
