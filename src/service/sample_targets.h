// The sample targets (data/sample/targets.csv, compiled into the binary)
// that `kinet init --sample` loads after the sample indicator values, so
// `kinet target progress` has something to show at once. Each row is marked
// real or illustrative; the shipped rows are illustrative (the 2013 Air
// Pollution Prevention and Control Action Plan's rules applied to the sample
// yearbook values, and invented city pledges).
#pragma once

#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/target.h"
#include "store/database.h"

namespace kinet {

// Parses a targets file (columns city, indicator, baseline_year,
// baseline_value, target_year, target_value, kind, set_by,
// responsible_body, responsible_person, milestones "YEAR=VALUE;...",
// source, note, data_status). Errors name the file, line and column.
Result<std::vector<Target>> ParseTargetsCsv(std::string_view text, std::string_view source);

// Stores the compiled-in sample targets through TargetService::Set (one
// transaction each, actor "sample-loader"); the cities and indicators must be
// loaded. Returns the number stored.
Result<int> LoadSampleTargets(Database& db);

}  // namespace kinet
