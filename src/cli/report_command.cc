// `kinet report city|network|narrative`: the annual city report and the
// network report as printable HTML or PDF, and the narrative the city
// officer writes (docs/cli.md, docs/reports.md). The report contracts:
//   kinet report city NAME --year Y --lang en|zh --format html|pdf --out FILE
//   kinet report network --year Y --lang en|zh --format html|pdf --out FILE
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "core/file.h"
#include "report/html_report.h"
#include "report/pdf_printer.h"
#include "report/report_service.h"

namespace kinet {
namespace {

struct RenderOptions {
  std::string city;
  int year = 0;
  std::string lang = "en";
  std::string format = "html";
  std::string out;
  std::string chromium;  // "" = $KINET_CHROMIUM or PATH
};

Status WriteReport(const std::string& html, const RenderOptions& opts) {
  if (opts.format == "pdf") {
    PdfOptions pdf;
    pdf.chromium = opts.chromium;
    KINET_RETURN_IF_ERROR(PrintHtmlToPdf(html, opts.out, pdf));
  } else {
    KINET_RETURN_IF_ERROR(WriteFileAtomic(opts.out, html));
  }
  fmt::print("Wrote {}.\n", opts.out);
  return OkStatus();
}

Result<ReportLang> Lang(const std::string& code) {
  std::optional<ReportLang> lang = ParseReportLang(code);
  if (!lang) return InvalidArgument("--lang must be en or zh", "--lang");
  return *lang;
}

Status RunCity(const GlobalOptions& global, const RenderOptions& opts) {
  KINET_ASSIGN_OR_RETURN(ReportLang lang, Lang(opts.lang));
  if (opts.format == "pdf") KINET_RETURN_IF_ERROR(FindChromium({opts.chromium, 60}).status());
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  ReportService reports(*db);
  KINET_ASSIGN_OR_RETURN(
      CityReport report,
      reports.CityReportFor(Principal::Operator(OperatorName()), opts.city, opts.year, lang));
  return WriteReport(RenderCityReportHtml(report), opts);
}

Status RunNetwork(const GlobalOptions& global, const RenderOptions& opts) {
  KINET_ASSIGN_OR_RETURN(ReportLang lang, Lang(opts.lang));
  if (opts.format == "pdf") KINET_RETURN_IF_ERROR(FindChromium({opts.chromium, 60}).status());
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  ReportService reports(*db);
  KINET_ASSIGN_OR_RETURN(
      NetworkReport report,
      reports.NetworkReportFor(Principal::Operator(OperatorName()), opts.year, lang));
  return WriteReport(RenderNetworkReportHtml(report), opts);
}

struct NarrativeOptions {
  std::string city;
  int year = 0;
  std::string lang = "en";
  std::string format = "table";
  // set: each text from an option or a file (FILE, or - for stdin is not
  // offered: narratives are written in an editor and saved).
  std::optional<std::string> summary, achievements, challenges, needs;
  std::optional<std::string> summary_file, achievements_file, challenges_file, needs_file;
  std::optional<std::string> status;
};

nlohmann::json NarrativeJson(const CityNarrative& n) {
  return {{"city", n.city_code},
          {"year", n.year},
          {"lang", n.lang},
          {"summary", n.summary},
          {"achievements", n.achievements},
          {"challenges", n.challenges},
          {"needs", n.needs},
          {"status", n.status},
          {"updated_by", n.updated_by},
          {"updated_at", n.updated_at}};
}

void PrintNarrative(const CityNarrative& n, const std::string& format) {
  if (format == "json") {
    fmt::print("{}\n", NarrativeJson(n).dump(2));
    return;
  }
  fmt::print("{} {} ({}), {}; updated by {} at {}\n", n.city_code, n.year, n.lang, n.status,
             n.updated_by, n.updated_at);
  for (const auto& [title, text] :
       {std::pair<const char*, const std::string*>{"Summary", &n.summary},
        {"Achievements", &n.achievements},
        {"Challenges", &n.challenges},
        {"Needs", &n.needs}}) {
    fmt::print("\n{}\n{}\n", title, text->empty() ? "(empty)" : *text);
  }
}

Status RunNarrativeShow(const GlobalOptions& global, const NarrativeOptions& opts) {
  KINET_ASSIGN_OR_RETURN(ReportLang lang, Lang(opts.lang));
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  ReportService reports(*db);
  KINET_ASSIGN_OR_RETURN(CityNarrative n, reports.Narrative(Principal::Operator(OperatorName()),
                                                            opts.city, opts.year, lang));
  PrintNarrative(n, opts.format);
  return OkStatus();
}

// The text of one field: the option, or the file's content; unchanged
// (nullopt) when neither is given.
Result<std::optional<std::string>> FieldText(const std::optional<std::string>& text,
                                             const std::optional<std::string>& file,
                                             std::string_view option) {
  if (text && file) {
    return InvalidArgument(fmt::format("give --{} or --{}-file, not both", option, option),
                           "--" + std::string(option));
  }
  if (text) return text;
  if (file) {
    KINET_ASSIGN_OR_RETURN(std::string content, ReadFile(*file));
    return std::optional<std::string>(std::move(content));
  }
  return std::optional<std::string>();
}

Status RunNarrativeSet(const GlobalOptions& global, const NarrativeOptions& opts) {
  KINET_ASSIGN_OR_RETURN(ReportLang lang, Lang(opts.lang));
  KINET_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, OpenForCommand(global.db_url));
  ReportService reports(*db);
  const Principal op = Principal::Operator(OperatorName());
  // Start from the stored narrative, so `set --needs ...` keeps the rest.
  CityNarrative n;
  Result<CityNarrative> old = reports.Narrative(op, opts.city, opts.year, lang);
  if (old.ok()) {
    n = *old;
  } else if (old.status().code() != StatusCode::kNotFound) {
    return old.status();
  }
  n.city_code = opts.city;
  n.year = opts.year;
  n.lang = std::string(ReportLangCode(lang));
  for (const auto& [field, text, file, option] :
       {std::tuple{&n.summary, &opts.summary, &opts.summary_file, "summary"},
        std::tuple{&n.achievements, &opts.achievements, &opts.achievements_file, "achievements"},
        std::tuple{&n.challenges, &opts.challenges, &opts.challenges_file, "challenges"},
        std::tuple{&n.needs, &opts.needs, &opts.needs_file, "needs"}}) {
    KINET_ASSIGN_OR_RETURN(std::optional<std::string> value, FieldText(*text, *file, option));
    if (value) *field = *value;
  }
  if (opts.status) n.status = *opts.status;
  KINET_ASSIGN_OR_RETURN(CityNarrative stored, reports.SaveNarrative(op, n));
  PrintNarrative(stored, opts.format);
  return OkStatus();
}

void AddRenderOptions(CLI::App* sub, RenderOptions& o) {
  sub->add_option("--year", o.year, "Report year")->required();
  sub->add_option("--lang", o.lang, "Language: en or zh (default en)")
      ->check(CLI::IsMember({"en", "zh"}));
  sub->add_option("--format", o.format, "html (default) or pdf")
      ->check(CLI::IsMember({"html", "pdf"}));
  sub->add_option("--out", o.out, "Output file")->required()->type_name("FILE");
  sub->add_option("--chromium", o.chromium,
                  "Chromium binary for --format pdf (default $KINET_CHROMIUM, else chromium on "
                  "PATH)")
      ->type_name("PATH");
}

}  // namespace

