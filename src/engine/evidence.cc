#include "engine/evidence.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "engine/statistics.h"

namespace kinet {
namespace {

// Continued fraction of the incomplete beta function, by the modified Lentz
// method (Numerical Recipes, 3rd ed., §6.4, Beta::betacf).
double BetaContinuedFraction(double a, double b, double x) {
  constexpr int kMaxIterations = 300;
  constexpr double kEps = 1e-15;
  constexpr double kTiny = 1e-300;
  const double qab = a + b;
  const double qap = a + 1.0;
  const double qam = a - 1.0;
  double c = 1.0;
  double d = 1.0 - qab * x / qap;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= kMaxIterations; ++m) {
    const int m2 = 2 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1.0) < kEps) break;
  }
  return h;
}

// The regularised incomplete beta function I_x(a, b) (NR 3rd ed. §6.4).
double RegularizedBeta(double a, double b, double x) {
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) +
                                a * std::log(x) + b * std::log1p(-x));
  if (x < (a + 1.0) / (a + b + 2.0)) return front * BetaContinuedFraction(a, b, x) / a;
  return 1.0 - front * BetaContinuedFraction(b, a, 1.0 - x) / b;
}

// P(T <= t) for Student's t with df degrees of freedom:
// 1 - I_{df/(df+t^2)}(df/2, 1/2) / 2 for t >= 0, by symmetry below 0.
double StudentTCdf(double t, int df) {
  const double v = df;
  const double tail = 0.5 * RegularizedBeta(v / 2.0, 0.5, v / (v + t * t));
  return t >= 0.0 ? 1.0 - tail : tail;
}

struct Span {
  int n = 0;
  std::optional<double> mean;
};

// The values of `series` whose year is in [from, to].
std::vector<YearValue> InYears(const std::vector<YearValue>& series, int from, int to) {
  std::vector<YearValue> out;
  for (const YearValue& v : series) {
    if (v.year >= from && v.year <= to) out.push_back(v);
  }
  std::sort(out.begin(), out.end(),
            [](const YearValue& a, const YearValue& b) { return a.year < b.year; });
  return out;
}

Span MeanOf(const std::vector<YearValue>& values) {
  std::vector<double> y;
  y.reserve(values.size());
  for (const YearValue& v : values) y.push_back(v.value);
  return {static_cast<int>(y.size()), Mean(y)};
}

Status CheckSeries(const std::vector<YearValue>& series, std::string_view whose) {
  std::set<int> years;
  for (const YearValue& v : series) {
    if (!std::isfinite(v.value)) {
      return InvalidArgument(
          fmt::format("{}: the value of {} is not a finite number", whose, v.year), "value");
    }
    if (!years.insert(v.year).second) {
      return InvalidArgument(fmt::format("{}: the year {} is given twice", whose, v.year), "value");
    }
  }
  return OkStatus();
}

// Mean and Theil-Sen trend of the values in [from, to]; x = year - from.
Result<PeriodSummary> Summarise(const std::vector<YearValue>& series, int from, int to,
                                double alpha) {
  PeriodSummary out;
  std::vector<YearValue> values = InYears(series, from, to);
  Span s = MeanOf(values);
  out.n = s.n;
  out.mean = s.mean;
  std::vector<TrendPoint> points;
  for (const YearValue& v : values) points.push_back({static_cast<double>(v.year - from), v.value});
  KINET_ASSIGN_OR_RETURN(TrendAnalysis trend, AnalyzeTrend(points, alpha));
  out.trend = trend.sen_slope;
  if (trend.mann_kendall) out.trend_p_value = trend.mann_kendall->p_value;
  return out;
}

std::string Num(double v) { return fmt::format("{:.4g}", v); }

}  // namespace

std::string_view EvidenceLevelCode(EvidenceLevel level) {
  switch (level) {
    case EvidenceLevel::kMeasuredImprovement:
      return "measured-improvement";
    case EvidenceLevel::kNotDistinguishable:
      return "not-distinguishable";
    case EvidenceLevel::kWorseThanPeers:
      return "worse-than-peers";
    case EvidenceLevel::kNoData:
      return "no-data";
  }
  return "no-data";
}

