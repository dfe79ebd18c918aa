#include "store/practice_repository.h"

#include <map>
#include <utility>

#include <fmt/format.h>

#include "core/utf8.h"
#include "store/migrations.h"
#include "store/sql_helpers.h"

namespace kinet {
namespace {

Status Corrupt(std::string_view column, std::string_view value) {
  return Internal(fmt::format("the practices tables hold an unknown {} '{}'", column, value));
}

Status Audit(Executor& db, std::string_view entity, std::string_view actor, std::string_view action,
             std::string_view key, std::optional<std::string> field,
             std::optional<std::string> old_value, std::optional<std::string> new_value) {
  return db
      .Execute(
          "INSERT INTO audit_log (at, actor, action, entity, entity_id, field, old_value,"
          " new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {TextValue(UtcNowText()), TextValue(actor), TextValue(action), TextValue(entity),
           TextValue(key), OrNull(field), OrNull(old_value), OrNull(new_value)})
      .status();
}

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

// One line describing a practice for the audit log.
std::string AuditText(const Practice& p) {
  return fmt::format("{} | city {} | {}-{} | themes {} | measures {} | {} result(s) | {} | {}",
                     p.title_en, p.city_code, p.start_year,
                     p.end_year ? std::to_string(*p.end_year) : std::string(), Join(p.themes, ","),
                     Join(p.measure_types, ","), p.results.size(), DataStatusCode(p.data_status),
                     PracticeStatusCode(p.status));
}

// ---- normalisation for search ------------------------------------------------

// Han (CJK unified ideographs, extension A and beyond, compatibility),
// hiragana, katakana and hangul syllables: written without spaces.
bool IsCjk(char32_t c) {
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF);
}

// Punctuation, symbols and spaces that separate words: ASCII other than
// letters and digits, Latin-1 punctuation, general punctuation, CJK
// symbols and punctuation, fullwidth punctuation.
bool IsSeparator(char32_t c) {
  if (c < 0x80) {
    return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
  }
  return (c >= 0x80 && c <= 0xBF) || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x206F) ||
         (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF0F) ||
         (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
         (c >= 0xFF5B && c <= 0xFF65) || c == 0xFFFD;
}

// Fullwidth ASCII letters and digits to ASCII (as NFKC would), then lower
// case in every script (core/utf8.h), so both backends index and query the
// same folded words whatever the database's own case rules.
char32_t Fold(char32_t c) {
  if (c >= 0xFF10 && c <= 0xFF19) c = '0' + (c - 0xFF10);
  if (c >= 0xFF21 && c <= 0xFF3A) c = 'a' + (c - 0xFF21);
  if (c >= 0xFF41 && c <= 0xFF5A) c = 'a' + (c - 0xFF41);
  return LowerCodePoint(c);
}

std::string SearchDocument(std::string_view text) { return Join(SearchTokens(text), " "); }

// The tsquery / FTS5 expression: every token as a prefix, all required.
std::string MatchExpression(const std::vector<std::string>& tokens, PracticeSearchScope scope,
                            Backend backend) {
  std::vector<std::string> terms;
  for (const std::string& t : tokens) {
    terms.push_back(backend == Backend::kSqlite ? "\"" + t + "\"*" : "'" + t + "':*");
  }
  std::string expr = Join(terms, backend == Backend::kSqlite ? " AND " : " & ");
  if (backend == Backend::kSqlite && scope != PracticeSearchScope::kAll) {
    expr = std::string(scope == PracticeSearchScope::kEnglish ? "{title_en body_en}"
                                                              : "{title_local body_local}") +
           " : (" + expr + ")";
  }
  return expr;
}

constexpr std::string_view kPracticeColumns =
    "SELECT p.id, p.code, c.code, p.title_en, p.title_local, p.local_language, p.summary_en,"
    " p.summary_local, p.start_year, p.end_year, p.situation_before, p.objectives, p.measures,"
    " p.cost, p.cost_usd, p.lessons, p.transfer_conditions, p.data_status, p.status,"
    " p.published_at, p.created_by, p.created_at, p.updated_by, p.updated_at"
    " FROM practices p JOIN cities c ON c.id = p.city_id";

