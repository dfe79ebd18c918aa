// Store contract cases for best practices (migration 0006_practices,
// store/practice_repository.h), run on SQLite and PostgreSQL with the
// shared fixture (tests/store/backend_fixture.h): round trip of a whole
// record, refused duplicates and unknown references, the status guard,
// reviews, adoptions, and full-text search relevance in English, Chinese and
// Japanese on a small corpus.
#include <gtest/gtest.h>

#include "backend_fixture.h"

#include "core/indicator.h"
#include "core/practice.h"
#include "store/indicator_repository.h"
#include "store/practice_repository.h"
#include "store/registry_repository.h"

namespace kinet {
namespace {

TEST(SearchTokensTest, WordsAreLowerCasedAndCjkRunsBecomeBigrams) {
  EXPECT_EQ(SearchTokens("Coal-to-Gas, SO2 (2013)"),
            (std::vector<std::string>{"coal", "to", "gas", "so2", "2013"}));
  // Index: bigrams plus the run's last character; punctuation splits runs.
  EXPECT_EQ(SearchTokens("煤改气。北京"),
            (std::vector<std::string>{"煤改", "改气", "气", "北京", "京"}));
  // Query: bigrams only, a single character stays.
  EXPECT_EQ(SearchTokens("煤改气", /*query=*/true), (std::vector<std::string>{"煤改", "改气"}));
  EXPECT_EQ(SearchTokens("煤", true), (std::vector<std::string>{"煤"}));
  // Mixed scripts, fullwidth letters folded, accented letters kept in words.
  EXPECT_EQ(SearchTokens("ＰＭ2.5治理 Hà Nội"),
            (std::vector<std::string>{"pm2", "5", "治理", "理", "hà", "nội"}));
}

class PracticeContractTest : public BackendTest {
 protected:
  void SetUp() override {
    OpenFreshDatabase(/*migrate=*/true);
    if (IsSkipped() || HasFatalFailure()) return;
    Country cn{CountryId(), "CN", "China", "中国", "East Asia", "cn-2014"};
    Country jp{CountryId(), "JP", "Japan", "日本", "East Asia", "generic"};
    ASSERT_OK(CountryRepository(*db_).Upsert(cn));
    ASSERT_OK(CountryRepository(*db_).Upsert(jp));
    struct C {
      const char* code;
      const char* country;
      const char* en;
      const char* local;
    };
    for (C c :
         {C{"beijing", "CN", "Beijing", "北京"}, C{"rizhao", "CN", "Rizhao", "日照"},
          C{"dalian", "CN", "Dalian", "大连"}, C{"kitakyushu", "JP", "Kitakyushu", "北九州市"}}) {
      City city;
      city.code = c.code;
      city.country_code = c.country;
      city.name_en = c.en;
      city.name_local = c.local;
      city.time_zone = std::string(c.country) == "JP" ? "Asia/Tokyo" : "Asia/Shanghai";
      ASSERT_OK(CityRepository(*db_).Insert(city));
    }
    Indicator so2;
    so2.code = "air.so2.annual-mean";
    so2.name_en = "SO2 annual mean";
    so2.unit = "ug/m3";
    so2.direction = Direction::kLowerIsBetter;
    ASSERT_OK(IndicatorRepository(*db_).Upsert(so2));
  }

  PracticeRepository Repo() { return PracticeRepository(*db_, GetParam()); }

  static Practice Make(std::string code, std::string city, std::string title_en,
                       std::string title_local, std::string summary_en, std::string summary_local,
                       std::string language = "zh") {
    Practice p;
    p.code = std::move(code);
    p.city_code = std::move(city);
    p.title_en = std::move(title_en);
    p.title_local = std::move(title_local);
    p.summary_en = std::move(summary_en);
    p.summary_local = std::move(summary_local);
    p.local_language = std::move(language);
    p.start_year = 2013;
    p.themes = {"air"};
    p.measure_types = {"policy"};
    return p;
  }