void RegisterReportCommand(CommandContext& ctx) {
  CLI::App* report = ctx.app.add_subcommand(
      "report", "The annual city report and the network report, as HTML or PDF (docs/reports.md)");
  report->require_subcommand(1);
  GlobalOptions& global = ctx.global;

  auto city = std::make_shared<RenderOptions>();
  CLI::App* c = report->add_subcommand("city", "Write the annual report of one city");
  c->add_option("city", city->city, "City code or name")->required()->type_name("NAME");
  AddRenderOptions(c, *city);
  ctx.runner.Bind(c, [&global, city] { return RunCity(global, *city); });

  auto network = std::make_shared<RenderOptions>();
  CLI::App* n = report->add_subcommand("network", "Write the report of all member cities");
  AddRenderOptions(n, *network);
  ctx.runner.Bind(n, [&global, network] { return RunNetwork(global, *network); });

  CLI::App* narrative = report->add_subcommand(
      "narrative", "The narrative the city writes: summary, achievements, challenges, needs");
  narrative->require_subcommand(1);
  auto show = std::make_shared<NarrativeOptions>();
  CLI::App* sh = narrative->add_subcommand("show", "Print a city's narrative");
  sh->add_option("city", show->city, "City code or name")->required()->type_name("NAME");
  sh->add_option("--year", show->year, "Report year")->required();
  sh->add_option("--lang", show->lang, "en or zh")->check(CLI::IsMember({"en", "zh"}));
  sh->add_option("--format", show->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  ctx.runner.Bind(sh, [&global, show] { return RunNarrativeShow(global, *show); });

  auto set = std::make_shared<NarrativeOptions>();
  CLI::App* st = narrative->add_subcommand(
      "set", "Write (part of) a city's narrative; fields not given are kept");
  st->add_option("city", set->city, "City code or name")->required()->type_name("NAME");
  st->add_option("--year", set->year, "Report year")->required();
  st->add_option("--lang", set->lang, "en or zh")->check(CLI::IsMember({"en", "zh"}));
  for (const auto& [name, text, file] :
       {std::tuple{"summary", &set->summary, &set->summary_file},
        std::tuple{"achievements", &set->achievements, &set->achievements_file},
        std::tuple{"challenges", &set->challenges, &set->challenges_file},
        std::tuple{"needs", &set->needs, &set->needs_file}}) {
    st->add_option(fmt::format("--{}", name), *text, fmt::format("The {} text", name));
    st->add_option(fmt::format("--{}-file", name), *file,
                   fmt::format("Read the {} text from a UTF-8 file", name))
        ->type_name("FILE");
  }
  st->add_option("--status", set->status, "draft or published")
      ->check(CLI::IsMember({"draft", "published"}));
  st->add_option("--format", set->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  ctx.runner.Bind(st, [&global, set] { return RunNarrativeSet(global, *set); });
}

}  // namespace kinet