Result<Practice> PracticeFromRow(const Row& row) {
  Practice p;
  p.id = PracticeId(row.Int(0).value_or(0));
  p.code = row.TextOr(1);
  p.city_code = row.TextOr(2);
  p.title_en = row.TextOr(3);
  p.title_local = row.TextOr(4);
  p.local_language = row.TextOr(5);
  p.summary_en = row.TextOr(6);
  p.summary_local = row.TextOr(7);
  p.start_year = static_cast<int>(row.Int(8).value_or(0));
  if (std::optional<std::int64_t> e = row.Int(9)) p.end_year = static_cast<int>(*e);
  p.situation_before = row.TextOr(10);
  p.objectives = row.TextOr(11);
  p.measures = row.TextOr(12);
  p.cost = row.TextOr(13);
  p.cost_usd = row.Double(14);
  p.lessons = row.TextOr(15);
  p.transfer_conditions = row.TextOr(16);
  const std::string ds = row.TextOr(17);
  std::optional<DataStatus> d = ParseDataStatus(ds);
  if (!d) return Corrupt("data_status", ds);
  p.data_status = *d;
  const std::string st = row.TextOr(18);
  std::optional<PracticeStatus> s = ParsePracticeStatus(st);
  if (!s) return Corrupt("status", st);
  p.status = *s;
  p.published_at = row.TextOr(19);
  p.created_by = row.TextOr(20);
  p.created_at = row.TextOr(21);
  p.updated_by = row.TextOr(22);
  p.updated_at = row.TextOr(23);
  return p;
}

std::vector<Value> ContentParams(const Practice& p, std::int64_t city_id) {
  return {city_id,
          TextValue(p.title_en),
          TextValue(p.title_local),
          TextValue(p.local_language),
          TextValue(p.summary_en),
          TextValue(p.summary_local),
          static_cast<std::int64_t>(p.start_year),
          p.end_year ? Value(static_cast<std::int64_t>(*p.end_year)) : Null(),
          TextValue(p.situation_before),
          TextValue(p.objectives),
          TextValue(p.measures),
          TextValue(p.cost),
          OrNull(p.cost_usd),
          TextValue(p.lessons),
          TextValue(p.transfer_conditions),
          TextValue(DataStatusCode(p.data_status))};
}

PracticeReview ReviewFromRow(const Row& row, Status& bad) {
  PracticeReview r;
  r.id = row.Int(0).value_or(0);
  r.practice_code = row.TextOr(1);
  r.reviewer = row.TextOr(2);
  const std::string role = row.TextOr(3);
  if (std::optional<Role> parsed = ParseRole(role)) {
    r.reviewer_role = *parsed;
  } else {
    bad = Corrupt("reviewer_role", role);
  }
  const std::string verdict = row.TextOr(4);
  if (std::optional<ReviewVerdict> v = ParseReviewVerdict(verdict)) {
    r.verdict = *v;
  } else {
    bad = Corrupt("verdict", verdict);
  }
  r.comment = row.TextOr(5);
  r.at = row.TextOr(6);
  return r;
}

}  // namespace

std::vector<std::string> SearchTokens(std::string_view text, bool query) {
  std::vector<std::string> tokens;
  std::string word;
  std::vector<char32_t> run;  // current CJK run
  auto flush_word = [&] {
    if (!word.empty()) tokens.push_back(std::move(word));
    word.clear();
  };
  auto flush_run = [&] {
    for (std::size_t k = 0; k + 1 < run.size(); ++k) {
      std::string bigram;
      AppendUtf8(bigram, run[k]);
      AppendUtf8(bigram, run[k + 1]);
      tokens.push_back(std::move(bigram));
    }
    if (!run.empty() && (!query || run.size() == 1)) {
      std::string last;
      AppendUtf8(last, run.back());
      tokens.push_back(std::move(last));
    }
    run.clear();
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const char32_t c = Fold(NextCodePoint(text, i));
    if (IsCjk(c)) {
      flush_word();
      run.push_back(c);
    } else if (IsSeparator(c)) {
      flush_word();
      flush_run();
    } else {
      flush_run();
      AppendUtf8(word, c);
    }
  }
  flush_word();
  flush_run();
  return tokens;
}

// ---- PracticeRepository --------------------------------------------------------

