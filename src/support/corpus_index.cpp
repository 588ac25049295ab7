#include "support/corpus_index.hpp"

#include <charconv>
#include <string_view>

#include "parley/support/error.hpp"
#include "support/file_io.hpp"

namespace parley::detail {
namespace {

constexpr std::size_t kColumns = 10;
constexpr const char* kColumnNames[kColumns] = {
    "folder",      "profiles",  "#issues",  "values/issue", "outcomes",
    "issue types", "prof type", "discount", "reservation",  "source"};

std::string_view trimmed(std::string_view text) {
  const auto begin = text.find_first_not_of(' ');
  if (begin == std::string_view::npos) return {};
  const auto end = text.find_last_not_of(' ');
  return text.substr(begin, end - begin + 1);
}

template <typename Integer>
Integer count_cell(const std::string& file, long line, std::size_t column, std::string_view cell) {
  Integer value{};
  const auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
  if (cell.empty() || error != std::errc() || end != cell.data() + cell.size())
    throw InputError(file, line, kColumnNames[column], "'" + std::string(cell) + "'",
                     "a whole number");
  return value;
}

}  // namespace

std::optional<std::uint64_t> CorpusIndexRow::outcome_count() const {
  std::string digits;
  for (char c : outcomes)
    if (c != ',') digits += c;
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size())
    return std::nullopt;
  return value;
}

std::vector<CorpusIndexRow> read_corpus_index(const std::filesystem::path& corpus_root) {
  const std::filesystem::path path = corpus_root / "INDEX.md";
  const std::string file = path.string();
  const std::string text = read_file(path);
  std::vector<CorpusIndexRow> rows;
  long line_number = 0;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t stop = text.find('\n', start);
    if (stop == std::string::npos) stop = text.size();
    std::string_view line(text.data() + start, stop - start);
    start = stop + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.substr(0, 2) != "| ") continue;
    std::vector<std::string_view> cells;
    for (std::size_t from = 1; from < line.size();) {
      std::size_t bar = line.find('|', from);
      if (bar == std::string_view::npos) bar = line.size();
      cells.push_back(trimmed(line.substr(from, bar - from)));
      from = bar + 1;
    }
    if (!cells.empty() && cells.back().empty() && line.back() == '|') cells.pop_back();
    // Header rows ("folder") and separator rows ("---") name no folder.
    if (cells.empty() || cells[0].find('/') == std::string_view::npos) continue;
    if (cells.size() != kColumns)
      throw InputError(file, line_number, "row", std::to_string(cells.size()) + " columns",
                       std::to_string(kColumns) + " columns (folder to source)");
    CorpusIndexRow row;
    row.line = line_number;
    row.folder = cells[0];
    row.profiles = count_cell<int>(file, line_number, 1, cells[1]);
    row.issue_count = count_cell<std::size_t>(file, line_number, 2, cells[2]);
    row.values_per_issue = cells[3];
    row.outcomes = cells[4];
    row.issue_types = cells[5];
    row.profile_type = cells[6];
    row.discount = cells[7];
    row.reservation = cells[8];
    row.source = cells[9];
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace parley::detail