std::optional<EvidenceLevel> ParseEvidenceLevel(std::string_view code) {
  for (EvidenceLevel l : {EvidenceLevel::kMeasuredImprovement, EvidenceLevel::kNotDistinguishable,
                          EvidenceLevel::kWorseThanPeers, EvidenceLevel::kNoData}) {
    if (EvidenceLevelCode(l) == code) return l;
  }
  return std::nullopt;
}

std::string_view EvidenceLevelName(EvidenceLevel level) {
  switch (level) {
    case EvidenceLevel::kMeasuredImprovement:
      return "Measured improvement";
    case EvidenceLevel::kNotDistinguishable:
      return "Improvement not distinguishable from peers";
    case EvidenceLevel::kWorseThanPeers:
      return "Worse than peers";
    case EvidenceLevel::kNoData:
      return "No data";
  }
  return "No data";
}

EvidenceLevel CombineEvidenceLevels(std::span<const EvidenceLevel> levels) {
  // Rank: the enumerators are declared best first except that "worse than
  // peers" (measured) outranks "no data".
  EvidenceLevel best = EvidenceLevel::kNoData;
  auto rank = [](EvidenceLevel l) {
    switch (l) {
      case EvidenceLevel::kMeasuredImprovement:
        return 3;
      case EvidenceLevel::kNotDistinguishable:
        return 2;
      case EvidenceLevel::kWorseThanPeers:
        return 1;
      case EvidenceLevel::kNoData:
        return 0;
    }
    return 0;
  };
  for (EvidenceLevel l : levels) {
    if (rank(l) > rank(best)) best = l;
  }
  return best;
}

