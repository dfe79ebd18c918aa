#include "report/report_text.h"

#include <algorithm>
#include <array>

namespace kinet {
namespace {

struct Translation {
  std::string_view key;
  std::string_view en;
  std::string_view zh;
};

// Sorted by key (checked by report_text_test.cc, looked up by binary search).
// "{}" marks where a number or name goes (fmt).
constexpr Translation kTexts[] = {
    {"air.basis-monitoring",
     "Annual means computed by KINet from the city's monitoring stations (HJ 663-2013), "
     "compared with the annual limits.",
     "年均浓度由 KINet 根据城市监测站数据计算（HJ 663-2013），并与年均浓度限值比较。"},
    {"air.basis-reported",
     "Annual means as reported by the city (no monitoring data in KINet for this year), compared "
     "with the annual limits.",
     "年均浓度为城市报告值（KINet 中无本年度监测数据），并与年均浓度限值比较。"},
    {"air.invalid-note",
     "Too few valid days for a valid annual statistic (GB 3095-2012 Table 4: at least 324).",
     "有效日数不足，年均统计无效（GB 3095-2012 表 4：至少 324 天）。"},
    {"air.provenance", "Inputs: hourly data from {} to {} (local standard time); checksum {}.",
     "输入：{} 至 {} 的小时数据（当地标准时间）；校验值 {}。"},
    {"aqi.good-days", "Days with AQI ≤ 100 (good or moderate): {} of {} days with an AQI ({}).",
     "AQI ≤ 100（优良）天数：{} 天，共 {} 个有 AQI 的日子（{}）。"},
    {"aqi.no-data", "no AQI", "无 AQI"},
    {"assistance.advisory-mission", "advisory mission", "咨询考察团"},
    {"assistance.expert-support", "expert support", "专家支持"},
    {"assistance.finance", "finance", "资金"},
    {"assistance.joint-research", "joint research", "联合研究"},
    {"assistance.technical-cooperation", "technical cooperation", "技术合作"},
    {"assistance.training", "training", "培训"},
    {"chart.annual-caption", "Annual mean concentrations in {} against the annual limits.",
     "{} 年年均浓度与年均浓度限值对比。"},
    {"chart.attained", "Within {}", "达到{}"},
    {"chart.calendar-caption", "Daily AQI in {}, coloured by category (HJ 633-2012).",
     "{} 年逐日 AQI，按级别着色（HJ 633-2012）。"},
    {"chart.exceeded", "Exceeds {}", "超过{}"},
    {"chart.trend-caption", "Annual mean concentrations over the years (values as reported).",
     "历年年均浓度变化（报告值）。"},
    {"city.title", "Annual city report {}", "{} 年度城市报告"},
    {"col.annual-mean", "Annual mean", "年均值"},
    {"col.baseline", "Baseline", "基准值"},
    {"col.budget", "Budget", "预算"},
    {"col.category", "Category", "级别"},
    {"col.city", "City", "城市"},
    {"col.days", "Days", "天数"},
    {"col.designation", "Designation", "称号"},
    {"col.evidence", "Evidence", "依据"},
    {"col.expected", "Path expects", "路径预期值"},
    {"col.indicator", "Indicator", "指标"},
    {"col.kind", "Kind", "类型"},
    {"col.latest", "Latest", "最新值"},
    {"col.limit", "Limit", "限值"},
    {"col.limit-set", "Standard", "标准"},
    {"col.missing", "Items without data", "缺少数据的项目"},
    {"col.period", "Period", "时期"},
    {"col.pilot", "Pilot project", "试点项目"},
    {"col.pollutant", "Pollutant", "污染物"},
    {"col.practice", "Practice", "实践"},
    {"col.previous", "Year before", "上一年"},
    {"col.problem", "Problem", "问题"},
    {"col.projected", "Projected at target year", "目标年预测值"},
    {"col.rank", "Rank", "排名"},
    {"col.request", "Request", "请求"},
    {"col.scheme", "Scheme", "考核体系"},
    {"col.score", "Score", "得分"},
    {"col.severity", "Severity", "严重程度"},
    {"col.source", "Source", "来源"},
    {"col.status", "Status", "状态"},
    {"col.summary", "Summary", "摘要"},
    {"col.target", "Target", "目标值"},
    {"col.targets", "Targets", "目标"},
    {"col.themes", "Themes", "主题"},
    {"col.unit", "Unit", "单位"},
    {"col.value", "Value", "数值"},
    {"col.verdict", "Verdict", "结论"},
    {"col.year", "Year", "年份"},
    {"count.pilots", "Pilots", "试点"},
    {"count.practices", "Practices", "实践"},
    {"count.requests", "Requests", "援助请求"},
    {"empty.achievements", "The city has not written its achievements for this year.",
     "城市尚未填写本年度成就。"},
    {"empty.air",
     "No air-quality data for this year: neither monitoring data nor reported annual means.",
     "本年度无空气质量数据：既无监测数据，也无报告的年均值。"},
    {"empty.challenges", "The city has not written its challenges for this year.",
     "城市尚未填写本年度挑战。"},
    {"empty.indicators", "No indicator values are recorded for this city up to this year.",
     "截至本年度，该城市没有记录任何指标数值。"},
    {"empty.members", "The network has no member cities.", "网络暂无成员城市。"},
    {"empty.needs", "The city has not written its needs for assistance for this year.",
     "城市尚未填写本年度援助需求。"},
    {"empty.pilots", "The city has no pilot projects up to this year.",
     "截至本年度，该城市没有试点项目。"},
    {"empty.practices", "No practices of this city are recorded.", "没有记录该城市的实践。"},
    {"empty.problems", "No problems found in the city's data for this year.",
     "本年度数据中未发现问题。"},
    {"empty.requests", "The city has no requests for assistance.", "该城市没有援助请求。"},
    {"empty.schemes", "No assessment scheme scores the city in this year (no data for its items).",
     "本年度没有考核体系可对该城市评分（缺少相关数据）。"},
    {"empty.summary", "The city has not written a summary for this report.",
     "城市尚未填写本报告的概述。"},
    {"empty.targets", "No quantitative targets are recorded.", "没有记录定量目标。"},
    {"empty.trends", "Fewer than two years of air-quality values: no trend to show.",
     "空气质量数值不足两年，无法显示趋势。"},
    {"empty.unavailable", "This section is not available in this installation.",
     "本系统暂不提供此部分。"},
    {"evidence.standard", "limit {} {} ({}, {})", "限值 {} {}（{}，{}）"},
    {"evidence.target", "target {} by {}; the path expects {}", "目标 {}（{} 年）；路径预期 {}"},
    {"evidence.trend", "Sen slope {} per year over {}-{}, p = {}",
     "Sen 斜率每年 {}（{}–{} 年），p = {}"},
    {"fact.area", "Area", "面积"},
    {"fact.country", "Country", "国家"},
    {"fact.generated", "Generated", "生成时间"},
    {"fact.member-since", "Member since", "加入网络"},
    {"fact.not-member", "not a member of the network", "非网络成员"},
    {"fact.population", "Population", "人口"},
    {"fact.province", "Province", "省份"},
    {"footer.generated",
     "Generated by KINet from the data; only the narrative is written by the city. Generated at",
     "本报告由 KINet 根据数据生成，仅叙述部分由城市填写。生成时间"},
    {"footer.standards", "Standards compared with:", "比较所用标准："},
    {"illustrative", "illustrative", "示例数据"},
    {"limit.gb3095-grade-2", "GB 3095-2012 Grade II", "GB 3095-2012 二级"},
    {"limit.who-aqg", "WHO AQG 2021", "WHO 空气质量准则 2021"},
    {"month.1", "Jan", "1月"},
    {"month.10", "Oct", "10月"},
    {"month.11", "Nov", "11月"},
    {"month.12", "Dec", "12月"},
    {"month.2", "Feb", "2月"},
    {"month.3", "Mar", "3月"},
    {"month.4", "Apr", "4月"},
    {"month.5", "May", "5月"},
    {"month.6", "Jun", "6月"},
    {"month.7", "Jul", "7月"},
    {"month.8", "Aug", "8月"},
    {"month.9", "Sep", "9月"},
    {"network.members", "Member cities", "成员城市"},
    {"network.name", "Kitakyushu Initiative Network for a Clean Environment",
     "北九州清洁环境倡议网络"},
    {"network.title", "Network report {}", "{} 年度网络报告"},
    {"network.values-note", "Values of {} or, in brackets, the latest earlier year with a value.",
     "{} 年数值；括号内为有数值的最近年份。"},
    {"note.all-values", "Includes values not yet published.", "包含尚未发布的数值。"},
    {"note.city-illustrative", "Some facts of this city in the sample network are illustrative.",
     "示例网络中该城市的部分信息为示例数据。"},
    {"note.narrative-draft", "The narrative of this report is a draft, not yet published.",
     "本报告的叙述部分为草稿，尚未发布。"},
    {"note.no-data",
     "KINet holds no data for this city for this year: the sections below say what is missing.",
     "KINet 中没有该城市本年度的数据：以下各部分说明缺少的内容。"},
    {"note.published-only", "Published values only.", "仅包含已发布的数值。"},
    {"note.unpublished", "{} of the values in this report are not yet published.",
     "本报告中有 {} 个数值尚未发布。"},
    {"pilot.from-call", "{} (selected by call: {})", "{}（遴选：{}）"},
    {"problem.exceeds-standard", "exceeds the standard", "超过标准"},
    {"problem.off-track-target", "target off track", "目标偏离进度"},
    {"problem.worsening", "worsening", "持续恶化"},
    {"progress.achieved", "achieved", "已实现"},
    {"progress.insufficient-data", "insufficient data", "数据不足"},
    {"progress.off-track", "off track", "偏离进度"},
    {"progress.on-track", "on track", "符合进度"},
    {"scheme.meets", "meets the criteria", "符合条件"},
    {"scheme.not-meets", "does not meet the criteria", "不符合条件"},
    {"scheme.unconfirmed", "parts not confirmed", "部分内容未经确认"},
    {"section.achievements", "Achievements", "成就"},
    {"section.air", "Air quality against the standards", "空气质量与标准对比"},
    {"section.aqi", "Daily air quality index", "逐日空气质量指数"},
    {"section.challenges", "Challenges and needs for assistance", "挑战与援助需求"},
    {"section.indicators", "Indicators", "指标"},
    {"section.member-progress", "Targets, designations and activities", "目标、称号与活动"},
    {"section.members", "Member cities and key indicators", "成员城市与主要指标"},
    {"section.needs", "Needs", "需求"},
    {"section.pilots", "Pilot projects", "试点项目"},
    {"section.practices", "Practices", "实践"},
    {"section.problems", "Problems", "问题"},
    {"section.requests", "Requests for assistance", "援助请求"},
    {"section.schemes", "Assessment scheme scores", "考核体系得分"},
    {"section.situation", "Environmental situation", "环境状况"},
    {"section.summary", "Summary", "概述"},
    {"section.targets", "Progress on targets", "目标进展"},
    {"section.trends", "Trends", "变化趋势"},
    {"severity.high", "high", "高"},
    {"severity.low", "low", "低"},
    {"severity.medium", "medium", "中"},
    {"status.accepted", "accepted", "已接受"},
    {"status.active", "active", "进行中"},
    {"status.cancelled", "cancelled", "已取消"},
    {"status.completed", "completed", "已完成"},
    {"status.declined", "declined", "已拒绝"},
    {"status.draft", "draft", "草稿"},
    {"status.endorsed", "endorsed", "已认可"},
    {"status.forwarded", "forwarded", "已转交"},
    {"status.in-progress", "in progress", "实施中"},
    {"status.planned", "planned", "计划中"},
    {"status.published", "published", "已发布"},
    {"status.reviewed", "reviewed", "已审核"},
    {"status.submitted", "submitted", "已提交"},
    {"status.withdrawn", "withdrawn", "已撤回"},
    {"targets.rule",
     "Status at the report year by the progress rule of KINet (docs/indicators.md, \"Targets and "
     "progress\"): the latest value against the straight path from baseline to target, and the "
     "Theil-Sen projection at the target year.",
     "按 KINet "
     "进展规则（docs/"
     "indicators.md“目标与进展”）判断报告年度的状态：最新值与从基准值到目标值的直线路径"
     "比较，并以 Theil-Sen 趋势线预测目标年数值。"},
    {"verdict.attained", "attained", "达标"},
    {"verdict.exceeded", "exceeded", "超标"},
    {"verdict.insufficient", "insufficient data", "数据不足"},
};

const Translation* Find(std::string_view key) {
  const Translation* end = std::end(kTexts);
  const Translation* it =
      std::lower_bound(std::begin(kTexts), end, key,
                       [](const Translation& t, std::string_view k) { return t.key < k; });
  return it != end && it->key == key ? it : nullptr;
}

}  // namespace

std::string_view ReportLangCode(ReportLang lang) { return lang == ReportLang::kZh ? "zh" : "en"; }

std::optional<ReportLang> ParseReportLang(std::string_view code) {
  if (code == "en") return ReportLang::kEn;
  if (code == "zh") return ReportLang::kZh;
  return std::nullopt;
}

std::string_view Tr(ReportLang lang, std::string_view key) {
  const Translation* t = Find(key);
  if (t == nullptr) return key;
  return lang == ReportLang::kZh ? t->zh : t->en;
}

std::optional<std::pair<std::string_view, std::string_view>> TranslationOf(std::string_view key) {
  const Translation* t = Find(key);
  if (t == nullptr) return std::nullopt;
  return std::pair{t->en, t->zh};
}

std::size_t TranslationCount() { return std::size(kTexts); }

std::string_view TranslationKeyAt(std::size_t index) { return kTexts[index].key; }

std::string_view Pick(ReportLang lang, std::string_view en, std::string_view zh) {
  if (lang == ReportLang::kZh) return zh.empty() ? en : zh;
  return en.empty() ? zh : en;
}

}  // namespace kinet
