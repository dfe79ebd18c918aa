// The configuration of problem profiles and matching: the severity
// thresholds, the limit set that applies to each country, and the weights
// and bands of the similarity measures, read from
// standards/matching/matching.toml (compiled in) or from a file given with
// `--weights FILE`.
// docs/matching.md describes every key.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "engine/problems.h"
#include "engine/similarity.h"

namespace kinet {

// The limit set and level an air value of a country is judged against.
struct StandardChoice {
  std::string limit_set;  // "cn-gb3095-2012"
  std::string level;      // "grade-2"
};

struct MatchingConfig {
  std::string source;  // where it was read: "standards/matching/matching.toml" or a path
  ProblemRules problems;
  // Country code → standard; "*" is the default for every other country.
  std::map<std::string, StandardChoice, std::less<>> standards;
  PeerWeights peers;
  MentorOptions mentors;
  PracticeWeights practices;
  // The indicators of the pollution profile of the peer similarity.
  std::vector<std::string> pollution_indicators;
  int max_results = 5;  // per list (practices, mentors, peers) unless asked otherwise

  // The standard for `country_code`, or the "*" entry; nullptr when neither.
  const StandardChoice* StandardFor(std::string_view country_code) const;
};

// Parses a matching configuration file. InvalidArgument
// "<source_name>:<line>: <key>: <problem>" (field = the key) for a TOML
// error, a mistyped or out-of-range value, or an unknown key.
Result<MatchingConfig> ParseMatchingConfig(std::string_view text, std::string_view source_name);

// Reads and parses the file at `path`. NotFound when it does not exist.
Result<MatchingConfig> LoadMatchingConfig(const std::string& path);

// The compiled-in standards/matching/matching.toml, parsed once
// (matching_config_test pins that it parses; a file given by the user goes
// through LoadMatchingConfig, whose errors are the user's to see).
MatchingConfig DefaultMatchingConfig();

}  // namespace kinet
