#include "service/sample_targets.h"

#include <cstdlib>

#include <fmt/format.h>

#include "core/csv.h"
#include "core/embedded.h"
#include "service/target_service.h"

namespace kinet {

std::span<const EmbeddedFile> SampleTargetFiles();  // generated (cmake/EmbedFiles.cmake)

namespace {

Result<int> RequiredInt(const CsvTable& t, std::string_view column) {
  KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> v, t.Int(column));
  if (!v) return t.Error(column, "a whole number is required");
  return static_cast<int>(*v);
}

Result<double> RequiredDouble(const CsvTable& t, std::string_view column) {
  KINET_ASSIGN_OR_RETURN(std::optional<double> v, t.Double(column));
  if (!v) return t.Error(column, "a number is required");
  return *v;
}

Result<std::vector<TargetMilestone>> ParseMilestones(const CsvTable& t) {
  std::vector<TargetMilestone> out;
  std::string_view text = t.Get("milestones");
  while (!text.empty()) {
    const std::size_t semi = text.find(';');
    const std::string item(text.substr(0, semi));
    text = semi == std::string_view::npos ? std::string_view() : text.substr(semi + 1);
    const std::size_t eq = item.find('=');
    char* end = nullptr;
    const long year = eq == std::string::npos ? 0 : std::strtol(item.c_str(), &end, 10);
    if (eq == std::string::npos || end != item.c_str() + eq) {
      return t.Error("milestones", fmt::format("'{}' is not YEAR=VALUE", item));
    }
    const double value = std::strtod(item.c_str() + eq + 1, &end);
    if (*end != '\0' || eq + 1 == item.size()) {
      return t.Error("milestones", fmt::format("'{}' is not YEAR=VALUE", item));
    }
    out.push_back(TargetMilestone{static_cast<int>(year), value});
  }
  return out;
}

}  // namespace

Result<std::vector<Target>> ParseTargetsCsv(std::string_view text, std::string_view source) {
  KINET_ASSIGN_OR_RETURN(CsvTable t,
                         CsvTable::Open(text, std::string(source),
                                        {"city", "indicator", "baseline_year", "baseline_value",
                                         "target_year", "target_value", "kind", "data_status"}));
  std::vector<Target> out;
  for (;;) {
    KINET_ASSIGN_OR_RETURN(bool more, t.Next());
    if (!more) break;
    Target target;
    KINET_ASSIGN_OR_RETURN(target.city_code, t.Required("city"));
    KINET_ASSIGN_OR_RETURN(target.indicator_code, t.Required("indicator"));
    KINET_ASSIGN_OR_RETURN(target.baseline_year, RequiredInt(t, "baseline_year"));
    KINET_ASSIGN_OR_RETURN(target.baseline_value, RequiredDouble(t, "baseline_value"));
    KINET_ASSIGN_OR_RETURN(target.target_year, RequiredInt(t, "target_year"));
    KINET_ASSIGN_OR_RETURN(target.target_value, RequiredDouble(t, "target_value"));
    std::optional<TargetKind> kind = ParseTargetKind(t.Get("kind"));
    if (!kind) return t.Error("kind", "must be legal or voluntary");
    target.kind = *kind;
    target.set_by = t.Get("set_by");
    target.responsible_body = t.Get("responsible_body");
    target.responsible_person = t.Get("responsible_person");
    KINET_ASSIGN_OR_RETURN(target.milestones, ParseMilestones(t));
    target.source = t.Get("source");
    target.note = t.Get("note");
    std::optional<DataStatus> status = ParseDataStatus(t.Get("data_status"));
    if (!status) return t.Error("data_status", "must be real or illustrative");
    target.data_status = *status;
    out.push_back(std::move(target));
  }
  return out;
}

Result<int> LoadSampleTargets(Database& db) {
  int stored = 0;
  TargetService service(db);
  for (const EmbeddedFile& f : SampleTargetFiles()) {
    KINET_ASSIGN_OR_RETURN(std::vector<Target> targets,
                           ParseTargetsCsv(f.contents, fmt::format("data/sample/{}", f.path)));
    for (const Target& target : targets) {
      KINET_RETURN_IF_ERROR(service.Set(target, "sample-loader")
                                .status()
                                .WithPrefix(fmt::format("sample target {} {}", target.city_code,
                                                        target.indicator_code)));
      ++stored;
    }
  }
  return stored;
}

}  // namespace kinet