  // The small bilingual corpus of the relevance cases.
  void LoadCorpus() {
    PracticeRepository repo = Repo();
    for (const Practice& p : {
             Make("beijing-coal-to-gas", "beijing", "Coal-to-gas conversion of heating boilers",
                  "燃煤锅炉煤改气",
                  "Beijing replaced coal-fired heating boilers with natural gas boilers.",
                  "北京市将燃煤供暖锅炉改为天然气锅炉，减少二氧化硫排放。"),
             Make("kitakyushu-agreements", "kitakyushu",
                  "Pollution control agreements with factories", "公害防止協定",
                  "Kitakyushu signed pollution control agreements with steel and chemical "
                  "factories; the sky cleared.",
                  "北九州市は工場と公害防止協定を締結した。", "ja"),
             Make("rizhao-solar", "rizhao", "Solar water heaters for every household",
                  "太阳能热水器普及",
                  "Rizhao subsidised solar water heaters, cutting coal use in homes.",
                  "日照市推广太阳能热水器，减少家庭燃煤。"),
             Make("dalian-green", "dalian", "Green belts and park construction", "城市绿化",
                  "Dalian expanded parks and green space along the coast.",
                  "大连市建设公园和绿地。"),
         }) {
      Result<Practice> stored = repo.Insert(p, "test");
      ASSERT_TRUE(stored.ok()) << stored.status().ToString();
    }
  }

