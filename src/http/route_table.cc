// ApiRoutes(): the parts of routes.h in the order of docs/api.md.
#include <vector>

#include "http/routes.h"

namespace kinet {
namespace {

std::vector<Route> Assemble() {
  std::vector<Route> all;
  for (std::span<const Route> part : {
           CoreRoutes(),
           IndicatorRoutes(),
           PilotRoutes(),
           ReportRoutes(),
           PracticeRoutes(),
           MatchRoutes(),
           AssistanceRoutes(),
           EventRoutes(),
       }) {
    all.insert(all.end(), part.begin(), part.end());
  }
  return all;
}

}  // namespace

std::span<const Route> ApiRoutes() {
  static const std::vector<Route> kAll = Assemble();
  return kAll;
}

}  // namespace kinet
