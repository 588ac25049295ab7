// Result rows, the crash-safe journal and its merge, and the summary statistics.
#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "tournament_test_support.hpp"

namespace parley {
namespace {

using test::TemporaryFolder;

ResultRow row_for(std::uint64_t index, double utility = 0.5) {
  ResultRow row;
  row.index = index;
  row.scenario = "Job, offer";  // a comma, to exercise CSV quoting
  row.scenario_index = 0;
  row.agents = {"boulware(e=0.2)", "linear"};
  row.seed = job_seed(1, index);
  row.agreement = index % 2 == 0;
  row.outcome = row.agreement ? "salary=70, remote=\"full\"" : "";
  row.utilities = {utility, 1.0 / 3.0};
  row.payoffs = {utility * 0.75, 1.0 / 3.0};
  row.advantages = {utility - 0.25, 1.0 / 3.0};
  row.welfare = utility + 1.0 / 3.0;
  row.rounds = 17;
  row.end = row.agreement ? "agreement" : "deadline";
  row.distance_frontier = 0.125;
  row.distance_nash = std::numeric_limits<double>::quiet_NaN();
  row.distance_kalai_smorodinsky = 0.1;
  row.seconds = 0.001;
  return row;
}

TEST(ResultRow, JsonRoundTripIsExact) {
  const ResultRow row = row_for(4, 0.1 + 0.2);
  const auto back = parse_json_line(to_json_line(row, true));
  ASSERT_TRUE(back);
  EXPECT_EQ(to_json_line(*back, true), to_json_line(row, true));
  EXPECT_EQ(back->utilities[0], 0.1 + 0.2);  // bit for bit
  EXPECT_TRUE(std::isnan(back->distance_nash));
  EXPECT_EQ(back->outcome, row.outcome);
  EXPECT_FALSE(parse_json_line(to_json_line(row, true).substr(0, 40)));
  EXPECT_FALSE(parse_json_line("{\"index\": 3}"));
}

// Journal lines are read back field by field with their JSON types: a number is never taken for
// a string or the reverse, every field is required once, unknown fields (of a later version) are
// skipped whatever they hold, and the doubles come back bit for bit.
TEST(ResultRow, ParsingChecksEveryFieldsType) {
  const std::string line = to_json_line(row_for(4), true);
  ASSERT_TRUE(parse_json_line(line));
  auto edited = [&](const std::string& from, const std::string& to) {
    std::string text = line;
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return at == std::string::npos ? text : text.replace(at, from.size(), to);
  };
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"\"index\":4", "\"index\":\"4\""},                       // a string for a number
      {"\"index\":4", "\"index\":4.0"},                         // not a whole number
      {"\"index\":4", "\"index\":-4"},                          // negative
      {"\"index\":4", "\"index\":18446744073709551616"},        // 2^64
      {"\"repetition\":", "\"repetition\":4294967296,\"x\":"},  // 2^32 in a 32-bit field
      {"\"agreement\":", "\"agreement\":1,\"y\":"},             // a number for a boolean
      {"\"welfare\":", "\"welfare\":\"0.5\",\"z\":"},           // a string for a number
      {"\"seconds\":0.001", "\"seconds\":null"},                // the time is a number
      {"\"agents\":[", "\"agents\":[1,"},                       // a number among the names
      {"\"utilities\":[", "\"utilities\":[null,"},              // utilities are never null
      {"\"utilities\":[", "\"utilities\":[[1],"},               // nested list
      {"\"outcome\":", "\"outcome\":{},\"w\":"},                // an object for a string
      {"\"index\":4,", "\"index\":4,\"index\":4,"},             // a field twice
      {"\"index\":4,", ""},                                     // a field missing
      {"\"welfare\":", "\"welfare\":1e999,\"v\":"},             // out of range
  };
  for (const auto& [from, to] : refused)
    EXPECT_FALSE(parse_json_line(edited(from, to))) << edited(from, to);
  EXPECT_FALSE(parse_json_line(line + " x"));                           // something after the row
  EXPECT_FALSE(parse_json_line("[" + line + "]"));                      // not an object
  EXPECT_FALSE(parse_json_line(edited("\"index\"", "\"in\xff\"")));     // invalid UTF-8
  EXPECT_FALSE(parse_json_line(std::string(line).insert(1, 1, '\0')));  // a NUL byte
  // Unknown fields are skipped, whatever they hold.
  const auto later = parse_json_line(edited(
      "\"index\":4,", "\"index\":4,\"new\":{\"a\":[1,{\"b\":null}],\"c\":\"d\"},\"n\":[[]],"));
  ASSERT_TRUE(later);
  EXPECT_EQ(to_json_line(*later, true), line);
  // Nesting in an unknown field: 1,024 levels are read past, deeper is not a row.
  auto nested = [&](std::size_t depth) {
    return edited("\"index\":4,", "\"index\":4,\"deep\":" + std::string(depth, '[') +
                                      std::string(depth, ']') + ",");
  };
  EXPECT_TRUE(parse_json_line(nested(1024)));
  EXPECT_FALSE(parse_json_line(nested(1025)));
  EXPECT_FALSE(parse_json_line(nested(200000)));
  // Extreme doubles come back bit for bit.
  ResultRow row = row_for(5);
  row.utilities = {5e-324, 1.7976931348623157e308};
  row.payoffs = {-0.0, 0.1 + 0.2};
  row.advantages = {2.2250738585072014e-308, 1.0 / 3.0};
  const auto back = parse_json_line(to_json_line(row, true));
  ASSERT_TRUE(back);
  for (std::size_t p = 0; p < 2; ++p) {
    EXPECT_EQ(std::bit_cast<std::uint64_t>(back->utilities[p]),
              std::bit_cast<std::uint64_t>(row.utilities[p]));
    EXPECT_EQ(std::bit_cast<std::uint64_t>(back->payoffs[p]),
              std::bit_cast<std::uint64_t>(row.payoffs[p]));
    EXPECT_EQ(std::bit_cast<std::uint64_t>(back->advantages[p]),
              std::bit_cast<std::uint64_t>(row.advantages[p]));
  }
}

