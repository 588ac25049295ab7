#include "support/chromium.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "parley/support/error.hpp"
#include "support/file_io.hpp"

extern char** environ;

namespace parley::detail {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxQuotedStderr = 2000;
constexpr const char* kBrowsers[] = {"chromium", "chromium-browser", "google-chrome"};

// A private folder (profile, HOME, the document, the browser's log), removed when the object
// goes away.
class ScratchFolder {
 public:
  ScratchFolder() {
    std::string pattern = (fs::temp_directory_path() / "parley-chromium-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
      throw IoError(pattern, "cannot create a temporary folder", std::strerror(errno));
    path_ = pattern;
  }
  ~ScratchFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  const fs::path& path() const noexcept { return path_; }

 private:
  fs::path path_;
};

bool is_executable_file(const fs::path& path) {
  struct stat status {};
  return ::stat(path.c_str(), &status) == 0 && S_ISREG(status.st_mode) &&
         ::access(path.c_str(), X_OK) == 0;
}

// "file:///tmp/x%20y/brief.html": the path's bytes, with those a URL cannot hold escaped.
std::string file_url(const fs::path& path) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string url = "file://";
  for (const char c : path.string()) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || std::strchr("/-._~", c) != nullptr) {
      url += c;
    } else {
      url += '%';
      url += hex[byte >> 4];
      url += hex[byte & 15];
    }
  }
  return url;
}

std::string browser_said(const fs::path& log) {
  std::string text;
  try {
    text = read_file(log);
  } catch (const Error&) {
    return "(its messages could not be read)";
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  if (text.empty()) return "(it printed nothing)";
  // The end says why it stopped; the start is mostly start-up noise.
  if (text.size() > kMaxQuotedStderr) text = "..." + text.substr(text.size() - kMaxQuotedStderr);
  return text;
}

// The environment of the browser: ours, with HOME and the XDG folders in the scratch folder, so
// that it neither reads nor writes the user's own profile, cache or configuration.
std::vector<std::string> browser_environment(const fs::path& home) {
  std::vector<std::string> entries;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    if (text.starts_with("HOME=") || text.starts_with("XDG_CONFIG_HOME=") ||
        text.starts_with("XDG_CACHE_HOME=") || text.starts_with("XDG_DATA_HOME="))
      continue;
    entries.emplace_back(text);
  }
  entries.push_back("HOME=" + home.string());
  entries.push_back("XDG_CONFIG_HOME=" + (home / ".config").string());
  entries.push_back("XDG_CACHE_HOME=" + (home / ".cache").string());
  entries.push_back("XDG_DATA_HOME=" + (home / ".local/share").string());
  return entries;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Waits for `pid` at most `timeout_seconds`; on timeout kills its process group and throws.
int wait_bounded(pid_t pid, double timeout_seconds, const std::function<bool()>& cancelled,
                 const fs::path& log) {
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(timeout_seconds));
  auto pause = std::chrono::milliseconds(5);
  for (;;) {
    int status = 0;
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      // The browser's helpers (zygote, GPU, renderer) share its process group: none outlives it.
      ::kill(-pid, SIGKILL);
      return status;
    }
    if (done < 0 && errno != EINTR) throw Error("lost track of the chromium process");
    if (cancelled && cancelled()) {
      ::kill(-pid, SIGKILL);
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      throw Cancelled("printing the PDF was cancelled");
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(-pid, SIGKILL);
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%g", timeout_seconds);
      throw Error(std::string("chromium did not finish printing within ") + seconds +
                  " s and was stopped; its messages: " + browser_said(log));
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(100));
  }
}

}  // namespace

std::string find_chromium_on_path() {
  const char* path_variable = std::getenv("PATH");
  if (path_variable == nullptr) return {};
  const std::string_view path_list(path_variable);
  for (const char* browser : kBrowsers) {
    std::size_t start = 0;
    while (start <= path_list.size()) {
      const std::size_t end = std::min(path_list.find(':', start), path_list.size());
      const std::string folder(path_list.substr(start, end - start));
      const fs::path candidate = fs::path(folder.empty() ? "." : folder) / browser;
      if (is_executable_file(candidate)) return fs::absolute(candidate).string();
      start = end + 1;
    }
  }
  return {};
}

void print_html_to_pdf(std::string_view html, const fs::path& target, double timeout_seconds,
                       const std::function<bool()>& cancelled) {
  const std::string browser = find_chromium_on_path();
  if (browser.empty())
    throw Error("cannot print " + target.string() +
                ": no chromium, chromium-browser or google-chrome on PATH; install the chromium "
                "package (apt-get install chromium), or write the brief with --html and print it "
                "from a browser");
  ScratchFolder scratch;
  const fs::path document = scratch.path() / "brief.html";
  write_file_atomically(document, html, Durability::rebuildable);
  const fs::path home = scratch.path() / "home";
  fs::create_directories(home);
  const fs::path log = scratch.path() / "chromium.log";

  PendingFile pdf(target, Durability::rebuildable);
  std::vector<std::string> arguments = {browser,
                                        "--headless",
                                        "--no-sandbox",
                                        "--disable-gpu",
                                        "--no-first-run",
                                        "--no-default-browser-check",
                                        "--disable-background-networking",
                                        "--disable-component-update",
                                        "--disable-default-apps",
                                        "--disable-extensions",
                                        "--disable-sync",
                                        "--disable-quic",
                                        "--metrics-recording-only",
                                        "--user-data-dir=" + (scratch.path() / "profile").string(),
                                        "--no-pdf-header-footer",
                                        "--print-to-pdf=" + pdf.temporary().string(),
                                        file_url(document)};
  std::vector<std::string> environment = browser_environment(home);
  auto argv = pointers(arguments);
  auto envp = pointers(environment);

  const int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (log_fd < 0) throw IoError(log.string(), "cannot create", std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, log_fd, 1);
  posix_spawn_file_actions_adddup2(&actions, log_fd, 2);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  pid_t pid = 0;
  const int spawned =
      ::posix_spawn(&pid, browser.c_str(), &actions, &attributes, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  ::close(log_fd);
  if (spawned != 0)
    throw Error("cannot run " + browser + " (" + std::strerror(spawned) +
                "); install the chromium package");

  const int status = wait_bounded(pid, timeout_seconds, cancelled, log);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    const std::string how = WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                              : "signal " + std::to_string(WTERMSIG(status));
    throw Error("cannot print " + target.string() + ": chromium failed (" + how +
                "): " + browser_said(log));
  }
  std::string start;
  try {
    start = read_file(pdf.temporary()).substr(0, 5);
  } catch (const Error&) {
    start.clear();
  }
  if (start != "%PDF-")
    throw Error("cannot print " + target.string() +
                ": chromium wrote no PDF; its messages: " + browser_said(log));
  pdf.commit();
}

}  // namespace parley::detail
