// The YAML document the readers use (src/support/yaml_document.hpp, libyaml underneath) against
// yaml-cpp's YAML::Load, which the readers used before: on every YAML file of the repository
// (examples, tournaments, fuzz seeds and regressions, test cases) and on every corpus scenario
// written in the native format, both give the same tree: the same kinds, the same scalars, map
// entries in the same order, every node at the same line and column. Then the cases where the
// document decides something of its own: null, aliases, a second document, nesting, encoding.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "parley/io/io.hpp"
#include "support/file_io.hpp"
#include "support/text.hpp"
#include "support/yaml_document.hpp"
#include "test_support.hpp"

namespace parley {
namespace {
namespace fs = std::filesystem;
namespace yaml = detail::yaml;

// Every difference between the two trees, with the path where it is (empty when they agree).
void compare(const YAML::Node& expected, const yaml::Node& found, const std::string& path,
             std::vector<std::string>& differences) {
  const auto differ = [&](const std::string& what) { differences.push_back(path + ": " + what); };
  if (!found.defined()) return differ("undefined");
  switch (expected.Type()) {
    case YAML::NodeType::Null:
      if (!found.is_null()) return differ("not null");
      break;
    case YAML::NodeType::Scalar:
      if (!found.is_scalar()) return differ("not a scalar");
      if (found.scalar() != expected.Scalar())
        return differ("'" + found.scalar() + "' for '" + expected.Scalar() + "'");
      break;
    case YAML::NodeType::Sequence:
      if (!found.is_list()) return differ("not a list");
      if (found.size() != expected.size()) return differ("a list of another size");
      for (std::size_t i = 0; i < expected.size(); ++i)
        compare(expected[i], found[i], path + "[" + std::to_string(i) + "]", differences);
      break;
    case YAML::NodeType::Map: {
      if (!found.is_map()) return differ("not a mapping");
      if (found.size() != expected.size()) return differ("a mapping of another size");
      std::size_t k = 0;
      for (const auto& entry : expected) {
        const yaml::Entry& mine = found.entries()[k];
        const std::string at = path + "{" + std::to_string(k) + "}";
        compare(entry.first, mine.first, at + ".key", differences);
        compare(entry.second, mine.second, at + ".value", differences);
        ++k;
      }
      break;
    }
    case YAML::NodeType::Undefined:
      return differ("defined where yaml-cpp has nothing");
  }
  // An empty value is null: yaml-cpp places it at the next token (often the next line), the
  // document where it is, after its key's colon or its dash (EmptyValuesAreWhereTheyAreWritten).
  if (expected.IsNull()) return;
  const yaml::Mark mark = found.mark();
  if (mark.line != expected.Mark().line || mark.column != expected.Mark().column)
    differ("at " + std::to_string(mark.line) + ":" + std::to_string(mark.column) +
           ", yaml-cpp at " + std::to_string(expected.Mark().line) + ":" +
           std::to_string(expected.Mark().column));
}

// yaml-cpp's tree and the document's, for a text both read.
std::vector<std::string> differences(const std::string& text) {
  const YAML::Node expected = YAML::Load(text);
  const yaml::Document document(text);
  std::vector<std::string> found;
  if (!expected.IsDefined() || expected.IsNull()) {
    if (document.root().defined() && !document.root().is_null()) found.push_back("not empty");
    return found;
  }
  compare(expected, document.root(), "", found);
  return found;
}

// Not UTF-8, or holding a control character other than tab, line feed and carriage return.
bool not_plain_utf8(const std::string& text) {
  if (detail::invalid_utf8_offset(text)) return true;
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7f;
  });
}

// yaml-cpp finds more than one document in the text, or fails after the first.
bool more_than_one_document(const std::string& text) {
  try {
    return YAML::LoadAll(text).size() > 1;
  } catch (const YAML::Exception&) {
    return true;
  }
}

