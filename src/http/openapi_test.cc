// The OpenAPI document is kept true (docs/api.md): every route of the route
// table is documented with the same method, and every documented operation
// is routed.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "http/api.h"

namespace kinet {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

nlohmann::json Document() {
  nlohmann::json doc = nlohmann::json::parse(OpenApiDocument(), nullptr, false);
  EXPECT_FALSE(doc.is_discarded()) << "openapi.json is not valid JSON";
  return doc;
}

TEST(OpenApiTest, IsOpenApi3) {
  nlohmann::json doc = Document();
  ASSERT_TRUE(doc.contains("openapi"));
  EXPECT_TRUE(doc["openapi"].get<std::string>().starts_with("3."));
  EXPECT_TRUE(doc["components"]["schemas"].contains("Error"));
}

TEST(OpenApiTest, EveryRouteIsDocumented) {
  nlohmann::json paths = Document()["paths"];
  for (const Route& route : ApiRoutes()) {
    std::string path(route.path);
    ASSERT_TRUE(paths.contains(path)) << path << " is routed but not in openapi.json";
    EXPECT_TRUE(paths[path].contains(Lower(route.method)))
        << route.method << " " << path << " is routed but not documented";
  }
}

TEST(OpenApiTest, EveryDocumentedOperationIsRouted) {
  std::set<std::pair<std::string, std::string>> routed;
  for (const Route& route : ApiRoutes()) {
    routed.emplace(Lower(route.method), std::string(route.path));
  }
  nlohmann::json paths = Document()["paths"];
  for (auto& [path, item] : paths.items()) {
    for (auto& [method, op] : item.items()) {
      EXPECT_TRUE(routed.count({method, path}))
          << method << " " << path << " is documented but not routed";
      EXPECT_TRUE(op.contains("responses")) << method << " " << path;
    }
  }
}

TEST(OpenApiTest, PathParametersAreDeclared) {
  nlohmann::json paths = Document()["paths"];
  for (const Route& route : ApiRoutes()) {
    std::string path(route.path);
    std::size_t open = path.find('{');
    if (open == std::string::npos) continue;
    std::string name = path.substr(open + 1, path.find('}') - open - 1);
    bool declared = false;
    for (const auto& p :
         paths[path][Lower(route.method)].value("parameters", nlohmann::json::array())) {
      if (p.value("in", "") == "path" && p.value("name", "") == name) declared = true;
    }
    EXPECT_TRUE(declared) << route.method << " " << path << " does not declare {" << name << "}";
  }
}

}  // namespace
}  // namespace kinet
