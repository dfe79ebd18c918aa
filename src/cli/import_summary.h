// Text forms of a monitoring import shared by `kinet import monitoring` and
// `kinet init --sample`, and the terminal progress bar of long imports.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "service/monitoring_service.h"

namespace kinet {

// The summary printed after an import: per file rows, values, missing and
// flagged; per parameter; flags; blocks; new stations; the first
// `max_issues` issues.
std::string FormatImportSummary(const MonitoringImportSummary& summary, std::string_view database,
                                int max_issues);

// The line on the air-engine indicator values an import recomputed (or why
// it could not); "" when the import changed nothing.
std::string AirValuesLine(const MonitoringImportSummary& summary);

// Draws "\r<label> [#####.....]  45%" on stderr. Callers draw it only when
// stderr is a terminal.
void ProgressBar(std::string_view label, std::size_t done, std::size_t total);

// `kinet init --sample`: imports the sample monitoring data from
// `dir_option`, or else from <dir of the kinet binary>/../../../data/sample/
// monitoring or ./data/sample/monitoring, and prints what it imported. Never
// fails: a missing folder or a refused import is reported on stdout/stderr
// and init goes on.
void LoadSampleMonitoring(Database& db, const std::string& dir_option);

}  // namespace kinet
