// The corpus index reader (src/support/corpus_index.hpp), on the real INDEX.md and on small
// hand-written ones.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "parley/support/error.hpp"
#include "support/corpus_index.hpp"
#include "test_support.hpp"

namespace parley {
namespace {
namespace fs = std::filesystem;
using detail::read_corpus_index;

TEST(SupportCorpusIndex, ReadsEveryFolderOfTheRealIndex) {
  PARLEY_REQUIRE_CORPUS();
  const auto rows = read_corpus_index(test::corpus_dir());
  // Independent counts: the sentence "**N scenario folders in all.**" and the sum of the
  // "## section (N folders)" headings.
  std::ifstream in(test::corpus_dir() / "INDEX.md");
  const std::regex total(R"(\*\*(\d+) scenario folders in all)"),
      section(R"(^## .*\((\d+) folders?\)$)");
  std::size_t announced = 0, by_section = 0;
  std::smatch match;
  for (std::string line; std::getline(in, line);) {
    if (std::regex_search(line, match, total)) announced = std::stoul(match[1]);
    if (std::regex_search(line, match, section)) by_section += std::stoul(match[1]);
  }
  EXPECT_EQ(announced, 311u);
  EXPECT_EQ(rows.size(), announced);
  EXPECT_EQ(rows.size(), by_section);
  for (const auto& row : rows)
    EXPECT_TRUE(fs::is_directory(test::corpus_dir() / row.folder)) << row.folder;

  const auto& first = rows.front();
  EXPECT_EQ(first.folder, "genius/anac2010/EnglandZimbabwe");
  EXPECT_EQ(first.profiles, 2);
  EXPECT_EQ(first.issue_count, 5u);
  EXPECT_EQ(first.values_per_issue, "4,4,3,3,4");
  EXPECT_EQ(first.outcome_count(), 576u);  // 4*4*3*3*4
  EXPECT_EQ(first.issue_types, "discrete");
  EXPECT_EQ(first.profile_type, "linear");
  EXPECT_TRUE(first.linear());
  EXPECT_EQ(first.source, "negmas tests/data/scenarios/anac/y2010/EnglandZimbabwe");
  const auto travel = std::find_if(
      rows.begin(), rows.end(), [](const auto& r) { return r.folder == "genius/anac2010/Travel"; });
  ASSERT_NE(travel, rows.end());
  EXPECT_EQ(travel->outcome_count(), 188160u);  // 7*7*4*4*6*5*8
  const auto camera = std::find_if(
      rows.begin(), rows.end(), [](const auto& r) { return r.folder == "genius/anac2011/Camera"; });
  ASSERT_NE(camera, rows.end());
  EXPECT_EQ(camera->discount, "0.8906");
}

class IndexFolder {
 public:
  explicit IndexFolder(const std::string& text) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() /
            ("parley-index-" + std::string(info->name()) + "-" + std::to_string(::getpid()));
    fs::create_directories(path_);
    std::ofstream(path_ / "INDEX.md") << text;
  }
  ~IndexFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

const std::string kHeader =
    "# index\n\n| folder | profiles | #issues | values/issue | outcomes | issue types | prof type "
    "| discount | reservation | source |\n|---|---|---|---|---|---|---|---|---|---|\n";

TEST(SupportCorpusIndex, ReadsRowsAndSkipsHeadersAndProse) {
  IndexFolder folder(kHeader +
                     "| a/one | 2 | 1 | R[0,1] | continuous | real | linear |  |  | here |\n"
                     "Some prose | with a bar.\n"
                     "| geniusweb/two | 3 | 2 | 5x2 | 1,000,000 | discrete | LinearAdditive | 0.9 "
                     "| bid | there |\r\n");
  const auto rows = read_corpus_index(folder.path());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].folder, "a/one");
  EXPECT_EQ(rows[0].line, 5);
  EXPECT_EQ(rows[0].outcome_count(), std::nullopt);
  EXPECT_EQ(rows[0].discount, "");
  EXPECT_EQ(rows[1].folder, "geniusweb/two");
  EXPECT_EQ(rows[1].profiles, 3);
  EXPECT_EQ(rows[1].outcome_count(), 1000000u);
  EXPECT_EQ(rows[1].reservation, "bid");
  EXPECT_EQ(rows[1].source, "there");
  EXPECT_TRUE(rows[1].linear());
}

TEST(SupportCorpusIndex, MalformedRowsNameTheLineAndColumn) {
  {
    IndexFolder folder(kHeader + "| a/one | two | 1 | 3 | 3 | discrete | linear |  |  | x |\n");
    try {
      read_corpus_index(folder.path());
      FAIL();
    } catch (const InputError& e) {
      EXPECT_EQ(e.file(), (folder.path() / "INDEX.md").string());
      EXPECT_EQ(e.line(), 5);
      EXPECT_EQ(e.field(), "profiles");
      EXPECT_EQ(e.found(), "'two'");
    }
  }
  {
    IndexFolder folder(kHeader + "| a/one | 2 | 1 | 3 |\n");
    try {
      read_corpus_index(folder.path());
      FAIL();
    } catch (const InputError& e) {
      EXPECT_EQ(e.line(), 5);
      EXPECT_EQ(e.found(), "4 columns");
    }
  }
  EXPECT_THROW(read_corpus_index(fs::path("/no/such/corpus")), InputError);
}

}  // namespace
}  // namespace parley