TEST(ResultRow, CsvQuotesAndPadsParties) {
  const ResultRow row = row_for(2);
  EXPECT_EQ(csv_header(2),
            "index,scenario,scenario_index,repetition,seed,agent_1,agent_2,agreement,outcome,"
            "utility_1,utility_2,payoff_1,payoff_2,advantage_1,advantage_2,welfare,rounds,end,"
            "distance_frontier,"
            "distance_nash,distance_kalai_smorodinsky,failure,failed_agent");
  const std::string line = to_csv_line(row, 3);
  EXPECT_EQ(line, "2,\"Job, offer\",0,0," + std::to_string(job_seed(1, 2)) +
                      ",boulware(e=0.2),linear,,true,\"salary=70, remote=\"\"full\"\"\",0.5,"
                      "0.3333333333333333,,0.375,0.3333333333333333,,0.25,0.3333333333333333,,"
                      "0.8333333333333333,17,"
                      "agreement,0.125,,0.1,,");
}

TEST(Journal, TornLastLineIsDroppedAndMergeSortsByIndex) {
  TemporaryFolder out("journal");
  {
    ResultJournal first(out.path().string(), 0, 0, 0.0);
    for (std::uint64_t i : {0, 2, 4}) first.append(row_for(i));
    ResultJournal second(out.path().string(), 0, 1, 0.0);
    for (std::uint64_t i : {1, 3}) second.append(row_for(i));
  }
  // A killed write leaves half a line without its newline.
  const auto files = std::vector<std::filesystem::path>(
      std::filesystem::directory_iterator(out.path() / "journal"), {});
  ASSERT_EQ(files.size(), 2u);
  {
    std::ofstream torn(out.path() / "journal" / "part-R0-W1-S0.jsonl", std::ios::app);
    torn << to_json_line(row_for(5), true).substr(0, 30);
  }
  JournalState state = read_journal(out.path().string(), 6);
  EXPECT_EQ(state.done_count, 5u);
  EXPECT_EQ(state.dropped_lines, 1u);
  EXPECT_FALSE(state.done[5]);
  // The merge refuses an incomplete journal...
  EXPECT_THROW(merge_journal(out.path().string(), 6, 2, nullptr), Error);
  EXPECT_FALSE(std::filesystem::exists(out.path() / "results.csv"));
  // ...and once job 5 is in a new session file (with a duplicate of job 3), merges in order.
  {
    ResultJournal resumed(out.path().string(), 0, 1, 0.0);
    EXPECT_EQ(std::filesystem::path(resumed.path()).filename(), "part-R0-W1-S1.jsonl");
    resumed.append(row_for(3));
    resumed.append(row_for(5));
  }
  std::vector<std::uint64_t> order;
  EXPECT_EQ(merge_journal(out.path().string(), 6, 2,
                          [&](const ResultRow& row) { order.push_back(row.index); }),
            6u);
  EXPECT_EQ(order, (std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5}));
  std::string expected;
  for (std::uint64_t i = 0; i < 6; ++i) expected += to_json_line(row_for(i), false) + "\n";
  EXPECT_EQ(test::read_text(out / "results.jsonl"), expected);
  const std::string timings = test::read_text(out / "timings.csv");
  EXPECT_EQ(timings.substr(0, timings.find('\n')), "index,seconds");
}

