#include "core/practice.h"

#include <algorithm>

#include "core/code_table.h"

namespace kinet {
namespace {

constexpr CodeTable<PracticeStatus, 4> kStatuses{{
    {PracticeStatus::kDraft, "draft"},
    {PracticeStatus::kSubmitted, "submitted"},
    {PracticeStatus::kReviewed, "reviewed"},
    {PracticeStatus::kPublished, "published"},
}};
constexpr CodeTable<ReviewVerdict, 3> kVerdicts{{
    {ReviewVerdict::kAccept, "accept"},
    {ReviewVerdict::kRevise, "revise"},
    {ReviewVerdict::kComment, "comment"},
}};

}  // namespace

std::string_view PracticeStatusCode(PracticeStatus s) { return CodeOf(kStatuses, s); }
std::optional<PracticeStatus> ParsePracticeStatus(std::string_view code) {
  return ParseCode(kStatuses, code);
}

bool IsAllowedPracticeTransition(PracticeStatus from, PracticeStatus to) {
  using S = PracticeStatus;
  switch (from) {
    case S::kDraft:
      return to == S::kSubmitted;
    case S::kSubmitted:
      return to == S::kReviewed || to == S::kDraft;
    case S::kReviewed:
      return to == S::kPublished || to == S::kDraft;
    case S::kPublished:
      return to == S::kDraft;
  }
  return false;
}

std::string_view ReviewVerdictCode(ReviewVerdict v) { return CodeOf(kVerdicts, v); }
std::optional<ReviewVerdict> ParseReviewVerdict(std::string_view code) {
  return ParseCode(kVerdicts, code);
}

const TaxonomyEntry* PracticeTaxonomy::Find(TaxonomyKind kind, std::string_view code) const {
  const std::vector<TaxonomyEntry>& list = kind == TaxonomyKind::kTheme ? themes : measure_types;
  auto it = std::find_if(list.begin(), list.end(),
                         [&](const TaxonomyEntry& e) { return e.code == code; });
  return it == list.end() ? nullptr : &*it;
}

}  // namespace kinet