Status PracticeRepository::WriteParts(std::int64_t id, const Practice& p) {
  for (std::string_view table : {"practice_tags", "practice_list_items", "practice_results",
                                 "practice_contacts", "practice_links"}) {
    KINET_RETURN_IF_ERROR(
        db_.Execute(fmt::format("DELETE FROM {} WHERE practice_id = ?", table), {id}));
  }
  auto tags = [&](std::string_view kind, const std::vector<std::string>& codes) -> Status {
    for (std::size_t i = 0; i < codes.size(); ++i) {
      KINET_RETURN_IF_ERROR(db_.Execute(
          "INSERT INTO practice_tags (practice_id, kind, position, code) VALUES (?, ?, ?, ?)",
          {id, TextValue(kind), static_cast<std::int64_t>(i), TextValue(codes[i])}));
    }
    return OkStatus();
  };
  KINET_RETURN_IF_ERROR(tags("theme", p.themes));
  KINET_RETURN_IF_ERROR(tags("measure_type", p.measure_types));
  auto items = [&](std::string_view kind, const std::vector<std::string>& values) -> Status {
    for (std::size_t i = 0; i < values.size(); ++i) {
      KINET_RETURN_IF_ERROR(
          db_.Execute("INSERT INTO practice_list_items (practice_id, kind, position, value)"
                      " VALUES (?, ?, ?, ?)",
                      {id, TextValue(kind), static_cast<std::int64_t>(i), TextValue(values[i])}));
    }
    return OkStatus();
  };
  KINET_RETURN_IF_ERROR(items("funding_source", p.funding_sources));
  KINET_RETURN_IF_ERROR(items("partner", p.partners));
  for (std::size_t i = 0; i < p.results.size(); ++i) {
    const PracticeResult& r = p.results[i];
    KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> indicator,
                           IdOfCode(db_, "indicators", r.indicator_code));
    const std::string field = fmt::format("results[{}].indicator_code", i);
    if (!indicator) {
      return InvalidArgument(fmt::format("no indicator '{}' in the catalogue", r.indicator_code),
                             field);
    }
    KINET_RETURN_IF_ERROR(db_.Execute(
        "INSERT INTO practice_results (practice_id, position, indicator_id, description,"
        " before_from, before_to, after_from, after_to, claimed_before, claimed_after)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {id, static_cast<std::int64_t>(i), *indicator, TextValue(r.description),
         static_cast<std::int64_t>(r.before.from), static_cast<std::int64_t>(r.before.to),
         static_cast<std::int64_t>(r.after.from), static_cast<std::int64_t>(r.after.to),
         OrNull(r.claimed_before), OrNull(r.claimed_after)}));
  }
  for (std::size_t i = 0; i < p.contacts.size(); ++i) {
    const PracticeContact& c = p.contacts[i];
    KINET_RETURN_IF_ERROR(db_.Execute(
        "INSERT INTO practice_contacts (practice_id, position, name, organisation, email)"
        " VALUES (?, ?, ?, ?, ?)",
        {id, static_cast<std::int64_t>(i), TextValue(c.name), TextValue(c.organisation),
         TextValue(c.email)}));
  }
  for (std::size_t i = 0; i < p.links.size(); ++i) {
    KINET_RETURN_IF_ERROR(db_.Execute(
        "INSERT INTO practice_links (practice_id, position, title, url) VALUES (?, ?, ?, ?)",
        {id, static_cast<std::int64_t>(i), TextValue(p.links[i].title),
         TextValue(p.links[i].url)}));
  }
  return WriteIndex(id, p);
}