TEST(ResultRow, SplitTimeGivesTheLineWithoutTime) {
  for (double seconds : {0.001, 1.5e-05, 12.0}) {
    ResultRow row = row_for(7, 0.1 + 0.2);
    row.seconds = seconds;
    const std::string line = to_json_line(row, true);
    const auto [reproducible, time] = split_time(line);
    EXPECT_EQ(reproducible, to_json_line(row, false));
    EXPECT_EQ(std::stod(std::string(time)), seconds);
  }
  const std::string untimed = to_json_line(row_for(1), false);
  EXPECT_EQ(split_time(untimed).first, untimed);
  EXPECT_EQ(split_time(untimed).second, "");
}

// Many rows over several files (more than the merge's per-file queues hold), with duplicates:
// the merged files do not depend on the number of merge threads, and a gap is refused.
TEST(Journal, MergeOfManyRowsIsTheSameOnAnyNumberOfThreads) {
  TemporaryFolder out("journal-many");
  constexpr std::uint64_t rows = 9000;
  {
    std::vector<std::unique_ptr<ResultJournal>> parts;
    for (std::uint32_t w = 0; w < 3; ++w)
      parts.push_back(std::make_unique<ResultJournal>(out.path().string(), 0, w, 60.0));
    for (std::uint64_t i = 0; i < rows; ++i) {
      ResultRow row = row_for(i, static_cast<double>(i) / rows);
      row.seconds = static_cast<double>(i) * 1e-6;
      // Blocks of 50 jobs per worker, as the job cursor hands them out.
      parts[(i / 50) % 3]->append(row);
      if (i % 997 == 0) parts[(i / 50 + 1) % 3]->append(row);  // done twice (a resumed run)
    }
  }
  std::string expected_jsonl, expected_timings = "index,seconds\n";
  std::string expected_csv = csv_header(2) + "\n";
  for (std::uint64_t i = 0; i < rows; ++i) {
    ResultRow row = row_for(i, static_cast<double>(i) / rows);
    row.seconds = static_cast<double>(i) * 1e-6;
    expected_jsonl += to_json_line(row, false) + "\n";
    expected_csv += to_csv_line(row, 2) + "\n";
  }
  for (std::uint32_t threads : {1u, 2u, 3u, 8u}) {
    std::vector<std::uint64_t> order;
    EXPECT_EQ(merge_journal(
                  out.path().string(), rows, 2,
                  [&](const ResultRow& row) { order.push_back(row.index); }, threads),
              rows);
    ASSERT_EQ(order.size(), rows);
    EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
    EXPECT_EQ(test::read_text(out / "results.jsonl"), expected_jsonl) << threads;
    EXPECT_EQ(test::read_text(out / "results.csv"), expected_csv) << threads;
    const std::string timings = test::read_text(out / "timings.csv");
    EXPECT_EQ(std::count(timings.begin(), timings.end(), '\n'), static_cast<long>(rows + 1));
  }
  // One more job than the journal holds: the merge names the missing one.
  try {
    merge_journal(out.path().string(), rows + 1, 2, nullptr, 2);
    ADD_FAILURE() << "an incomplete journal was merged";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("holds 9000 of 9001"), std::string::npos) << e.what();
  }
}

