#include "engine/statistics.h"

#include <gtest/gtest.h>

#include <vector>

namespace kinet {
namespace {

TEST(MeanTest, ReturnsNulloptWhenEmpty) { EXPECT_FALSE(Mean({}).has_value()); }

TEST(MeanTest, AveragesValues) {
  const std::vector<double> v = {1.0, 2.0, 6.0};
  EXPECT_DOUBLE_EQ(*Mean(v), 3.0);  // (1+2+6)/3
}

TEST(PercentileTest, ReturnsNulloptWhenEmpty) { EXPECT_FALSE(Percentile({}, 0.95).has_value()); }

TEST(PercentileTest, TenValuesP95IsNinetyFivePointFive) {
  // standards.md §4.3 / HJ 663-2013 eq. 3: n = 10, k = 1 + 9*0.95 = 9.55,
  // s = 9, x9 = 90, x10 = 100: 90 + 10*0.55 = 95.5. Input deliberately unsorted.
  const std::vector<double> v = {100, 10, 90, 20, 80, 30, 70, 40, 60, 50};
  EXPECT_DOUBLE_EQ(*Percentile(v, 0.95), 95.5);
}

TEST(PercentileTest, TenValuesP98AndP90) {
  const std::vector<double> v = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
  // k = 1 + 9*0.98 = 9.82: 90 + 10*0.82 = 98.2.
  EXPECT_NEAR(*Percentile(v, 0.98), 98.2, 1e-12);
  // k = 1 + 9*0.90 = 9.1: 90 + 10*0.1 = 91.
  EXPECT_NEAR(*Percentile(v, 0.90), 91.0, 1e-12);
}

TEST(PercentileTest, EndsAndSingleValue) {
  const std::vector<double> v = {3, 1, 2};
  EXPECT_DOUBLE_EQ(*Percentile(v, 0.0), 1.0);  // k = 1: x1
  EXPECT_DOUBLE_EQ(*Percentile(v, 1.0), 3.0);  // k = n: x_n
  EXPECT_DOUBLE_EQ(*Percentile(v, 0.5), 2.0);  // k = 2: x2
  const std::vector<double> one = {7.5};
  EXPECT_DOUBLE_EQ(*Percentile(one, 0.95), 7.5);  // n = 1: k = 1, s = n
}

TEST(PercentileTest, TiesAndDuplicates) {
  const std::vector<double> v = {5, 5, 5, 9};
  // k = 1 + 3*0.9 = 3.7, x3 = 5, x4 = 9: 5 + 4*0.7 = 7.8.
  EXPECT_NEAR(*Percentile(v, 0.9), 7.8, 1e-12);
}

TEST(PercentileTest, DoesNotModifyInput) {
  const std::vector<double> v = {3, 1, 2};
  (void)Percentile(v, 0.5);
  EXPECT_EQ(v, (std::vector<double>{3, 1, 2}));
}

}  // namespace
}  // namespace kinet
