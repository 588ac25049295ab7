// Running gnuplot, once for every chart parley draws (analysis plots, session plots, tournament
// charts), and the pieces every chart shares (escaping, data blocks, terminals, output paths).
//
// gnuplot is started one way: posix_spawnp("gnuplot", SCRIPT_FILE), no shell, so no path or name
// is ever interpreted by /bin/sh. The script goes through a temporary file (no pipe that could
// fill up or raise SIGPIPE), stdout is discarded, and stderr is captured: when gnuplot fails, the
// Error carries what it said (never the script itself). gnuplot writes the chart into a scratch
// file of the temporary folder; parley reads it back and writes it over the target atomically
// (support/file_io.hpp), so gnuplot never opens a user's path, and a failed run leaves an older
// chart untouched.
//
// Text put into gnuplot strings (titles, labels, legend entries) goes through gnuplot_string():
// quotes, backslashes and line breaks cannot end the string or the command, and the enhanced-text
// characters (^ _ @ & ~ { }) are shown as written.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

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

// Chart files parley writes: chosen by the target's extension (.svg or .png, any case).
enum class ChartFormat { svg, png };

// Checks, before any work, that a chart can be written to `path`: the extension is .svg or .png
// (any case), the folder exists and is a folder parley may write in, and `path` is not a folder.
// Returns the format. Throws InputError naming `path` and `option` (the flag or parameter that
// gave it), what was found and what was expected; nothing is written.
ChartFormat check_chart_path(const std::filesystem::path& path, std::string_view option);

// The gnuplot terminal line (after "set terminal") of a chart of `width` x `height` pixels, in
// plain-text mode ("noenhanced": every text is shown as written; escape it with
// gnuplot_string(text, false)).
std::string chart_terminal(ChartFormat format, int width, int height);

// A gnuplot data block "$NAME << EOD ... EOD": one line per row, numbers in shortest round-trip
// form, NaN for non-finite values; an empty row is a blank line (it breaks a line drawn through
// the rows).
std::string gnuplot_datablock(std::string_view name, const std::vector<std::vector<double>>& rows);

// Runs "set terminal TERMINAL", "set output SCRATCH", `script`, "set output" and returns what
// gnuplot wrote (the SVG text, or the PNG bytes). Error when gnuplot fails or writes nothing.
std::string render_with_gnuplot(std::string_view terminal, std::string_view script);

// check_chart_path(target, option), then renders `script` at `width` x `height` in the target's
// format and writes it over `target` atomically. InputError for a bad path (before gnuplot
// runs), Error naming the target when gnuplot fails, IoError when the chart cannot be written.
void draw_chart(const std::filesystem::path& target, std::string_view option, int width, int height,
                std::string_view script);

// --- Pieces shared by the utility-space charts (analysis plot, session plot) ---

// A labelled point (a solution, the status quo...) in a chart's coordinates.
struct ChartMarker {
  std::string label;
  std::vector<double> point;
};

// Markers at the same place (every coordinate j within tolerance[j]) merged into one, labelled
// with all their names joined by " = " ("Nash = utilitarian"), in order of first appearance.
// Nothing is hidden behind another marker.
std::vector<ChartMarker> merge_markers(const std::vector<ChartMarker>& markers,
                                       const std::vector<double>& tolerance);

// How the k-th marker is drawn: a point type, size, line width and colour ("pt 5 ps 2 lw 2 lc
// rgb '#d62728'"), open and filled shapes alternating so that close markers stay visible.
std::string marker_style(std::size_t k);

// The colour palette of a time axis (early: light yellow, late: dark violet), and the colour
// box settings ("set cbrange [0:1]", the palette, `label` on the colour box).
std::string time_palette(std::string_view label);

// The legend of every utility-space chart: below the plot, boxed, each sample left of its text,
// with the x axis label moved up to leave it room ("set key ...\n").
std::string key_below();

// An axis range [lo, hi] covering the finite `values` with a 4% margin each side (a zero span
// becomes +-0.05; no finite value: [0, 1]).
struct AxisRange {
  double lo = 0.0, hi = 1.0;
  std::string text() const;  // "[lo:hi]", for "set xrange"
};
AxisRange padded_range(const std::vector<double>& values);

// Draws a chart into `target` with an explicit terminal: runs "set terminal TERMINAL", "set output
// TEMPORARY", `script`, "set output", then checks that gnuplot wrote something and writes it over
// `target`. Error when gnuplot fails or writes nothing; IoError when the chart cannot be moved into
// place.
void draw_with_gnuplot(const std::filesystem::path& target, std::string_view terminal,
                       std::string_view script);

}  // namespace parley::detail
