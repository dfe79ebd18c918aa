#include "engine/similarity.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "engine/trend.h"

namespace kinet {
namespace {

Status CheckNonNegative(double v, std::string_view field) {
  if (!std::isfinite(v) || v < 0) {
    return InvalidArgument(fmt::format("{} must be a number >= 0", field), std::string(field));
  }
  return OkStatus();
}

Status CheckPositive(double v, std::string_view field) {
  if (!std::isfinite(v) || v <= 0) {
    return InvalidArgument(fmt::format("{} must be a number > 0", field), std::string(field));
  }
  return OkStatus();
}

std::string Millions(double persons) {
  return persons >= 1e6 ? fmt::format("{:.1f} M", persons / 1e6)
                        : fmt::format("{:.0f} k", persons / 1e3);
}

// 1 - |a - b| / max(|a|, |b|), in [0, 1]; 1 when both are 0.
double RelativeCloseness(double a, double b) {
  const double scale = std::max(std::abs(a), std::abs(b));
  if (scale == 0) return 1.0;
  return std::clamp(1.0 - std::abs(a - b) / scale, 0.0, 1.0);
}

}  // namespace

// ---- peers -------------------------------------------------------------------

Status ValidatePeerWeights(const PeerWeights& w) {
  KINET_RETURN_IF_ERROR(CheckNonNegative(w.population, "peers.population"));
  KINET_RETURN_IF_ERROR(CheckNonNegative(w.size_class, "peers.size_class"));
  KINET_RETURN_IF_ERROR(CheckNonNegative(w.climate, "peers.climate"));
  KINET_RETURN_IF_ERROR(CheckNonNegative(w.geography, "peers.geography"));
  KINET_RETURN_IF_ERROR(CheckNonNegative(w.pollution, "peers.pollution"));
  if (w.population + w.size_class + w.climate + w.geography + w.pollution <= 0) {
    return InvalidArgument("the peer weights are all 0", "peers");
  }
  KINET_RETURN_IF_ERROR(CheckPositive(w.population_decades, "peers.population_decades"));
  KINET_RETURN_IF_ERROR(CheckPositive(w.latitude_span_degrees, "peers.latitude_span_degrees"));
  if (!(w.min_coverage >= 0 && w.min_coverage <= 1)) {
    return InvalidArgument("peers.min_coverage must be in [0, 1]", "peers.min_coverage");
  }
  return OkStatus();
}

std::optional<PeerSimilarity> ComparePeers(const CityFeatures& a, const CityFeatures& b,
                                           const PeerWeights& w) {
  PeerSimilarity out;
  out.code = b.code;
  const double total = w.population + w.size_class + w.climate + w.geography + w.pollution;
  if (total <= 0) return std::nullopt;
  double known_weight = 0.0;
  double weighted = 0.0;
  auto add = [&](std::string feature, double weight, std::optional<double> similarity,
                 std::string detail) {
    if (weight <= 0) return;
    if (!similarity) {
      out.unknown.push_back(std::move(feature));
      return;
    }
    known_weight += weight;
    weighted += weight * *similarity;
    out.features.push_back({std::move(feature), *similarity, weight, std::move(detail)});
  };

  // Population: 1 - |log10(a/b)| / decades.
  if (a.population && b.population && *a.population > 0 && *b.population > 0) {
    const double ratio = *b.population / *a.population;
    const double s = std::max(0.0, 1.0 - std::abs(std::log10(ratio)) / w.population_decades);
    add("population", w.population, s,
        fmt::format("{} vs {} (x{:.2g})", Millions(*a.population), Millions(*b.population),
                    ratio >= 1 ? ratio : 1 / ratio));
  } else {
    add("population", w.population, std::nullopt, "");
  }
  // Size class: the same class or not.
  if (!a.size_class.empty() && !b.size_class.empty()) {
    const bool same = a.size_class == b.size_class;
    add("size-class", w.size_class, same ? 1.0 : 0.0,
        same ? fmt::format("same class {}", a.size_class)
             : fmt::format("{} vs {}", a.size_class, b.size_class));
  } else {
    add("size-class", w.size_class, std::nullopt, "");
  }
  // Climate: distance from the equator, the one climate fact the registry holds.
  if (a.latitude && b.latitude) {
    const double d = std::abs(std::abs(*a.latitude) - std::abs(*b.latitude));
    add("climate", w.climate, std::max(0.0, 1.0 - d / w.latitude_span_degrees),
        fmt::format("latitude {:.1f} vs {:.1f} (differ by {:.1f} deg)", *a.latitude, *b.latitude,
                    d));
  } else {
    add("climate", w.climate, std::nullopt, "");
  }
  // Geography: same country, same region.
  if (!a.country_code.empty() && !b.country_code.empty()) {
    double s = 0.0;
    std::string detail = fmt::format("{} vs {}", a.country_code, b.country_code);
    if (a.country_code == b.country_code) {
      s = 1.0;
      detail = fmt::format("same country {}", a.country_code);
    } else if (!a.region.empty() && a.region == b.region) {
      s = 0.5;
      detail = fmt::format("same region {}", a.region);
    }
    add("geography", w.geography, s, std::move(detail));
  } else {
    add("geography", w.geography, std::nullopt, "");
  }
  // Pollution profile: the mean relative closeness over the shared indicators.
  double closeness = 0.0;
  int shared = 0;
  std::string detail;
  for (const auto& [indicator, va] : a.pollution) {
    auto it = b.pollution.find(indicator);
    if (it == b.pollution.end()) continue;
    closeness += RelativeCloseness(va, it->second);
    ++shared;
    detail +=
        fmt::format("{}{} {:.4g} vs {:.4g}", detail.empty() ? "" : "; ", indicator, va, it->second);
  }
  if (shared > 0) {
    add("pollution", w.pollution, closeness / shared, std::move(detail));
  } else {
    add("pollution", w.pollution, std::nullopt, "");
  }

  out.coverage = known_weight / total;
  if (known_weight <= 0 || out.coverage < w.min_coverage) return std::nullopt;
  out.score = weighted / known_weight;
  return out;
}

std::vector<PeerSimilarity> RankPeers(const CityFeatures& city,
                                      std::span<const CityFeatures> candidates,
                                      const PeerWeights& weights) {
  std::vector<PeerSimilarity> out;
  for (const CityFeatures& c : candidates) {
    if (c.code == city.code) continue;
    if (std::optional<PeerSimilarity> s = ComparePeers(city, c, weights)) {
      out.push_back(std::move(*s));
    }
  }
  std::sort(out.begin(), out.end(), [](const PeerSimilarity& x, const PeerSimilarity& y) {
    if (x.score != y.score) return x.score > y.score;
    return x.code < y.code;
  });
  return out;
}

// ---- mentors -----------------------------------------------------------------

Status ValidateMentorOptions(const MentorOptions& o) {
  KINET_RETURN_IF_ERROR(CheckPositive(o.start_band, "mentors.start_band"));
  if (o.window_years < 2) {
    return InvalidArgument("mentors.window_years must be at least 2", "mentors.window_years");
  }
  if (o.min_points < 3) {
    return InvalidArgument("mentors.min_points must be at least 3", "mentors.min_points");
  }
  KINET_RETURN_IF_ERROR(CheckNonNegative(o.min_improvement, "mentors.min_improvement"));
  if (!(o.alpha > 0 && o.alpha < 1)) {
    return InvalidArgument("mentors.alpha must be in (0, 1)", "mentors.alpha");
  }
  return OkStatus();
}

Result<std::optional<MentorMatch>> JudgeMentor(double level, Direction direction,
                                               const MentorCandidate& candidate,
                                               const MentorOptions& options) {
  std::vector<YearValue> series = candidate.series;
  std::set<int> years;
  for (const YearValue& v : series) {
    if (!std::isfinite(v.value)) {
      return InvalidArgument(
          fmt::format("{}: value of {} is not a finite number", candidate.code, v.year), "value");
    }
    if (!years.insert(v.year).second) {
      return InvalidArgument(fmt::format("{}: year {} is given twice", candidate.code, v.year),
                             "year");
    }
  }
  std::sort(series.begin(), series.end(),
            [](const YearValue& a, const YearValue& b) { return a.year < b.year; });
  const double scale = std::abs(level);
  std::optional<MentorMatch> best;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const YearValue& start = series[i];
    const double gap =
        scale > 0 ? std::abs(start.value - level) / scale : (start.value == 0 ? 0.0 : 1e300);
    if (gap > options.start_band) continue;
    std::vector<TrendPoint> points;
    for (std::size_t j = i;
         j < series.size() && series[j].year <= start.year + options.window_years; ++j) {
      points.push_back({static_cast<double>(series[j].year - start.year), series[j].value});
    }
    if (static_cast<int>(points.size()) < options.min_points) continue;
    KINET_ASSIGN_OR_RETURN(TrendAnalysis trend, AnalyzeTrend(points, options.alpha));
    if (!trend.sen_slope || !trend.mann_kendall) continue;
    const double span = points.back().x;
    const double good_slope =
        direction == Direction::kLowerIsBetter ? -trend.sen_slope->slope : trend.sen_slope->slope;
    const double start_scale = std::abs(start.value);
    if (start_scale == 0) continue;
    MentorMatch m;
    m.code = candidate.code;
    m.from_year = start.year;
    m.to_year = start.year + static_cast<int>(span);
    m.points = static_cast<int>(points.size());
    m.start_value = start.value;
    m.end_value = points.back().y;
    m.start_gap = gap;
    m.slope = trend.sen_slope->slope;
    m.improvement = good_slope * span / start_scale;
    m.p_value = trend.mann_kendall->p_value;
    const TrendDirection good = direction == Direction::kLowerIsBetter
                                    ? TrendDirection::kDecreasing
                                    : TrendDirection::kIncreasing;
    m.significant = trend.mann_kendall->direction == good;
    if (m.improvement < options.min_improvement || m.improvement <= 0) continue;
    if (options.require_significant && !m.significant) continue;
    m.score = m.improvement * (1.0 - 0.5 * gap / options.start_band);
    if (!best || m.score > best->score) best = m;
  }
  return best;
}

