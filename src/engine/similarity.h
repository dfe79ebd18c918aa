// Similarity measures for matching (issue 6, "Problems and matching"):
// peer cities that resemble a city, mentor cities that improved an
// indicator from a similar starting level, and the ranking of practices by
// the evidence behind them. docs/matching.md explains every measure with an
// example; the weights and bands are data (standards/matching/matching.toml).
//
// Sits in engine/ (pure, no I/O). The network has tens to a few hundred
// cities, each with 5-30 annual values per indicator, so every candidate is
// compared exactly (a mentor search tries every start year of every city:
// at most a few hundred Theil-Sen fits of <= 11 points).
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/indicator.h"
#include "core/result.h"
#include "engine/progress.h"  // YearValue

namespace kinet {

// ---- peers -----------------------------------------------------------------

// What the peer measure knows of a city. Unknown facts are empty/nullopt;
// a feature unknown for either city is left out of that comparison.
struct CityFeatures {
  std::string code;
  std::string country_code;
  std::string region;                // of the country: "East Asia" ...
  std::optional<double> population;  // persons
  std::string size_class;            // engine/city_size.h code, "" when unknown
  std::optional<double> latitude;    // degrees; the climate proxy (docs/matching.md)
  // Latest annual value of each pollution-profile indicator (indicator code → value).
  std::map<std::string, double> pollution;
};

// Weights (relative, >= 0) and scales of the peer features.
struct PeerWeights {
  double population = 0.25;
  double size_class = 0.15;
  double climate = 0.2;    // |latitude| difference, the only climate fact the registry holds
  double geography = 0.1;  // same country 1, same region 0.5, else 0
  double pollution = 0.3;  // the pollution profile
  // Population similarity 1 - |log10(a/b)| / population_decades, floored at 0:
  // a city ten times larger is 0 at the default 1.
  double population_decades = 1.0;
  // Climate similarity 1 - ||lat_a| - |lat_b|| / latitude_span_degrees, floored at 0.
  double latitude_span_degrees = 15.0;
  // A comparison is made only when the features known for both carry at
  // least this share of the total weight.
  double min_coverage = 0.5;
};

// Checks the weights: finite, >= 0, not all 0; scales > 0; min_coverage in
// [0,1]. InvalidArgument naming the field ("peers.population" ...).
Status ValidatePeerWeights(const PeerWeights& w);

// One feature's part of a comparison.
struct FeatureSimilarity {
  std::string feature;      // "population", "size-class", "climate", "geography", "pollution"
  double similarity = 0.0;  // 0..1
  double weight = 0.0;
  std::string detail;  // "17.8 M vs 10.9 M (x1.6)", "same class cn-megacity" ...
};

struct PeerSimilarity {
  std::string code;       // of the other city
  double score = 0.0;     // sum of weight x similarity over the known features / their weight
  double coverage = 0.0;  // weight of the known features / total weight
  std::vector<FeatureSimilarity> features;  // in the order of PeerWeights
  std::vector<std::string> unknown;         // features left out (unknown for either city)
};

// Compares `a` with `b`. nullopt when the known features carry less than
// min_coverage of the weight. Pollution similarity is the mean over the
// indicators both cities have of 1 - |x_a - x_b| / max(|x_a|, |x_b|)
// (1 when both are 0).
std::optional<PeerSimilarity> ComparePeers(const CityFeatures& a, const CityFeatures& b,
                                           const PeerWeights& weights);

// Every other city of `candidates` compared with `city`, best first (ties by
// code); cities not comparable are left out; `city` itself is skipped.
std::vector<PeerSimilarity> RankPeers(const CityFeatures& city,
                                      std::span<const CityFeatures> candidates,
                                      const PeerWeights& weights);

// ---- mentors ---------------------------------------------------------------

struct MentorOptions {
  // A start year qualifies when |v_start - level| / |level| <= start_band.
  double start_band = 0.25;
  int window_years = 10;         // the improvement is measured over [start, start + window]
  int min_points = 4;            // values in that window
  double min_improvement = 0.1;  // total improvement, as a fraction of the start value
  double alpha = 0.05;           // the Mann-Kendall test of the window
  bool require_significant = true;
};

// Checks the options. InvalidArgument naming the field ("mentors.start_band" ...).
Status ValidateMentorOptions(const MentorOptions& o);

struct MentorCandidate {
  std::string code;
  std::vector<YearValue> series;  // annual values of the indicator
};

// How a city improved from a level like the subject's.
struct MentorMatch {
  std::string code;
  int from_year = 0;
  int to_year = 0;
  int points = 0;
  double start_value = 0.0;  // observed in from_year
  double end_value = 0.0;    // observed in to_year
  double start_gap = 0.0;    // |start - level| / |level|
  double slope = 0.0;        // Theil-Sen, units per year
  double improvement = 0.0;  // -slope x (to - from) / |start| (sign flipped for higher-is-better)
  double p_value = 1.0;      // Mann-Kendall, two-sided
  bool significant = false;
  // improvement x (1 - 0.5 x start_gap / start_band): the best improvement
  // from the closest level ranks first.
  double score = 0.0;
};

// The best window of `candidate` (highest score) that starts within the
// band around `level` and improves in `direction`; nullopt when none.
// InvalidArgument for a non-finite value or a repeated year.
Result<std::optional<MentorMatch>> JudgeMentor(double level, Direction direction,
                                               const MentorCandidate& candidate,
                                               const MentorOptions& options);

// Every candidate judged, the matches best first (ties by code).
Result<std::vector<MentorMatch>> RankMentors(double level, Direction direction,
                                             std::span<const MentorCandidate> candidates,
                                             const MentorOptions& options);

// ---- practices ---------------------------------------------------------------

// How a practice is scored for a problem: how closely it addresses the
// problem (same indicator > same theme) and how strong its measured
// evidence is (engine/evidence.h levels).
struct PracticeWeights {
  double same_indicator = 1.0;  // a quantified result on the problem's indicator
  double same_theme = 0.5;      // the practice's theme is the problem's theme only
  double measured_improvement = 1.0;
  double not_distinguishable = 0.4;
  double no_data = 0.1;
  // Score bonus per unit of measured relative improvement (capped at 1),
  // so among equally strong evidence the larger effect ranks first.
  double effect = 0.5;
};

Status ValidatePracticeWeights(const PracticeWeights& w);

// What the ranking needs to know of one practice for one problem.
struct PracticeFacts {
  std::string id;
  bool same_indicator = false;
  bool same_theme = false;
  // "measured-improvement", "not-distinguishable", "no-data".
  std::string evidence_level;
  std::optional<double> relative_improvement;  // fraction, for the effect bonus
};

struct PracticeScore {
  std::string id;
  double score = 0.0;  // relevance x evidence + effect x min(1, improvement)
  double relevance = 0.0;
  double evidence = 0.0;
};

// Scores practices that address the problem (same indicator or theme; the
// others are left out), best first (ties by id).
std::vector<PracticeScore> RankPractices(std::span<const PracticeFacts> practices,
                                         const PracticeWeights& weights);

}  // namespace kinet