Status PracticeRepository::WriteIndex(std::int64_t id, const Practice& p) {
  KINET_ASSIGN_OR_RETURN(std::optional<Row> city,
                         db_.QueryOne("SELECT name_en, name_local FROM cities WHERE code = ?",
                                      {TextValue(p.city_code)}));
  std::string body_en = p.summary_en;
  for (const std::string* s : {&p.situation_before, &p.objectives, &p.measures, &p.cost, &p.lessons,
                               &p.transfer_conditions}) {
    body_en += "\n" + *s;
  }
  for (const std::string& s : p.partners) body_en += "\n" + s;
  for (const std::string& s : p.funding_sources) body_en += "\n" + s;
  for (const PracticeResult& r : p.results) body_en += "\n" + r.description;
  std::string body_local = p.summary_local;
  if (city) {
    body_en += "\n" + city->TextOr(0);
    body_local += "\n" + city->TextOr(1);
  }
  const std::string title_en = SearchDocument(p.title_en);
  const std::string title_local = SearchDocument(p.title_local);
  const std::string doc_en = SearchDocument(body_en);
  const std::string doc_local = SearchDocument(body_local);
  if (backend_ == Backend::kSqlite) {
    KINET_RETURN_IF_ERROR(db_.Execute("DELETE FROM practice_fts WHERE rowid = ?", {id}));
    return db_
        .Execute(
            "INSERT INTO practice_fts (rowid, title_en, body_en, title_local, body_local)"
            " VALUES (?, ?, ?, ?, ?)",
            {id, TextValue(title_en), TextValue(doc_en), TextValue(title_local),
             TextValue(doc_local)})
        .status();
  }
  return db_
      .Execute(
          "INSERT INTO practice_search (practice_id, title_en, body_en, title_local, body_local)"
          " VALUES (?, ?, ?, ?, ?) ON CONFLICT (practice_id) DO UPDATE SET"
          " title_en = excluded.title_en, body_en = excluded.body_en,"
          " title_local = excluded.title_local, body_local = excluded.body_local",
          {id, TextValue(title_en), TextValue(doc_en), TextValue(title_local),
           TextValue(doc_local)})
      .status();
}

Result<Practice> PracticeRepository::Insert(const Practice& practice, std::string_view actor) {
  KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> city,
                         IdOfCode(db_, "cities", practice.city_code));
  if (!city) {
    return InvalidArgument(fmt::format("no city '{}'", practice.city_code), "city_code");
  }
  std::vector<Value> params = {TextValue(practice.code)};
  for (Value& v : ContentParams(practice, *city)) params.push_back(std::move(v));
  const std::string now = UtcNowText();
  for (Value v : {TextValue(PracticeStatusCode(practice.status)), TextValue(practice.published_at),
                  TextValue(actor), TextValue(now), TextValue(actor), TextValue(now)}) {
    params.push_back(std::move(v));
  }
  Result<std::optional<Row>> row = db_.QueryOne(
      "INSERT INTO practices (code, city_id, title_en, title_local, local_language, summary_en,"
      " summary_local, start_year, end_year, situation_before, objectives, measures, cost,"
      " cost_usd, lessons, transfer_conditions, data_status, status, published_at, created_by,"
      " created_at, updated_by, updated_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      params);
  if (!row.ok()) {
    if (IsUniqueViolation(row.status())) {
      return AlreadyExists(fmt::format("a practice '{}' exists already", practice.code));
    }
    return row.status();
  }
  const std::int64_t id = (*row)->Int(0).value_or(0);
  KINET_RETURN_IF_ERROR(WriteParts(id, practice));
  KINET_RETURN_IF_ERROR(Audit(db_, "practice", actor, "insert", practice.code, std::nullopt,
                              std::nullopt, AuditText(practice)));
  KINET_ASSIGN_OR_RETURN(std::optional<Practice> stored, Find(practice.code));
  if (!stored) return Internal("the inserted practice cannot be read back");
  return *stored;
}

Result<Practice> PracticeRepository::Replace(const Practice& practice, std::string_view actor,
                                             bool keep_status) {
  KINET_ASSIGN_OR_RETURN(std::optional<Practice> old, Find(practice.code));
  if (!old) return NotFound(fmt::format("no practice '{}'", practice.code));
  KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> city,
                         IdOfCode(db_, "cities", practice.city_code));
  if (!city) {
    return InvalidArgument(fmt::format("no city '{}'", practice.city_code), "city_code");
  }
  std::vector<Value> params = ContentParams(practice, *city);
  const PracticeStatus status = keep_status ? old->status : practice.status;
  const std::string published_at = keep_status ? old->published_at : practice.published_at;
  for (Value v : {TextValue(PracticeStatusCode(status)), TextValue(published_at), TextValue(actor),
                  TextValue(UtcNowText()), Value(old->id.value)}) {
    params.push_back(std::move(v));
  }
  KINET_RETURN_IF_ERROR(db_.Execute(
      "UPDATE practices SET city_id = ?, title_en = ?, title_local = ?, local_language = ?,"
      " summary_en = ?, summary_local = ?, start_year = ?, end_year = ?, situation_before = ?,"
      " objectives = ?, measures = ?, cost = ?, cost_usd = ?, lessons = ?,"
      " transfer_conditions = ?, data_status = ?, status = ?, published_at = ?, updated_by = ?,"
      " updated_at = ? WHERE id = ?",
      params));
  KINET_RETURN_IF_ERROR(WriteParts(old->id.value, practice));
  KINET_ASSIGN_OR_RETURN(std::optional<Practice> stored, Find(practice.code));
  if (!stored) return Internal("the replaced practice cannot be read back");
  KINET_RETURN_IF_ERROR(Audit(db_, "practice", actor, "update", practice.code, std::nullopt,
                              AuditText(*old), AuditText(*stored)));
  return *stored;
}