Result<std::vector<MentorMatch>> RankMentors(double level, Direction direction,
                                             std::span<const MentorCandidate> candidates,
                                             const MentorOptions& options) {
  std::vector<MentorMatch> out;
  for (const MentorCandidate& c : candidates) {
    KINET_ASSIGN_OR_RETURN(std::optional<MentorMatch> m, JudgeMentor(level, direction, c, options));
    if (m) out.push_back(std::move(*m));
  }
  std::sort(out.begin(), out.end(), [](const MentorMatch& x, const MentorMatch& y) {
    if (x.score != y.score) return x.score > y.score;
    return x.code < y.code;
  });
  return out;
}

// ---- practices -----------------------------------------------------------------

Status ValidatePracticeWeights(const PracticeWeights& w) {
  KINET_RETURN_IF_ERROR(CheckNonNegative(w.same_indicator, "practices.same_indicator"));
  KINET_RETURN_IF_ERROR(CheckNonNegative(w.same_theme, "practices.same_theme"));
  KINET_RETURN_IF_ERROR(CheckNonNegative(w.measured_improvement, "practices.measured_improvement"));
  KINET_RETURN_IF_ERROR(CheckNonNegative(w.not_distinguishable, "practices.not_distinguishable"));
  KINET_RETURN_IF_ERROR(CheckNonNegative(w.no_data, "practices.no_data"));
  KINET_RETURN_IF_ERROR(CheckNonNegative(w.effect, "practices.effect"));
  return OkStatus();
}

std::vector<PracticeScore> RankPractices(std::span<const PracticeFacts> practices,
                                         const PracticeWeights& w) {
  std::vector<PracticeScore> out;
  for (const PracticeFacts& p : practices) {
    if (!p.same_indicator && !p.same_theme) continue;
    PracticeScore s;
    s.id = p.id;
    s.relevance = p.same_indicator ? w.same_indicator : w.same_theme;
    if (p.evidence_level == "measured-improvement") {
      s.evidence = w.measured_improvement;
    } else if (p.evidence_level == "not-distinguishable") {
      s.evidence = w.not_distinguishable;
    } else {
      // "no-data", and "worse-than-peers": evidence that the practice did
      // not help here counts no more than none.
      s.evidence = w.no_data;
    }
    s.score = s.relevance * s.evidence;
    if (p.evidence_level == "measured-improvement" && p.relative_improvement &&
        *p.relative_improvement > 0) {
      s.score += w.effect * std::min(1.0, *p.relative_improvement);
    }
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(), [](const PracticeScore& x, const PracticeScore& y) {
    if (x.score != y.score) return x.score > y.score;
    return x.id < y.id;
  });
  return out;
}

}  // namespace kinet
