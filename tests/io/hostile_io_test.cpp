// Hostile input to every scenario loader (issue 15): deep nesting, huge counts, overflowing
// sums, invalid UTF-8, paths the system refuses. Each test is named after the failure it guards
// and checks the InputError's file, field and what was found, not only that something threw.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "parley/io/io.hpp"
#include "parley/model/limits.hpp"
#include "parley/support/error.hpp"
#include "test_support.hpp"

namespace parley {
namespace {

namespace fs = std::filesystem;
using test::repeat_text;
using test::write_text_file;

// The InputError `load` throws (a failure when it throws nothing or something else).
template <class Load>
InputError input_error(Load&& load) {
  try {
    load();
  } catch (const InputError& e) {
    return e;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not an InputError: " << e.what();
  }
  ADD_FAILURE() << "no InputError";
  return InputError("", std::nullopt, "", "", "");
}

const std::string kTwoParties =
    "parties:\n"
    "  - name: p1\n"
    "    weights: {a: 1}\n"
    "    scores: {a: {x: 1, y: 2}}\n"
    "  - name: p2\n"
    "    weights: {a: 1}\n"
    "    scores: {a: {x: 2, y: 1}}\n";

TEST(NativeYaml, FlowListsNested100000DeepAreAnInputError) {
  const std::string text =
      "parley: 1\nissues: " + repeat_text("[", 100'000) + repeat_text("]", 100'000) + "\n";
  Warnings warnings;
  const InputError e = input_error([&] { parse_native(text, "deep.yaml", warnings); });
  EXPECT_EQ(e.file(), "deep.yaml");
  EXPECT_EQ(e.field(), "YAML nesting");
  EXPECT_EQ(e.line(), 2);
  EXPECT_NE(e.found().find("nested"), std::string::npos) << e.what();
}

TEST(NativeYaml, WeightsOf1e308Plus1e308AreAnInputErrorNotZero) {
  const std::string text =
      "parley: 1\nissues:\n  - name: a\n    options: [x, y]\n  - name: b\n    options: [x, y]\n"
      "parties:\n"
      "  - name: p1\n    weights: {a: 1e308, b: 1e308}\n"
      "    scores: {a: {x: 1, y: 2}, b: {x: 1, y: 2}}\n"
      "  - name: p2\n    weights: {a: 1, b: 1}\n    scores: {a: {x: 1, y: 2}, b: {x: 1, y: 2}}\n";
  Warnings warnings;
  const InputError e = input_error([&] { parse_native(text, "w.yaml", warnings); });
  EXPECT_EQ(e.file(), "w.yaml");
  EXPECT_EQ(e.line(), 9);
  EXPECT_EQ(e.field(), "parties.p1.weights");
  EXPECT_NE(e.found().find("overflows to infinity"), std::string::npos) << e.what();
}

// A YAML file is read as UTF-8 only: a bad byte is refused at its line and column, before any
// field is read.
TEST(NativeYaml, InvalidUtf8IsAnInputErrorAtItsLineAndColumn) {
  const std::string text =
      "parley: 1\nissues:\n  - name: \"ab\xff\"\n    options: [x, y]\n" + kTwoParties;
  Warnings warnings;
  const InputError e = input_error([&] { parse_native(text, "u.yaml", warnings); });
  EXPECT_EQ(e.file(), "u.yaml");
  EXPECT_EQ(e.line(), 3);
  EXPECT_EQ(e.column(), 14);
  EXPECT_EQ(e.field(), "YAML syntax");
  EXPECT_EQ(e.found(), "'invalid leading UTF-8 octet (byte 0xFF)'");
  // The message itself is valid UTF-8 (the byte is escaped).
  EXPECT_EQ(std::string(e.what()).find('\xff'), std::string::npos);
}

// Fuzz finding F4: a text of several lines holding a control character was written as a literal
// block, which the reader refuses. Control characters and carriage returns now go double-quoted
// (escaped) and the texts read back as they were.
TEST(NativeYaml, TextsWithControlCharactersSurviveTheRoundTrip) {
  Warnings warnings;
  const std::string text =
      "parley: 1\ndescription: \"one\\x04\\ntwo\"\nissues:\n  - name: a\n"
      "    description: \"r\\r\\nn\"\n    options: [x, y]\n" +
      kTwoParties + "metadata: {m: \"\\x1b[31m\\nred\"}\n";
  const ScenarioPtr scenario = parse_native(text, "c.yaml", warnings);
  ASSERT_EQ(scenario->description(), "one\x04\ntwo");
  ASSERT_EQ(scenario->issue(0).description(), "r\r\nn");
  const std::string written = to_native(*scenario);
  const ScenarioPtr again = parse_native(written, "c.yaml", warnings);  // same origin line
  EXPECT_EQ(again->description(), "one\x04\ntwo") << written;
  EXPECT_EQ(again->issue(0).description(), "r\r\nn") << written;
  EXPECT_EQ(to_native(*again), written);
}

// Fuzz finding F7: a text of several lines whose first line starts with a blank (a folded block
// with an indentation indicator, ">1") was written as a literal block without one, which reads
// back with the wrong indentation.
TEST(NativeYaml, TextOfSeveralLinesStartingWithABlankSurvivesTheRoundTrip) {
  Warnings warnings;
  const std::string text =
      "parley: 1\nissues:\n  - name: a\n    description: >1\n"
      "      lead\n     next\n    options: [x, y]\n" +
      kTwoParties;
  const ScenarioPtr scenario = parse_native(text, "b.yaml", warnings);
  ASSERT_EQ(scenario->issue(0).description(), " lead\nnext");
  const std::string written = to_native(*scenario);
  const ScenarioPtr again = parse_native(written, "b.yaml", warnings);
  EXPECT_EQ(again->issue(0).description(), " lead\nnext") << written;
  EXPECT_EQ(to_native(*again), written);
}

// A scenario whose names, keys and texts hold ESCAPE (a YAML escape) wherever the template has @.
std::string scenario_with(const std::string& escape) {
  std::string text =
      "parley: 1\nname: \"s@\"\n"
      "issues:\n  - name: \"a@b\"\n    description: \"one@\\ntwo\"\n    options: [x, \"y@\"]\n"
      "parties:\n"
      "  - name: \"p@1\"\n    weights: {\"a@b\": 1}\n    scores: {\"a@b\": {x: 1, \"y@\": 2}}\n"
      "  - name: p2\n    weights: {\"a@b\": 1}\n    scores: {\"a@b\": {x: 2, \"y@\": 1}}\n";
  for (std::size_t at = text.find('@'); at != std::string::npos; at = text.find('@', at))
    text.replace(at, 1, escape);
  return text;
}

// Characters yaml-cpp writes as they are but a YAML 1.1 reader (libyaml) takes for line breaks
// (U+0085, U+2028, U+2029) or refuses (DEL): in names, keys and texts of several lines they are
// written escaped and read back as they were.
TEST(NativeYaml, LineSeparatorsAndDelSurviveTheRoundTrip) {
  for (const std::string escape : {"\\x7F", "\\x85", "\\u2028", "\\u2029"}) {
    SCOPED_TRACE(escape);
    Warnings warnings;
    const ScenarioPtr scenario = parse_native(scenario_with(escape), "s.yaml", warnings);
    const std::string issue_name = scenario->issue(0).name();
    ASSERT_EQ(issue_name.size(), escape == "\\x7F" ? 3u : escape == "\\x85" ? 4u : 5u);
    const std::string written = to_native(*scenario);
    const ScenarioPtr again = parse_native(written, "s.yaml", warnings);
    EXPECT_EQ(again->name(), scenario->name()) << written;
    EXPECT_EQ(again->issue(0).name(), issue_name) << written;
    EXPECT_EQ(again->issue(0).description(), scenario->issue(0).description()) << written;
    EXPECT_EQ(again->issue(0).options()[1].name, scenario->issue(0).options()[1].name);
    EXPECT_EQ(again->party(0).name, scenario->party(0).name);
    EXPECT_EQ(again->utility(0, {1}), 1.0);
    EXPECT_EQ(to_native(*again), written);
  }
}

// U+FFFE and U+FFFF: YAML holds them only escaped, and yaml-cpp's writer turns them into U+FFFD;
// writing such a scenario is refused, never done with the name changed.
TEST(NativeYaml, NonCharactersAreReadButNotWritten) {
  for (const std::string escape : {"\\uFFFE", "\\uFFFF"}) {
    SCOPED_TRACE(escape);
    Warnings warnings;
    const ScenarioPtr scenario = parse_native(scenario_with(escape), "s.yaml", warnings);
    EXPECT_EQ(scenario->issue(0).name(), escape == "\\uFFFE" ? "a\xef\xbf\xbe"
                                                               "b"
                                                             : "a\xef\xbf\xbf"
                                                               "b");
    try {
      to_native(*scenario);
      ADD_FAILURE() << "written";
    } catch (const UnsupportedError& error) {
      EXPECT_NE(std::string(error.what()).find("non-character"), std::string::npos) << error.what();
    }
  }
}

// The header names the file the scenario came from; a line break in that name stays in the
// comment.
TEST(NativeYaml, TheFileNamedInTheHeaderCannotBreakItsCommentLine) {
  Warnings warnings;
  const ScenarioPtr scenario =
      parse_native(scenario_with("!"), "x\nparley: 2\xe2\x80\xa8.yaml", warnings);
  const std::string written = to_native(*scenario);
  EXPECT_NE(written.find("# Written by parley from x?parley: 2?.yaml.\n"), std::string::npos)
      << written;
  EXPECT_EQ(parse_native(written, "again.yaml", warnings)->issue(0).name(), "a!b");
}

// A file that is not UTF-8 is refused at the line of the bad byte (the YAML reader reads only
// UTF-8); a NUL written as an escape is refused in the field that holds it.
TEST(NativeYaml, InvalidUtf8InTheFileAndAnEscapedNulInANameAreInputErrors) {
  Warnings warnings;
  const std::string option =
      "parley: 1\nissues:\n  - name: a\n    options: [x, {name: y, description: \"\xc3\x28\"}]\n" +
      kTwoParties;
  const InputError e1 = input_error([&] { parse_native(option, "o.yaml", warnings); });
  EXPECT_EQ(e1.field(), "YAML syntax");
  EXPECT_EQ(e1.line(), 4);
  EXPECT_EQ(e1.found(), "'invalid trailing UTF-8 octet (byte 0x28)'");
  EXPECT_EQ(e1.expected(),
            "a file in UTF-8 without control characters (tabs and line breaks aside)");
  std::string party = "parley: 1\nissues:\n  - name: a\n    options: [x, y]\n" + kTwoParties;
  party.replace(party.find("name: p2"), 8, "name: \"p\\0\"");  // YAML escape for NUL
  const InputError e2 = input_error([&] { parse_native(party, "p.yaml", warnings); });
  EXPECT_EQ(e2.field(), "parties[2].name");
  EXPECT_EQ(e2.found(), "a NUL byte at byte 1 of 'p\\x00'");
}

TEST(NativeYaml, IssueOf100000OptionsLoadsWithEveryOptionFound) {
  // The quadratic duplicate check and option lookups made this take minutes; the load time is
  // measured by bench_io's BM_LoadNativeManyOptions, here only the result is checked.
  const std::size_t n = 100'000;
  std::string options, scores;
  for (std::size_t i = 0; i < n; ++i) {
    options += (i ? ", o" : "o") + std::to_string(i);
    scores += (i ? ", o" : "o") + std::to_string(i) + ": " + std::to_string(i % 7 + 1);
  }
  const std::string text = "parley: 1\nissues:\n  - name: a\n    options: [" + options +
                           "]\nparties:\n  - name: p1\n    weights: {a: 1}\n    scores: {a: {" +
                           scores + "}}\n  - name: p2\n    weights: {a: 1}\n    utilities: {a: {" +
                           [&] {
                             std::string u;
                             for (std::size_t i = 0; i < n; ++i)
                               u += (i ? ", o" : "o") + std::to_string(i) + ": 0.5";
                             return u;
                           }() +
                           "}}\n";
  Warnings warnings;
  const ScenarioPtr s = parse_native(text, "many.yaml", warnings);
  ASSERT_EQ(s->issue(0).cardinality(), n);
  EXPECT_EQ(s->issue(0).find_value("o99999"), 99'999u);
  EXPECT_EQ(s->issue(0).find_value("o0"), 0u);
  EXPECT_FALSE(s->issue(0).find_value("o100000"));
  // Scores i % 7 + 1 divided by the best (7): option 6 is worth 1, option 7 is worth 1/7.
  EXPECT_DOUBLE_EQ(s->party(0).utility->utility(Outcome{6}), 1.0);
  EXPECT_DOUBLE_EQ(s->party(0).utility->utility(Outcome{7}), 1.0 / 7.0);
  EXPECT_DOUBLE_EQ(s->party(1).utility->utility(Outcome{99'999}), 0.5);
}

TEST(NativeYaml, DuplicateOptionAmongManyIsFoundAtItsLine) {
  std::string options = "  - name: a\n    options:\n";
  for (int i = 0; i < 1000; ++i) options += "      - o" + std::to_string(i) + "\n";
  options += "      - o500\n";
  Warnings warnings;
  const InputError e = input_error(
      [&] { parse_native("parley: 1\nissues:\n" + options + kTwoParties, "d.yaml", warnings); });
  EXPECT_EQ(e.line(), 1005);
  EXPECT_EQ(e.field(), "issues.a.options[1001]");
  EXPECT_EQ(e.found(), "option 'o500' twice");
}

TEST(NativeYaml, NameLongerThanTheLimitIsAnInputError) {
  const std::string name(limits::max_name_bytes + 1, 'n');
  Warnings warnings;
  const InputError e = input_error([&] {
    parse_native("parley: 1\nissues:\n  - name: " + name + "\n    options: [x, y]\n" + kTwoParties,
                 "long.yaml", warnings);
  });
  EXPECT_EQ(e.field(), "issues[1].name");
  EXPECT_EQ(e.expected(), "a name of at most 1024 bytes");
}

TEST(NativeYaml, RealRangeWhoseWidthOverflowsIsAnInputError) {
  const std::string text =
      "parley: 1\nissues:\n  - name: a\n    real: [-1e308, 1e308]\n    steps: 3\n"
      "parties:\n  - name: p1\n    weights: {a: 1}\n    functions: {a: {constant: 1}}\n"
      "  - name: p2\n    weights: {a: 1}\n    functions: {a: {constant: 0}}\n";
  Warnings warnings;
  const InputError e = input_error([&] { parse_native(text, "r.yaml", warnings); });
  EXPECT_EQ(e.line(), 3);
  EXPECT_NE(e.found().find("width overflows"), std::string::npos) << e.what();
}

TEST(NativeYaml, LinearFunctionOverflowingOverTheRangeIsAnInputError) {
  const std::string text =
      "parley: 1\nissues:\n  - name: a\n    range: [0, 10]\n"
      "parties:\n  - name: p1\n    weights: {a: 1}\n"
      "    functions: {a: {linear: {slope: 1e308, offset: 0, clip: false}}}\n"
      "  - name: p2\n    weights: {a: 1}\n    functions: {a: {constant: 0}}\n";
  Warnings warnings;
  const InputError e = input_error([&] { parse_native(text, "f.yaml", warnings); });
  EXPECT_EQ(e.file(), "f.yaml");
  EXPECT_EQ(e.field(), "issue 'a' value function");
}

TEST(NativeYaml, RectangleUtilitiesWhoseSumOverflowsAreAnInputError) {
  const std::string text =
      "parley: 1\nissues:\n  - name: a\n    range: [0, 3]\n"
      "parties:\n  - name: p1\n    rectangles:\n      max_utility: 1\n      nodes:\n"
      "        - rectangles: [{utility: 1e308}, {utility: 1e308}]\n"
      "  - name: p2\n    weights: {a: 1}\n    functions: {a: {constant: 0}}\n";
  Warnings warnings;
  const InputError e = input_error([&] { parse_native(text, "h.yaml", warnings); });
  EXPECT_EQ(e.file(), "h.yaml");
  EXPECT_EQ(e.field(), "rectangles");
}

TEST(GeniusXml, ObjectiveNested50000DeepIsAnInputError) {
  test::ScratchFolder dir("parley-hostile");
  write_text_file(
      dir / "deep-domain.xml",
      "<negotiation_template><utility_space>\n" +
          repeat_text("<objective index=\"0\" name=\"o\">", 50'000) +
          "<issue index=\"1\" name=\"a\" etype=\"discrete\"><item index=\"1\" value=\"x\"/>"
          "</issue>" +
          repeat_text("</objective>", 50'000) + "</utility_space></negotiation_template>");
  Warnings warnings;
  const InputError e = input_error(
      [&] { load_genius((dir / "deep-domain.xml").string(), {}, LoadOptions{}, warnings); });
  EXPECT_EQ(e.file(), (dir / "deep-domain.xml").string());
  EXPECT_EQ(e.line(), 2);
  EXPECT_EQ(e.field(), "objective");
  EXPECT_EQ(e.expected(), "at most 64 levels of <objective>");
}

const std::string kGeniusDomain =
    "<negotiation_template><utility_space><objective index=\"0\" name=\"d\">\n"
    "<issue index=\"1\" name=\"a\" etype=\"discrete\"><item index=\"1\" value=\"x\"/>"
    "<item index=\"2\" value=\"y\"/></issue>\n"
    "<issue index=\"2\" name=\"b\" etype=\"discrete\"><item index=\"1\" value=\"x\"/>"
    "<item index=\"2\" value=\"y\"/></issue>\n"
    "</objective></utility_space></negotiation_template>\n";

std::string genius_profile(const std::string& weight_a, const std::string& weight_b) {
  return "<utility_space type=\"linear\"><objective index=\"0\" name=\"d\">\n"
         "<issue index=\"1\" name=\"a\"><item value=\"x\" evaluation=\"1\"/>"
         "<item value=\"y\" evaluation=\"2\"/></issue>\n"
         "<issue index=\"2\" name=\"b\"><item value=\"x\" evaluation=\"1\"/>"
         "<item value=\"y\" evaluation=\"2\"/></issue>\n"
         "<weight index=\"1\" value=\"" +
         weight_a + "\"/>\n<weight index=\"2\" value=\"" + weight_b +
         "\"/>\n</objective></utility_space>\n";
}

// A nonlinear GENIUS profile over kGeniusDomain: a <ufun> (with `ufun_attributes`) holding one
// rectangle of utility 1 with `bounds`, which start on line 3 (as the <ufun> does).
std::string nonlinear_profile(const std::string& ufun_attributes, const std::string& bounds) {
  return "<utility_space type=\"nonlinear\"><objective index=\"0\" name=\"d\">"
         "<issue index=\"1\" name=\"a\"/><issue index=\"2\" name=\"b\"/></objective>\n"
         "<utility maxutility=\"1\">\n<ufun" +
         ufun_attributes + "><hyperRectangle utility=\"1\">" + bounds +
         "</hyperRectangle></ufun></utility></utility_space>";
}

// Loads kGeniusDomain with `profile` as p1.xml and a linear profile as p2.xml.
ScenarioPtr load_with_profile(const test::ScratchFolder& dir, const std::string& profile) {
  write_text_file(dir / "d-domain.xml", kGeniusDomain);
  write_text_file(dir / "p1.xml", profile);
  write_text_file(dir / "p2.xml", genius_profile("0.5", "0.5"));
  Warnings warnings;
  return load_genius((dir / "d-domain.xml").string(),
                     {(dir / "p1.xml").string(), (dir / "p2.xml").string()}, LoadOptions{},
                     warnings);
}

TEST(GeniusXml, WeightsOf1e308Plus1e308AreAnInputErrorNotZero) {
  test::ScratchFolder dir("parley-hostile");
  write_text_file(dir / "d-domain.xml", kGeniusDomain);
  write_text_file(dir / "p1.xml", genius_profile("1e308", "1e308"));
  write_text_file(dir / "p2.xml", genius_profile("0.5", "0.5"));
  Warnings warnings;
  const InputError e = input_error([&] {
    load_genius((dir / "d-domain.xml").string(),
                {(dir / "p1.xml").string(), (dir / "p2.xml").string()}, LoadOptions{}, warnings);
  });
  EXPECT_EQ(e.file(), (dir / "p1.xml").string());
  EXPECT_EQ(e.field(), "weights");
  EXPECT_NE(e.found().find("overflows to infinity"), std::string::npos) << e.what();
}

TEST(GeniusXml, InvalidUtf8ItemValueIsAnInputErrorAtItsLine) {
  test::ScratchFolder dir("parley-hostile");
  std::string domain = kGeniusDomain;
  domain.replace(domain.find("value=\"y\""), 9, "value=\"y\xe2\x82\"");
  write_text_file(dir / "d-domain.xml", domain);
  Warnings warnings;
  const InputError e = input_error(
      [&] { load_genius((dir / "d-domain.xml").string(), {}, LoadOptions{}, warnings); });
  EXPECT_EQ(e.file(), (dir / "d-domain.xml").string());
  EXPECT_EQ(e.line(), 2);
  EXPECT_EQ(e.field(), "issue 'a' option 2");
  EXPECT_EQ(e.found(), "invalid UTF-8 at byte 1 of 'y\\xE2\\x82'");
}

TEST(GeniusXml, UfunNested100DeepIsAnInputError) {
  test::ScratchFolder dir("parley-hostile");
  write_text_file(dir / "d-domain.xml", kGeniusDomain);
  const std::string profile =
      "<utility_space type=\"nonlinear\"><objective index=\"0\" name=\"d\">"
      "<issue index=\"1\" name=\"a\"/><issue index=\"2\" name=\"b\"/></objective>\n"
      "<utility maxutility=\"1\">" +
      repeat_text("<ufun>", 100) + repeat_text("</ufun>", 100) + "</utility></utility_space>";
  write_text_file(dir / "p1.xml", profile);
  write_text_file(dir / "p2.xml", genius_profile("0.5", "0.5"));
  Warnings warnings;
  const InputError e = input_error([&] {
    load_genius((dir / "d-domain.xml").string(),
                {(dir / "p1.xml").string(), (dir / "p2.xml").string()}, LoadOptions{}, warnings);
  });
  EXPECT_EQ(e.file(), (dir / "p1.xml").string());
  EXPECT_EQ(e.field(), "ufun");
}

// Fuzz finding F1: accepted by load_genius, then refused by parse_native after to_native.
TEST(GeniusXml, RectangleBoundWithMinAboveMaxIsAnInputError) {
  test::ScratchFolder dir("parley-hostile");
  const InputError e = input_error([&] {
    load_with_profile(dir, nonlinear_profile("", "<INCLUDES index=\"1\" min=\"5\" max=\"4\"/>"));
  });
  EXPECT_EQ(e.file(), (dir / "p1.xml").string());
  EXPECT_EQ(e.line(), 3);
  EXPECT_EQ(e.field(), "INCLUDES bound");
  EXPECT_EQ(e.found(), "min > max (5 > 4)");
}

// Fuzz finding F3: two INCLUDES bounds on one issue with no common value were accepted; to_native
// merged them into [8, 5], which parse_native refuses.
TEST(GeniusXml, RectangleBoundsOfOneIssueWithNoCommonValueAreAnInputError) {
  test::ScratchFolder dir("parley-hostile");
  const auto profile = [](const std::string& second) {
    return nonlinear_profile("", "<INCLUDES index=\"1\" min=\"2\" max=\"3\"/>\n" + second);
  };
  const InputError e = input_error(
      [&] { load_with_profile(dir, profile("<INCLUDES index=\"1\" min=\"0\" max=\"1\"/>")); });
  EXPECT_EQ(e.file(), (dir / "p1.xml").string());
  EXPECT_EQ(e.line(), 4);
  EXPECT_EQ(e.field(), "INCLUDES bound");
  EXPECT_EQ(e.found(),
            "a second bound on issue index 1 with no value in common ([2, 3] and [0, 1])");
  // Overlapping bounds act as their intersection, as in GENIUS: [2, 3] and [3, 5] hold at 3 only.
  const ScenarioPtr scenario =
      load_with_profile(dir, profile("<INCLUDES index=\"1\" min=\"3\" max=\"5\"/>"));
  const std::string native = to_native(*scenario);
  EXPECT_NE(native.find("include: {a: [3, 3]}"), std::string::npos) << native;
}

// Fuzz finding F2: a <ufun type="..."> that is not UTF-8 was kept, written by to_native, and
// refused by parse_native.
TEST(GeniusXml, UfunTypeWithInvalidUtf8IsAnInputError) {
  test::ScratchFolder dir("parley-hostile");
  const InputError e = input_error([&] {
    load_with_profile(dir, nonlinear_profile(" type=\"P\x8a\x8a\"",
                                             "<INCLUDES index=\"1\" min=\"1\" max=\"2\"/>"));
  });
  EXPECT_EQ(e.file(), (dir / "p1.xml").string());
  EXPECT_EQ(e.line(), 3);
  EXPECT_EQ(e.field(), "ufun type");
  EXPECT_EQ(e.found(), "invalid UTF-8 at byte 1 of 'P\\x8A\\x8A'");
}

// Fuzz finding F9: a GENIUS item with an empty value (value="" value="Two": pugixml keeps the
// first) was accepted, and the native reader then refused the empty option name to_native wrote.
// An empty option name is now refused where it is read, with the item's line.
TEST(GeniusXml, EmptyItemValueIsRefusedWithItsLine) {
  test::ScratchFolder dir("parley-hostile");
  std::string domain = kGeniusDomain;
  domain.replace(domain.find("value=\"y\""), 9, "value=\"\" value=\"y\"");
  write_text_file(dir / "d-domain.xml", domain);
  write_text_file(dir / "p1.xml", genius_profile("0.5", "0.5"));
  Warnings warnings;
  try {
    load_genius((dir / "d-domain.xml").string(), {(dir / "p1.xml").string()}, LoadOptions{},
                warnings);
    FAIL() << "accepted an empty item value";
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 2);
    EXPECT_EQ(e.found(), "an empty value");
    EXPECT_EQ(e.expected(), "a non-empty value name");
  }
  // The model refuses it too, for readers that build options themselves (GeniusWeb).
  const Issue issue = Issue::categorical("i", {Option{"a", ""}, Option{"", ""}});
  EXPECT_THROW(issue.check_texts(), InputError);
}

// Fuzz finding F8: a GENIUS item value of 300 control characters became a key written 1,202
// characters long ("\x10" each), over the 1024 that YAML readers take. to_native refuses it
// (UnsupportedError); 255 such characters (1,022 written) still go through and read back.
TEST(GeniusXml, ValueTooLongForAYamlKeyOnceEscapedIsUnsupportedByTheNativeWriter) {
  test::ScratchFolder dir("parley-hostile");
  const auto load_with_value = [&](std::size_t controls) {
    const std::string value(controls, '\x10');
    const auto with_value = [&](std::string text) {
      for (std::size_t at = text.find("value=\"y\""); at != std::string::npos;
           at = text.find("value=\"y\"", at))
        text.replace(at + 7, 1, value);
      return text;
    };
    write_text_file(dir / "d-domain.xml", with_value(kGeniusDomain));
    write_text_file(dir / "p1.xml", with_value(genius_profile("0.5", "0.5")));
    write_text_file(dir / "p2.xml", with_value(genius_profile("0.25", "0.75")));
    Warnings warnings;
    return load_genius((dir / "d-domain.xml").string(),
                       {(dir / "p1.xml").string(), (dir / "p2.xml").string()}, LoadOptions{},
                       warnings);
  };
  const ScenarioPtr fits = load_with_value(255);
  ASSERT_EQ(fits->issue(0).options()[1].name, std::string(255, '\x10'));
  Warnings warnings;
  const ScenarioPtr again = parse_native(to_native(*fits), "k.yaml", warnings);
  EXPECT_EQ(again->issue(0).options()[1].name, std::string(255, '\x10'));
  const ScenarioPtr too_long = load_with_value(300);
  try {
    to_native(*too_long);
    ADD_FAILURE() << "no UnsupportedError";
  } catch (const UnsupportedError& e) {
    EXPECT_NE(std::string(e.what()).find("is 1202 characters once written as a YAML key"),
              std::string::npos)
        << e.what();
  }
}

TEST(GeniusXml, IssueOf100000ItemsLoadsWithEveryItemEvaluated) {
  test::ScratchFolder dir("parley-hostile");
  const std::size_t n = 100'000;
  std::string items, evaluations;
  for (std::size_t i = 0; i < n; ++i) {
    items += "<item index=\"" + std::to_string(i + 1) + "\" value=\"v" + std::to_string(i) + "\"/>";
    evaluations += "<item value=\"v" + std::to_string(i) + "\" evaluation=\"" +
                   std::to_string(i % 4 + 1) + "\"/>";
  }
  write_text_file(dir / "d-domain.xml",
                  "<negotiation_template><utility_space><objective index=\"0\" name=\"d\">"
                  "<issue index=\"1\" name=\"a\" etype=\"discrete\">" +
                      items + "</issue></objective></utility_space></negotiation_template>");
  const std::string profile =
      "<utility_space type=\"linear\"><objective index=\"0\" name=\"d\">"
      "<issue index=\"1\" name=\"a\">" +
      evaluations +
      "</issue><weight index=\"1\" value=\"1\"/></objective>"
      "</utility_space>";
  write_text_file(dir / "p1.xml", profile);
  write_text_file(dir / "p2.xml", profile);
  Warnings warnings;
  const ScenarioPtr s =
      load_genius((dir / "d-domain.xml").string(),
                  {(dir / "p1.xml").string(), (dir / "p2.xml").string()}, LoadOptions{}, warnings);
  ASSERT_EQ(s->issue(0).cardinality(), n);
  EXPECT_DOUBLE_EQ(s->party(0).utility->utility(Outcome{3}), 1.0);   // 4 / 4
  EXPECT_DOUBLE_EQ(s->party(0).utility->utility(Outcome{4}), 0.25);  // 1 / 4
  EXPECT_TRUE(warnings.empty());
}

TEST(GeniusWeb, DomainNested100000DeepIsAnInputError) {
  test::ScratchFolder dir("parley-hostile");
  write_text_file(dir / "domain.json",
                  "{\"name\": \"d\", \"issuesValues\": {\"a\": " + repeat_text("[", 100'000) +
                      repeat_text("]", 100'000) + "}}");
  Warnings warnings;
  const InputError e = input_error(
      [&] { load_geniusweb((dir / "domain.json").string(), {}, LoadOptions{}, warnings); });
  EXPECT_EQ(e.file(), (dir / "domain.json").string());
  EXPECT_EQ(e.field(), "JSON nesting");
  EXPECT_EQ(e.expected(), "at most 64 levels");
}

const std::string kGeniusWebDomain =
    "{\"name\": \"d\", \"issuesValues\": {\"b\": {\"values\": [\"x\", \"y\"]}, "
    "\"a\": {\"values\": [\"x\", \"y\"]}}}";

std::string geniusweb_profile(const std::string& weight_a, const std::string& weight_b) {
  const std::string table = "{\"discreteutils\": {\"valueUtilities\": {\"x\": 0.25, \"y\": 1}}}";
  return "{\"LinearAdditiveUtilitySpace\": {\"issueWeights\": {\"a\": " + weight_a +
         ", \"b\": " + weight_b + "}, \"issueUtilities\": {\"a\": " + table + ", \"b\": " + table +
         "}}}";
}

TEST(GeniusWeb, WeightsOf1e308Plus1e308AreAnInputErrorNotZero) {
  test::ScratchFolder dir("parley-hostile");
  write_text_file(dir / "domain.json", kGeniusWebDomain);
  write_text_file(dir / "p1.json", geniusweb_profile("1e308", "1e308"));
  write_text_file(dir / "p2.json", geniusweb_profile("0.5", "0.5"));
  Warnings warnings;
  const InputError e = input_error([&] {
    load_geniusweb((dir / "domain.json").string(),
                   {(dir / "p1.json").string(), (dir / "p2.json").string()}, LoadOptions{},
                   warnings);
  });
  EXPECT_EQ(e.file(), (dir / "p1.json").string());
  EXPECT_EQ(e.field(), "weights");
}

TEST(GeniusWeb, IssuesKeepTheirFileOrderAndWeightsOf1e309AreAnInputError) {
  test::ScratchFolder dir("parley-hostile");
  write_text_file(dir / "domain.json", kGeniusWebDomain);
  write_text_file(dir / "p1.json", geniusweb_profile("0.25", "0.75"));
  write_text_file(dir / "p2.json", geniusweb_profile("1e309", "0.5"));
  Warnings warnings;
  const ScenarioPtr s = load_geniusweb((dir / "domain.json").string(),
                                       {(dir / "p1.json").string(), (dir / "p1.json").string()},
                                       LoadOptions{}, warnings);
  ASSERT_EQ(s->issue_count(), 2u);
  EXPECT_EQ(s->issue(0).name(), "b");  // file order, not the alphabetical order of a map
  EXPECT_EQ(s->issue(1).name(), "a");
  // b = y (1) weighs 0.75, a = x (0.25) weighs 0.25.
  EXPECT_DOUBLE_EQ(s->party(0).utility->utility(Outcome{1, 0}), 0.75 + 0.25 * 0.25);
  const InputError e = input_error([&] {
    load_geniusweb((dir / "domain.json").string(),
                   {(dir / "p1.json").string(), (dir / "p2.json").string()}, LoadOptions{},
                   warnings);
  });
  EXPECT_EQ(e.file(), (dir / "p2.json").string());
  EXPECT_EQ(e.field(), "LinearAdditiveUtilitySpace.issueWeights.a");
  EXPECT_EQ(e.found(), "a number beyond the range of doubles ('1e309')");
  EXPECT_EQ(e.expected(), "a finite number");
}

TEST(GeniusWeb, NulInAValueIsAnInputErrorNamingTheIssue) {
  test::ScratchFolder dir("parley-hostile");
  write_text_file(
      dir / "domain.json",
      "{\"name\": \"d\", \"issuesValues\": {\"a\": {\"values\": [\"x\", \"y\\u0000z\"]}}}");
  Warnings warnings;
  const InputError e = input_error(
      [&] { load_geniusweb((dir / "domain.json").string(), {}, LoadOptions{}, warnings); });
  EXPECT_EQ(e.file(), (dir / "domain.json").string());
  EXPECT_EQ(e.field(), "issue 'a' option 2");
  EXPECT_EQ(e.found(), "a NUL byte at byte 1 of 'y\\x00z'");
}

TEST(GeniusWeb, ValueObjectOf100000KeysLoads) {
  test::ScratchFolder dir("parley-hostile");
  const std::size_t n = 100'000;
  std::string values, utilities;
  for (std::size_t i = 0; i < n; ++i) {
    values += std::string(i ? ", " : "") + "\"v" + std::to_string(i) + "\"";
    utilities += std::string(i ? ", " : "") + "\"v" + std::to_string(i) +
                 "\": " + (i == 12'345 ? "1" : "0.5");
  }
  write_text_file(dir / "domain.json",
                  "{\"name\": \"d\", \"issuesValues\": {\"a\": {\"values\": [" + values + "]}}}");
  const std::string profile =
      "{\"LinearAdditiveUtilitySpace\": {\"issueWeights\": {\"a\": 1}, \"issueUtilities\": "
      "{\"a\": {\"discreteutils\": {\"valueUtilities\": {" +
      utilities + "}}}}}}";
  write_text_file(dir / "p1.json", profile);
  write_text_file(dir / "p2.json", profile);
  Warnings warnings;
  const ScenarioPtr s = load_geniusweb((dir / "domain.json").string(),
                                       {(dir / "p1.json").string(), (dir / "p2.json").string()},
                                       LoadOptions{}, warnings);
  ASSERT_EQ(s->issue(0).cardinality(), n);
  EXPECT_DOUBLE_EQ(s->party(0).utility->utility(Outcome{12'345}), 1.0);
  EXPECT_DOUBLE_EQ(s->party(0).utility->utility(Outcome{12'346}), 0.5);
}

TEST(Load, PathComponentOf300BytesIsAnInputErrorNotAFilesystemError) {
  const std::string path = "/tmp/" + std::string(300, 'x') + ".yaml";
  Warnings warnings;
  const InputError e = input_error([&] { load_scenario(path, warnings); });
  EXPECT_EQ(e.file(), path);
  EXPECT_EQ(e.field(), "path");
  EXPECT_EQ(e.found().rfind("a component of 305 bytes", 0), 0u) << e.what();
  EXPECT_EQ(e.expected(), "path components of at most 255 bytes");
}

TEST(Load, FifoIsRefusedWithoutWaitingForAWriter) {
  test::ScratchFolder dir("parley-hostile");
  const std::string fifo = (dir / "pipe.yaml").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  Warnings warnings;
  const InputError e = input_error([&] { load_scenario(fifo, warnings); });
  EXPECT_EQ(e.file(), fifo);
  EXPECT_EQ(e.found(), "a FIFO (named pipe)");
  const InputError e2 = input_error([&] { load_native(fifo, warnings); });
  EXPECT_EQ(e2.found(), "a FIFO (named pipe)");
}

TEST(Load, DeviceBehindASymlinkAndSymlinkLoopsAreInputErrors) {
  test::ScratchFolder dir("parley-hostile");
  fs::create_symlink("/dev/zero", dir / "zero.xml");
  fs::create_symlink(dir / "b.yaml", dir / "a.yaml");
  fs::create_symlink(dir / "a.yaml", dir / "b.yaml");
  Warnings warnings;
  const InputError zero =
      input_error([&] { load_scenario((dir / "zero.xml").string(), warnings); });
  EXPECT_EQ(zero.found(), "a character device");
  const InputError loop = input_error([&] { load_scenario((dir / "a.yaml").string(), warnings); });
  EXPECT_EQ(loop.field(), "path");
  EXPECT_EQ(loop.found(), "a loop of symbolic links (or too many links)");
}

TEST(Load, FileOverTheSizeLimitIsRefusedBeforeParsing) {
  test::ScratchFolder dir("parley-hostile");
  const fs::path big = dir / "big.yaml";
  {
    std::ofstream out(big, std::ios::binary);
    out << "parley: 1\n";
  }
  fs::resize_file(big, limits::max_file_bytes + 1);  // sparse: no disk used
  Warnings warnings;
  const InputError e = input_error([&] { load_scenario(big.string(), warnings); });
  EXPECT_EQ(e.field(), "file size");
  EXPECT_EQ(e.found(), std::to_string(limits::max_file_bytes + 1) + " bytes");
}

}  // namespace
}  // namespace parley
