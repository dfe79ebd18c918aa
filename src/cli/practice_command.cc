// `kinet practice list|show|add|submit|review|publish|withdraw|search|
// evidence|analysis|adopt|import|taxonomy`: best practices, their review
// workflow, full-text search, and the evidence of their results computed
// from the cities' series (docs/practices.md, docs/cli.md "kinet practice").
// The console operator acts as the secretariat (permissions.h).
#include <cstdlib>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "core/file.h"
#include "service/practice_json.h"
#include "service/practice_service.h"

namespace kinet {
namespace {

Principal Cli() { return Principal::Operator(OperatorName()); }

std::string Join(const std::vector<std::string>& items, std::string_view sep = ",") {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

std::string Num(const std::optional<double>& v) { return v ? fmt::format("{:.4g}", *v) : "-"; }

void PrintJson(const nlohmann::json& j) { fmt::print("{}\n", j.dump(2)); }

struct FilterOptions {
  std::string city;
  std::string status;
  std::string country;
  std::string theme;
  std::string measure_type;
  std::string size_class;
  std::string evidence;
  std::string indicator;
  std::optional<int> year_from;
  std::optional<int> year_to;
  std::string format = "table";
};

Result<PracticeQuery> QueryOf(const FilterOptions& o) {
  PracticeQuery q;
  auto set = [](std::optional<std::string>& slot, const std::string& v) {
    if (!v.empty()) slot = v;
  };
  set(q.city_code, o.city);
  set(q.country_code, o.country);
  set(q.theme, o.theme);
  set(q.measure_type, o.measure_type);
  set(q.size_class, o.size_class);
  set(q.indicator_code, o.indicator);
  q.year_from = o.year_from;
  q.year_to = o.year_to;
  if (!o.status.empty()) {
    q.status = ParsePracticeStatus(o.status);
    if (!q.status) {
      return InvalidArgument("--status must be draft, submitted, reviewed or published", "status");
    }
  }
  if (!o.evidence.empty()) {
    q.evidence_level = ParseEvidenceLevel(o.evidence);
    if (!q.evidence_level) {
      return InvalidArgument(
          "--evidence must be measured-improvement, not-distinguishable, worse-than-peers or "
          "no-data",
          "evidence");
    }
  }
  return q;
}

void AddFilterOptions(CLI::App* sub, FilterOptions& o) {
  sub->add_option("--city", o.city, "Only practices of this city (code)");
  sub->add_option("--status", o.status, "draft, submitted, reviewed or published");
  sub->add_option("--country", o.country, "ISO country code");
  sub->add_option("--theme", o.theme, "Theme code (kinet practice taxonomy)");
  sub->add_option("--measure-type", o.measure_type, "Measure-type code");
  sub->add_option("--size-class", o.size_class, "City-size class code");
  sub->add_option("--evidence", o.evidence,
                  "measured-improvement, not-distinguishable, worse-than-peers or no-data");
  sub->add_option("--indicator", o.indicator, "Practices with a result on this indicator");
  sub->add_option("--year-from", o.year_from, "Practices active in or after this year");
  sub->add_option("--year-to", o.year_to, "Practices started in or before this year");
  sub->add_option("--format", o.format, "table or json")->check(CLI::IsMember({"table", "json"}));
}

std::string Title(const PracticeSummary& s, bool local) {
  return local && !s.practice.title_local.empty() ? s.practice.title_local : s.practice.title_en;
}

void PrintTable(const std::vector<PracticeSummary>& items, bool with_score, bool local) {
  std::vector<std::string> header = {"code",     "city",   "years",    "title", "themes",
                                     "measures", "status", "evidence", "data"};
  if (with_score) header.insert(header.begin(), {"#", "score"});
  TextTable table(header);
  int rank = 0;
  for (const PracticeSummary& s : items) {
    const Practice& p = s.practice;
    std::vector<std::string> row = {
        p.code,
        p.city_code,
        fmt::format("{}-{}", p.start_year, p.end_year ? std::to_string(*p.end_year) : ""),
        Title(s, local),
        Join(p.themes),
        Join(p.measure_types),
        std::string(PracticeStatusCode(p.status)),
        std::string(EvidenceLevelCode(s.evidence_level)),
        std::string(DataStatusCode(p.data_status))};
    if (with_score)
      row.insert(row.begin(), {std::to_string(++rank), fmt::format("{:.3g}", s.score)});
    table.AddRow(std::move(row));
  }
  fmt::print("{}", table.Render());
}

// ---- list / show ---------------------------------------------------------------

Status RunList(const GlobalOptions& global, const FilterOptions& opts) {
  KINET_ASSIGN_OR_RETURN(PracticeQuery q, QueryOf(opts));
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  KINET_ASSIGN_OR_RETURN(std::vector<PracticeSummary> items, PracticeService(*db).List(Cli(), q));
  if (opts.format == "json") {
    nlohmann::json arr = nlohmann::json::array();
    for (const PracticeSummary& s : items) arr.push_back(ToJson(s));
    PrintJson(arr);
    return OkStatus();
  }
  PrintTable(items, false, false);
  fmt::print("{} practices\n", items.size());
  return OkStatus();
}

struct CodeOptions {
  std::string code;
  std::string format = "table";
};

Status RunShow(const GlobalOptions& global, const CodeOptions& opts) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  PracticeService service(*db);
  KINET_ASSIGN_OR_RETURN(PracticeSummary s, service.Describe(Cli(), opts.code));
  KINET_ASSIGN_OR_RETURN(std::vector<PracticeReview> reviews, service.Reviews(Cli(), opts.code));
  KINET_ASSIGN_OR_RETURN(std::vector<PracticeAdoption> adoptions,
                         service.Adoptions(Cli(), opts.code));
  if (opts.format == "json") {
    nlohmann::json j = ToJson(s);
    j["reviews"] = nlohmann::json::array();
    for (const PracticeReview& r : reviews) j["reviews"].push_back(ToJson(r));
    j["adoptions"] = nlohmann::json::array();
    for (const PracticeAdoption& a : adoptions) j["adoptions"].push_back(ToJson(a));
    PrintJson(j);
    return OkStatus();
  }
  const Practice& p = s.practice;
  fmt::print("{}  [{}; {}; {}]\n", p.title_en, PracticeStatusCode(p.status),
             DataStatusCode(p.data_status), EvidenceLevelName(s.evidence_level));
  if (!p.title_local.empty()) fmt::print("{}\n", p.title_local);
  fmt::print("code {}  city {} ({}, {}{})  years {}-{}\n", p.code, p.city_code, s.city_name_en,
             s.country_code, s.size_class ? ", " + *s.size_class : "", p.start_year,
             p.end_year ? std::to_string(*p.end_year) : "");
  fmt::print("themes {}  measures {}\n\n", Join(p.themes, ", "), Join(p.measure_types, ", "));
  auto section = [](std::string_view name, const std::string& text) {
    if (!text.empty()) fmt::print("{}:\n  {}\n", name, text);
  };
  section("Summary", p.summary_en);
  section("Summary (local)", p.summary_local);
  section("Situation before", p.situation_before);
  section("Objectives", p.objectives);
  section("Measures", p.measures);
  section("Cost", p.cost + (p.cost_usd ? fmt::format(" (about USD {:.3g})", *p.cost_usd) : ""));
  section("Funding", Join(p.funding_sources, "; "));
  section("Partners", Join(p.partners, "; "));
  for (const PracticeResult& r : p.results) {
    fmt::print("Result: {} {}-{} -> {}-{}  {}\n", r.indicator_code, r.before.from, r.before.to,
               r.after.from, r.after.to, r.description);
  }
  section("Lessons", p.lessons);
  section("Conditions for transfer", p.transfer_conditions);
  for (const PracticeContact& c : p.contacts) {
    fmt::print("Contact: {}{}{}\n", c.name, c.organisation.empty() ? "" : ", " + c.organisation,
               c.email.empty() ? "" : " <" + c.email + ">");
  }
  for (const PracticeLink& l : p.links) fmt::print("Link: {} {}\n", l.title, l.url);
  for (const PracticeReview& r : reviews) {
    fmt::print("Review {} by {} ({}): {} {}\n", r.at, r.reviewer, RoleCode(r.reviewer_role),
               ReviewVerdictCode(r.verdict), r.comment);
  }
  for (const PracticeAdoption& a : adoptions) {
    fmt::print("Adopted by {} in {} [{}] {}\n", a.city_code, a.year, DataStatusCode(a.data_status),
               a.note);
  }
  return OkStatus();
}

// ---- add -------------------------------------------------------------------------

struct AddOptions {
  Practice practice;
  std::vector<std::string> results;  // INDICATOR:FROM-TO:FROM-TO
  bool real = false;
};

Result<YearSpan> ParseSpan(std::string_view text, const std::string& whole) {
  const std::size_t dash = text.find('-');
  const Status bad =
      InvalidArgument(fmt::format("--result '{}' must be INDICATOR:FROM-TO:FROM-TO, e.g. "
                                  "air.so2.annual-mean:2008-2012:2014-2017",
                                  whole),
                      "result");
  if (dash == std::string_view::npos) return bad;
  const std::string a(text.substr(0, dash));
  const std::string b(text.substr(dash + 1));
  char* end = nullptr;
  const long from = std::strtol(a.c_str(), &end, 10);
  if (a.empty() || *end != '\0') return bad;
  const long to = std::strtol(b.c_str(), &end, 10);
  if (b.empty() || *end != '\0') return bad;
  return YearSpan{static_cast<int>(from), static_cast<int>(to)};
}

Status RunAdd(const GlobalOptions& global, const AddOptions& opts) {
  Practice p = opts.practice;
  p.data_status = opts.real ? DataStatus::kReal : DataStatus::kIllustrative;
  for (const std::string& r : opts.results) {
    const std::size_t c1 = r.find(':');
    const std::size_t c2 = c1 == std::string::npos ? c1 : r.find(':', c1 + 1);
    if (c2 == std::string::npos) {
      return InvalidArgument(fmt::format("--result '{}' must be INDICATOR:FROM-TO:FROM-TO", r),
                             "result");
    }
    PracticeResult res;
    res.indicator_code = r.substr(0, c1);
    KINET_ASSIGN_OR_RETURN(res.before,
                           ParseSpan(std::string_view(r).substr(c1 + 1, c2 - c1 - 1), r));
    KINET_ASSIGN_OR_RETURN(res.after, ParseSpan(std::string_view(r).substr(c2 + 1), r));
    p.results.push_back(std::move(res));
  }
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  KINET_ASSIGN_OR_RETURN(Practice stored, PracticeService(*db).Create(Cli(), p));
  fmt::print("Added practice {} ({}) as a draft.\n", stored.code, stored.city_code);
  return OkStatus();
}

// ---- workflow ----------------------------------------------------------------------

struct StepOptions {
  std::string code;
  std::string verdict;
  std::string comment;
};

Status PrintStep(const Result<Practice>& r) {
  KINET_RETURN_IF_ERROR(r.status());
  fmt::print("Practice {} is now {}.\n", r->code, PracticeStatusCode(r->status));
  return OkStatus();
}

// ---- search ---------------------------------------------------------------------------

struct SearchOptions {
  std::string query;
  std::string lang;
  FilterOptions filters;
};

Status RunSearch(const GlobalOptions& global, const SearchOptions& opts) {
  PracticeSearch search;
  search.text = opts.query;
  search.language = opts.lang == "en"   ? SearchLanguage::kEn
                    : opts.lang == "zh" ? SearchLanguage::kLocal
                                        : SearchLanguage::kAny;
  KINET_ASSIGN_OR_RETURN(search.filters, QueryOf(opts.filters));
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  KINET_ASSIGN_OR_RETURN(PracticeSearchResult r, PracticeService(*db).Search(Cli(), search));
  if (opts.filters.format == "json") {
    nlohmann::json items = nlohmann::json::array();
    for (const PracticeSummary& s : r.hits) items.push_back(ToJson(s));
    PrintJson({{"query", opts.query},
               {"lang", opts.lang.empty() ? "any" : opts.lang},
               {"total", r.hits.size()},
               {"items", items},
               {"facets", ToJson(r.facets)}});
    return OkStatus();
  }
  PrintTable(r.hits, true, opts.lang == "zh");
  fmt::print("{} practices match '{}'\n", r.hits.size(), opts.query);
  return OkStatus();
}

// ---- evidence / analysis -----------------------------------------------------------------

Status RunEvidence(const GlobalOptions& global, const CodeOptions& opts) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  KINET_ASSIGN_OR_RETURN(PracticeEvidence ev, PracticeService(*db).Evidence(Cli(), opts.code));
  if (opts.format == "json") {
    PrintJson(ToJson(ev));
    return OkStatus();
  }
  fmt::print("Practice {} ({}): {}\n", ev.practice_code, ev.city_code, EvidenceLevelName(ev.level));
  for (const ResultEvidence& r : ev.results) {
    const Evidence& e = r.evidence;
    fmt::print("\n{} ({}, {} is better), {}-{} vs {}-{}, comparison: {}\n", r.result.indicator_code,
               r.unit, r.direction == Direction::kLowerIsBetter ? "lower" : "higher",
               r.result.before.from, r.result.before.to, r.result.after.from, r.result.after.to,
               r.comparison_basis);
    std::string series;
    for (const YearValue& v : r.series) series += fmt::format(" {}={:.4g}", v.year, v.value);
    fmt::print("  series:{}\n", series.empty() ? " (none)" : series);
    fmt::print("  before mean {} (n={}), after mean {} (n={}), change {} ({}%)\n",
               Num(e.city_before.mean), e.city_before.n, Num(e.city_after.mean), e.city_after.n,
               Num(e.city_change), Num(e.city_change_percent));
    auto slope = [](const PeriodSummary& p) {
      return p.trend ? fmt::format("{:.3g}/year (p={})", p.trend->slope,
                                   p.trend_p_value ? fmt::format("{:.2g}", *p.trend_p_value) : "-")
                     : std::string("-");
    };
    fmt::print("  Theil-Sen trend before the start {}, from the start {}\n",
               slope(e.trend_before_start), slope(e.trend_after_start));
    fmt::print(
        "  peers {} of {} with data, mean change {}; DiD {} (SE {}, {}% interval {} to {}); "
        "placebo p {}\n",
        e.comparisons.size(), e.comparison_candidates, Num(e.peer_mean_change), Num(e.did),
        Num(e.did_standard_error), Num(100 * e.confidence), Num(e.did_lower), Num(e.did_upper),
        Num(e.placebo_p));
    fmt::print("  => {}: {}\n", EvidenceLevelName(e.level), e.reason);
  }
  return OkStatus();
}

struct FormatOptions {
  std::string format = "table";
};

Status RunAnalysis(const GlobalOptions& global, const FormatOptions& opts) {
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  KINET_ASSIGN_OR_RETURN(PracticeAnalysis a, PracticeService(*db).Analysis(Cli()));
  if (opts.format == "json") {
    PrintJson(ToJson(a));
    return OkStatus();
  }
  TextTable table({"dimension", "value", "by", "group", "practices", "improved", "not-dist.",
                   "worse", "no data", "median improvement %"});
  for (const AnalysisRow& r : a.rows) {
    table.AddRow({r.dimension, r.value, r.by, r.by_value, std::to_string(r.practices),
                  std::to_string(r.measured_improvement), std::to_string(r.not_distinguishable),
                  std::to_string(r.worse_than_peers), std::to_string(r.no_data),
                  Num(r.median_improvement_percent)});
  }
  fmt::print("{}", table.Render());
  fmt::print("\nUptake (adopted after seeing the practice):\n");
  for (const UptakeRow& u : a.uptake) {
    for (const PracticeAdoption& ad : u.adoptions) {
      fmt::print("  {} ({}) -> {} in {} [{}]\n", u.practice_code, u.practice_city, ad.city_code,
                 ad.year, DataStatusCode(ad.data_status));
    }
  }
  return OkStatus();
}

// ---- adopt / import / taxonomy --------------------------------------------------------------

struct AdoptOptions {
  PracticeAdoption adoption;
  bool real = false;
};

Status RunAdopt(const GlobalOptions& global, const AdoptOptions& opts) {
  PracticeAdoption a = opts.adoption;
  a.data_status = opts.real ? DataStatus::kReal : DataStatus::kIllustrative;
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  KINET_ASSIGN_OR_RETURN(PracticeAdoption stored, PracticeService(*db).RecordAdoption(Cli(), a));
  fmt::print("Recorded: {} adopted {} in {}.\n", stored.city_code, stored.practice_code,
             stored.year);
  return OkStatus();
}

struct ImportOptions {
  std::string file;
  std::string format = "table";
};

Status RunImport(const GlobalOptions& global, const ImportOptions& opts) {
  KINET_ASSIGN_OR_RETURN(std::string text, ReadFile(opts.file));
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  KINET_ASSIGN_OR_RETURN(PracticeImportSummary s,
                         PracticeService(*db).Import(Cli(), text, opts.file));
  if (opts.format == "json") {
    PrintJson(ToJson(s));
    return OkStatus();
  }
  fmt::print("Imported {}: {} new, {} replaced practices, {} adoptions.\n", opts.file, s.inserted,
             s.updated, s.adoptions);
  return OkStatus();
}

Status RunTaxonomy(const FormatOptions& opts) {
  const PracticeTaxonomy& t = BuiltinPracticeTaxonomy();
  if (opts.format == "json") {
    PrintJson(ToJson(t));
    return OkStatus();
  }
  TextTable table({"kind", "code", "name", "名称"});
  for (const TaxonomyEntry& e : t.themes) table.AddRow({"theme", e.code, e.name_en, e.name_zh});
  for (const TaxonomyEntry& e : t.measure_types) {
    table.AddRow({"measure type", e.code, e.name_en, e.name_zh});
  }
  fmt::print("{}{} {}\n", table.Render(), t.id, t.version);
  return OkStatus();
}

}  // namespace

