// Assessment schemes: scored examinations (China's chengkao), designation
// criteria (the national environmental protection model city), and banded
// guideline schemes (WHO AQG 2021), evaluated on one city's indicator values
// for one year.
//
// Sits in engine/ (pure, no I/O). rules/scheme_loader.h builds a Scheme from
// the TOML files of standards/schemes/; service/scheme_service.h feeds it the
// values of the indicator repository. A scheme has a few dozen items and is
// scored for at most a few hundred cities per year, so nothing is tuned.
//
// How an item is scored (docs/indicators.md, "Assessment schemes"):
// - kLinear: points = W x clamp((x - L) / (U - L), 0, 1), with L the value
//   scoring zero (`zero_at`) and U the value scoring full marks (`full_at`).
//   This is the chengkao formula recalled in ../shared/reference/
//   standards.md §7.2 (UNCONFIRMED there). The same formula covers both
//   directions: with U > L higher is better; with U < L (noise, emission
//   intensity) lower is better, which is the "mirrored" form of §7.2. An item
//   is "met" when x is at or beyond U.
// - kBanded: bands are tried in order; the first whose condition the value
//   satisfies gives its points (and its label, e.g. "IT-2"); no band: 0
//   points, label "below all bands". The first band is the best; the item is
//   "met" in it.
// - kPassFail: W points when `value <op> threshold` holds, else 0; "met" when
//   it holds.
// A category's points are the sum of its items'. A scheme's total is the sum
// of all items'; an item without a value scores 0 and is listed as missing.
// Designation rules are all required; each failed one is reported with the
// items that failed it. Cities are ranked by total with competition ranking
// ("1, 2, 2, 4"), totals compared after rounding to 1e-6 points so that sums
// of the same points in another order tie.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/indicator.h"  // Direction
#include "core/result.h"

