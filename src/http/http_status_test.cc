// The one Status → HTTP mapping (docs/api.md "Errors" table).
#include "http/http_status.h"

#include <gtest/gtest.h>

namespace kinet {
namespace {

struct Case {
  StatusCode code;
  const char* field;
  int http;
};

TEST(HttpStatusForTest, MapsEveryCodeAsDocumented) {
  constexpr Case kCases[] = {
      {StatusCode::kOk, "", 200},
      {StatusCode::kInvalidArgument, "", 400},
      {StatusCode::kUnauthenticated, "", 401},
      {StatusCode::kPermissionDenied, "", 403},
      {StatusCode::kNotFound, "", 404},
      {StatusCode::kAlreadyExists, "", 409},
      {StatusCode::kConflict, "", 409},
      {StatusCode::kFailedPrecondition, "", 412},
      {StatusCode::kResourceExhausted, "", 429},
      {StatusCode::kResourceExhausted, "body", 413},
      {StatusCode::kUnavailable, "", 503},
      {StatusCode::kInternal, "", 500},
  };
  for (const Case& c : kCases) {
    Status s = c.code == StatusCode::kOk ? OkStatus() : Status(c.code, "m", c.field);
    EXPECT_EQ(HttpStatusFor(s), c.http) << StatusCodeName(c.code) << " " << c.field;
  }
}

TEST(ErrorJsonTest, HasCodeMessageAndNullableField) {
  nlohmann::json j = ErrorJson(InvalidArgument("bad year", "year"));
  EXPECT_EQ(j["error"]["code"], "invalid_argument");
  EXPECT_EQ(j["error"]["message"], "bad year");
  EXPECT_EQ(j["error"]["field"], "year");
  EXPECT_TRUE(ErrorJson(NotFound("x"))["error"]["field"].is_null());
}

TEST(ErrorJsonTest, HidesInternalDetail) {
  nlohmann::json j = ErrorJson(Internal("sqlite: disk I/O error at /secret/path"));
  EXPECT_EQ(j["error"]["message"], "internal error");
}

}  // namespace
}  // namespace kinet
