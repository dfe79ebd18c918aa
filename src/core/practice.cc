#include "core/practice.h"

#include <algorithm>

namespace kinet {

std::string_view PracticeStatusCode(PracticeStatus s) {
  switch (s) {
    case PracticeStatus::kDraft:
      return "draft";
    case PracticeStatus::kSubmitted:
      return "submitted";
    case PracticeStatus::kReviewed:
      return "reviewed";
    case PracticeStatus::kPublished:
      return "published";
  }
  return "draft";
}

std::optional<PracticeStatus> ParsePracticeStatus(std::string_view code) {
  for (PracticeStatus s : {PracticeStatus::kDraft, PracticeStatus::kSubmitted,
                           PracticeStatus::kReviewed, PracticeStatus::kPublished}) {
    if (PracticeStatusCode(s) == code) return s;
  }
  return std::nullopt;
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

std::string_view ReviewVerdictCode(ReviewVerdict v) {
  switch (v) {
    case ReviewVerdict::kAccept:
      return "accept";
    case ReviewVerdict::kRevise:
      return "revise";
    case ReviewVerdict::kComment:
      return "comment";
  }
  return "comment";
}

std::optional<ReviewVerdict> ParseReviewVerdict(std::string_view code) {
  for (ReviewVerdict v :
       {ReviewVerdict::kAccept, ReviewVerdict::kRevise, ReviewVerdict::kComment}) {
    if (ReviewVerdictCode(v) == code) return v;
  }
  return std::nullopt;
}

const TaxonomyEntry* PracticeTaxonomy::Find(TaxonomyKind kind, std::string_view code) const {
  const std::vector<TaxonomyEntry>& list = kind == TaxonomyKind::kTheme ? themes : measure_types;
  auto it = std::find_if(list.begin(), list.end(),
                         [&](const TaxonomyEntry& e) { return e.code == code; });
  return it == list.end() ? nullptr : &*it;
}

}  // namespace kinet