namespace kinet {

// How a value is compared with a threshold.
enum class Comparator : std::uint8_t { kGe, kGt, kLe, kLt };

// ">=", ">", "<=", "<".
std::string_view ComparatorSymbol(Comparator c);
// The inverse of ComparatorSymbol; also accepts "ge", "gt", "le", "lt".
std::optional<Comparator> ParseComparator(std::string_view text);
// True when `value <c> threshold` holds (exact comparison: a value equal to a
// "<=" threshold passes, one equal to a "<" threshold fails).
bool Compare(double value, Comparator c, double threshold);

enum class ScoringMethod : std::uint8_t { kLinear, kBanded, kPassFail };
// "linear", "banded", "pass-fail".
std::string_view ScoringMethodCode(ScoringMethod m);
std::optional<ScoringMethod> ParseScoringMethod(std::string_view text);

// Linear between the zero-point value L and the full-points value U (U != L).
struct LinearRule {
  double zero_at = 0.0;  // L
  double full_at = 1.0;  // U
};

struct Band {
  Comparator op = Comparator::kLe;
  double bound = 0.0;
  double points = 0.0;
  std::string label;  // "AQG", "IT-1", "good" ...
};

// Ordered bands, best first.
struct BandedRule {
  std::vector<Band> bands;
};

struct PassFailRule {
  Comparator op = Comparator::kGe;
  double threshold = 0.0;
};

using ScoringRule = std::variant<LinearRule, BandedRule, PassFailRule>;

ScoringMethod MethodOf(const ScoringRule& rule);

// How the value scored by an item is derived from the indicator's series.
enum class ItemMeasure : std::uint8_t {
  kLevel,          // the indicator's value in the scored year
  kChangePercent,  // improvement over `change_years` years, in % of the
                   // earlier value, positive when the indicator improved
};
// "level", "change-percent".
std::string_view ItemMeasureCode(ItemMeasure m);
std::optional<ItemMeasure> ParseItemMeasure(std::string_view text);

struct SchemeItem {
  std::string id;         // unique within the scheme: "air-good-days"
  std::string category;   // id of a SchemeCategory
  std::string indicator;  // code of the indicator catalogue
  std::string name;
  std::string name_local;
  double points = 0.0;  // W: the maximum points (for kBanded, the best band's)
  ScoringRule rule;
  ItemMeasure measure = ItemMeasure::kLevel;
  int change_years = 0;                              // kChangePercent only (>= 1)
  Direction direction = Direction::kHigherIsBetter;  // kChangePercent only
  bool confirmed = true;  // false where the source marks the value UNCONFIRMED
  std::string source;
  std::string note;
};

struct SchemeCategory {
  std::string id;
  std::string name;
  std::string name_local;
};

enum class DesignationKind : std::uint8_t {
  kAllItemsMet,   // every item of `items` (every item of the scheme when empty) is met
  kTotalAtLeast,  // the total is at least `min_total`
};
// "all-items-met", "total-at-least".
std::string_view DesignationKindCode(DesignationKind k);
std::optional<DesignationKind> ParseDesignationKind(std::string_view text);

struct DesignationRule {
  std::string id;
  DesignationKind kind = DesignationKind::kAllItemsMet;
  std::vector<std::string> items;  // kAllItemsMet: item ids; empty means all
  double min_total = 0.0;          // kTotalAtLeast
  std::string description;
};

struct Scheme {
  std::string id;       // "cn-chengkao-11th-fyp"
  std::string version;  // "2006-placeholder"
  std::string name;
  std::string name_local;
  std::string origin;  // "official", "reconstruction" or "kinet-construction"
  std::string source;
  bool confirmed = true;  // false when any part of the scheme is not confirmed
  std::string note;
  std::string designation_name;  // "National Environmental Protection Model City"; "" when none
  std::vector<SchemeCategory> categories;
  std::vector<SchemeItem> items;
  std::vector<DesignationRule> designation;  // all must hold; empty: no designation
};

// Returns InvalidArgument (field = the offending key, e.g. "items[2].bands")
// when the scheme is inconsistent: empty or repeated item or category ids, an
// item in an unknown category, points not positive, a linear rule with
// U == L, bands empty, mixing "<"/"<=" with ">"/">=", bounds not ordered from
// best to worst, band points above the item's points or increasing, a
// change-percent item without change_years >= 1, a designation rule naming an
// unknown item. The loader calls it; tests may too.
Status ValidateScheme(const Scheme& scheme);

// The outcome of one item for one city.
struct ItemScore {
  std::string item;             // SchemeItem::id
  std::optional<double> value;  // nullopt: missing
  double points = 0.0;
  double max_points = 0.0;
  bool met = false;         // see the module comment
  std::optional<int> band;  // kBanded: index of the band reached
  std::string threshold;    // what produced the points: "linear 0 at 60 .. 30 at 85",
                            // "band IT-2 (<= 25)", ">= 85"
};

// Scores one value with one item. A missing value scores 0, not met.
ItemScore ScoreItem(const SchemeItem& item, std::optional<double> value);

struct CategoryScore {
  std::string category;
  double points = 0.0;
  double max_points = 0.0;
};

struct DesignationOutcome {
  std::string rule;  // DesignationRule::id
  bool met = false;
  std::vector<std::string> failed_items;  // kAllItemsMet: items not met (missing included)
  std::string explanation;                // "total 72.5 < 80"
};

struct CityScore {
  std::string city;
  int year = 0;
  double total = 0.0;
  double max_total = 0.0;
  std::optional<int> rank;                // filled by RankScores
  std::vector<CategoryScore> categories;  // in scheme order
  std::vector<ItemScore> items;           // in scheme order
  std::vector<std::string> missing;       // items without a value
  // nullopt when the scheme has no designation rules.
  std::optional<bool> designated;
  std::vector<DesignationOutcome> designation;  // one per rule, in scheme order
};

// Scores `values` (item id → value; absent = missing) against `scheme`.
// The scheme must be valid (ValidateScheme).
CityScore ScoreCity(const Scheme& scheme, std::string city, int year,
                    const std::map<std::string, double>& values);

// Rounds a total for ranking and display comparisons (1e-6 points).
double RoundTotal(double total);

// Sets `rank` of every score: competition ranking by total, highest first
// ("1, 2, 2, 4": tied cities share the best rank, and the next rank skips).
// Also sorts `scores` by rank, then city.
void RankScores(std::vector<CityScore>& scores);

// Why an item's points changed between two years.
enum class ChangeReason : std::uint8_t {
  kUnchanged,         // same value (or both missing)
  kNowReported,       // missing in the first year
  kNoLongerReported,  // missing in the second year
  kCrossedThreshold,  // pass/fail outcome changed
  kChangedBand,       // banded: a different band
  kMovedOnScale,      // linear: moved between L and U (or into/out of the range)
  kValueOnly,         // the value changed but the points did not
};
// "unchanged", "now-reported", "no-longer-reported", "crossed-threshold",
// "changed-band", "moved-on-scale", "value-only".
std::string_view ChangeReasonCode(ChangeReason r);

struct ItemChange {
  std::string item;
  std::optional<double> value_from;
  std::optional<double> value_to;
  double points_from = 0.0;
  double points_to = 0.0;
  ChangeReason reason = ChangeReason::kUnchanged;
  std::string explanation;  // "band IT-3 (<= 15) -> band IT-4 (<= 10)"
};

struct ScoreComparison {
  std::string city;
  int year_from = 0;
  int year_to = 0;
  double total_from = 0.0;
  double total_to = 0.0;
  std::optional<int> rank_from;
  std::optional<int> rank_to;
  std::optional<bool> designated_from;
  std::optional<bool> designated_to;
  std::vector<ItemChange> items;  // in scheme order
};

// Compares two scores of the same city under `scheme` (both from ScoreCity
// with that scheme). InvalidArgument when the scores are of different
// cities or do not hold the scheme's items.
Result<ScoreComparison> CompareScores(const Scheme& scheme, const CityScore& from,
                                      const CityScore& to);

}  // namespace kinet