Result<Practice> PracticeRepository::SetStatus(std::string_view code, PracticeStatus from,
                                               PracticeStatus to, std::string_view actor) {
  KINET_ASSIGN_OR_RETURN(std::optional<Practice> old, Find(code));
  if (!old) return NotFound(fmt::format("no practice '{}'", code));
  const std::string now = UtcNowText();
  const std::string published_at = to == PracticeStatus::kPublished ? now : old->published_at;
  KINET_ASSIGN_OR_RETURN(
      std::int64_t changed,
      db_.Execute("UPDATE practices SET status = ?, published_at = ?, updated_by = ?,"
                  " updated_at = ? WHERE code = ? AND status = ?",
                  {TextValue(PracticeStatusCode(to)), TextValue(published_at), TextValue(actor),
                   TextValue(now), TextValue(code), TextValue(PracticeStatusCode(from))}));
  if (changed == 0) {
    return Conflict(fmt::format("practice '{}' is {}, not {} (changed meanwhile?)", code,
                                PracticeStatusCode(old->status), PracticeStatusCode(from)));
  }
  KINET_RETURN_IF_ERROR(Audit(db_, "practice", actor, "update", code, std::string("status"),
                              std::string(PracticeStatusCode(from)),
                              std::string(PracticeStatusCode(to))));
  KINET_ASSIGN_OR_RETURN(std::optional<Practice> stored, Find(code));
  if (!stored) return Internal("the practice cannot be read back");
  return *stored;
}

Result<std::optional<Practice>> PracticeRepository::Find(std::string_view code) {
  PracticeListFilter filter;
  filter.code = std::string(code);
  KINET_ASSIGN_OR_RETURN(std::vector<Practice> found, List(filter));
  if (found.empty()) return std::optional<Practice>();
  return std::optional<Practice>(std::move(found.front()));
}

Result<std::vector<Practice>> PracticeRepository::List(const PracticeListFilter& filter) {
  SqlWhere where;
  if (filter.code) where.Add("p.code = ?", {TextValue(*filter.code)});
  if (filter.city_code) where.Add("c.code = ?", {TextValue(*filter.city_code)});
  if (filter.status) where.Add("p.status = ?", {TextValue(PracticeStatusCode(*filter.status))});

  KINET_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      db_.Query(fmt::format("{}{} ORDER BY p.code", kPracticeColumns, where.sql()),
                where.params()));
  std::vector<Practice> out;
  std::map<std::int64_t, std::size_t> by_id;
  for (const Row& row : rows) {
    KINET_ASSIGN_OR_RETURN(Practice p, PracticeFromRow(row));
    by_id[p.id.value] = out.size();
    out.push_back(std::move(p));
  }
  if (out.empty()) return out;
  // The parts of the selected practices, one query per table with the same
  // filter (a network holds at most a few hundred practices).
  const std::string scope = fmt::format(
      " JOIN practices p ON p.id = x.practice_id JOIN cities c ON c.id = p.city_id{}", where.sql());
  auto each = [&](std::string_view select, std::string_view order, auto&& fn) -> Status {
    KINET_ASSIGN_OR_RETURN(
        std::vector<Row> part,
        db_.Query(fmt::format("{}{} ORDER BY {}", select, scope, order), where.params()));
    for (const Row& r : part) {
      auto it = by_id.find(r.Int(0).value_or(0));
      if (it != by_id.end()) fn(out[it->second], r);
    }
    return OkStatus();
  };
  KINET_RETURN_IF_ERROR(
      each("SELECT x.practice_id, x.kind, x.code FROM practice_tags x",
           "x.practice_id, x.kind, x.position", [](Practice& p, const Row& r) {
             (r.TextOr(1) == "theme" ? p.themes : p.measure_types).push_back(r.TextOr(2));
           }));
  KINET_RETURN_IF_ERROR(
      each("SELECT x.practice_id, x.kind, x.value FROM practice_list_items x",
           "x.practice_id, x.kind, x.position", [](Practice& p, const Row& r) {
             (r.TextOr(1) == "partner" ? p.partners : p.funding_sources).push_back(r.TextOr(2));
           }));
  KINET_RETURN_IF_ERROR(
      each("SELECT x.practice_id, i.code, x.description, x.before_from, x.before_to, x.after_from,"
           " x.after_to, x.claimed_before, x.claimed_after FROM practice_results x"
           " JOIN indicators i ON i.id = x.indicator_id",
           "x.practice_id, x.position", [](Practice& p, const Row& r) {
             PracticeResult res;
             res.indicator_code = r.TextOr(1);
             res.description = r.TextOr(2);
             res.before = {static_cast<int>(r.Int(3).value_or(0)),
                           static_cast<int>(r.Int(4).value_or(0))};
             res.after = {static_cast<int>(r.Int(5).value_or(0)),
                          static_cast<int>(r.Int(6).value_or(0))};
             res.claimed_before = r.Double(7);
             res.claimed_after = r.Double(8);
             p.results.push_back(std::move(res));
           }));
  KINET_RETURN_IF_ERROR(
      each("SELECT x.practice_id, x.name, x.organisation, x.email FROM practice_contacts x",
           "x.practice_id, x.position", [](Practice& p, const Row& r) {
             p.contacts.push_back({r.TextOr(1), r.TextOr(2), r.TextOr(3)});
           }));
  KINET_RETURN_IF_ERROR(each("SELECT x.practice_id, x.title, x.url FROM practice_links x",
                             "x.practice_id, x.position", [](Practice& p, const Row& r) {
                               p.links.push_back({r.TextOr(1), r.TextOr(2)});
                             }));
  return out;
}