// The live merge is told about each write and never needs to poll: with its safety-net rescan
// an hour away, every row still reaches the merged files (and the summary callback) before
// finish() is called, one announced write at a time and in a burst larger than its queues.
// A lost wake-up would leave the merge asleep for the hour; the test allows 30 s per step.
TEST(Journal, LiveMergeFollowsAnnouncedWritesWithoutPolling) {
  TemporaryFolder out("journal-live");
  constexpr std::uint64_t one_by_one = 40, burst = 6000, rows = one_by_one + burst;
  std::mutex mutex;
  std::condition_variable merged_more;
  std::uint64_t merged = 0;
  auto wait_merged = [&](std::uint64_t count) {
    std::unique_lock lock(mutex);
    return merged_more.wait_for(lock, std::chrono::seconds(30), [&] { return merged >= count; });
  };
  const auto started = std::chrono::steady_clock::now();
  JournalMerge merge(
      out.path().string(), rows, 2,
      [&](const ResultRow& row) {
        std::lock_guard lock(mutex);
        EXPECT_EQ(row.index, merged);
        ++merged;
        merged_more.notify_all();
      },
      2, true, 3600.0);
  {
    ResultJournal first(out.path().string(), 0, 0, 60.0), second(out.path().string(), 0, 1, 60.0);
    for (std::uint64_t i = 0; i < one_by_one; ++i) {
      ResultJournal& journal = i % 2 ? second : first;
      journal.append(row_for(i));
      merge.appended(journal.path());
      ASSERT_TRUE(wait_merged(i + 1)) << "row " << i << " was not merged";
    }
    std::string lines;
    for (std::uint64_t i = one_by_one; i < rows; ++i)
      lines += to_json_line(row_for(i), true) + "\n";
    first.append_lines(lines);
    merge.appended(first.path());
    ASSERT_TRUE(wait_merged(rows)) << "the burst was not merged";
  }
  EXPECT_EQ(merge.finish(), rows);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(60));
  const std::string csv = test::read_text(out / "results.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), static_cast<long>(rows + 1));
}

// Rows count as done when the sync policy says so: with an interval, as soon as they are
// written (in the writer's thread); without one, only once the fdatasync that covers them
// returned (from the journal's committer thread), in order; sync() returns once every
// write before it is durable and counted.
TEST(Journal, RowsCountAsDoneWhenTheSyncPolicySays) {
  TemporaryFolder out("journal-count");
  const auto caller = std::this_thread::get_id();
  {
    ResultJournal journal(out.path().string(), 0, 0, 60.0);
    bool counted = false;
    journal.append_lines(to_json_line(row_for(0), true) + "\n", [&] {
      EXPECT_EQ(std::this_thread::get_id(), caller);
      counted = true;
    });
    EXPECT_TRUE(counted);
  }
  ResultJournal journal(out.path().string(), 0, 1, 0.0);
  std::mutex mutex;
  std::vector<std::uint64_t> counted;
  constexpr std::uint64_t writes = 200;
  for (std::uint64_t i = 0; i < writes; ++i)
    journal.append_lines(to_json_line(row_for(i), true) + "\n", [&, i] {
      EXPECT_NE(std::this_thread::get_id(), caller);
      std::lock_guard lock(mutex);
      counted.push_back(i);
    });
  journal.sync();
  std::lock_guard lock(mutex);
  ASSERT_EQ(counted.size(), writes);
  EXPECT_TRUE(std::is_sorted(counted.begin(), counted.end()));
  EXPECT_EQ(read_journal(out.path().string(), writes).done_count, writes);
}

TEST(Journal, OutputFolderGuards) {
  TemporaryFolder out("guard");
  TournamentSpec spec;
  spec.agents = {"alpha"};
  prepare_output(out.path().string(), spec, 10, false);
  {
    ResultJournal journal(out.path().string(), 0, 0);
    journal.append(row_for(0));
  }
  // A second fresh run into the same folder would mix two runs: refused.
  EXPECT_THROW(prepare_output(out.path().string(), spec, 10, false), InputError);
  // Resuming the same tournament is fine; resuming a different one is refused.
  EXPECT_NO_THROW(prepare_output(out.path().string(), spec, 10, true));
  spec.seed = 2;
  EXPECT_THROW(prepare_output(out.path().string(), spec, 10, true), InputError);
}

