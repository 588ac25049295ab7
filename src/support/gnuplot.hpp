// Running gnuplot, once for every chart parley draws (analysis plots, session plots, tournament
// charts).
//
// gnuplot is started one way: posix_spawnp("gnuplot", SCRIPT_FILE), no shell, so no path or name
// is ever interpreted by /bin/sh. The script goes through a temporary file (no pipe that could
// fill up or raise SIGPIPE), stdout is discarded, and stderr is captured: when gnuplot fails, the
// Error carries what it said. The chart is written to TARGET.parley-tmp and renamed into place
// (support/file_io.hpp), so a failed run leaves an older chart untouched.
//
// Text put into gnuplot strings (titles, labels, legend entries) goes through gnuplot_string():
// quotes, backslashes and line breaks cannot end the string or the command, and the enhanced-text
// characters (^ _ @ & ~ { }) are shown as written.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace parley::detail {

// A double-quoted gnuplot string literal that shows `text` as written, in enhanced or plain
// ("noenhanced") text mode alike: `"` and `\` are escaped, a line break becomes "\n", other
// control characters become spaces, and each enhanced-text character is preceded by an escaped
// backslash when `enhanced` is true. Pass enhanced=false for labels drawn with "noenhanced".
std::string gnuplot_string(std::string_view text, bool enhanced = true);

// Runs gnuplot on `script` (its text, not a file name) and waits for it. Throws parley::Error
// when gnuplot cannot be started ("install the gnuplot-nox package") or exits with a failure; the
// message quotes gnuplot's stderr (at most 2000 bytes).
void run_gnuplot(std::string_view script);

// Draws a chart into `target`: runs "set terminal TERMINAL", "set output TEMPORARY", `script`,
// "set output", then checks that gnuplot wrote something and moves it over `target`.
// Error when gnuplot fails or writes nothing; IoError when the chart cannot be moved into place.
void draw_with_gnuplot(const std::filesystem::path& target, std::string_view terminal,
                       std::string_view script);

}  // namespace parley::detail
