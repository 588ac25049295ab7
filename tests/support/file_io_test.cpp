// Atomic writes and whole-file reads (src/support/file_io.hpp): exact content, no temporary
// file left behind, and the old file intact whenever a write fails.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>

#include "parley/support/error.hpp"
#include "support/file_io.hpp"
#include "test_support.hpp"

namespace parley {
namespace {
namespace fs = std::filesystem;
using detail::AtomicFile;
using detail::Durability;
using detail::PendingFile;
using detail::read_file;
using detail::write_file_atomically;

// Written with plain ofstream, independently of the code under test.
void put(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

std::string get(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every byte value, and a size that crosses the 1 MiB write buffer.
std::string awkward_content() {
  std::string content;
  for (int i = 0; i < 256; ++i) content += static_cast<char>(i);
  content += std::string((1 << 20) + 17, 'x');
  content += "\r\nend without newline";
  return content;
}

TEST(SupportFileIo, WritesExactContentAndLeavesNoTemporaryFile) {
  test::ScratchFolder dir("parley-support");
  const std::string content = awkward_content();
  for (const auto durability : {Durability::durable, Durability::rebuildable}) {
    write_file_atomically(dir / "out.bin", content, durability);
    EXPECT_EQ(get(dir / "out.bin"), content);
    EXPECT_EQ(dir.names(), std::vector<std::string>{"out.bin"});
  }
  write_file_atomically(dir / "out.bin", "", Durability::durable);  // empty replaces
  EXPECT_EQ(fs::file_size(dir / "out.bin"), 0u);
  EXPECT_EQ(dir.names(), std::vector<std::string>{"out.bin"});
}

TEST(SupportFileIo, ReplacesAnExistingFile) {
  test::ScratchFolder dir("parley-support");
  put(dir / "a.txt", "old content that is longer than the new one\n");
  write_file_atomically(dir / "a.txt", "new\n", Durability::rebuildable);
  EXPECT_EQ(get(dir / "a.txt"), "new\n");
  EXPECT_EQ(dir.names(), std::vector<std::string>{"a.txt"});
}

TEST(SupportFileIo, TargetThatIsAFolderIsAnIoErrorAndNothingIsLeft) {
  test::ScratchFolder dir("parley-support");
  fs::create_directories(dir / "taken" / "inside");
  put(dir / "taken" / "inside" / "keep.txt", "kept");
  try {
    write_file_atomically(dir / "taken", "content", Durability::durable);
    FAIL() << "a folder was replaced by a file";
  } catch (const IoError& e) {
    EXPECT_EQ(e.path(), (dir / "taken").string());
    EXPECT_NE(std::string(e.what()).find((dir / "taken").string()), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("Is a directory"), std::string::npos) << e.what();
  }
  EXPECT_EQ(get(dir / "taken" / "inside" / "keep.txt"), "kept");
  EXPECT_EQ(dir.names(), std::vector<std::string>{"taken"});
}

TEST(SupportFileIo, MissingFolderIsAnIoErrorNamingThePath) {
  test::ScratchFolder dir("parley-support");
  const fs::path target = dir / "no-such-folder" / "out.txt";
  try {
    write_file_atomically(target, "content", Durability::rebuildable);
    FAIL() << "wrote into a missing folder";
  } catch (const IoError& e) {
    EXPECT_EQ(e.path(), target.string());
    EXPECT_NE(std::string(e.what()).find("No such file or directory"), std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(dir.names().empty());
}

// A write that fails half-way (the file size limit stands in for a full disk): in a child
// process, so that the limit does not reach the test runner.
TEST(SupportFileIo, FailedWriteKeepsTheOldFileAndRemovesTheTemporaryFile) {
  test::ScratchFolder dir("parley-support");
  const std::string old_content = "the saved results\n";
  put(dir / "results.csv", old_content);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::signal(SIGXFSZ, SIG_IGN);  // write() then fails with EFBIG instead of killing us
    rlimit limit{4096, 4096};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    int code = 1;
    try {
      AtomicFile file(dir / "results.csv");
      for (int i = 0; i < 1000; ++i) file.line(std::string(100, 'n'));
      file.commit();
    } catch (const IoError& e) {
      const std::string what = e.what();
      code = e.path() == (dir / "results.csv").string() &&
                     what.find("File too large") != std::string::npos
                 ? 0
                 : 2;
    } catch (...) {
      code = 3;
    }
    ::_exit(code);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: no error, 2: wrong message, 3: wrong exception type";
  EXPECT_EQ(get(dir / "results.csv"), old_content);
  EXPECT_EQ(dir.names(), std::vector<std::string>{"results.csv"});
}

TEST(SupportFileIo, StreamingFileAppearsOnlyOnCommit) {
  test::ScratchFolder dir("parley-support");
  put(dir / "rows.jsonl", "old\n");
  {
    AtomicFile file(dir / "rows.jsonl", Durability::rebuildable);
    file.line("{\"a\":1}");
    file.write("partial");
    file.line("");
    EXPECT_EQ(get(dir / "rows.jsonl"), "old\n");  // not yet
    EXPECT_EQ(dir.names(),
              (std::vector<std::string>{"rows.jsonl",
                                        "rows.jsonl" + std::string(detail::kTemporarySuffix)}));
    file.commit();
  }
  EXPECT_EQ(get(dir / "rows.jsonl"), "{\"a\":1}\npartial\n");
  {
    AtomicFile abandoned(dir / "rows.jsonl");
    abandoned.line("never committed");
  }
  EXPECT_EQ(get(dir / "rows.jsonl"), "{\"a\":1}\npartial\n");
  EXPECT_EQ(dir.names(), std::vector<std::string>{"rows.jsonl"});
}

TEST(SupportFileIo, PendingFileIsMovedOnCommitAndRemovedOtherwise) {
  test::ScratchFolder dir("parley-support");
  {
    PendingFile chart(dir / "chart.svg", Durability::rebuildable);
    EXPECT_TRUE(chart.temporary().is_absolute());
    EXPECT_EQ(chart.temporary().filename().string(), "chart.svg.parley-tmp");
    put(chart.temporary(), "<svg/>");
  }
  EXPECT_TRUE(dir.names().empty());
  PendingFile chart(dir / "chart.svg", Durability::durable);
  put(chart.temporary(), "<svg/>");
  chart.commit();
  EXPECT_EQ(get(dir / "chart.svg"), "<svg/>");
  EXPECT_EQ(dir.names(), std::vector<std::string>{"chart.svg"});
}

TEST(SupportFileIo, ReadFileGivesTheExactBytes) {
  test::ScratchFolder dir("parley-support");
  const std::string content = awkward_content();
  put(dir / "in.bin", content);
  EXPECT_EQ(read_file(dir / "in.bin"), content);
  put(dir / "empty", "");
  EXPECT_EQ(read_file(dir / "empty"), "");
}

TEST(SupportFileIo, ReadFileErrorsNameTheFile) {
  test::ScratchFolder dir("parley-support");
  try {
    read_file(dir / "missing.yaml");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), (dir / "missing.yaml").string());
    EXPECT_EQ(e.found(), "no such file");
    EXPECT_EQ(e.expected(), "an existing file");
  }
  try {
    read_file(dir / ".");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.found(), "a folder");
    EXPECT_EQ(e.expected(), "a file");
  }
}

}  // namespace
}  // namespace parley
