// What a party submitted is never lost: a real `parley serve` process is killed with SIGKILL
// while many parties submit, restarted on the same database, and every acknowledged submission
// (HTTP 200) must be there (or a later one whose answer the kill swallowed).
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>
#include <atomic>
#include <fstream>
#include <mutex>
#include <thread>

#include "service_test_support.hpp"

namespace parley::service {
namespace {

using nlohmann::json;

class ServerProcess {
 public:
  ServerProcess(const test::TemporaryFolder& folder, const std::string& database) {
    const auto port_file = folder.file("port");
    std::filesystem::remove(port_file);
    const auto log = folder.file("server.log");
    pid_ = ::fork();
    if (pid_ == 0) {
      const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
      ::dup2(out, 1);
      ::dup2(out, 2);
      ::execl(PARLEY_EXECUTABLE, "parley", "serve", "--db", database.c_str(), "--port", "0",
              "--port-file", port_file.c_str(), "--rate", "100000", "--burst", "100000",
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 400 && port_ == 0; ++i) {
      std::ifstream(port_file) >> port_;
      if (port_ == 0) std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
  }
  ~ServerProcess() { kill_hard(); }
  int port() const { return port_; }
  void kill_hard() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

json preferences_with_marker(double marker) {
  auto preferences = test::staff_preferences();
  preferences["scores"]["Location"]["remote"] = marker;
  return preferences;
}

TEST(ServiceDurability, AcknowledgedSubmissionsSurviveKill9) {
  test::TemporaryFolder folder;
  const auto database = folder.file("durable.db");
  constexpr int negotiations = 12;
  constexpr int parties = 10;
  std::vector<std::string> tokens;  // parties 0..8 of each negotiation (party 9 never submits)
  {
    ServerProcess server(folder, database);
    ASSERT_NE(server.port(), 0) << "parley serve did not start";
    httplib::Client client("127.0.0.1", server.port());
    for (int n = 0; n < negotiations; ++n) {
      auto spec = test::office_spec();
      spec["parties"] = json::array();
      for (int p = 0; p < parties; ++p) spec["parties"].push_back("P" + std::to_string(p));
      const auto created = client.Post("/api/negotiations", spec.dump(), "application/json");
      ASSERT_TRUE(created && created->status == 201);
      const auto data = json::parse(created->body);
      for (int p = 0; p + 1 < parties; ++p) tokens.push_back(data["parties"][p]["token"]);
    }
    // Writers: each re-submits its tokens' preferences with an increasing marker.
    struct Track {
      double acknowledged = -1, in_flight = -1;
    };
    std::vector<Track> tracks(tokens.size());
    std::mutex mutex;
    std::atomic<int> acknowledged{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> writers;
    constexpr int writer_count = 4;
    for (int w = 0; w < writer_count; ++w)
      writers.emplace_back([&, w] {
        httplib::Client writer("127.0.0.1", server.port());
        writer.set_connection_timeout(1, 0);
        writer.set_read_timeout(2, 0);
        for (int round = 1; !stop; ++round)
          for (std::size_t t = w; t < tokens.size() && !stop; t += writer_count) {
            const double marker = round * 0.001 + static_cast<double>(t) * 1e-7;
            {
              std::lock_guard lock(mutex);
              tracks[t].in_flight = marker;
            }
            const auto reply =
                writer.Put("/api/party/preferences", {{"Authorization", "Bearer " + tokens[t]}},
                           preferences_with_marker(marker).dump(), "application/json");
            if (!reply) return;  // the server is gone
            if (reply->status == 200) {
              std::lock_guard lock(mutex);
              tracks[t].acknowledged = marker;
              ++acknowledged;
            }
          }
      });
    while (acknowledged < 400) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    server.kill_hard();  // mid-activity: the writers still send
    stop = true;
    for (auto& writer : writers) writer.join();

    ServerProcess restarted(folder, database);
    ASSERT_NE(restarted.port(), 0) << "parley serve did not restart";
    httplib::Client reader("127.0.0.1", restarted.port());
    int checked = 0;
    for (std::size_t t = 0; t < tokens.size(); ++t) {
      if (tracks[t].acknowledged < 0) continue;
      const auto reply = reader.Get("/api/party", {{"Authorization", "Bearer " + tokens[t]}});
      ASSERT_TRUE(reply && reply->status == 200);
      const auto view = json::parse(reply->body);
      ASSERT_TRUE(view["me"]["submitted"]) << "token " << t << " lost its submission";
      const double stored = view["preferences"]["scores"]["Location"]["remote"];
      EXPECT_TRUE(stored == tracks[t].acknowledged || stored == tracks[t].in_flight)
          << "token " << t << ": stored " << stored << ", acknowledged " << tracks[t].acknowledged
          << ", in flight " << tracks[t].in_flight;
      EXPECT_GE(stored, tracks[t].acknowledged);
      ++checked;
    }
    EXPECT_GE(checked, 50);
    EXPECT_GE(acknowledged.load(), 400);
  }
}

}  // namespace
}  // namespace parley::service
