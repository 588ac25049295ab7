// A mediation server on a free loopback port, run in a thread of the test, its log captured.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "parley/service/mediation_service.hpp"
#include "parley/service/server.hpp"
#include "parley/service/store.hpp"
#include "service_test_support.hpp"

namespace parley::service::test {

class RunningServer {
 public:
  explicit RunningServer(ServerOptions options = {}, const std::string& database_file = {})
      : database_(database_file.empty() ? folder_.file("service.db") : database_file),
        mediation_(database_) {
    options.host = "127.0.0.1";
    options.port = 0;
    options.log = [this](const std::string& line) {
      std::lock_guard lock(mutex_);
      log_ += line + "\n";
    };
    server_ = std::make_unique<Server>(mediation_, options);
    port_ = server_->bind();
    thread_ = std::thread([this] { server_->run(); });
    while (!server_->running()) std::this_thread::yield();
  }
  ~RunningServer() {
    server_->stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::string log() {
    std::lock_guard lock(mutex_);
    return log_;
  }
  Database& database() { return database_; }

 private:
  TemporaryFolder folder_;
  Database database_;
  MediationService mediation_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mutex_;
  std::string log_;
};

}  // namespace parley::service::test
