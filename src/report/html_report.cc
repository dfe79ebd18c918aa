#include "report/html_report.h"

#include <cmath>

#include <fmt/format.h>

#include "core/indicator_unit.h"
#include "report/html_escape.h"
#include "report/svg_chart.h"

namespace kinet {
namespace {

constexpr std::string_view kCss = R"css(
@page { size: A4; margin: 16mm 15mm 18mm 15mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans", "Noto Sans CJK SC", "Noto Sans SC", sans-serif; font-size: 10.5pt;
       line-height: 1.45; color: #111; margin: 0 auto; max-width: 190mm; padding: 8mm; }
html[lang="zh-Hans"] body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Noto Sans", sans-serif; }
h1 { font-size: 22pt; margin: 0 0 2mm 0; line-height: 1.2; }
h2 { font-size: 15pt; border-bottom: 2px solid #1f4e79; padding-bottom: 1mm; margin: 8mm 0 3mm 0;
     color: #1f4e79; break-after: avoid-page; }
h3 { font-size: 12pt; margin: 5mm 0 2mm 0; break-after: avoid-page; }
.kicker { font-size: 11pt; color: #1f4e79; letter-spacing: 0.04em; text-transform: uppercase; }
.subtitle { font-size: 13pt; color: #333; margin-bottom: 4mm; }
.facts { display: grid; grid-template-columns: 38mm auto; gap: 1mm 4mm; margin: 4mm 0; }
.facts dt { color: #555; } .facts dd { margin: 0; }
.note { color: #444; font-size: 9.5pt; }
.notice { border-left: 3px solid #b8322a; padding: 1mm 3mm; background: #fbf1f0; margin: 3mm 0; }
.empty { color: #555; font-style: italic; }
.narrative { white-space: pre-wrap; border-left: 3px solid #1f4e79; padding: 1mm 4mm; margin: 2mm 0; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm 0; font-size: 9.5pt; }
th, td { border-bottom: 1px solid #bbb; padding: 1.2mm 1.6mm; text-align: left; vertical-align: top; }
th { background: #e8eef4; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
table.indicators, table.members { table-layout: fixed; }
table.members th { font-size: 8.5pt; white-space: normal; overflow-wrap: anywhere; }
table.indicators td.note { font-size: 8pt; overflow-wrap: anywhere; }
tr { break-inside: avoid; }
.verdict-exceeded { color: #b8322a; font-weight: 600; }
.verdict-attained { color: #1e6b30; }
.status-off-track { color: #b8322a; font-weight: 600; }
.status-achieved, .status-on-track { color: #1e6b30; font-weight: 600; }
figure { margin: 3mm 0 5mm 0; break-inside: avoid-page; }
figcaption { font-size: 9.5pt; color: #333; margin-top: 1mm; }
svg.chart { max-width: 100%; height: auto; }
.new-page { break-before: page; }
.keep { break-inside: avoid-page; }
footer { margin-top: 8mm; border-top: 1px solid #999; padding-top: 2mm; font-size: 8.5pt; color: #444; }
@media print { body { padding: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
)css";

std::string T(ReportLang lang, std::string_view key) { return HtmlEscape(Tr(lang, key)); }

std::string UnitText(std::string_view unit) { return std::string(UnitSymbol(unit)); }

std::string Head(ReportLang lang, const std::string& title) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n",
      lang == ReportLang::kZh ? "zh-Hans" : "en", HtmlEscape(title), kCss);
}

std::string Empty(ReportLang lang, std::string_view key) {
  return "<p class=\"empty\">" + T(lang, key) + "</p>\n";
}

std::string CityName(const CityReport& r) {
  const City& c = r.profile.city;
  if (r.lang == ReportLang::kZh) {
    return c.name_local.empty() ? c.name_en : c.name_local + "（" + c.name_en + "）";
  }
  return c.name_local.empty() ? c.name_en : c.name_en + " (" + c.name_local + ")";
}

std::string IndicatorName(ReportLang lang, const Indicator& i) {
  return std::string(Pick(lang, i.name_en, i.name_zh));
}

std::string Narrative(const CityReport& r, const std::string CityNarrative::*field,
                      std::string_view missing_key) {
  if (!r.narrative || (r.narrative.value().*field).empty()) return Empty(r.lang, missing_key);
  return "<div class=\"narrative\">" + HtmlEscape(r.narrative.value().*field) + "</div>\n";
}

std::string Cover(const CityReport& r) {
  const ReportLang lang = r.lang;
  const City& c = r.profile.city;
  std::string out = "<header>\n<div class=\"kicker\">" + T(lang, "network.name") + "</div>\n";
  out += "<h1>" + HtmlEscape(CityName(r)) + "</h1>\n";
  out += "<div class=\"subtitle\">" +
         HtmlEscape(fmt::format(fmt::runtime(std::string(Tr(lang, "city.title"))), r.year)) +
         "</div>\n<dl class=\"facts\">\n";
  auto fact = [&](std::string_view key, const std::string& value) {
    out += "<dt>" + T(lang, key) + "</dt><dd>" + HtmlEscape(value) + "</dd>\n";
  };
  fact("fact.country", r.profile.country.name_local.empty() || lang == ReportLang::kEn
                           ? r.profile.country.name_en
                           : r.profile.country.name_local);
  if (!c.province_en.empty())
    fact("fact.province", std::string(Pick(lang, c.province_en, c.province_local)));
  if (c.population) {
    fact("fact.population",
         fmt::format("{} ({}, {})", c.population->persons, c.population->year, c.population->kind));
  }
  if (c.area_km2) fact("fact.area", FormatReportValue(*c.area_km2) + " km²");
  if (r.profile.membership) {
    fact("fact.member-since",
         fmt::format("{:04d}-{:02d}-{:02d}", r.profile.membership->joined.year,
                     r.profile.membership->joined.month, r.profile.membership->joined.day));
  } else {
    fact("fact.member-since", std::string(Tr(lang, "fact.not-member")));
  }
  fact("fact.generated", r.generated_at);
  out += "</dl>\n";
  if (c.data_status == DataStatus::kIllustrative) {
    out += "<p class=\"note\">" + T(lang, "note.city-illustrative") + "</p>\n";
  }
  if (r.published_only) {
    out += "<p class=\"note\">" + T(lang, "note.published-only") + "</p>\n";
  } else if (r.unpublished_values > 0) {
    out += "<p class=\"notice\">" +
           HtmlEscape(fmt::format(fmt::runtime(std::string(Tr(lang, "note.unpublished"))),
                                  r.unpublished_values)) +
           "</p>\n";
  }
  if (r.narrative && r.narrative->status != "published") {
    out += "<p class=\"notice\">" + T(lang, "note.narrative-draft") + "</p>\n";
  }
  if (!r.has_data()) out += "<p class=\"notice\">" + T(lang, "note.no-data") + "</p>\n";
  out += "</header>\n";
  return out;
}

std::string IndicatorsTable(const CityReport& r) {
  const ReportLang lang = r.lang;
  if (r.indicators.empty()) return Empty(lang, "empty.indicators");
  std::string out =
      "<table class=\"indicators\">\n<colgroup><col style=\"width:30%\"><col style=\"width:7%\">"
      "<col style=\"width:9%\"><col style=\"width:12%\"><col style=\"width:12%\">"
      "<col style=\"width:30%\"></colgroup>\n<thead><tr><th>" +
      T(lang, "col.indicator") + "</th><th>" + T(lang, "col.year") + "</th><th class=\"num\">" +
      T(lang, "col.value") + "</th><th>" + T(lang, "col.unit") + "</th><th class=\"num\">" +
      T(lang, "col.previous") + "</th><th>" + T(lang, "col.source") +
      "</th></tr></thead>\n<tbody>\n";
  for (const IndicatorLine& l : r.indicators) {
    std::string source = l.source;
    if (l.status != "published") source += " [" + std::string(Tr(lang, "status." + l.status)) + "]";
    out += fmt::format(
        "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td>"
        "<td class=\"note\">{}</td></tr>\n",
        HtmlEscape(IndicatorName(lang, l.indicator)), HtmlEscape(l.period),
        FormatReportValue(l.value), HtmlEscape(UnitText(l.indicator.unit)),
        l.previous ? FormatReportValue(*l.previous) : "–", HtmlEscape(source));
  }
  out += "</tbody></table>\n";
  return out;
}

std::string VerdictText(ReportLang lang, const std::string& verdict) {
  std::string key = verdict == "insufficient data" ? "verdict.insufficient" : "verdict." + verdict;
  return fmt::format("<span class=\"verdict-{}\">{}</span>",
                     verdict == "insufficient data" ? "insufficient" : verdict, T(lang, key));
}

std::string AirSection(const CityReport& r) {
  const ReportLang lang = r.lang;
  const AirSituation& air = r.air;
  std::string out = "<div class=\"keep\"><h3>" + T(lang, "section.air") + "</h3>\n";
  if (air.annual.empty()) return out + Empty(lang, "empty.air") + "</div>\n";
  out += "<p>" +
         T(lang, air.basis == "monitoring" ? "air.basis-monitoring" : "air.basis-reported") +
         "</p>\n";
  // Chart: annual means against the annual limits.
  std::vector<ChartBar> bars;
  std::vector<std::string> legend;
  for (const AirAnnualLine& l : air.annual) {
    ChartBar b;
    b.label = l.pollutant;
    b.value = l.annual_mean;
    for (const LimitMark& m : l.limits) {
      b.limits.push_back({m.label, m.value});
      if (m.verdict == "exceeded" && m.set_id == l.limits.front().set_id) b.exceeded = true;
      if (std::find(legend.begin(), legend.end(), m.label) == legend.end()) {
        legend.push_back(m.label);
      }
    }
    bars.push_back(std::move(b));
  }
  std::string first_label = legend.empty() ? "" : legend.front();
  out +=
      "<figure>" +
      SvgLimitBarChart(
          bars, UnitText("ug/m3"), legend,
          fmt::format(fmt::runtime(std::string(Tr(lang, "chart.attained"))), first_label),
          fmt::format(fmt::runtime(std::string(Tr(lang, "chart.exceeded"))), first_label)) +
      "<figcaption>" +
      HtmlEscape(fmt::format(fmt::runtime(std::string(Tr(lang, "chart.annual-caption"))), r.year)) +
      "</figcaption></figure></div>\n";
  // Table of the same numbers, with verdicts.
  out += "<table class=\"keep\">\n<thead><tr><th>" + T(lang, "col.pollutant") +
         "</th><th class=\"num\">" + T(lang, "col.annual-mean") + "</th><th>" +
         T(lang, "col.limit-set") + "</th><th class=\"num\">" + T(lang, "col.limit") + "</th><th>" +
         T(lang, "col.verdict") + "</th></tr></thead>\n<tbody>\n";
  for (const AirAnnualLine& l : air.annual) {
    std::string mean = l.annual_mean ? FormatReportValue(*l.annual_mean) : "–";
    if (!l.valid) mean += " *";
    if (l.limits.empty()) {
      out += fmt::format("<tr><td>{}</td><td class=\"num\">{}</td><td colspan=\"3\">–</td></tr>\n",
                         HtmlEscape(l.pollutant), mean);
    }
    for (std::size_t k = 0; k < l.limits.size(); ++k) {
      out += fmt::format(
          "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td>"
          "<td>{}</td></tr>\n",
          k == 0 ? HtmlEscape(l.pollutant) : "", k == 0 ? mean : "", HtmlEscape(l.limits[k].label),
          FormatReportValue(l.limits[k].value), VerdictText(lang, l.limits[k].verdict));
    }
  }
  out += "</tbody></table>\n";
  bool any_invalid = false;
  for (const AirAnnualLine& l : air.annual) any_invalid = any_invalid || !l.valid;
  if (any_invalid) out += "<p class=\"note\">* " + T(lang, "air.invalid-note") + "</p>\n";
  if (air.basis == "reported") {
    std::string sources;
    for (const AirAnnualLine& l : air.annual) {
      if (sources.find(l.source) == std::string::npos) {
        sources += (sources.empty() ? "" : "; ") + l.source;
      }
    }
    out += "<p class=\"note\">" + T(lang, "col.source") + ": " + HtmlEscape(sources) + "</p>\n";
  }
  // Daily AQI: the calendar and the days per category.
  if (air.aqi_days) {
    out += "<div class=\"keep\"><h3>" + T(lang, "section.aqi") + "</h3>\n";
    out += "<p>" +
           HtmlEscape(fmt::format(fmt::runtime(std::string(Tr(lang, "aqi.good-days"))),
                                  air.good_days.value_or(0), *air.aqi_days, air.aqi_rule_set)) +
           "</p>\n";
    std::vector<CalendarDay> days;
    for (const AirDay& d : air.days) days.push_back({d.date, d.aqi, d.category_level});
    std::vector<std::string> months;
    for (int m = 1; m <= 12; ++m) months.emplace_back(Tr(lang, fmt::format("month.{}", m)));
    std::vector<std::pair<std::string, std::string>> categories;
    for (const AirCategoryCount& c : air.categories) {
      categories.emplace_back(c.level, fmt::format("{} {}", c.level, c.name));
    }
    out += "<figure>" +
           SvgAqiCalendar(r.year, days, months, categories, std::string(Tr(lang, "aqi.no-data"))) +
           "<figcaption>" +
           HtmlEscape(
               fmt::format(fmt::runtime(std::string(Tr(lang, "chart.calendar-caption"))), r.year)) +
           "</figcaption></figure></div>\n";
    out += "<table class=\"keep\">\n<thead><tr><th>" + T(lang, "col.category") +
           "</th><th class=\"num\">" + T(lang, "col.days") + "</th></tr></thead>\n<tbody>\n";
    for (const AirCategoryCount& c : air.categories) {
      out += fmt::format("<tr><td>{} {}</td><td class=\"num\">{}</td></tr>\n", HtmlEscape(c.level),
                         HtmlEscape(c.name), c.days);
    }
    out += "</tbody></table>\n";
    out += "<p class=\"note\">" +
           HtmlEscape(fmt::format(fmt::runtime(std::string(Tr(lang, "air.provenance"))),
                                  air.time_from, air.time_to, air.input_checksum.substr(0, 16))) +
           "</p>\n";
  }
  return out;
}

std::string TrendSection(const CityReport& r) {
  const ReportLang lang = r.lang;
  std::string out = "<h3>" + T(lang, "section.trends") + "</h3>\n";
  std::vector<ChartSeries> series;
  for (const IndicatorSeries& s : r.trends) {
    if (s.indicator.unit != "ug/m3") continue;  // one value axis: the concentrations
    ChartSeries c;
    // The pollutant names the series (the caption says what is plotted).
    c.label =
        s.indicator.pollutant.empty() ? IndicatorName(lang, s.indicator) : s.indicator.pollutant;
    for (const SeriesPoint& p : s.points) c.points.emplace_back(p.year, p.value);
    series.push_back(std::move(c));
  }
  if (series.empty()) return out + Empty(lang, "empty.trends");
  out += "<figure>" + SvgLineChart(series, UnitText("ug/m3")) + "<figcaption>" +
         T(lang, "chart.trend-caption") + "</figcaption></figure>\n";
  return out;
}

std::string TargetsSection(const CityReport& r) {
  const ReportLang lang = r.lang;
  std::string out = "<h2 class=\"new-page\">" + T(lang, "section.targets") + "</h2>\n";
  if (r.targets.empty()) return out + Empty(lang, "empty.targets");
  out += "<table>\n<thead><tr><th>" + T(lang, "col.indicator") + "</th><th class=\"num\">" +
         T(lang, "col.baseline") + "</th><th class=\"num\">" + T(lang, "col.target") +
         "</th><th class=\"num\">" + T(lang, "col.latest") + "</th><th class=\"num\">" +
         T(lang, "col.expected") + "</th><th class=\"num\">" + T(lang, "col.projected") +
         "</th><th>" + T(lang, "col.status") + "</th></tr></thead>\n<tbody>\n";
  for (const TargetProgress& t : r.targets) {
    auto it = r.target_indicators.find(t.target.indicator_code);
    std::string name =
        it == r.target_indicators.end() ? t.target.indicator_code : IndicatorName(lang, it->second);
    if (t.target.data_status == DataStatus::kIllustrative) {
      name += " (" + std::string(Tr(lang, "illustrative")) + ")";
    }
    const ProgressAssessment& a = t.assessment;
    const std::string status(ProgressStatusCode(a.status));
    out += fmt::format(
        "<tr><td>{}<br><span class=\"note\">{}</span></td><td class=\"num\">{} ({})</td>"
        "<td class=\"num\">{} ({})</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"status-{}\">{}</td></tr>\n",
        HtmlEscape(name), HtmlEscape(UnitText(t.unit)), FormatReportValue(t.target.baseline_value),
        t.target.baseline_year, FormatReportValue(t.target.target_value), t.target.target_year,
        a.latest_value
            ? fmt::format("{} ({})", FormatReportValue(*a.latest_value), a.latest_year.value_or(0))
            : "–",
        a.expected_at_latest ? FormatReportValue(*a.expected_at_latest) : "–",
        a.projected_at_target ? FormatReportValue(*a.projected_at_target) : "–", status,
        T(lang, "progress." + status));
  }
  out += "</tbody></table>\n<p class=\"note\">" + T(lang, "targets.rule") + "</p>\n";
  if (lang == ReportLang::kEn) {
    out += "<ul class=\"note\">\n";
    for (const TargetProgress& t : r.targets) {
      out += "<li>" + HtmlEscape(t.target.indicator_code) + ": " + HtmlEscape(t.assessment.reason) +
             "</li>\n";
    }
    out += "</ul>\n";
  }
  return out;
}

std::string SchemesSection(const CityReport& r) {
  const ReportLang lang = r.lang;
  std::string out = "<h3>" + T(lang, "section.schemes") + "</h3>\n";
  if (r.schemes.empty()) return out + Empty(lang, "empty.schemes");
  out += "<table>\n<thead><tr><th>" + T(lang, "col.scheme") + "</th><th class=\"num\">" +
         T(lang, "col.score") + "</th><th class=\"num\">" + T(lang, "col.rank") + "</th><th>" +
         T(lang, "col.designation") + "</th><th>" + T(lang, "col.missing") +
         "</th></tr></thead>\n<tbody>\n";
  for (const SchemeLine& s : r.schemes) {
    std::string designation = "–";
    if (s.designated) {
      designation = std::string(Tr(lang, *s.designated ? "scheme.meets" : "scheme.not-meets"));
      if (!s.designation_name.empty()) designation += " (" + s.designation_name + ")";
    }
    std::string missing;
    for (const std::string& m : s.missing) missing += (missing.empty() ? "" : ", ") + m;
    std::string name = s.name;
    if (!s.confirmed) name += " (" + std::string(Tr(lang, "scheme.unconfirmed")) + ")";
    out += fmt::format(
        "<tr><td>{}</td><td class=\"num\">{} / {}</td><td class=\"num\">{}</td><td>{}</td>"
        "<td class=\"note\">{}</td></tr>\n",
        HtmlEscape(name), FormatReportValue(s.total), FormatReportValue(s.max_total),
        s.rank ? fmt::format("{} / {}", *s.rank, s.ranked_cities) : "–", HtmlEscape(designation),
        HtmlEscape(missing.empty() ? "–" : missing));
  }
  out += "</tbody></table>\n";
  return out;
}

std::string AreaTable(const CityReport& r, const ReportTable& t) {
  const ReportLang lang = r.lang;
  if (!t.available) return Empty(lang, "empty.unavailable");
  if (t.rows.empty()) return Empty(lang, "empty." + t.key.substr(t.key.find('.') + 1));
  std::string out = "<table>\n<thead><tr>";
  for (const std::string& c : t.columns) out += "<th>" + HtmlEscape(c) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : t.rows) {
    out += "<tr>";
    for (const std::string& cell : row) out += "<td>" + HtmlEscape(cell) + "</td>";
    out += "</tr>\n";
  }
  out += "</tbody></table>\n";
  return out;
}

const ReportTable* Section(const CityReport& r, std::string_view key) {
  for (const ReportTable& t : r.sections) {
    if (t.key == key) return &t;
  }
  return nullptr;
}

std::string AreaSection(const CityReport& r, std::string_view key) {
  const ReportTable* t = Section(r, key);
  if (t == nullptr) return "";
  return AreaTable(r, *t);
}

std::string Footer(ReportLang lang, const std::vector<std::string>& limit_titles,
                   const std::string& generated_at) {
  std::string out =
      "<footer>\n<p>" + T(lang, "footer.generated") + " " + HtmlEscape(generated_at) + "</p>\n";
  if (!limit_titles.empty()) {
    out += "<p>" + T(lang, "footer.standards") + "</p>\n<ul>\n";
    for (const std::string& t : limit_titles) out += "<li>" + HtmlEscape(t) + "</li>\n";
    out += "</ul>\n";
  }
  out += "</footer>\n";
  return out;
}

}  // namespace

std::string FormatReportValue(double value) {
  if (!std::isfinite(value)) return "–";
  const double a = std::fabs(value);
  std::string s = a >= 100  ? fmt::format("{:.0f}", value)
                  : a >= 10 ? fmt::format("{:.1f}", value)
                  : a >= 1  ? fmt::format("{:.2f}", value)
                            : fmt::format("{:.3f}", value);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

std::string RenderCityReportHtml(const CityReport& r) {
  const ReportLang lang = r.lang;
  std::string out =
      Head(lang, CityName(r) + " — " +
                     fmt::format(fmt::runtime(std::string(Tr(lang, "city.title"))), r.year));
  out += Cover(r);
  out += "<h2>" + T(lang, "section.summary") + "</h2>\n";
  out += Narrative(r, &CityNarrative::summary, "empty.summary");
  out += "<h2>" + T(lang, "section.situation") + "</h2>\n";
  out += "<h3>" + T(lang, "section.indicators") + "</h3>\n";
  out += IndicatorsTable(r);
  out += AirSection(r);
  out += TrendSection(r);
  out += "<h2>" + T(lang, "section.problems") + "</h2>\n";
  out += AreaSection(r, "section.problems");
  out += TargetsSection(r);
  out += SchemesSection(r);
  out += "<h2>" + T(lang, "section.achievements") + "</h2>\n";
  out += Narrative(r, &CityNarrative::achievements, "empty.achievements");
  out += "<h3>" + T(lang, "section.practices") + "</h3>\n";
  out += AreaSection(r, "section.practices");
  out += "<h2>" + T(lang, "section.challenges") + "</h2>\n";
  out += Narrative(r, &CityNarrative::challenges, "empty.challenges");
  out += "<h3>" + T(lang, "section.needs") + "</h3>\n";
  out += Narrative(r, &CityNarrative::needs, "empty.needs");
  out += "<h3>" + T(lang, "section.requests") + "</h3>\n";
  out += AreaSection(r, "section.requests");
  out += "<h2>" + T(lang, "section.pilots") + "</h2>\n";
  out += AreaSection(r, "section.pilots");
  out += Footer(lang, r.air.limit_set_titles, r.generated_at);
  out += "</body>\n</html>\n";
  return out;
}

std::string RenderNetworkReportHtml(const NetworkReport& r) {
  const ReportLang lang = r.lang;
  const std::string title =
      fmt::format(fmt::runtime(std::string(Tr(lang, "network.title"))), r.year);
  std::string out = Head(lang, title);
  out += "<header>\n<div class=\"kicker\">" + T(lang, "network.name") + "</div>\n<h1>" +
         HtmlEscape(title) + "</h1>\n<dl class=\"facts\">\n";
  out += "<dt>" + T(lang, "network.members") + "</dt><dd>" + std::to_string(r.cities.size()) +
         "</dd>\n";
  out += "<dt>" + T(lang, "fact.generated") + "</dt><dd>" + HtmlEscape(r.generated_at) +
         "</dd>\n</dl>\n";
  out += "<p class=\"note\">" +
         T(lang, r.published_only ? "note.published-only" : "note.all-values") + "</p>\n";
  out += "</header>\n";

  // Target status over the network.
  out += "<h2>" + T(lang, "section.targets") + "</h2>\n";
  if (r.target_status.empty()) {
    out += Empty(lang, "empty.targets");
  } else {
    out += "<table class=\"keep\">\n<thead><tr><th>" + T(lang, "col.status") +
           "</th><th class=\"num\">" + T(lang, "col.targets") + "</th></tr></thead>\n<tbody>\n";
    for (const auto& [status, n] : r.target_status) {
      out += fmt::format("<tr><td class=\"status-{}\">{}</td><td class=\"num\">{}</td></tr>\n",
                         status, T(lang, "progress." + status), n);
    }
    out += "</tbody></table>\n";
  }

  // Members with their key indicators.
  out += "<h2>" + T(lang, "section.members") + "</h2>\n";
  if (r.cities.empty()) return out + Empty(lang, "empty.members") + "</body>\n</html>\n";
  out +=
      "<p class=\"note\">" +
      HtmlEscape(fmt::format(fmt::runtime(std::string(Tr(lang, "network.values-note"))), r.year)) +
      "</p>\n";
  // Fixed layout: the indicator columns share the width and their long
  // names wrap, so the table never runs off an A4 page.
  out +=
      "<table class=\"members\">\n<colgroup><col style=\"width:22%\"></colgroup>\n<thead><tr><th>" +
      T(lang, "col.city") + "</th>";
  for (const Indicator& i : r.key_indicators) {
    out += "<th class=\"num\">" + HtmlEscape(IndicatorName(lang, i)) + "<br><span class=\"note\">" +
           HtmlEscape(UnitText(i.unit)) + "</span></th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (const NetworkCityLine& c : r.cities) {
    const City& city = c.profile.city;
    out += "<tr><td>" + HtmlEscape(std::string(Pick(lang, city.name_en, city.name_local))) +
           " <span class=\"note\">" + HtmlEscape(city.country_code) + "</span></td>";
    for (const Indicator& i : r.key_indicators) {
      auto it = c.key_values.find(i.code);
      if (it == c.key_values.end()) {
        out += "<td class=\"num\">–</td>";
      } else {
        const auto& [year, value] = it->second;
        out +=
            "<td class=\"num\">" + FormatReportValue(value) +
            (year != r.year ? " <span class=\"note\">(" + std::to_string(year) + ")</span>" : "") +
            "</td>";
      }
    }
    out += "</tr>\n";
  }
  out += "</tbody></table>\n";

  // Targets, designations and the other areas' counts per member.
  out += "<h2 class=\"new-page\">" + T(lang, "section.member-progress") + "</h2>\n";
  out += "<table>\n<thead><tr><th>" + T(lang, "col.city") + "</th><th>" + T(lang, "col.targets") +
         "</th><th>" + T(lang, "col.designation") + "</th>";
  for (const std::string& k : r.count_keys) {
    out += "<th class=\"num\">" + T(lang, "count." + k) + "</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (const NetworkCityLine& c : r.cities) {
    const City& city = c.profile.city;
    std::string targets;
    for (const auto& [status, n] : c.target_status) {
      targets +=
          (targets.empty() ? "" : ", ") + fmt::format("{} {}", n, Tr(lang, "progress." + status));
    }
    std::string designations;
    for (const std::string& d : c.designations) {
      designations += (designations.empty() ? "" : "; ") + d;
    }
    out += "<tr><td>" + HtmlEscape(std::string(Pick(lang, city.name_en, city.name_local))) +
           "</td><td>" + HtmlEscape(targets.empty() ? "–" : targets) + "</td><td>" +
           HtmlEscape(designations.empty() ? "–" : designations) + "</td>";
    for (const std::string& k : r.count_keys) {
      auto it = c.counts.find(k);
      out += "<td class=\"num\">" + std::to_string(it == c.counts.end() ? 0 : it->second) + "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody></table>\n";
  out += Footer(lang, {}, r.generated_at);
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace kinet
