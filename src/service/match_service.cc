#include "service/match_service.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "core/indicator_unit.h"
#include "engine/evidence.h"
#include "service/annual_series.h"
#include "service/practice_service.h"

namespace kinet {
namespace {

std::string Num(double v) { return fmt::format("{:.4g}", v); }

std::string CityName(const CityProfile& c) {
  return c.city.name_en.empty() ? c.city.code : c.city.name_en;
}

// The latest value of each series, by (city, indicator).
std::optional<double> Latest(const AnnualSeriesMap& series, const std::string& city,
                             const std::string& indicator) {
  auto it = series.find({city, indicator});
  if (it == series.end() || it->second.empty()) return std::nullopt;
  return it->second.back().value;
}

std::string MentorExplanation(const MentorMatch& m, const CityProfile& mentor,
                              const CityProfile& subject, const Problem& p, double level) {
  return fmt::format(
      "{} improved {} by {:.0f} % from {} to {} ({} to {} {}; Theil-Sen {:+.3g} {} a year, "
      "Mann-Kendall p = {:.2g}{}), starting at {}, {:.0f} % from {}'s {}",
      CityName(mentor), p.indicator_name_en, 100 * m.improvement, m.from_year, m.to_year,
      Num(m.start_value), Num(m.end_value), UnitSymbol(p.unit), m.slope, UnitSymbol(p.unit),
      m.p_value, m.significant ? "" : ", not significant", Num(m.start_value), 100 * m.start_gap,
      CityName(subject), Num(level));
}

std::string PeerExplanation(const PeerSimilarity& s, const CityProfile& peer) {
  std::string out = fmt::format("{} is {:.0f} % similar", CityName(peer), 100 * s.score);
  // The features in order of their contribution.
  std::vector<const FeatureSimilarity*> f;
  for (const FeatureSimilarity& x : s.features) f.push_back(&x);
  std::sort(f.begin(), f.end(), [](const FeatureSimilarity* a, const FeatureSimilarity* b) {
    return a->weight * a->similarity > b->weight * b->similarity;
  });
  for (std::size_t i = 0; i < f.size(); ++i) {
    out += fmt::format("{}{} {:.0f} % ({})", i == 0 ? ": " : "; ", f[i]->feature,
                       100 * f[i]->similarity, f[i]->detail);
  }
  if (!s.unknown.empty()) {
    out += "; not known for both: ";
    for (std::size_t i = 0; i < s.unknown.size(); ++i) out += (i ? ", " : "") + s.unknown[i];
  }
  return out;
}

// The catalogue themes a practice taxonomy theme covers.
bool PracticeCoversTheme(const Practice& practice, Theme theme) {
  const PracticeTaxonomy& taxonomy = BuiltinPracticeTaxonomy();
  for (const std::string& code : practice.themes) {
    if (code == ThemeCode(theme)) return true;
    const TaxonomyEntry* e = taxonomy.Find(TaxonomyKind::kTheme, code);
    if (e == nullptr) continue;
    for (const std::string& t : e->indicator_themes) {
      if (t == ThemeCode(theme)) return true;
    }
  }
  return false;
}

}  // namespace

Result<MatchReport> MatchService::Match(const Principal& who, std::string_view city,
                                        const MatchQuery& query) {
  if (query.limit && (*query.limit < 1 || *query.limit > 50)) {
    return InvalidArgument(fmt::format("limit {} is outside 1..50", *query.limit), "limit");
  }
  const std::size_t limit = static_cast<std::size_t>(query.limit.value_or(config_.max_results));
  std::optional<ProblemKey> wanted;
  if (query.problem_code) {
    KINET_ASSIGN_OR_RETURN(wanted, ParseProblemCode(*query.problem_code));
  }

  ProblemQuery pq;
  pq.year = query.year;
  pq.use_monitoring = query.use_monitoring;
  KINET_ASSIGN_OR_RETURN(ProblemProfile profile,
                         ProblemService(db_, config_).Profile(who, city, pq));
  MatchReport report;
  report.city = profile.city;
  report.year = query.year;
  report.published_only = profile.published_only;
  report.config = config_;
  const City& subject = report.city.city;
  if (wanted && wanted->city_code != subject.code) {
    return InvalidArgument(fmt::format("problem {} is not a problem of {} (its city is {})",
                                       *query.problem_code, subject.code, wanted->city_code),
                           "problem");
  }

  // Every city, and whose unpublished values the caller may see.
  KINET_ASSIGN_OR_RETURN(std::vector<CityProfile> cities, NetworkService(db_).ListCities());
  std::map<std::string, const CityProfile*, std::less<>> by_code;
  std::map<std::string, bool, std::less<>> unpublished_ok;
  for (const CityProfile& c : cities) {
    by_code[c.city.code] = &c;
    unpublished_ok[c.city.code] =
        Can(who, Action::kReadUnpublished, Resource::City(c.city.country_code, c.city.code));
  }
  auto visible = [&unpublished_ok](const IndicatorValue& v) {
    if (v.status == ValueStatus::kPublished) return true;
    auto it = unpublished_ok.find(v.city_code);
    return it != unpublished_ok.end() && it->second;
  };

  // ---- problems: practices and mentors ----
  std::vector<PracticeSummary> practices;
  if (!profile.problems.empty()) {
    PracticeQuery published;
    published.status = PracticeStatus::kPublished;
    KINET_ASSIGN_OR_RETURN(practices, PracticeService(db_).List(who, published));
  }
  std::map<std::string, AnnualSeriesMap> indicator_series;  // by indicator code
  bool found = !wanted.has_value();
  for (const Problem& problem : profile.problems) {
    if (wanted && problem.code != wanted->Code()) continue;
    found = true;
    ProblemMatches pm;
    pm.problem = problem;

    // (a) practices of other cities addressing the indicator or theme.
    std::vector<PracticeFacts> facts;
    std::map<std::string, const PracticeSummary*> practice_by_code;
    std::map<std::string, std::optional<double>> improvement_by_code;
    std::map<std::string, bool> same_indicator_by_code;
    std::map<std::string, std::string> effect_indicator_by_code;
    for (const PracticeSummary& s : practices) {
      if (s.practice.city_code == subject.code) continue;
      PracticeFacts f;
      f.id = s.practice.code;
      f.same_indicator = std::any_of(
          s.practice.results.begin(), s.practice.results.end(),
          [&](const PracticeResult& r) { return r.indicator_code == problem.indicator_code; });
      f.same_theme = PracticeCoversTheme(s.practice, problem.theme);
      if (!f.same_indicator && !f.same_theme) continue;
      f.evidence_level = std::string(EvidenceLevelCode(s.evidence_level));
      if (s.evidence_level == EvidenceLevel::kMeasuredImprovement) {
        // The effect: the relative improvement of the result on the
        // problem's indicator, else the best of the practice's results.
        Result<PracticeEvidence> ev = PracticeService(db_).Evidence(who, s.practice.code);
        if (ev.ok()) {
          std::optional<double> best;
          std::string best_indicator;
          for (const ResultEvidence& r : ev->results) {
            const auto& e = r.evidence;
            if (!e.improvement || !e.city_before.mean || *e.city_before.mean == 0.0) continue;
            const double rel = *e.improvement / std::abs(*e.city_before.mean);
            if (r.result.indicator_code == problem.indicator_code) {
              best = rel;
              best_indicator = r.result.indicator_code;
              break;
            }
            if (!best || rel > *best) {
              best = rel;
              best_indicator = r.result.indicator_code;
            }
          }
          f.relative_improvement = best;
          effect_indicator_by_code[f.id] = best_indicator;
        }
      }
      improvement_by_code[f.id] = f.relative_improvement;
      same_indicator_by_code[f.id] = f.same_indicator;
      practice_by_code[f.id] = &s;
      facts.push_back(std::move(f));
    }
    std::vector<PracticeScore> ranked = RankPractices(facts, config_.practices);
    for (const PracticeScore& r : ranked) {
      if (pm.practices.size() >= limit) break;
      const PracticeSummary& s = *practice_by_code[r.id];
      const bool same_indicator = same_indicator_by_code[r.id];
      PracticeMatch m;
      m.rank = static_cast<int>(pm.practices.size()) + 1;
      m.code = s.practice.code;
      m.title_en = s.practice.title_en;
      m.title_local = s.practice.title_local;
      m.city_code = s.practice.city_code;
      m.evidence_level = std::string(EvidenceLevelCode(s.evidence_level));
      m.relevance = same_indicator ? "same-indicator" : "same-theme";
      if (std::optional<double> imp = improvement_by_code[r.id]) m.improvement_percent = 100 * *imp;
      m.score = r.score;
      m.explanation = fmt::format(
          "{} ({}, from {}): {}; evidence: {}{}", s.practice.title_en,
          s.city_name_en.empty() ? s.practice.city_code : s.city_name_en, s.practice.start_year,
          same_indicator ? fmt::format("a quantified result on {}", problem.indicator_code)
                         : fmt::format("theme {}", ThemeCode(problem.theme)),
          EvidenceLevelName(s.evidence_level),
          m.improvement_percent
              ? fmt::format(" ({} {:.0f} % better than comparison cities)",
                            effect_indicator_by_code[r.id], *m.improvement_percent)
              : "");
      if (s.practice.data_status == DataStatus::kIllustrative) m.explanation += " [illustrative]";
      pm.practices.push_back(std::move(m));
    }
    if (pm.practices.empty()) {
      pm.notes.push_back(
          fmt::format("no published practice of another city addresses {} or the {} theme",
                      problem.indicator_code, ThemeCode(problem.theme)));
    }

    // (b) mentors: other cities that improved the indicator from a level
    // like the city's.
    if (problem.value) {
      auto it = indicator_series.find(problem.indicator_code);
      if (it == indicator_series.end()) {
        IndicatorValueQuery q;
        q.indicator_code = problem.indicator_code;
        KINET_ASSIGN_OR_RETURN(AnnualSeriesMap all, ReadAnnualSeries(db_, q, visible));
        it = indicator_series.emplace(problem.indicator_code, std::move(all)).first;
      }
      std::vector<MentorCandidate> candidates;
      for (const auto& [key, series] : it->second) {
        if (key.first == subject.code) continue;
        candidates.push_back({key.first, series});
      }
      KINET_ASSIGN_OR_RETURN(
          std::vector<MentorMatch> mentors,
          RankMentors(*problem.value, problem.direction, candidates, config_.mentors));
      for (MentorMatch& m : mentors) {
        if (pm.mentors.size() >= limit) break;
        auto c = by_code.find(m.code);
        if (c == by_code.end()) continue;
        MentorResult r;
        r.rank = static_cast<int>(pm.mentors.size()) + 1;
        r.city_name_en = c->second->city.name_en;
        r.city_name_local = c->second->city.name_local;
        r.indicator_code = problem.indicator_code;
        r.explanation = MentorExplanation(m, *c->second, report.city, problem, *problem.value);
        r.match = std::move(m);
        pm.mentors.push_back(std::move(r));
      }
      if (pm.mentors.empty()) {
        pm.notes.push_back(fmt::format(
            "no other city improved {} by at least {:.0f} % from within {:.0f} % of {} {} "
            "(matching.toml [mentors])",
            problem.indicator_code, 100 * config_.mentors.min_improvement,
            100 * config_.mentors.start_band, Num(*problem.value), UnitSymbol(problem.unit)));
      }
    } else {
      pm.notes.push_back("no value of the city to start a mentor search from");
    }
    report.problems.push_back(std::move(pm));
  }
  if (!found) {
    return NotFound(
        fmt::format("{} is not a current problem of {} (see `kinet problems --city {}`)",
                    wanted->Code(), subject.code, subject.code));
  }

  // ---- peers ----
  AnnualSeriesMap pollution;
  for (const std::string& indicator : config_.pollution_indicators) {
    IndicatorValueQuery q;
    q.indicator_code = indicator;
    KINET_ASSIGN_OR_RETURN(AnnualSeriesMap part, ReadAnnualSeries(db_, q, visible));
    pollution.merge(part);
  }
  auto features = [&](const CityProfile& c) {
    CityFeatures f;
    f.code = c.city.code;
    f.country_code = c.city.country_code;
    f.region = c.country.region;
    if (c.city.population) f.population = static_cast<double>(c.city.population->persons);
    if (c.size_class) f.size_class = std::string(c.size_class->code);
    f.latitude = c.city.lat;
    for (const std::string& indicator : config_.pollution_indicators) {
      if (std::optional<double> v = Latest(pollution, c.city.code, indicator)) {
        f.pollution[indicator] = *v;
      }
    }
    return f;
  };
  std::vector<CityFeatures> candidates;
  for (const CityProfile& c : cities) candidates.push_back(features(c));
  const CityFeatures self = features(report.city);
  std::vector<PeerSimilarity> peers = RankPeers(self, candidates, config_.peers);
  for (PeerSimilarity& s : peers) {
    if (report.peers.size() >= limit) break;
    const CityProfile& c = *by_code[s.code];
    PeerResult r;
    r.rank = static_cast<int>(report.peers.size()) + 1;
    r.city_name_en = c.city.name_en;
    r.city_name_local = c.city.name_local;
    r.explanation = PeerExplanation(s, c);
    r.similarity = std::move(s);
    report.peers.push_back(std::move(r));
  }
  report.not_used = {
      "income: the registry holds no income figure for cities or countries",
      "climate zone: the registry holds no climate zone; the distance from the equator "
      "(|latitude|) stands in for it",
      "population kinds differ (urban-resident, city-proper, metro): they are compared as given",
  };
  return report;
}

}  // namespace kinet
