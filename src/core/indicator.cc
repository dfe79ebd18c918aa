#include "core/indicator.h"

#include <array>
#include <utility>

#include "core/code_table.h"
#include "core/period.h"

namespace kinet {
namespace {

constexpr std::array<std::pair<Theme, std::string_view>, 7> kThemes{{
    {Theme::kAir, "air"},
    {Theme::kWater, "water"},
    {Theme::kNoise, "noise"},
    {Theme::kWaste, "waste"},
    {Theme::kGreenSpace, "green-space"},
    {Theme::kEnergy, "energy"},
    {Theme::kManagement, "management"},
}};

constexpr std::array<std::pair<Direction, std::string_view>, 2> kDirections{{
    {Direction::kHigherIsBetter, "higher"},
    {Direction::kLowerIsBetter, "lower"},
}};

constexpr std::array<std::pair<ValueStatus, std::string_view>, 4> kStatuses{{
    {ValueStatus::kDraft, "draft"},
    {ValueStatus::kSubmitted, "submitted"},
    {ValueStatus::kEndorsed, "endorsed"},
    {ValueStatus::kPublished, "published"},
}};

constexpr std::array<std::pair<SourceKind, std::string_view>, 2> kSourceKinds{{
    {SourceKind::kReported, "reported"},
    {SourceKind::kComputed, "computed"},
}};

}  // namespace

std::string_view ThemeCode(Theme t) { return CodeOf(kThemes, t); }
std::optional<Theme> ParseTheme(std::string_view code) { return ParseCode(kThemes, code); }
std::string_view DirectionCode(Direction d) { return CodeOf(kDirections, d); }
std::optional<Direction> ParseDirection(std::string_view code) {
  return ParseCode(kDirections, code);
}
std::string_view ValueStatusCode(ValueStatus s) { return CodeOf(kStatuses, s); }
std::optional<ValueStatus> ParseValueStatus(std::string_view code) {
  return ParseCode(kStatuses, code);
}
std::string_view SourceKindCode(SourceKind k) { return CodeOf(kSourceKinds, k); }
std::optional<SourceKind> ParseSourceKind(std::string_view code) {
  return ParseCode(kSourceKinds, code);
}

bool IsAllowedTransition(ValueStatus from, ValueStatus to) {
  using enum ValueStatus;
  switch (from) {
    case kDraft:
      return to == kSubmitted;
    case kSubmitted:
      return to == kEndorsed || to == kDraft;
    case kEndorsed:
      return to == kPublished || to == kDraft;
    case kPublished:
      return false;  // a published value is corrected by a new value, not edited
  }
  return false;
}

Result<std::string> ParseValuePeriod(std::string_view text) {
  Result<Period> p = Period::Parse(text);
  if (!p.ok() || (p->kind != PeriodKind::kYear && p->kind != PeriodKind::kMonth)) {
    // Appended piece by piece: g++ 12 at -O3 reports a false -Wrestrict for
    // "'" + std::string(...) (GCC bug 105329), which stops a -Werror Release build.
    std::string message = "'";
    message.append(text);
    message.append("' is not a period YYYY or YYYY-MM");
    return InvalidArgument(message, "period");
  }
  return p->ToString();
}

}  // namespace kinet