TEST(Summary, MeansIntervalsAndRanksByHand) {
  TournamentSpec spec;
  spec.agents = {"a", "b", "c"};
  SummaryBuilder builder(spec, {"s"});
  // a meets b four times: a gets utilities 1,2,3,4 but, discounted, payoffs 0.1,0.2,0.3,0.4; b
  // gets 0.1 (payoff 0.05) each time. c meets c once (0.5, 0.5, undiscounted).
  for (int k = 1; k <= 4; ++k) {
    ResultRow row;
    row.agents = {"a", "b"};
    row.utilities = {static_cast<double>(k), 0.1};
    row.payoffs = {k / 10.0, 0.05};
    row.advantages = {static_cast<double>(k), 0.1};
    row.welfare = k + 0.1;
    row.agreement = k != 4;
    builder.add(row);
  }
  ResultRow self;
  self.agents = {"c", "c"};
  self.utilities = {0.5, 0.5};
  self.payoffs = {0.5, 0.5};
  self.advantages = {0.5, 0.5};
  self.welfare = 1.0;
  self.failure = "exception: x";
  self.failed_agent = "c";
  builder.add(self);
  const TournamentSummary summary = builder.finish();
  EXPECT_EQ(summary.negotiations, 5u);
  // Ranked by payoff: c (0.5), a (0.25), b (0.05); by utility a would lead.
  ASSERT_EQ(summary.agents.size(), 3u);
  const AgentSummary& c = summary.agents[0];
  const AgentSummary& a = summary.agents[1];
  const AgentSummary& b = summary.agents[2];
  ASSERT_EQ(c.agent, "c");
  ASSERT_EQ(a.agent, "a");
  ASSERT_EQ(b.agent, "b");
  EXPECT_DOUBLE_EQ(a.utility.mean, 2.5);
  // Sample standard deviation of 1,2,3,4 is sqrt(5/3); t(0.975, 3) = 3.182; n = 4.
  EXPECT_NEAR(a.utility.half_width, 3.182 * std::sqrt(5.0 / 3.0) / 2.0, 1e-12);
  EXPECT_DOUBLE_EQ(a.payoff.mean, 0.25);
  EXPECT_NEAR(a.payoff.half_width, 3.182 * std::sqrt(5.0 / 3.0) / 20.0, 1e-12);
  EXPECT_DOUBLE_EQ(a.agreement.mean, 0.75);
  EXPECT_EQ(c.negotiations, 2u);  // both seats of the self-play
  EXPECT_EQ(c.failures, 1u);      // one failed negotiation, counted once
  EXPECT_DOUBLE_EQ(b.payoff.mean, 0.05);
  EXPECT_DOUBLE_EQ(b.utility.half_width, 0.0);
  // a's payoff interval [0.0446, 0.4554] lies wholly below c (0.5 ± 0) and overlaps b (0.05):
  // c is surely first; a and b share ranks 2-3.
  EXPECT_EQ(c.rank, 1u);
  EXPECT_EQ(c.rank_best, 1u);
  EXPECT_EQ(c.rank_worst, 1u);
  EXPECT_EQ(a.rank, 2u);
  EXPECT_EQ(a.rank_best, 2u);
  EXPECT_EQ(a.rank_worst, 3u);
  EXPECT_EQ(b.rank, 3u);
  EXPECT_EQ(b.rank_best, 2u);
  EXPECT_EQ(b.rank_worst, 3u);
  const std::string text = render_summary(summary);
  EXPECT_NE(text.find("2 [2-3]"), std::string::npos) << text;
}