  std::vector<std::string> Codes(std::string_view query, PracticeSearchScope scope) {
    Result<std::vector<PracticeSearchHit>> hits =
        Repo().Search(SearchTokens(query, /*query=*/true), scope);
    EXPECT_TRUE(hits.ok()) << hits.status().ToString();
    std::vector<std::string> codes;
    if (hits.ok()) {
      for (const PracticeSearchHit& h : *hits) codes.push_back(h.code);
    }
    return codes;
  }
};

TEST_P(PracticeContractTest, RoundTripsAWholeRecord) {
  Practice p = Make("beijing-coal-to-gas", "beijing", "Coal to gas", "煤改气", "s", "摘要");
  p.end_year = 2017;
  p.themes = {"air", "energy"};
  p.measure_types = {"policy", "technology", "financing"};
  p.situation_before = "before";
  p.objectives = "objectives";
  p.measures = "measures";
  p.cost = "CNY 1 billion";
  p.cost_usd = 1.5e8;
  p.funding_sources = {"municipal budget", "central subsidy"};
  p.partners = {"Beijing Gas Group"};
  p.results = {{"air.so2.annual-mean", "SO2 fell", {2008, 2012}, {2014, 2017}, 40.0, std::nullopt}};
  p.lessons = "lessons";
  p.transfer_conditions = "gas supply";
  p.contacts = {{"Environment bureau", "Beijing EPB", "epb@example.org"}};
  p.links = {{"Plan", "https://example.org/plan"}};
  p.data_status = DataStatus::kIllustrative;
  Result<Practice> stored = Repo().Insert(p, "alice@example.org");
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_TRUE(stored->id.valid());
  EXPECT_EQ(stored->status, PracticeStatus::kDraft);
  EXPECT_EQ(stored->created_by, "alice@example.org");
  EXPECT_EQ(stored->end_year, 2017);
  EXPECT_EQ(stored->themes, p.themes);
  EXPECT_EQ(stored->measure_types, p.measure_types);
  EXPECT_EQ(stored->funding_sources, p.funding_sources);
  EXPECT_EQ(stored->partners, p.partners);
  EXPECT_EQ(stored->results, p.results);
  EXPECT_EQ(stored->contacts, p.contacts);
  EXPECT_EQ(stored->links, p.links);
  EXPECT_EQ(stored->cost_usd, 1.5e8);
  EXPECT_EQ(stored->title_local, "煤改气");

  // Replace keeps the status and rewrites the parts.
  p.themes = {"energy"};
  p.results.clear();
  Result<Practice> replaced = Repo().Replace(p, "bob@example.org");
  ASSERT_TRUE(replaced.ok()) << replaced.status().ToString();
  EXPECT_EQ(replaced->themes, std::vector<std::string>{"energy"});
  EXPECT_TRUE(replaced->results.empty());
  EXPECT_EQ(replaced->created_by, "alice@example.org");
  EXPECT_EQ(replaced->updated_by, "bob@example.org");

  // Audit: one insert and one update row.
  Result<std::optional<Row>> audits =
      db_->QueryOne("SELECT COUNT(*) FROM audit_log WHERE entity = 'practice' AND entity_id = ?",
                    {TextValue("beijing-coal-to-gas")});
  ASSERT_TRUE(audits.ok());
  EXPECT_EQ((*audits)->Int(0), 2);
}

TEST_P(PracticeContractTest, RefusesDuplicatesAndUnknownReferences) {
  Practice p = Make("x", "beijing", "t", "", "", "");
  ASSERT_TRUE(Repo().Insert(p, "t").ok());
  EXPECT_EQ(Repo().Insert(p, "t").status().code(), StatusCode::kAlreadyExists);
  Practice bad_city = Make("y", "atlantis", "t", "", "", "");
  EXPECT_EQ(Repo().Insert(bad_city, "t").status().field(), "city_code");
  Practice bad_indicator = Make("z", "beijing", "t", "", "", "");
  bad_indicator.results = {{"air.nothing", "", {2008, 2009}, {2010, 2011}, {}, {}}};
  Status s = db_->Transact([&](Executor& ex) {
    return PracticeRepository(ex, GetParam()).Insert(bad_indicator, "t").status();
  });
  EXPECT_EQ(s.field(), "results[0].indicator_code");
  // The transaction rolled back: no half-written practice "z".
  Result<std::optional<Practice>> z = Repo().Find("z");
  ASSERT_TRUE(z.ok());
  EXPECT_FALSE(z->has_value());
  EXPECT_EQ(Repo().Replace(Make("nope", "beijing", "t", "", "", ""), "t").status().code(),
            StatusCode::kNotFound);
}

TEST_P(PracticeContractTest, StatusMovesOnlyFromTheExpectedState) {
  ASSERT_TRUE(Repo().Insert(Make("x", "beijing", "t", "", "", ""), "t").ok());
  Result<Practice> submitted =
      Repo().SetStatus("x", PracticeStatus::kDraft, PracticeStatus::kSubmitted, "officer");
  ASSERT_TRUE(submitted.ok()) << submitted.status().ToString();
  EXPECT_EQ(submitted->status, PracticeStatus::kSubmitted);
  // A second submit finds it no longer a draft.
  EXPECT_EQ(Repo()
                .SetStatus("x", PracticeStatus::kDraft, PracticeStatus::kSubmitted, "o")
                .status()
                .code(),
            StatusCode::kConflict);
  ASSERT_TRUE(
      Repo().SetStatus("x", PracticeStatus::kSubmitted, PracticeStatus::kReviewed, "e").ok());
  Result<Practice> published =
      Repo().SetStatus("x", PracticeStatus::kReviewed, PracticeStatus::kPublished, "s");
  ASSERT_TRUE(published.ok());
  EXPECT_FALSE(published->published_at.empty());
  EXPECT_EQ(Repo()
                .SetStatus("none", PracticeStatus::kDraft, PracticeStatus::kSubmitted, "o")
                .status()
                .code(),
            StatusCode::kNotFound);
  PracticeListFilter only_published;
  only_published.status = PracticeStatus::kPublished;
  Result<std::vector<Practice>> list = Repo().List(only_published);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
}

TEST_P(PracticeContractTest, KeepsReviewsAndAdoptions) {
  ASSERT_TRUE(Repo().Insert(Make("x", "beijing", "t", "", "", ""), "t").ok());
  PracticeReview r;
  r.practice_code = "x";
  r.reviewer = "expert@example.org";
  r.reviewer_role = Role::kExpert;
  r.verdict = ReviewVerdict::kRevise;
  r.comment = "Add the SO2 series.";
  ASSERT_TRUE(Repo().AddReview(r).ok());
  r.verdict = ReviewVerdict::kAccept;
  r.comment = "Fine now.";
  ASSERT_TRUE(Repo().AddReview(r).ok());
  Result<std::vector<PracticeReview>> reviews = Repo().Reviews("x");
  ASSERT_TRUE(reviews.ok());
  ASSERT_EQ(reviews->size(), 2u);
  EXPECT_EQ((*reviews)[0].verdict, ReviewVerdict::kRevise);
  EXPECT_EQ((*reviews)[0].comment, "Add the SO2 series.");
  EXPECT_EQ((*reviews)[1].reviewer_role, Role::kExpert);
  EXPECT_FALSE((*reviews)[1].at.empty());

  PracticeAdoption a;
  a.practice_code = "x";
  a.city_code = "rizhao";
  a.year = 2016;
  a.note = "after a study tour";
  ASSERT_TRUE(Repo().AddAdoption(a, "t").ok());
  a.year = 2017;  // recorded again: replaced, not duplicated
  ASSERT_TRUE(Repo().AddAdoption(a, "t").ok());
  a.city_code = "atlantis";
  EXPECT_EQ(Repo().AddAdoption(a, "t").status().field(), "city_code");
  Result<std::vector<PracticeAdoption>> adoptions = Repo().Adoptions("x");
  ASSERT_TRUE(adoptions.ok());
  ASSERT_EQ(adoptions->size(), 1u);
  EXPECT_EQ((*adoptions)[0].year, 2017);
  EXPECT_EQ((*adoptions)[0].city_code, "rizhao");
}

// Relevance on the corpus of LoadCorpus: the expected lists are read off the
// four records (which words each title and summary hold).
TEST_P(PracticeContractTest, EnglishSearchRanksTitleMatchesFirstAndDropsOthers) {
  LoadCorpus();
  if (HasFatalFailure()) return;
  // "coal" and "gas" both occur only in Beijing's record.
  EXPECT_EQ(Codes("coal gas", PracticeSearchScope::kEnglish),
            std::vector<std::string>{"beijing-coal-to-gas"});
  // "coal": Beijing (title and summary) before Rizhao (summary only).
  EXPECT_EQ(Codes("Coal", PracticeSearchScope::kEnglish),
            (std::vector<std::string>{"beijing-coal-to-gas", "rizhao-solar"}));
  // Prefixes: "factor" matches "factories" (Kitakyushu only).
  EXPECT_EQ(Codes("pollution factor", PracticeSearchScope::kAll),
            std::vector<std::string>{"kitakyushu-agreements"});
  // The city's name is indexed with the English text.
  EXPECT_EQ(Codes("dalian", PracticeSearchScope::kEnglish),
            std::vector<std::string>{"dalian-green"});
  EXPECT_TRUE(Codes("nuclear", PracticeSearchScope::kAll).empty());
}

// Letters outside ASCII match ignoring case on both backends: the store
// lower-cases index and query text itself (core/utf8.h) rather than rely on
// FTS5's unicode61 or the PostgreSQL server's locale.
TEST_P(PracticeContractTest, NonAsciiWordsMatchIgnoringCase) {
  ASSERT_TRUE(Repo()
                  .Insert(Make("beijing-urumqi-visit", "beijing", "Study visit to Ürümqi",
                               "乌鲁木齐考察", "Engineers from Łódź and Ürümqi met.", ""),
                          "test")
                  .ok());
  for (const char* q : {"ÜRÜMQI", "ürümqi", "Ürümqi", "ŁÓDŹ", "łódź"}) {
    EXPECT_EQ(Codes(q, PracticeSearchScope::kEnglish),
              std::vector<std::string>{"beijing-urumqi-visit"})
        << q;
  }
  // The words are stored lower-cased in every script.
  EXPECT_EQ(SearchTokens("ÜRÜMQI ŁÓDŹ ΑΘΗΝΑ"),
            (std::vector<std::string>{"ürümqi", "łódź", "αθηνα"}));
}

TEST_P(PracticeContractTest, ChineseSearchNeedsNoSpaces) {
  LoadCorpus();
  if (HasFatalFailure()) return;
  EXPECT_EQ(Codes("煤改气", PracticeSearchScope::kLocal),
            std::vector<std::string>{"beijing-coal-to-gas"});
  // 燃煤 (coal burning): Beijing (title 燃煤锅炉煤改气) before Rizhao (summary 家庭燃煤).
  EXPECT_EQ(Codes("燃煤", PracticeSearchScope::kLocal),
            (std::vector<std::string>{"beijing-coal-to-gas", "rizhao-solar"}));
  EXPECT_EQ(Codes("公园绿地", PracticeSearchScope::kLocal), std::vector<std::string>{});
  EXPECT_EQ(Codes("公园", PracticeSearchScope::kLocal), std::vector<std::string>{"dalian-green"});
  // Japanese text of Kitakyushu's record works the same way.
  EXPECT_EQ(Codes("公害防止", PracticeSearchScope::kAll),
            std::vector<std::string>{"kitakyushu-agreements"});
  // One character matches as a prefix of the bigrams.
  EXPECT_EQ(Codes("煤", PracticeSearchScope::kLocal),
            (std::vector<std::string>{"beijing-coal-to-gas", "rizhao-solar"}));
  // The English columns hold no Chinese.
  EXPECT_TRUE(Codes("煤改气", PracticeSearchScope::kEnglish).empty());
  // A replaced record is re-indexed.
  Practice p = *Repo().Find("dalian-green").value();
  p.summary_local = "大连市治理燃煤锅炉。";
  ASSERT_TRUE(Repo().Replace(p, "t").ok());
  EXPECT_EQ(Codes("公园", PracticeSearchScope::kLocal), std::vector<std::string>{});
  EXPECT_EQ(Codes("燃煤锅炉", PracticeSearchScope::kLocal).size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Backends, PracticeContractTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendTestName);

}  // namespace
}  // namespace kinet
