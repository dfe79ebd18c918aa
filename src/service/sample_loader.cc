#include "service/sample_loader.h"

#include "service/event_service.h"
#include "service/pilot_service.h"
#include "service/practice_service.h"
#include "service/sample_targets.h"

namespace kinet {

Result<SampleSummary> LoadSample(Database& db, const NetworkData& network) {
  KINET_ASSIGN_OR_RETURN(LoadSummary registry, LoadNetwork(db, network));
  KINET_ASSIGN_OR_RETURN(SampleSummary s, LoadSampleRecords(db));
  s.network = registry;
  return s;
}

Result<SampleSummary> LoadSampleRecords(Database& db) {
  SampleSummary s;
  KINET_ASSIGN_OR_RETURN(s.values, LoadSampleIndicatorValues(db));
  KINET_ASSIGN_OR_RETURN(s.targets, LoadSampleTargets(db));
  KINET_ASSIGN_OR_RETURN(s.practices, LoadSamplePractices(db));
  KINET_ASSIGN_OR_RETURN(s.assistance, LoadSampleAssistance(db));
  KINET_ASSIGN_OR_RETURN(s.pilots, LoadSamplePilots(db));
  KINET_ASSIGN_OR_RETURN(s.events, LoadSampleEvents(db));
  return s;
}

}  // namespace kinet