std::vector<fs::path> repository_yaml_files() {
  std::vector<fs::path> files;
  for (const char* folder :
       {"examples", "fuzz/seeds/native", "fuzz/seeds/tournament", "fuzz/regressions/native",
        "fuzz/regressions/tournament", "tests/cases", "bench"}) {
    const fs::path root = test::source_dir() / folder;
    if (!fs::exists(root)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root))
      if (entry.is_regular_file() && entry.path().extension() != ".md" &&
          entry.path().extension() != ".cpp" && entry.path().extension() != ".py" &&
          entry.path().extension() != ".sh" && entry.path().extension() != ".csv" &&
          entry.path().extension() != ".json" && entry.path().extension() != ".txt")
        files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(YamlDocument, ReadsEveryYamlFileOfTheRepositoryAsYamlCppDoes) {
  std::size_t compared = 0, refused_by_both = 0, refused_for_encoding = 0,
              refused_after_the_first_document = 0;
  for (const auto& path : repository_yaml_files()) {
    SCOPED_TRACE(path.string());
    const std::string text = detail::read_file(path, 16u << 20);
    bool yaml_cpp_reads = true;
    try {
      YAML::Load(text);
    } catch (const YAML::Exception&) {
      yaml_cpp_reads = false;
    }
    if (!yaml_cpp_reads) {
      // Fuzz regressions hold files that are not YAML on purpose: refused by both.
      EXPECT_THROW(yaml::Document{text}, yaml::ParseError);
      ++refused_by_both;
      continue;
    }
    std::vector<std::string> found;
    try {
      found = differences(text);
    } catch (const yaml::ParseError& error) {
      // yaml-cpp reads any bytes; the document only UTF-8 without control characters (fuzz
      // regressions hold such files).
      if (error.kind() == yaml::ParseError::Kind::encoding && not_plain_utf8(text)) {
        ++refused_for_encoding;
        continue;
      }
      // YAML::Load reads the first document and never looks at what follows; the document
      // refuses a second one, or text after the first that starts none (fuzz regressions).
      if (error.kind() == yaml::ParseError::Kind::syntax && more_than_one_document(text)) {
        ++refused_after_the_first_document;
        continue;
      }
      ADD_FAILURE() << "refused: " << error.what() << " at line " << error.mark().line + 1;
      continue;
    }
    for (const auto& difference : found) ADD_FAILURE() << difference;
    ++compared;
  }
  std::cout << "[ yaml    ] " << compared << " files read alike, " << refused_by_both
            << " refused by both, " << refused_for_encoding << " refused for their bytes, "
            << refused_after_the_first_document << " refused for what follows the first document\n";
  EXPECT_GE(compared, 40u);
}

TEST(YamlDocument, ReadsEveryCorpusScenarioWrittenNativeAsYamlCppDoes) {
  PARLEY_REQUIRE_CORPUS();
  std::size_t compared = 0;
  for (const auto& row : test::corpus_index()) {
    if (row.folder.rfind("genius", 0) != 0 || row.folder.find("Railway") != std::string::npos)
      continue;
    SCOPED_TRACE(row.folder);
    Warnings warnings;
    std::string text;
    try {
      text = to_native(*test::load_corpus_folder(row.folder, warnings));
    } catch (const Error&) {
      continue;  // not a scenario on its own (native_corpus_test.cpp counts these)
    }
    for (const auto& difference : differences(text)) ADD_FAILURE() << difference;
    ++compared;
  }
  EXPECT_GE(compared, 175u);
}

// Texts both read, each with something of its own: the document must agree with yaml-cpp.
TEST(YamlDocument, AgreesWithYamlCppOnTheCornersOfYaml) {
  for (const std::string text : {
           "a: 1\nb: [x, 'y', \"z\"]\nc: {d: e}\n",
           "a:\nb: ~\nc: null\nd: Null\ne: NULL\nf: ''\ng: \"null\"\nh: !!str null\ni: nul\n",
           "- a\n-\n- - b\n  - c\n- {}\n- []\n",
           "key: |\n  two\n  lines\nfolded: >\n  one\n  line\nkeep: |+\n  x\n\n",
           "a: &x [1, 2]\nb: *x\nc: &y {k: v}\nd: *y\n",
           "? complex\n: value\n? [a, b]\n: list key\n",
           "a: 1\na: 2\n",
           "'quoted key': \"esc\\u00e9\\t\\x41\"\nplain: caf\xc3\xa9 \xe2\x82\xac\n",
           "---\na: 1\n...\n",
           "%YAML 1.2\n---\na: 1\n",
           "a:    \n  - x  # comment\n  -   y\n",
           "\xef\xbb\xbf"
           "a: 1\n",
           "a: 'it''s'\nb: \"line\\nbreak\"\nc: multi\n  line plain\n",
           "x: !custom value\ny: !!int 3\nz: !!float '1.5'\n",
           "[1, [2, [3, {a: [4]}]]]\n",
           "s: 'a: b'\nt: a:b\nu: http://x.org/#a\n",
       }) {
    SCOPED_TRACE(text);
    for (const auto& difference : differences(text)) ADD_FAILURE() << difference;
  }
}

TEST(YamlDocument, EmptyValuesAreWhereTheyAreWritten) {
  const yaml::Document document("a:\nb:\n  - x\n  -\nc: 1\n");
  const yaml::Node root = document.root();
  EXPECT_EQ(root["a"].mark().line, 0);
  EXPECT_EQ(root["a"].mark().column, 2);
  EXPECT_EQ(root["b"][1].mark().line, 3);
  EXPECT_EQ(root["b"][1].mark().column, 3);
  EXPECT_TRUE(root["b"][1].is_null());
}

TEST(YamlDocument, NullIsAPlainUntaggedNullWord) {
  const yaml::Document document(
      "a:\nb: ~\nc: null\nd: 'null'\ne: !!str ~\nf: !!null null\ng: NULL\nh: nULL\n");
  const yaml::Node root = document.root();
  for (const char* key : {"a", "b", "c", "g"}) EXPECT_TRUE(root[key].is_null()) << key;
  for (const char* key : {"d", "e", "f", "h"}) EXPECT_TRUE(root[key].is_scalar()) << key;
  EXPECT_EQ(root["e"].scalar(), "~");
  EXPECT_EQ(root["f"].scalar(), "null");
  EXPECT_EQ(root["a"].scalar(), "");
}

TEST(YamlDocument, LooksUpTheFirstEntryWithAScalarKey) {
  const yaml::Document document("[k]: list\nk: first\nk: second\n");
  const yaml::Node root = document.root();
  ASSERT_EQ(root.size(), 3u);
  EXPECT_EQ(root["k"].scalar(), "first");
  EXPECT_EQ(root.entries()[2].second.scalar(), "second");
  EXPECT_TRUE(root.entries()[0].first.is_list());
  EXPECT_FALSE(root["missing"].defined());
  EXPECT_FALSE(root[0].defined());  // not a list
  EXPECT_FALSE(root["k"]["x"].defined());
  EXPECT_TRUE(root["missing"].mark().is_null());
}

TEST(YamlDocument, IndexesListsAndNothingElse) {
  const yaml::Document document("[a, b]\n");
  const yaml::Node root = document.root();
  EXPECT_EQ(root[0].scalar(), "a");
  EXPECT_EQ(root[1].scalar(), "b");
  EXPECT_FALSE(root[2].defined());
  EXPECT_FALSE(root[-1].defined());
  EXPECT_TRUE(root.entries().empty());
  EXPECT_EQ(root.size(), 2u);
  EXPECT_EQ(root[0].size(), 0u);
}

TEST(YamlDocument, AnAliasIsTheNodeItNames) {
  const yaml::Document document("a: &x {k: [1, 2]}\nb: *x\n");
  const yaml::Node a = document.root()["a"], b = document.root()["b"];
  EXPECT_EQ(b["k"][1].scalar(), "2");
  EXPECT_EQ(b.mark().line, 0);  // where the named node starts
  EXPECT_EQ(b.mark().column, a.mark().column);
}

// Fuzz finding F11: an empty collection closed before any node was read inside another moved an
// iterator into no storage (clang's UBSan: pointer-overflow).
TEST(YamlDocument, EmptyCollectionsFirst) {
  const yaml::Document map("{}\n");
  EXPECT_TRUE(map.root().is_map());
  EXPECT_EQ(map.root().size(), 0u);
  const yaml::Document nested("- {}\n- []\n- {a: []}\n");
  EXPECT_TRUE(nested.root()[0].is_map());
  EXPECT_EQ(nested.root()[0].size(), 0u);
  EXPECT_TRUE(nested.root()[1].is_list());
  EXPECT_EQ(nested.root()[2]["a"].size(), 0u);
  EXPECT_EQ(nested.root().size(), 3u);
}

TEST(YamlDocument, AnEmptyTextHasNoRootAndALoneMarkerANullOne) {
  EXPECT_FALSE(yaml::Document("").root().defined());
  EXPECT_FALSE(yaml::Document("# only a comment\n").root().defined());
  EXPECT_TRUE(yaml::Document("---\n").root().is_null());
}

// What yaml-cpp accepted and the document refuses, each with the line it is on.
TEST(YamlDocument, RefusesWithTheLineAndWhatIsWrong) {
  using Kind = yaml::ParseError::Kind;
  struct Case {
    std::string text;
    long line;  // from 1
    std::string message;
    Kind kind = Kind::syntax;
  };
  for (const Case& c : std::vector<Case>{
           {"a: 1\n---\nb: 2\n", 2, "a second document"},
           {"a: *nothing\n", 1, "alias *nothing names no anchor before it"},
           {"a: &x [1, *x]\n", 1, "alias *x inside the node it names (a cycle)"},
           {"a: 1\nb: [1, 2\nc: 3\n", 3, ""},
           {"a: 1\n  b: 2\n", 2, "mapping values are not allowed in this context"},
           {"a: \"x\xff\"\n", 1, "invalid leading UTF-8 octet (byte 0xFF)", Kind::encoding},
           {"a: 1\nb: x\x01y\n", 2, "control characters are not allowed (U+0001)", Kind::encoding},
       }) {
    SCOPED_TRACE(c.text);
    try {
      yaml::Document document(c.text);
      ADD_FAILURE() << "read";
    } catch (const yaml::ParseError& error) {
      EXPECT_EQ(error.mark().line + 1, c.line) << error.what();
      EXPECT_NE(std::string(error.what()).find(c.message), std::string::npos) << error.what();
      EXPECT_EQ(error.kind(), c.kind) << error.what();
    }
  }
}

TEST(YamlDocument, RefusesNestingDeeperThanTheLimitBeforeBuildingIt) {
  const auto nested = [](int depth) {
    return std::string(static_cast<std::size_t>(depth), '[') +
           std::string(static_cast<std::size_t>(depth), ']') + "\n";
  };
  EXPECT_TRUE(yaml::Document(nested(500)).root().is_list());
  try {
    yaml::Document document(nested(501));
    ADD_FAILURE() << "read";
  } catch (const yaml::ParseError& error) {
    EXPECT_TRUE(error.too_deep());
    EXPECT_EQ(error.depth(), 501);
    EXPECT_EQ(error.mark().line, 0);
    EXPECT_EQ(error.mark().column, 500);
  }
  EXPECT_THROW(yaml::Document(nested(4), 3), yaml::ParseError);
  EXPECT_NO_THROW(yaml::Document(nested(3), 3));
}

}  // namespace
}  // namespace parley
