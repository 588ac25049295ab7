#include "milp_wire.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "parley/support/error.hpp"

namespace parley::fair::detail {
namespace {

// Requests beyond these sizes are not models parley builds (they would not fit in memory).
constexpr std::uint64_t max_count = std::uint64_t{1} << 32;

template <typename T>
void put(std::string& out, const T& value) {
  static_assert(std::is_trivially_copyable_v<T>);
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

template <typename T>
void put_vector(std::string& out, const std::vector<T>& values) {
  put(out, static_cast<std::uint64_t>(values.size()));
  out.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
}

// Reads exactly `size` bytes; false at the end of the stream or on an error.
bool read_exact(int fd, void* into, std::size_t size) {
  auto* bytes = static_cast<char*>(into);
  while (size > 0) {
    const ssize_t n = ::read(fd, bytes, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

template <typename T>
bool get(int fd, T& value) {
  return read_exact(fd, &value, sizeof value);
}

template <typename T>
bool get_vector(int fd, std::vector<T>& values) {
  std::uint64_t size = 0;
  if (!get(fd, size) || size > max_count) return false;
  values.resize(size);
  return read_exact(fd, values.data(), size * sizeof(T));
}

}  // namespace

std::string encode_request(const MilpModel& model, int node_limit) {
  std::string out;
  put(out, static_cast<std::int32_t>(node_limit));
  put(out, static_cast<std::uint8_t>(model.maximise));
  put_vector(out, model.lower);
  put_vector(out, model.upper);
  put_vector(out, model.objective);
  put_vector(out, model.integer);
  put(out, static_cast<std::uint64_t>(model.rows.size()));
  for (const auto& row : model.rows) {
    put_vector(out, row.columns);
    put_vector(out, row.coefficients);
    put(out, row.sense);
    put(out, row.rhs);
  }
  return out;
}

std::string encode_solution(const MilpSolution& solution) {
  std::string out;
  put(out, std::uint8_t{0});
  put(out, static_cast<std::uint8_t>(solution.optimal));
  put(out, static_cast<std::uint8_t>(solution.node_limit_reached));
  put(out, solution.objective);
  put_vector(out, solution.values);
  return out;
}

std::string encode_error(const std::string& message) {
  std::string out;
  put(out, std::uint8_t{1});
  put(out, static_cast<std::uint64_t>(message.size()));
  out += message;
  return out;
}

bool read_request(int fd, MilpModel& model, int& node_limit) {
  std::int32_t limit = 0;
  std::uint8_t maximise = 0;
  std::uint64_t rows = 0;
  if (!get(fd, limit) || !get(fd, maximise) || !get_vector(fd, model.lower) ||
      !get_vector(fd, model.upper) || !get_vector(fd, model.objective) ||
      !get_vector(fd, model.integer) || !get(fd, rows) || rows > max_count)
    return false;
  const std::size_t columns = model.lower.size();
  if (model.upper.size() != columns || model.objective.size() != columns ||
      model.integer.size() != columns)
    return false;
  model.rows.assign(rows, {});
  for (auto& row : model.rows) {
    if (!get_vector(fd, row.columns) || !get_vector(fd, row.coefficients) || !get(fd, row.sense) ||
        !get(fd, row.rhs) || row.columns.size() != row.coefficients.size())
      return false;
    for (const int column : row.columns)
      if (column < 0 || static_cast<std::size_t>(column) >= columns) return false;
  }
  model.maximise = maximise != 0;
  node_limit = limit;
  return true;
}

void read_reply(int fd, MilpSolution& solution, const std::string& solver) {
  std::uint8_t status = 0;
  if (!get(fd, status)) throw Error(solver + " stopped before answering (see its message above)");
  if (status == 1) {
    std::uint64_t size = 0;
    std::string message;
    if (get(fd, size) && size <= (1u << 20)) {
      message.resize(size);
      if (read_exact(fd, message.data(), size)) throw Error(message);
    }
    throw Error(solver + " sent a truncated error message");
  }
  std::uint8_t optimal = 0, node_limit_reached = 0;
  if (status != 0 || !get(fd, optimal) || !get(fd, node_limit_reached) ||
      !get(fd, solution.objective) || !get_vector(fd, solution.values))
    throw Error(solver + " sent a malformed reply (a parley-milp of another parley version?)");
  solution.optimal = optimal != 0;
  solution.node_limit_reached = node_limit_reached != 0;
}

bool send_all(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace parley::fair::detail