void RegisterPracticeCommand(CommandContext& ctx) {
  CLI::App* practice = ctx.app.add_subcommand(
      "practice", "Best practices: record, review, publish, search, evidence (docs/practices.md)");
  practice->require_subcommand(1);
  GlobalOptions& global = ctx.global;

  auto list = std::make_shared<FilterOptions>();
  CLI::App* ls = practice->add_subcommand("list", "List practices (with filters)");
  AddFilterOptions(ls, *list);
  ctx.runner.Bind(ls, [&global, list] { return RunList(global, *list); });

  auto show = std::make_shared<CodeOptions>();
  CLI::App* sh = practice->add_subcommand("show", "Show one practice with reviews and adoptions");
  sh->add_option("code", show->code, "Practice code")->required();
  sh->add_option("--format", show->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  ctx.runner.Bind(sh, [&global, show] { return RunShow(global, *show); });

  auto add = std::make_shared<AddOptions>();
  CLI::App* ad = practice->add_subcommand("add", "Add a practice as a draft");
  ad->add_option("--code", add->practice.code, "Stable code (a-z, 0-9, -)")->required();
  ad->add_option("--city", add->practice.city_code, "Implementing city")->required();
  ad->add_option("--title-en", add->practice.title_en, "English title")->required();
  ad->add_option("--title-local", add->practice.title_local, "Title in the local language");
  ad->add_option("--language", add->practice.local_language, "Local language (zh, ja, th ...)");
  ad->add_option("--summary-en", add->practice.summary_en, "English summary");
  ad->add_option("--summary-local", add->practice.summary_local, "Summary in the local language");
  ad->add_option("--start-year", add->practice.start_year, "Year the measures started")->required();
  ad->add_option("--end-year", add->practice.end_year, "Year they ended (omit when ongoing)");
  ad->add_option("--theme", add->practice.themes, "Theme code (repeatable)")->required();
  ad->add_option("--measure-type", add->practice.measure_types, "Measure-type code (repeatable)")
      ->required();
  ad->add_option("--measures", add->practice.measures, "Measures taken");
  ad->add_option("--lessons", add->practice.lessons, "Lessons learnt");
  ad->add_option(
      "--result", add->results,
      "Quantified result INDICATOR:FROM-TO:FROM-TO (before and after years; repeatable)");
  ad->add_flag("--real", add->real, "The record states real facts (default: illustrative)");
  ctx.runner.Bind(ad, [&global, add] { return RunAdd(global, *add); });

  auto step = [&](const char* name, const char* help) {
    auto o = std::make_shared<StepOptions>();
    CLI::App* sub = practice->add_subcommand(name, help);
    sub->add_option("code", o->code, "Practice code")->required();
    return std::make_pair(sub, o);
  };
  {
    auto [sub, o] = step("submit", "Submit a draft for review (draft -> submitted)");
    ctx.runner.Bind(sub, [&global, o = o] {
      KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
      return PrintStep(PracticeService(*db).Submit(Cli(), o->code));
    });
  }
  {
    auto [sub, o] = step("review", "Review a submitted practice: accept, revise or comment");
    sub->add_option("--verdict", o->verdict, "accept, revise or comment")
        ->required()
        ->check(CLI::IsMember({"accept", "revise", "comment"}));
    sub->add_option("--comment", o->comment, "The reviewer's comment (required for revise)");
    ctx.runner.Bind(sub, [&global, o = o] {
      KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
      return PrintStep(
          PracticeService(*db).Review(Cli(), o->code, *ParseReviewVerdict(o->verdict), o->comment));
    });
  }
  {
    auto [sub, o] = step("publish", "Publish a reviewed practice (reviewed -> published)");
    ctx.runner.Bind(sub, [&global, o = o] {
      KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
      return PrintStep(PracticeService(*db).Publish(Cli(), o->code));
    });
  }
  {
    auto [sub, o] = step("withdraw", "Return a reviewed or published practice to draft");
    sub->add_option("--reason", o->comment, "Why (kept as a comment)");
    ctx.runner.Bind(sub, [&global, o = o] {
      KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
      return PrintStep(PracticeService(*db).Withdraw(Cli(), o->code, o->comment));
    });
  }

  auto search = std::make_shared<SearchOptions>();
  CLI::App* se =
      practice->add_subcommand("search", "Full-text search, best first (Chinese needs no spaces)");
  se->add_option("query", search->query, "Words to find")->required();
  se->add_option("--lang", search->lang, "en or zh (default: both)")
      ->check(CLI::IsMember({"en", "zh"}));
  AddFilterOptions(se, search->filters);
  ctx.runner.Bind(se, [&global, search] { return RunSearch(global, *search); });

  auto evidence = std::make_shared<CodeOptions>();
  CLI::App* ev = practice->add_subcommand(
      "evidence", "Evidence of a practice's results from the measured series");
  ev->add_option("code", evidence->code, "Practice code")->required();
  ev->add_option("--format", evidence->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  ctx.runner.Bind(ev, [&global, evidence] { return RunEvidence(global, *evidence); });

  auto analysis = std::make_shared<FormatOptions>();
  CLI::App* an = practice->add_subcommand(
      "analysis", "Which themes and measure types show measured improvement; uptake");
  an->add_option("--format", analysis->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  ctx.runner.Bind(an, [&global, analysis] { return RunAnalysis(global, *analysis); });

  auto adopt = std::make_shared<AdoptOptions>();
  CLI::App* at = practice->add_subcommand("adopt", "Record that a city adopted a practice");
  at->add_option("code", adopt->adoption.practice_code, "Practice code")->required();
  at->add_option("--city", adopt->adoption.city_code, "The adopting city")->required();
  at->add_option("--year", adopt->adoption.year, "Year of adoption")->required();
  at->add_option("--note", adopt->adoption.note, "What was adopted, how");
  at->add_flag("--real", adopt->real, "A real adoption (default: illustrative)");
  ctx.runner.Bind(at, [&global, adopt] { return RunAdopt(global, *adopt); });

  auto import = std::make_shared<ImportOptions>();
  CLI::App* im = practice->add_subcommand(
      "import", "Import practices from a TOML file, all or nothing (docs/practices.md)");
  im->add_option("file", import->file, "Practice file (.toml)")->required();
  im->add_option("--format", import->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  ctx.runner.Bind(im, [&global, import] { return RunImport(global, *import); });

  auto taxonomy = std::make_shared<FormatOptions>();
  CLI::App* tx = practice->add_subcommand("taxonomy", "Themes and measure types");
  tx->add_option("--format", taxonomy->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  ctx.runner.Bind(tx, [taxonomy] { return RunTaxonomy(*taxonomy); });
}

}  // namespace kinet