Result<std::vector<PracticeSearchHit>> PracticeRepository::Search(
    const std::vector<std::string>& tokens, PracticeSearchScope scope) {
  std::vector<PracticeSearchHit> hits;
  if (tokens.empty()) return hits;
  const std::string expr = MatchExpression(tokens, scope, backend_);
  std::vector<Row> rows;
  if (backend_ == Backend::kSqlite) {
    // bm25(): smaller is better; column weights title 10, body 1.
    KINET_ASSIGN_OR_RETURN(
        rows, db_.Query("SELECT p.code, -bm25(practice_fts, 10.0, 1.0, 10.0, 1.0)"
                        " FROM practice_fts JOIN practices p ON p.id = practice_fts.rowid"
                        " WHERE practice_fts MATCH ? ORDER BY 2 DESC, p.code",
                        {TextValue(expr)}));
  } else {
    const std::string column = scope == PracticeSearchScope::kEnglish ? "tsv_en"
                               : scope == PracticeSearchScope::kLocal ? "tsv_local"
                                                                      : "tsv_all";
    KINET_ASSIGN_OR_RETURN(
        rows,
        db_.Query(fmt::format("SELECT p.code, ts_rank(s.{0}, to_tsquery('simple', ?))"
                              " FROM practice_search s JOIN practices p ON p.id = s.practice_id"
                              " WHERE s.{0} @@ to_tsquery('simple', ?) ORDER BY 2 DESC, p.code",
                              column),
                  {TextValue(expr), TextValue(expr)}));
  }
  for (const Row& r : rows) hits.push_back({r.TextOr(0), r.Double(1).value_or(0.0)});
  return hits;
}

Result<PracticeReview> PracticeRepository::AddReview(const PracticeReview& review) {
  KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> practice,
                         IdOfCode(db_, "practices", review.practice_code));
  if (!practice) return NotFound(fmt::format("no practice '{}'", review.practice_code));
  KINET_ASSIGN_OR_RETURN(
      std::optional<Row> row,
      db_.QueryOne(
          "INSERT INTO practice_reviews (practice_id, reviewer, reviewer_role, verdict,"
          " comment, at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id, at",
          {*practice, TextValue(review.reviewer), TextValue(RoleCode(review.reviewer_role)),
           TextValue(ReviewVerdictCode(review.verdict)), TextValue(review.comment),
           TextValue(UtcNowText())}));
  PracticeReview stored = review;
  if (row) {
    stored.id = row->Int(0).value_or(0);
    stored.at = row->TextOr(1);
  }
  KINET_RETURN_IF_ERROR(Audit(
      db_, "practice", review.reviewer, "insert", review.practice_code, std::string("review"),
      std::nullopt, fmt::format("{}: {}", ReviewVerdictCode(review.verdict), review.comment)));
  return stored;
}

