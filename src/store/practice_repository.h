// Repository of best practices (src/core/practice.h) with their tags, lists,
// results, contacts and links, their reviews and adoptions, and the
// full-text index, in the tables of migration 0006_practices.
//
// As the other repositories, a thin stateless view over an Executor&; the
// same calls run on a Database or inside one Database::Transact callback.
// Writes of a practice touch several tables: call them inside Transact. The
// full-text index is the one dialect-specific part (FTS5 table practice_fts
// on SQLite, tsvector columns of practice_search on PostgreSQL), so the
// repository is told the backend.
//
// Search (docs/practices.md, "Search"): text is normalised once, here, for
// both the index and the queries (SearchTokens): letters and digits are
// lower-cased words in every script (core/utf8.h, so "ÜRÜMQI" finds
// "Ürümqi" on both backends; full-width Latin becomes ASCII); runs of CJK characters (Han, kana,
// hangul) become their overlapping bigrams plus the run's last character, so "煤改气" is indexed as
// "煤改 改气 气" and a query "煤改气" matches as the bigrams "煤改" AND "改气". Each backend then
// only splits on spaces (FTS5 unicode61, PostgreSQL 'simple'), which makes Chinese search work on
// both without a CJK tokenizer or pg_trgm. Queries match every token (AND) as a prefix, rank titles
// above bodies (FTS5 bm25 with weights 10/1; ts_rank with weights A/B).
//
// Every write records audit_log rows (entity "practice", entity_id the code;
// "practice_adoption" for adoptions).
//
// Errors shared by every method: Unavailable and Internal from the Executor;
// Internal when a stored enumerated value cannot be parsed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/practice.h"
#include "core/result.h"
#include "core/status.h"
#include "store/database.h"

namespace kinet {

// The normalised tokens of `text` (see the file comment), in order. For a
// query (`query` true) a CJK run of two or more characters gives only its
// bigrams (the trailing single character would add nothing), a run of one
// character gives that character, which then matches as a prefix.
std::vector<std::string> SearchTokens(std::string_view text, bool query = false);

// Which columns of the index a search looks at.
enum class PracticeSearchScope : std::uint8_t { kAll, kEnglish, kLocal };

struct PracticeSearchHit {
  std::string code;
  double score = 0.0;  // higher is better; comparable within one search only
};

// Which practices List returns; unset members do not filter.
struct PracticeListFilter {
  std::optional<std::string> code;
  std::optional<std::string> city_code;
  std::optional<PracticeStatus> status;
};

class PracticeRepository {
 public:
  PracticeRepository(Executor& db, Backend backend) : db_(db), backend_(backend) {}

  // Inserts `practice` (its status and published_at as given), its parts
  // and its index row; created_*/updated_* from `actor` and now.
  // AlreadyExists for a taken code; InvalidArgument (field "city_code" or
  // "results[i].indicator_code") for an unknown city or indicator.
  Result<Practice> Insert(const Practice& practice, std::string_view actor);

  // Replaces every content field and part of the practice with the same
  // code (status, published_at and created_* are kept unless
  // `keep_status` is false, then status/published_at come from
  // `practice`). NotFound when there is none; InvalidArgument as Insert.
  Result<Practice> Replace(const Practice& practice, std::string_view actor,
                           bool keep_status = true);

  // Moves the practice from `from` to `to` (published_at set to now when
  // `to` is published). NotFound when there is none; Conflict when its
  // status is not `from` (someone changed it meanwhile). The caller checks
  // IsAllowedPracticeTransition.
  Result<Practice> SetStatus(std::string_view code, PracticeStatus from, PracticeStatus to,
                             std::string_view actor);

  // The practice `code`, or nullopt.
  Result<std::optional<Practice>> Find(std::string_view code);

  // Practices matching `filter`, ordered by code, each whole.
  Result<std::vector<Practice>> List(const PracticeListFilter& filter = {});

  // Practices whose indexed text (in `scope`) holds every token of `tokens`
  // as a prefix, best first (ties by code). An empty token list matches
  // nothing.
  Result<std::vector<PracticeSearchHit>> Search(const std::vector<std::string>& tokens,
                                                PracticeSearchScope scope);

  // Appends a review (id and at set by the database); NotFound for an
  // unknown practice code. Returns it as stored.
  Result<PracticeReview> AddReview(const PracticeReview& review);
  // Reviews of `code`, oldest first.
  Result<std::vector<PracticeReview>> Reviews(std::string_view code);

  // Records an adoption, or replaces the one of the same practice and city.
  // NotFound for an unknown practice; InvalidArgument (field "city_code")
  // for an unknown city.
  Result<PracticeAdoption> AddAdoption(const PracticeAdoption& adoption, std::string_view actor);
  // Adoptions of `code` (all when nullopt), by practice code, year, city.
  Result<std::vector<PracticeAdoption>> Adoptions(std::optional<std::string> code = std::nullopt);

  // The number of practices.
  Result<std::int64_t> Count();

 private:
  Status WriteParts(std::int64_t id, const Practice& practice);
  Status WriteIndex(std::int64_t id, const Practice& practice);
  Executor& db_;
  Backend backend_;
};

}  // namespace kinet
