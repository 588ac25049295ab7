// The replay driver: runs a fuzz target's LLVMFuzzerTestOneInput over files, as libFuzzer runs
// one input, without libFuzzer (gcc builds; ctest registers it over the seed corpus and
// fuzz/regressions so that `make test` and `make test-sanitize` replay every seed and every past
// crash).
//
//   <target>_fuzz_replay [--min-inputs N] PATH...
//
// Each PATH is a file or a folder (every regular file below it, in name order); a missing PATH is
// skipped with a note (a target may have no regressions yet). Exits 1 when fewer than N inputs
// were replayed, so that a corpus that failed to build does not pass silently.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz_support.hpp"

namespace {

std::vector<std::uint8_t> read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
  if (!in.eof() && in.fail()) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::exit(2);
  }
  return bytes;
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::size_t min_inputs = 0;
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--min-inputs" && i + 1 < argc) {
      min_inputs = std::strtoull(argv[++i], nullptr, 10);
      continue;
    }
    const fs::path path(arg);
    if (fs::is_regular_file(path)) {
      files.push_back(path);
    } else if (fs::is_directory(path)) {
      std::vector<fs::path> found;
      for (const auto& entry : fs::recursive_directory_iterator(path))
        if (entry.is_regular_file()) found.push_back(entry.path());
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      std::printf("skipped %s (no such file or folder)\n", arg.c_str());
    }
  }
  for (const auto& file : files) {
    const auto bytes = read_bytes(file);
    // A crash names its input before the sanitizer's report.
    std::fprintf(stderr, "replaying %s\n", file.c_str());
    LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
  }
  std::printf("replayed %zu inputs\n", files.size());
  if (files.size() < min_inputs) {
    std::fprintf(stderr, "expected at least %zu inputs\n", min_inputs);
    return 1;
  }
  return 0;
}
