// The sample network as `kinet init --sample` loads it, in one place for the
// command and for the tests that need "the sample": the network registry,
// then the indicator values, targets, practices, assistance programmes and
// requests, the pilot call and projects, and the events, in that order (each
// part reads what the earlier ones stored). The monitoring data is a folder
// of files outside the binary and is loaded separately
// (cli/import_summary.h LoadSampleMonitoring).
#pragma once

#include "service/assistance_service.h"
#include "service/sample_network.h"
#include "store/database.h"

namespace kinet {

// What LoadSample stored, part by part.
struct SampleSummary {
  LoadSummary network;
  int values = 0;
  int targets = 0;
  int practices = 0;
  AssistanceSampleSummary assistance;
  int pilots = 0;
  int events = 0;
};

// Loads `network` (BuiltinSampleNetwork, parsed by the caller before it
// touches the database) and the rest of the builtin sample into the migrated
// database `db`, whose builtin indicator catalogue is synced. The first
// failing part's error, naming its file and line; the parts before it stay.
Result<SampleSummary> LoadSample(Database& db, const NetworkData& network);

// The part of LoadSample after the registry, for a database that already
// holds the sample network (the API test fixture loads it): `network` of
// the result stays zero.
Result<SampleSummary> LoadSampleRecords(Database& db);

}  // namespace kinet
