// The wire between the static parley and its MILP helper (src/fair/milp_wire.hpp): what goes in
// comes out bit for bit, an error reply becomes the solver's message, and a truncated or
// inconsistent stream is refused rather than read past.
#include <sys/socket.h>
#include <unistd.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include <gtest/gtest.h>

#include "fair/milp_wire.hpp"
#include "parley/support/error.hpp"

namespace parley::fair::detail {
namespace {

// A connected pair of sockets, closed at the end.
struct Pair {
  int ends[2] = {-1, -1};
  Pair() { EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, ends), 0); }
  ~Pair() {
    for (const int end : ends)
      if (end >= 0) ::close(end);
  }
  void close_writer() {
    ::close(ends[0]);
    ends[0] = -1;
  }
};

MilpModel sample_model() {
  MilpModel model;
  model.lower = {0.0, -1.5, -0.0};
  model.upper = {1.0, std::numeric_limits<double>::infinity(), 0.1 + 0.2};
  model.objective = {1.0 / 3.0, -2.0, 5e-324};
  model.integer = {1, 0, 1};
  model.rows.push_back({{0, 2}, {1.0, -1.0}, 'L', 0.5});
  model.rows.push_back({{1}, {2.0}, 'E', -0.25});
  model.rows.push_back({{}, {}, 'G', 0.0});
  model.maximise = true;
  return model;
}

std::uint64_t bits(double x) { return std::bit_cast<std::uint64_t>(x); }

TEST(MilpWire, RequestRoundTripsBitForBit) {
  const MilpModel model = sample_model();
  Pair pair;
  ASSERT_TRUE(send_all(pair.ends[0], encode_request(model, 250)));
  MilpModel back;
  int node_limit = 0;
  ASSERT_TRUE(read_request(pair.ends[1], back, node_limit));
  EXPECT_EQ(node_limit, 250);
  EXPECT_TRUE(back.maximise);
  ASSERT_EQ(back.lower.size(), 3u);
  for (std::size_t c = 0; c < 3; ++c) {
    EXPECT_EQ(bits(back.lower[c]), bits(model.lower[c]));
    EXPECT_EQ(bits(back.upper[c]), bits(model.upper[c]));
    EXPECT_EQ(bits(back.objective[c]), bits(model.objective[c]));
    EXPECT_EQ(back.integer[c], model.integer[c]);
  }
  ASSERT_EQ(back.rows.size(), 3u);
  EXPECT_EQ(back.rows[0].columns, (std::vector<int>{0, 2}));
  EXPECT_EQ(back.rows[0].coefficients, (std::vector<double>{1.0, -1.0}));
  EXPECT_EQ(back.rows[1].sense, 'E');
  EXPECT_EQ(back.rows[1].rhs, -0.25);
  EXPECT_TRUE(back.rows[2].columns.empty());
  // The end of the stream: no more requests.
  pair.close_writer();
  EXPECT_FALSE(read_request(pair.ends[1], back, node_limit));
}

TEST(MilpWire, SolutionAndErrorReplies) {
  MilpSolution solution;
  solution.optimal = true;
  solution.node_limit_reached = false;
  solution.objective = 0.1 + 0.7;
  solution.values = {1.0, -0.0, 2.0 / 3.0};
  Pair pair;
  ASSERT_TRUE(send_all(pair.ends[0], encode_solution(solution) + encode_error("CBC: no memory")));
  MilpSolution back;
  read_reply(pair.ends[1], back, "parley-milp");
  EXPECT_TRUE(back.optimal);
  EXPECT_FALSE(back.node_limit_reached);
  EXPECT_EQ(bits(back.objective), bits(solution.objective));
  ASSERT_EQ(back.values.size(), 3u);
  EXPECT_EQ(bits(back.values[1]), bits(-0.0));
  EXPECT_EQ(bits(back.values[2]), bits(2.0 / 3.0));
  try {
    read_reply(pair.ends[1], back, "parley-milp");
    FAIL() << "an error reply was not thrown";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "CBC: no memory");
  }
  // The helper gone before answering: named, not read past.
  pair.close_writer();
  try {
    read_reply(pair.ends[1], back, "/x/parley-milp");
    FAIL() << "the end of the stream was not reported";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/x/parley-milp stopped before answering"),
              std::string::npos)
        << e.what();
  }
}

TEST(MilpWire, InconsistentRequestsAreRefused) {
  // A row naming a column the model does not have.
  MilpModel bad_column = sample_model();
  bad_column.rows[0].columns[1] = 3;
  // A row with more columns than coefficients.
  MilpModel bad_row = sample_model();
  bad_row.rows[1].coefficients.push_back(1.0);
  // Bounds of another length than the objective.
  MilpModel bad_bounds = sample_model();
  bad_bounds.upper.pop_back();
  for (const MilpModel* model : {&bad_column, &bad_row, &bad_bounds}) {
    Pair pair;
    ASSERT_TRUE(send_all(pair.ends[0], encode_request(*model, 0)));
    pair.close_writer();
    MilpModel back;
    int node_limit = 0;
    EXPECT_FALSE(read_request(pair.ends[1], back, node_limit));
  }
  // A request cut short.
  Pair pair;
  const std::string request = encode_request(sample_model(), 0);
  ASSERT_TRUE(send_all(pair.ends[0], request.substr(0, request.size() - 3)));
  pair.close_writer();
  MilpModel back;
  int node_limit = 0;
  EXPECT_FALSE(read_request(pair.ends[1], back, node_limit));
}

}  // namespace
}  // namespace parley::fair::detail