TEST(Summary, AnacTracksAndModelQualityByHand) {
  TournamentSpec spec;
  spec.agents = {"a", "b", "c"};
  SummaryBuilder builder(spec, {"s"});
  const double none = std::numeric_limits<double>::quiet_NaN();
  auto add = [&](std::vector<std::string> agents, double welfare, double nash,
                 std::vector<double> pearson) {
    ResultRow row;
    row.agents = std::move(agents);
    row.utilities = row.payoffs = row.advantages = {welfare / 2, welfare / 2};
    row.welfare = welfare;
    row.distance_nash = nash;
    row.model_pearson = pearson;
    row.model_kendall_tau = pearson;
    row.model_frontier_distance = {0.5, 0.25};
    builder.add(row);
  };
  // a: welfare 1.0, 1.2 (mean 1.1), Nash 0.1, 0.3 (0.2), Pearson 0.8, 0.6 (0.7).
  // b: welfare 1.0, 0.8 (0.9), Nash 0.1, NaN (0.1: no Nash point is not a value), no model.
  // c: welfare 1.2, 0.8 (1.0), Nash 0.3, NaN (0.3), Pearson 0.2 (its other seat: no model).
  add({"a", "b"}, 1.0, 0.1, {0.8, none});
  add({"c", "a"}, 1.2, 0.3, {0.2, 0.6});
  add({"b", "c"}, 0.8, none, {none, none});
  const TournamentSummary summary = builder.finish();
  std::map<std::string, AgentSummary> by_name;
  for (const auto& agent : summary.agents) by_name[agent.agent] = agent;
  EXPECT_DOUBLE_EQ(by_name["a"].welfare.mean, 1.1);
  EXPECT_EQ(by_name["a"].rank_welfare, 1u);
  EXPECT_EQ(by_name["c"].rank_welfare, 2u);
  EXPECT_EQ(by_name["b"].rank_welfare, 3u);
  EXPECT_DOUBLE_EQ(by_name["b"].distance_nash.mean, 0.1);
  EXPECT_DOUBLE_EQ(by_name["a"].distance_nash.mean, 0.2);
  EXPECT_EQ(by_name["b"].rank_nash, 1u);
  EXPECT_EQ(by_name["a"].rank_nash, 2u);
  EXPECT_EQ(by_name["c"].rank_nash, 3u);
  EXPECT_DOUBLE_EQ(by_name["a"].model_pearson.mean, 0.7);
  EXPECT_EQ(by_name["a"].model_pearson.count, 2u);
  EXPECT_DOUBLE_EQ(by_name["c"].model_pearson.mean, 0.2);
  EXPECT_EQ(by_name["b"].model_pearson.count, 0u);
  const std::string text = render_summary(summary);
  EXPECT_NE(text.find("ANAC tracks"), std::string::npos) << text;
  EXPECT_NE(text.find("Opponent models"), std::string::npos) << text;
  // Rows carry the model columns through JSON, NaN as null.
  ResultRow row = row_for(1);
  row.model_pearson = {0.5, none};
  row.model_kendall_tau = {0.25, none};
  row.model_frontier_distance = {0.125, none};
  const std::string line = to_json_line(row, true);
  EXPECT_NE(line.find("\"model_quality\":{\"pearson\":[0.5,null]"), std::string::npos) << line;
  const auto back = parse_json_line(line);
  ASSERT_TRUE(back);
  EXPECT_EQ(to_json_line(*back, true), line);
  EXPECT_TRUE(std::isnan(back->model_pearson[1]));
  // A model list of the wrong length is not a row.
  std::string bad = line;
  bad.replace(bad.find("[0.5,null]"), 10, "[0.5]");
  EXPECT_FALSE(parse_json_line(bad));
}