std::optional<double> StudentTQuantile(double p, int df) {
  if (!(p > 0.0 && p < 1.0) || df < 1) return std::nullopt;
  if (p == 0.5) return 0.0;
  if (p < 0.5) {
    std::optional<double> q = StudentTQuantile(1.0 - p, df);
    return q ? std::optional<double>(-*q) : std::nullopt;
  }
  double lo = 0.0;
  double hi = 1.0;
  while (StudentTCdf(hi, df) < p && hi < 1e12) hi *= 2.0;
  for (int i = 0; i < 200 && hi - lo > 1e-12 * std::max(1.0, hi); ++i) {
    const double mid = 0.5 * (lo + hi);
    if (StudentTCdf(mid, df) < p) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return 0.5 * (lo + hi);
}

Result<Evidence> ComputeEvidence(const EvidenceInput& input, const EvidenceOptions& options) {
  if (!input.before.valid()) {
    return InvalidArgument("the before period must be a year range with from <= to", "before");
  }
  if (!input.after.valid() || input.after.from <= input.before.to) {
    return InvalidArgument(
        "the after period must be a year range that starts after the before period ends", "after");
  }
  if (!(options.confidence > 0.0 && options.confidence < 1.0)) {
    return InvalidArgument("the confidence level must be between 0 and 1", "confidence");
  }
  KINET_RETURN_IF_ERROR(CheckSeries(input.city, "the city's series"));
  for (const EvidenceSeries& s : input.comparison) {
    KINET_RETURN_IF_ERROR(CheckSeries(s.values, "comparison city " + s.city_code));
  }

  const double alpha = 1.0 - options.confidence;
  Evidence ev;
  ev.confidence = options.confidence;
  ev.comparison_candidates = static_cast<int>(input.comparison.size());

  // Step 1: before and after means.
  KINET_ASSIGN_OR_RETURN(ev.city_before,
                         Summarise(input.city, input.before.from, input.before.to, alpha));
  KINET_ASSIGN_OR_RETURN(ev.city_after,
                         Summarise(input.city, input.after.from, input.after.to, alpha));
  // Step 2: trends before the start year and from it on.
  const int start = input.start_year > 0 ? input.start_year : input.after.from;
  KINET_ASSIGN_OR_RETURN(ev.trend_before_start,
                         Summarise(input.city, input.before.from, start - 1, alpha));
  KINET_ASSIGN_OR_RETURN(ev.trend_after_start, Summarise(input.city, start, input.after.to, alpha));

  const int need = std::max(1, options.min_points_per_period);
  if (ev.city_before.n < need || ev.city_after.n < need) {
    ev.level = EvidenceLevel::kNoData;
    ev.reason = fmt::format(
        "The city has {} value(s) in {}-{} and {} in {}-{}; {} are needed in each period.",
        ev.city_before.n, input.before.from, input.before.to, ev.city_after.n, input.after.from,
        input.after.to, need);
    return ev;
  }
  const double before_mean = *ev.city_before.mean;
  const double after_mean = *ev.city_after.mean;
  ev.city_change = after_mean - before_mean;
  if (before_mean != 0.0) ev.city_change_percent = 100.0 * *ev.city_change / std::fabs(before_mean);

  // Step 3: comparison cities with enough values in both periods.
  for (const EvidenceSeries& s : input.comparison) {
    Span b = MeanOf(InYears(s.values, input.before.from, input.before.to));
    Span a = MeanOf(InYears(s.values, input.after.from, input.after.to));
    if (b.n < need || a.n < need) continue;
    ev.comparisons.push_back({s.city_code, *b.mean, *a.mean, *a.mean - *b.mean});
  }
  std::sort(ev.comparisons.begin(), ev.comparisons.end(),
            [](const ComparisonChange& x, const ComparisonChange& y) {
              return x.city_code < y.city_code;
            });
  const int k = static_cast<int>(ev.comparisons.size());
  const int need_peers = std::max(2, options.min_comparison_cities);
  const std::string city_part =
      fmt::format("The city's mean went from {} ({}-{}) to {} ({}-{}), a change of {}",
                  Num(before_mean), input.before.from, input.before.to, Num(after_mean),
                  input.after.from, input.after.to, Num(*ev.city_change));
  if (k < need_peers) {
    ev.level = EvidenceLevel::kNoData;
    ev.reason =
        fmt::format("{}, but only {} comparison cities have values in both periods ({} needed).",
                    city_part, k, need_peers);
    return ev;
  }

  // Step 4: difference in differences and its prediction-interval uncertainty.
  std::vector<double> changes;
  for (const ComparisonChange& c : ev.comparisons) changes.push_back(c.change);
  const double peer_mean = *Mean(changes);
  double ss = 0.0;
  for (double d : changes) ss += (d - peer_mean) * (d - peer_mean);
  const double sd = std::sqrt(ss / (k - 1));
  const double se = sd * std::sqrt(1.0 + 1.0 / k);
  const double t = *StudentTQuantile(0.5 + options.confidence / 2.0, k - 1);
  const double did = *ev.city_change - peer_mean;
  ev.peer_mean_change = peer_mean;
  ev.did = did;
  ev.did_standard_error = se;
  ev.did_lower = did - t * se;
  ev.did_upper = did + t * se;
  ev.degrees_of_freedom = k - 1;

  // Step 5: the level, in the indicator's direction.
  const double sign = input.direction == Direction::kLowerIsBetter ? -1.0 : 1.0;
  const double improvement = sign * did;
  const double imp_low = sign > 0 ? *ev.did_lower : -*ev.did_upper;
  const double imp_high = sign > 0 ? *ev.did_upper : -*ev.did_lower;
  ev.improvement = improvement;

  int at_least_as_good = 0;
  for (int j = 0; j < k; ++j) {
    const double others = (peer_mean * k - changes[j]) / (k - 1);
    if (sign * (changes[j] - others) >= improvement) ++at_least_as_good;
  }
  ev.placebo_p = (1.0 + at_least_as_good) / (k + 1.0);

  const std::string peer_part = fmt::format(
      "; {} comparison cities changed by {} on average, so the difference in differences is {} "
      "({}% interval {} to {})",
      k, Num(peer_mean), Num(did), Num(100.0 * options.confidence), Num(*ev.did_lower),
      Num(*ev.did_upper));
  const char* better = input.direction == Direction::kLowerIsBetter ? "lower" : "higher";
  if (imp_low > 0.0) {
    ev.level = EvidenceLevel::kMeasuredImprovement;
    ev.reason =
        fmt::format("{}{}: the city did better ({} is better) than its peers beyond their spread.",
                    city_part, peer_part, better);
  } else if (imp_high < 0.0) {
    ev.level = EvidenceLevel::kWorseThanPeers;
    ev.reason =
        fmt::format("{}{}: the city did worse ({} is better) than its peers beyond their spread.",
                    city_part, peer_part, better);
  } else {
    ev.level = EvidenceLevel::kNotDistinguishable;
    ev.reason =
        fmt::format("{}{}: the interval includes 0, so the change is within what peers did.",
                    city_part, peer_part);
  }
  return ev;
}

}  // namespace kinet
