#include "core/status.h"

#include <gtest/gtest.h>

#include "core/result.h"

namespace kinet {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.ToString(), "ok");
}

TEST(StatusTest, CarriesCodeMessageAndField) {
  Status s = InvalidArgument("PM2.5 is not a number", "PM2.5");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "PM2.5 is not a number");
  EXPECT_EQ(s.field(), "PM2.5");
  EXPECT_EQ(s.ToString(), "invalid_argument: PM2.5 is not a number");
}

TEST(StatusTest, WithPrefixKeepsCodeAndField) {
  Status s = InvalidArgument("bad value", "CO").WithPrefix("a.csv:12");
  EXPECT_EQ(s.message(), "a.csv:12: bad value");
  EXPECT_EQ(s.field(), "CO");
  EXPECT_TRUE(OkStatus().WithPrefix("x").ok());
}

Result<int> Half(int x) {
  if (x % 2) return InvalidArgument("odd");
  return x / 2;
}

Result<int> Quarter(int x) {
  KINET_ASSIGN_OR_RETURN(int h, Half(x));
  return Half(h);
}

TEST(ResultTest, PropagatesFailureThroughMacro) {
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> r = Quarter(6);  // 6/2 = 3, which is odd
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "odd");
  EXPECT_EQ(r.value_or(-1), -1);
}

TEST(ResultTest, ResultFromOkStatusBecomesInternalError) {
  Result<int> r{Status()};
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace kinet