// Deterministic agents repeat themselves: a pairing whose repetitions all gave the same result is
// one sample, so repetitions cannot shrink the intervals; a pairing whose repetitions differ
// (randomised agents) gives one sample per repetition.
TEST(Summary, IdenticalRepetitionsAreOneSample) {
  TournamentSpec spec;
  spec.agents = {"a", "b"};
  SummaryBuilder builder(spec, {"s", "t"});
  auto row = [](std::uint32_t scenario, std::uint32_t repetition, double u) {
    ResultRow r;
    r.scenario_index = scenario;
    r.repetition = repetition;
    r.seed = 100 + repetition;  // seeds differ between repetitions; the result may not
    r.agents = {"a", "b"};
    r.utilities = {u, 1.0 - u};
    r.payoffs = r.utilities;
    r.advantages = r.utilities;
    r.welfare = 1.0;
    r.agreement = true;
    r.rounds = 10;
    return r;
  };
  // Scenario s: 5 identical repetitions (u = 0.2): one sample. Scenario t: 3 repetitions with
  // 0.4, 0.6, 0.8: three samples.
  for (std::uint32_t k = 0; k < 5; ++k) builder.add(row(0, k, 0.2));
  builder.add(row(1, 0, 0.4));
  builder.add(row(1, 1, 0.6));
  builder.add(row(1, 2, 0.8));
  const TournamentSummary summary = builder.finish();
  EXPECT_EQ(summary.negotiations, 8u);
  EXPECT_EQ(summary.samples, 4u);
  const AgentSummary& a = summary.agents[0].agent == "a" ? summary.agents[0] : summary.agents[1];
  EXPECT_EQ(a.negotiations, 8u);
  EXPECT_EQ(a.utility.count, 4u);
  // The mean is over the 8 negotiations: (5 x 0.2 + 0.4 + 0.6 + 0.8) / 8 = 0.35; their variance
  // (divided by n) is 0.38 / 8 = 0.0475; with k = 4 samples the standard error is
  // sqrt(0.0475 / 3) and t(0.975, 3) = 3.182. (Counting 8 samples would give
  // 2.365 * sqrt(0.38 / 7 / 8), less than half as wide.)
  EXPECT_NEAR(a.utility.mean, 0.35, 1e-12);
  EXPECT_NEAR(a.utility.half_width, 3.182 * std::sqrt(0.0475 / 3.0), 1e-12);
  ASSERT_EQ(summary.scenarios.size(), 2u);
  EXPECT_EQ(summary.scenarios[0].negotiations, 5u);
  EXPECT_EQ(summary.scenarios[0].agreement.count, 1u);
  EXPECT_EQ(summary.scenarios[0].welfare.half_width, 0.0);
  EXPECT_EQ(summary.scenarios[1].negotiations, 3u);
  EXPECT_EQ(summary.scenarios[1].agreement.count, 3u);
  const std::string text = render_summary(summary);
  EXPECT_NE(text.find("8 negotiations, 4 independent samples"), std::string::npos) << text;
}

// One different repetition makes every repetition of the pairing a sample.
TEST(Summary, RepetitionsThatDifferAreEachASample) {
  TournamentSpec spec;
  spec.agents = {"a", "b"};
  SummaryBuilder builder(spec, {"s"});
  for (std::uint32_t k = 0; k < 4; ++k) {
    ResultRow r;
    r.repetition = k;
    r.agents = {"a", "b"};
    const double u = k == 3 ? 0.9 : 0.5;
    r.utilities = {u, u};
    r.payoffs = r.utilities;
    r.advantages = r.utilities;
    r.welfare = 2 * u;
    builder.add(r);
  }
  const TournamentSummary summary = builder.finish();
  EXPECT_EQ(summary.samples, 4u);
  EXPECT_EQ(summary.agents[0].utility.count, 4u);
  EXPECT_NEAR(summary.agents[0].utility.mean, 0.6, 1e-12);
}

// Self-play with identical repetitions: one sample per seat.
TEST(Summary, IdenticalSelfPlayIsOneSamplePerSeat) {
  TournamentSpec spec;
  spec.agents = {"c"};
  SummaryBuilder builder(spec, {"s"});
  for (std::uint32_t k = 0; k < 3; ++k) {
    ResultRow r;
    r.repetition = k;
    r.agents = {"c", "c"};
    r.utilities = {0.3, 0.7};
    r.payoffs = r.utilities;
    r.advantages = r.utilities;
    r.welfare = 1.0;
    builder.add(r);
  }
  const TournamentSummary summary = builder.finish();
  EXPECT_EQ(summary.negotiations, 3u);
  EXPECT_EQ(summary.samples, 1u);
  EXPECT_EQ(summary.agents[0].negotiations, 6u);  // seats, as in MeansIntervalsAndRanksByHand
  EXPECT_EQ(summary.agents[0].utility.count, 2u);
  EXPECT_NEAR(summary.agents[0].utility.mean, 0.5, 1e-12);
  // Values 0.3 x 3 and 0.7 x 3: variance over the six seats 0.04; k = 2: 12.706 * sqrt(0.04).
  EXPECT_NEAR(summary.agents[0].utility.half_width, 12.706 * 0.2, 1e-12);
}

}  // namespace
}  // namespace parley
