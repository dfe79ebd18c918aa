#include "engine/scoring.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

namespace kinet {

std::string_view ComparatorSymbol(Comparator c) {
  switch (c) {
    case Comparator::kGe:
      return ">=";
    case Comparator::kGt:
      return ">";
    case Comparator::kLe:
      return "<=";
    case Comparator::kLt:
      return "<";
  }
  return "?";
}

std::optional<Comparator> ParseComparator(std::string_view text) {
  if (text == ">=" || text == "ge") return Comparator::kGe;
  if (text == ">" || text == "gt") return Comparator::kGt;
  if (text == "<=" || text == "le") return Comparator::kLe;
  if (text == "<" || text == "lt") return Comparator::kLt;
  return std::nullopt;
}

bool Compare(double value, Comparator c, double threshold) {
  switch (c) {
    case Comparator::kGe:
      return value >= threshold;
    case Comparator::kGt:
      return value > threshold;
    case Comparator::kLe:
      return value <= threshold;
    case Comparator::kLt:
      return value < threshold;
  }
  return false;
}

std::string_view ScoringMethodCode(ScoringMethod m) {
  switch (m) {
    case ScoringMethod::kLinear:
      return "linear";
    case ScoringMethod::kBanded:
      return "banded";
    case ScoringMethod::kPassFail:
      return "pass-fail";
  }
  return "?";
}

std::optional<ScoringMethod> ParseScoringMethod(std::string_view text) {
  if (text == "linear") return ScoringMethod::kLinear;
  if (text == "banded") return ScoringMethod::kBanded;
  if (text == "pass-fail") return ScoringMethod::kPassFail;
  return std::nullopt;
}

ScoringMethod MethodOf(const ScoringRule& rule) {
  if (std::holds_alternative<LinearRule>(rule)) return ScoringMethod::kLinear;
  if (std::holds_alternative<BandedRule>(rule)) return ScoringMethod::kBanded;
  return ScoringMethod::kPassFail;
}

std::string_view ItemMeasureCode(ItemMeasure m) {
  switch (m) {
    case ItemMeasure::kLevel:
      return "level";
    case ItemMeasure::kChangePercent:
      return "change-percent";
  }
  return "?";
}

std::optional<ItemMeasure> ParseItemMeasure(std::string_view text) {
  if (text == "level") return ItemMeasure::kLevel;
  if (text == "change-percent") return ItemMeasure::kChangePercent;
  return std::nullopt;
}

std::string_view DesignationKindCode(DesignationKind k) {
  switch (k) {
    case DesignationKind::kAllItemsMet:
      return "all-items-met";
    case DesignationKind::kTotalAtLeast:
      return "total-at-least";
  }
  return "?";
}

std::optional<DesignationKind> ParseDesignationKind(std::string_view text) {
  if (text == "all-items-met") return DesignationKind::kAllItemsMet;
  if (text == "total-at-least") return DesignationKind::kTotalAtLeast;
  return std::nullopt;
}

std::string_view ChangeReasonCode(ChangeReason r) {
  switch (r) {
    case ChangeReason::kUnchanged:
      return "unchanged";
    case ChangeReason::kNowReported:
      return "now-reported";
    case ChangeReason::kNoLongerReported:
      return "no-longer-reported";
    case ChangeReason::kCrossedThreshold:
      return "crossed-threshold";
    case ChangeReason::kChangedBand:
      return "changed-band";
    case ChangeReason::kMovedOnScale:
      return "moved-on-scale";
    case ChangeReason::kValueOnly:
      return "value-only";
  }
  return "?";
}

namespace {

bool IsUpper(Comparator c) { return c == Comparator::kLe || c == Comparator::kLt; }

// "{:g}" keeps 6 significant digits: enough for thresholds, never "85.000000".
std::string Num(double v) { return fmt::format("{:g}", v); }

std::string BandText(const Band& b) {
  return fmt::format("band {} ({} {})", b.label, ComparatorSymbol(b.op), Num(b.bound));
}

Status ItemError(std::size_t i, std::string_view key, std::string message) {
  return InvalidArgument(std::move(message), fmt::format("items[{}].{}", i, key));
}

Status ValidateBands(const SchemeItem& item, std::size_t i, const BandedRule& rule) {
  if (rule.bands.empty()) return ItemError(i, "bands", fmt::format("item {}: no bands", item.id));
  const bool upper = IsUpper(rule.bands.front().op);
  for (std::size_t b = 0; b < rule.bands.size(); ++b) {
    const Band& band = rule.bands[b];
    if (IsUpper(band.op) != upper) {
      return ItemError(i, "bands",
                       fmt::format("item {}: band {} mixes '<'/'<=' with '>'/'>='", item.id, b));
    }
    if (!std::isfinite(band.bound) || !std::isfinite(band.points) || band.points < 0) {
      return ItemError(
          i, "bands",
          fmt::format("item {}: band {} needs a finite bound and points >= 0", item.id, b));
    }
    if (band.points > item.points) {
      return ItemError(i, "bands",
                       fmt::format("item {}: band {} gives {} points, more than the item's {}",
                                   item.id, b, Num(band.points), Num(item.points)));
    }
    if (b == 0) continue;
    const Band& prev = rule.bands[b - 1];
    // Best first: upper bounds ("<= 5", "<= 10" ...) rise, lower bounds fall.
    const bool ordered = upper ? band.bound > prev.bound : band.bound < prev.bound;
    if (!ordered) {
      return ItemError(i, "bands",
                       fmt::format("item {}: band {} bound {} is not {} than the previous band's",
                                   item.id, b, Num(band.bound), upper ? "higher" : "lower"));
    }
    if (band.points > prev.points) {
      return ItemError(i, "bands",
                       fmt::format("item {}: band {} gives more points than the better band "
                                   "before it",
                                   item.id, b));
    }
  }
  return OkStatus();
}

}  // namespace

Status ValidateScheme(const Scheme& scheme) {
  if (scheme.id.empty()) return InvalidArgument("the scheme has no id", "id");
  if (scheme.items.empty()) return InvalidArgument("the scheme has no items", "items");
  std::set<std::string> categories;
  for (std::size_t c = 0; c < scheme.categories.size(); ++c) {
    const SchemeCategory& cat = scheme.categories[c];
    if (cat.id.empty() || !categories.insert(cat.id).second) {
      return InvalidArgument(fmt::format("category id '{}' is empty or repeated", cat.id),
                             fmt::format("categories[{}].id", c));
    }
  }
  std::set<std::string> items;
  for (std::size_t i = 0; i < scheme.items.size(); ++i) {
    const SchemeItem& item = scheme.items[i];
    if (item.id.empty() || !items.insert(item.id).second) {
      return ItemError(i, "id", fmt::format("item id '{}' is empty or repeated", item.id));
    }
    if (categories.count(item.category) == 0) {
      return ItemError(
          i, "category",
          fmt::format("item {}: '{}' is not a category of the scheme", item.id, item.category));
    }
    if (item.indicator.empty()) {
      return ItemError(i, "indicator", fmt::format("item {}: no indicator", item.id));
    }
    if (!std::isfinite(item.points) || item.points <= 0) {
      return ItemError(i, "points", fmt::format("item {}: points must be positive", item.id));
    }
    if (item.measure == ItemMeasure::kChangePercent && item.change_years < 1) {
      return ItemError(
          i, "change_years",
          fmt::format("item {}: a change-percent item needs change_years >= 1", item.id));
    }
    if (const auto* lin = std::get_if<LinearRule>(&item.rule)) {
      if (!std::isfinite(lin->zero_at) || !std::isfinite(lin->full_at) ||
          lin->zero_at == lin->full_at) {
        return ItemError(
            i, "full_at",
            fmt::format("item {}: zero_at and full_at must be finite and differ", item.id));
      }
    } else if (const auto* banded = std::get_if<BandedRule>(&item.rule)) {
      KINET_RETURN_IF_ERROR(ValidateBands(item, i, *banded));
    } else if (const auto* pf = std::get_if<PassFailRule>(&item.rule)) {
      if (!std::isfinite(pf->threshold)) {
        return ItemError(i, "threshold", fmt::format("item {}: threshold must be finite", item.id));
      }
    }
  }
  std::set<std::string> rules;
  for (std::size_t d = 0; d < scheme.designation.size(); ++d) {
    const DesignationRule& rule = scheme.designation[d];
    if (rule.id.empty() || !rules.insert(rule.id).second) {
      return InvalidArgument(fmt::format("designation rule id '{}' is empty or repeated", rule.id),
                             fmt::format("designation[{}].id", d));
    }
    for (const std::string& item : rule.items) {
      if (items.count(item) == 0) {
        return InvalidArgument(
            fmt::format("designation rule {}: '{}' is not an item of the scheme", rule.id, item),
            fmt::format("designation[{}].items", d));
      }
    }
    if (rule.kind == DesignationKind::kTotalAtLeast && !std::isfinite(rule.min_total)) {
      return InvalidArgument(fmt::format("designation rule {}: min_total must be finite", rule.id),
                             fmt::format("designation[{}].total", d));
    }
  }
  return OkStatus();
}

ItemScore ScoreItem(const SchemeItem& item, std::optional<double> value) {
  ItemScore s;
  s.item = item.id;
  s.value = value;
  s.max_points = item.points;
  if (const auto* lin = std::get_if<LinearRule>(&item.rule)) {
    s.threshold = fmt::format("linear: 0 at {}, {} at {}", Num(lin->zero_at), Num(item.points),
                              Num(lin->full_at));
    if (!value) return s;
    // standards.md §7.2: W x clamp((x - L)/(U - L), 0, 1); with U < L the
    // same expression is the mirrored, lower-is-better form.
    const double fraction =
        std::clamp((*value - lin->zero_at) / (lin->full_at - lin->zero_at), 0.0, 1.0);
    s.points = item.points * fraction;
    s.met = fraction >= 1.0;
  } else if (const auto* banded = std::get_if<BandedRule>(&item.rule)) {
    if (!value) {
      s.threshold = "banded";
      return s;
    }
    for (std::size_t b = 0; b < banded->bands.size(); ++b) {
      const Band& band = banded->bands[b];
      if (Compare(*value, band.op, band.bound)) {
        s.points = band.points;
        s.band = static_cast<int>(b);
        s.met = b == 0;
        s.threshold = BandText(band);
        return s;
      }
    }
    const Band& last = banded->bands.back();
    s.threshold =
        fmt::format("below all bands (last: {} {})", ComparatorSymbol(last.op), Num(last.bound));
  } else {
    const auto& pf = std::get<PassFailRule>(item.rule);
    s.threshold = fmt::format("{} {}", ComparatorSymbol(pf.op), Num(pf.threshold));
    if (!value) return s;
    s.met = Compare(*value, pf.op, pf.threshold);
    s.points = s.met ? item.points : 0.0;
  }
  return s;
}

CityScore ScoreCity(const Scheme& scheme, std::string city, int year,
                    const std::map<std::string, double>& values) {
  CityScore out;
  out.city = std::move(city);
  out.year = year;
  std::map<std::string, CategoryScore> by_category;
  for (const SchemeItem& item : scheme.items) {
    auto it = values.find(item.id);
    std::optional<double> value;
    if (it != values.end()) value = it->second;
    ItemScore s = ScoreItem(item, value);
    if (!value) out.missing.push_back(item.id);
    CategoryScore& cat = by_category[item.category];
    cat.points += s.points;
    cat.max_points += s.max_points;
    out.total += s.points;
    out.max_total += s.max_points;
    out.items.push_back(std::move(s));
  }
  for (const SchemeCategory& c : scheme.categories) {
    CategoryScore cat = by_category[c.id];
    cat.category = c.id;
    out.categories.push_back(std::move(cat));
  }
  if (scheme.designation.empty()) return out;
  bool all = true;
  for (const DesignationRule& rule : scheme.designation) {
    DesignationOutcome o;
    o.rule = rule.id;
    if (rule.kind == DesignationKind::kAllItemsMet) {
      for (std::size_t i = 0; i < scheme.items.size(); ++i) {
        const bool listed = rule.items.empty() || std::find(rule.items.begin(), rule.items.end(),
                                                            scheme.items[i].id) != rule.items.end();
        if (listed && !out.items[i].met) o.failed_items.push_back(scheme.items[i].id);
      }
      o.met = o.failed_items.empty();
      o.explanation =
          o.met ? "all criteria met" : fmt::format("{} criteria not met", o.failed_items.size());
    } else {
      o.met = RoundTotal(out.total) >= RoundTotal(rule.min_total);
      o.explanation = fmt::format("total {} {} {}", Num(RoundTotal(out.total)), o.met ? ">=" : "<",
                                  Num(rule.min_total));
    }
    all = all && o.met;
    out.designation.push_back(std::move(o));
  }
  out.designated = all;
  return out;
}

double RoundTotal(double total) { return std::round(total * 1e6) / 1e6; }

void RankScores(std::vector<CityScore>& scores) {
  std::stable_sort(scores.begin(), scores.end(), [](const CityScore& a, const CityScore& b) {
    const double ta = RoundTotal(a.total);
    const double tb = RoundTotal(b.total);
    if (ta != tb) return ta > tb;
    return a.city < b.city;
  });
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (i > 0 && RoundTotal(scores[i].total) == RoundTotal(scores[i - 1].total)) {
      scores[i].rank = scores[i - 1].rank;
    } else {
      scores[i].rank = static_cast<int>(i) + 1;
    }
  }
}