Result<std::vector<PracticeReview>> PracticeRepository::Reviews(std::string_view code) {
  KINET_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      db_.Query("SELECT r.id, p.code, r.reviewer, r.reviewer_role, r.verdict, r.comment, r.at"
                " FROM practice_reviews r JOIN practices p ON p.id = r.practice_id"
                " WHERE p.code = ? ORDER BY r.id",
                {TextValue(code)}));
  std::vector<PracticeReview> out;
  Status bad;
  for (const Row& r : rows) out.push_back(ReviewFromRow(r, bad));
  if (!bad.ok()) return bad;
  return out;
}

Result<PracticeAdoption> PracticeRepository::AddAdoption(const PracticeAdoption& adoption,
                                                         std::string_view actor) {
  KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> practice,
                         IdOfCode(db_, "practices", adoption.practice_code));
  if (!practice) return NotFound(fmt::format("no practice '{}'", adoption.practice_code));
  KINET_ASSIGN_OR_RETURN(std::optional<std::int64_t> city,
                         IdOfCode(db_, "cities", adoption.city_code));
  if (!city) return InvalidArgument(fmt::format("no city '{}'", adoption.city_code), "city_code");
  const std::string now = UtcNowText();
  KINET_RETURN_IF_ERROR(db_.Execute(
      "INSERT INTO practice_adoptions (practice_id, city_id, year, note, data_status,"
      " recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
      " ON CONFLICT (practice_id, city_id) DO UPDATE SET year = excluded.year,"
      " note = excluded.note, data_status = excluded.data_status,"
      " recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
      {*practice, *city, static_cast<std::int64_t>(adoption.year), TextValue(adoption.note),
       TextValue(DataStatusCode(adoption.data_status)), TextValue(actor), TextValue(now)}));
  KINET_RETURN_IF_ERROR(Audit(
      db_, "practice_adoption", actor, "insert", adoption.practice_code + "/" + adoption.city_code,
      std::nullopt, std::nullopt, fmt::format("adopted in {}: {}", adoption.year, adoption.note)));
  KINET_ASSIGN_OR_RETURN(std::vector<PracticeAdoption> all, Adoptions(adoption.practice_code));
  for (PracticeAdoption& a : all) {
    if (a.city_code == adoption.city_code) return a;
  }
  return Internal("the adoption cannot be read back");
}

Result<std::vector<PracticeAdoption>> PracticeRepository::Adoptions(
    std::optional<std::string> code) {
  std::string sql =
      "SELECT a.id, p.code, c.code, a.year, a.note, a.data_status, a.recorded_by, a.recorded_at"
      " FROM practice_adoptions a JOIN practices p ON p.id = a.practice_id"
      " JOIN cities c ON c.id = a.city_id";
  std::vector<Value> params;
  if (code) {
    sql += " WHERE p.code = ?";
    params.push_back(TextValue(*code));
  }
  sql += " ORDER BY p.code, a.year, c.code";
  KINET_ASSIGN_OR_RETURN(std::vector<Row> rows, db_.Query(sql, params));
  std::vector<PracticeAdoption> out;
  for (const Row& r : rows) {
    PracticeAdoption a;
    a.id = r.Int(0).value_or(0);
    a.practice_code = r.TextOr(1);
    a.city_code = r.TextOr(2);
    a.year = static_cast<int>(r.Int(3).value_or(0));
    a.note = r.TextOr(4);
    const std::string ds = r.TextOr(5);
    std::optional<DataStatus> d = ParseDataStatus(ds);
    if (!d) return Corrupt("data_status", ds);
    a.data_status = *d;
    a.recorded_by = r.TextOr(6);
    a.recorded_at = r.TextOr(7);
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::int64_t> PracticeRepository::Count() {
  KINET_ASSIGN_OR_RETURN(std::optional<Row> row, db_.QueryOne("SELECT COUNT(*) FROM practices"));
  return row ? row->Int(0).value_or(0) : 0;
}

}  // namespace kinet
