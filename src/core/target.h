// Quantitative targets (DESIGN.md §2.1): a city commits to move one
// indicator from a baseline to a target value by a year, under a named
// responsible body, with optional interim milestones. The domain type shared
// by the store (src/store/target_repository.h), the progress rule of
// src/engine/progress.h and the use cases of src/service/target_service.h.
//
// Usage facts: a city holds a handful to a few dozen targets (one per
// indicator and plan period), each with at most a few milestones, so
// targets are always read whole with their milestones.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.h"
#include "core/network.h"

namespace kinet {

using TargetId = Id<struct TargetTag>;

// A legal target binds the city by law or plan (China's environmental
// protection target responsibility system assigns plan targets to named
// officials and departments); a voluntary one is the city's own pledge
// (e.g. the mayors' 2010 targets of the 4th KIN meeting, standards.md §8).
enum class TargetKind : std::uint8_t { kLegal, kVoluntary };

// "legal", "voluntary".
inline std::string_view TargetKindCode(TargetKind k) {
  return k == TargetKind::kLegal ? "legal" : "voluntary";
}
inline std::optional<TargetKind> ParseTargetKind(std::string_view code) {
  if (code == "legal") return TargetKind::kLegal;
  if (code == "voluntary") return TargetKind::kVoluntary;
  return std::nullopt;
}

struct TargetMilestone {
  int year = 0;
  double value = 0.0;
  friend bool operator==(const TargetMilestone&, const TargetMilestone&) = default;
};

struct Target {
  TargetId id;
  std::string city_code;
  std::string indicator_code;
  int baseline_year = 0;
  double baseline_value = 0.0;
  int target_year = 0;
  double target_value = 0.0;
  TargetKind kind = TargetKind::kVoluntary;
  std::string set_by;              // who set it: "State Council", "city people's congress"
  std::string responsible_body;    // the department answerable for it
  std::string responsible_person;  // the named official, or ""
  std::string source;              // citation of the plan or pledge
  std::string note;
  DataStatus data_status = DataStatus::kReal;
  std::vector<TargetMilestone> milestones;  // ordered by year
  std::string created_by;
  std::string created_at;  // "YYYY-MM-DDTHH:MM:SSZ"
  std::string updated_by;
  std::string updated_at;
};

}  // namespace kinet