namespace {

std::string ValueText(const std::optional<double>& v) { return v ? Num(*v) : "missing"; }

ItemChange CompareItem(const SchemeItem& item, const ItemScore& a, const ItemScore& b) {
  ItemChange c;
  c.item = item.id;
  c.value_from = a.value;
  c.value_to = b.value;
  c.points_from = a.points;
  c.points_to = b.points;
  const std::string values = fmt::format("{} -> {}", ValueText(a.value), ValueText(b.value));
  if (!a.value && !b.value) {
    c.reason = ChangeReason::kUnchanged;
    c.explanation = "missing in both years";
    return c;
  }
  if (!a.value) {
    c.reason = ChangeReason::kNowReported;
    c.explanation = fmt::format("now reported ({}): {}", Num(*b.value), b.threshold);
    return c;
  }
  if (!b.value) {
    c.reason = ChangeReason::kNoLongerReported;
    c.explanation = fmt::format("no value in the later year (was {})", Num(*a.value));
    return c;
  }
  const bool points_changed = RoundTotal(a.points) != RoundTotal(b.points);
  if (*a.value == *b.value) {
    c.reason = ChangeReason::kUnchanged;
    c.explanation = fmt::format("value unchanged ({})", Num(*a.value));
    return c;
  }
  switch (MethodOf(item.rule)) {
    case ScoringMethod::kPassFail:
      if (a.met != b.met) {
        c.reason = ChangeReason::kCrossedThreshold;
        c.explanation =
            fmt::format("{}: {} {}", values, b.met ? "now meets" : "no longer meets", b.threshold);
        return c;
      }
      break;
    case ScoringMethod::kBanded:
      if (a.band != b.band) {
        c.reason = ChangeReason::kChangedBand;
        c.explanation = fmt::format("{}: {} -> {}", values, a.threshold, b.threshold);
        return c;
      }
      break;
    case ScoringMethod::kLinear:
      if (points_changed) {
        c.reason = ChangeReason::kMovedOnScale;
        c.explanation = fmt::format("{} on the scale {}", values, b.threshold);
        return c;
      }
      break;
  }
  c.reason = ChangeReason::kValueOnly;
  c.explanation = fmt::format("{}: points unchanged ({})", values, b.threshold);
  return c;
}

}  // namespace

Result<ScoreComparison> CompareScores(const Scheme& scheme, const CityScore& from,
                                      const CityScore& to) {
  if (from.city != to.city) {
    return InvalidArgument(
        fmt::format("cannot compare scores of two cities ({} and {})", from.city, to.city));
  }
  if (from.items.size() != scheme.items.size() || to.items.size() != scheme.items.size()) {
    return InvalidArgument(fmt::format("the scores were not computed with scheme {}", scheme.id));
  }
  ScoreComparison out;
  out.city = from.city;
  out.year_from = from.year;
  out.year_to = to.year;
  out.total_from = from.total;
  out.total_to = to.total;
  out.rank_from = from.rank;
  out.rank_to = to.rank;
  out.designated_from = from.designated;
  out.designated_to = to.designated;
  for (std::size_t i = 0; i < scheme.items.size(); ++i) {
    if (from.items[i].item != scheme.items[i].id || to.items[i].item != scheme.items[i].id) {
      return InvalidArgument(fmt::format("the scores were not computed with scheme {}", scheme.id));
    }
    out.items.push_back(CompareItem(scheme.items[i], from.items[i], to.items[i]));
  }
  return out;
}

}  // namespace kinet
