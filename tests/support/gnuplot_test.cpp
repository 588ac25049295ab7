// gnuplot (src/support/gnuplot.hpp): escaping of text put into gnuplot strings, and real runs
// when gnuplot is installed (skipped loudly otherwise).
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "parley/support/error.hpp"
#include "support/gnuplot.hpp"
#include "test_support.hpp"

namespace parley {
namespace {
namespace fs = std::filesystem;
using detail::gnuplot_string;

struct Escape {
  std::string text;
  std::string enhanced;  // gnuplot_string(text)
  std::string plain;     // gnuplot_string(text, false)
};

TEST(SupportGnuplot, StringsEscapeQuotesBackslashesLineBreaksAndEnhancedCharacters) {
  const std::vector<Escape> table = {
      {"Nash", R"("Nash")", R"("Nash")"},
      {"", R"("")", R"("")"},
      {R"(say "hi")", R"("say \"hi\"")", R"("say \"hi\"")"},
      {"it's", R"("it's")", R"("it's")"},
      {R"(a\b)", R"("a\\\\b")", R"("a\\b")"},
      {"two\nlines", R"("two\nlines")", R"("two\nlines")"},
      {"tab\there\r", R"("tab here ")", R"("tab here ")"},
      {"x_1^2", R"("x\\_1\\^2")", R"("x_1^2")"},
      {"@&~{}", R"("\\@\\&\\~\\{\\}")", R"("@&~{}")"},
      {"Zürich €", "\"Zürich €\"", "\"Zürich €\""},
  };
  for (const auto& row : table) {
    EXPECT_EQ(gnuplot_string(row.text), row.enhanced) << row.text;
    EXPECT_EQ(gnuplot_string(row.text, false), row.plain) << row.text;
  }
}

// The SVG terminal writes each text as it will be shown; XML-escaping aside (gnuplot writes &
// as &amp; in some versions), what we put in must come out as written.
TEST(SupportGnuplot, DrawsTitlesExactlyAsWritten) {
  PARLEY_REQUIRE_GNUPLOT();
  test::ScratchFolder dir("parley-gnuplot");
  const std::string enhanced_title = R"(x_1^2 @home {a} back\slash "quoted" it's)";
  const std::string plain_label = R"(plain a_b^c back\slash)";
  const std::string script = "set title " + gnuplot_string(enhanced_title) + "\n" + "set xlabel " +
                             gnuplot_string(plain_label, false) + " noenhanced\nplot x title " +
                             gnuplot_string("key_1") + "\n";
  detail::draw_with_gnuplot(dir / "chart.svg", "svg size 400,300 enhanced", script);
  const std::string svg = test::read_text_file(dir / "chart.svg");
  EXPECT_NE(svg.find(R"(x_1^2 @home {a} back\slash "quoted" it's)"), std::string::npos) << svg;
  EXPECT_NE(svg.find(plain_label), std::string::npos);
  EXPECT_NE(svg.find("key_1"), std::string::npos);
  EXPECT_EQ(dir.names().size(), 1u) << "a temporary file was left beside the chart";
}

TEST(SupportGnuplot, FailureQuotesGnuplotAndKeepsTheOldChart) {
  PARLEY_REQUIRE_GNUPLOT();
  test::ScratchFolder dir("parley-gnuplot");
  {
    std::ofstream old(dir / "chart.svg");
    old << "old chart";
  }
  try {
    detail::draw_with_gnuplot(dir / "chart.svg", "svg", "plot no_such_function_here(x)\n");
    FAIL() << "a broken script drew a chart";
  } catch (const IoError& e) {
    FAIL() << "not an I/O problem: " << e.what();
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("cannot draw " + (dir / "chart.svg").string()), std::string::npos) << what;
    EXPECT_NE(what.find("gnuplot failed (exit status"), std::string::npos) << what;
    EXPECT_NE(what.find("undefined function"), std::string::npos) << "stderr not quoted: " << what;
  }
  EXPECT_EQ(test::read_text_file(dir / "chart.svg"), "old chart");
  EXPECT_EQ(dir.names().size(), 1u);
}

// gnuplot echoes the offending script line above a caret; a plot command holds data and can be
// long, so the message keeps what gnuplot said and drops the echo and the scratch file's name.
TEST(SupportGnuplot, FailureQuotesWhatGnuplotSaidNotTheScript) {
  PARLEY_REQUIRE_GNUPLOT();
  test::ScratchFolder dir("parley-gnuplot");
  try {
    detail::draw_with_gnuplot(
        dir / "chart.svg", "svg",
        "set title 'fine'\nplot no_such_function_here(x) title 'only_in_script'\n");
    FAIL() << "a broken script drew a chart";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("undefined function"), std::string::npos) << what;
    EXPECT_NE(what.find("\"script\" line "), std::string::npos) << what;
    EXPECT_EQ(what.find("only_in_script"), std::string::npos) << "script echoed: " << what;
    EXPECT_EQ(what.find("parley-gnuplot-script"), std::string::npos) << what;
  }
  EXPECT_EQ(dir.names().size(), 0u);
}

TEST(SupportGnuplot, ScriptThatDrawsNothingIsAnError) {
  PARLEY_REQUIRE_GNUPLOT();
  test::ScratchFolder dir("parley-gnuplot");
  EXPECT_THROW(detail::draw_with_gnuplot(dir / "chart.svg", "svg", "print 1\n"), Error);
  EXPECT_EQ(dir.names().size(), 0u);
}

}  // namespace
}  // namespace parley
