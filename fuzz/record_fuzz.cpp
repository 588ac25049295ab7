// Fuzz target: signed records (include/parley/record/record.hpp). The input's lines go through
// verify_record (a record read from a file, as `parley replay` reads it: any bytes, never a crash
// or a hang), and each line through canonical_json, whose output must be a fixed point (the
// canonical form of a canonical line is itself).
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "parley/record/record.hpp"
#include "parley/support/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = parley::fuzz::as_text(data, size);
  std::vector<std::string> lines;
  for (std::size_t start = 0; start < input.size();) {
    auto end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    lines.emplace_back(input.substr(start, end - start));
    start = end + 1;
  }
  for (const auto& line : lines) {
    std::string canonical;
    try {
      canonical = parley::canonical_json(line);
    } catch (const parley::Error&) {
      continue;
    }
    if (parley::canonical_json(canonical) != canonical)
      parley::fuzz::fail("canonical JSON is not a fixed point: " + canonical);
  }
  const parley::RecordVerdict verdict = parley::verify_record(lines);
  if (!verdict.ok && (verdict.line == 0 || verdict.line > lines.size() + 1))
    parley::fuzz::fail("a broken record names line " + std::to_string(verdict.line) + " of " +
                       std::to_string(lines.size()));
  return 0;
}
