// The printable brief of `parley report`: one self-contained HTML5 file a mediator can open,
// forward or print, with the picture, the tables and the explanations of an analysis.
//
// The file needs no network: the CSS is inline (with a print stylesheet: A4, each section on a
// new page, no background colours, no table row split across pages), the plot is inline SVG,
// there are no scripts, fonts or images from elsewhere. It is written as XHTML-compatible HTML5
// (every element closed, attributes quoted, only XML's own entities), so an XML parser reads it.
// Every text that comes from the scenario (names, labels, descriptions) is escaped: a name
// "<script>" stays text. The same inputs give the same bytes (no dates, no timings).
//
// Content, in order: title and description; a one-screen summary (zone of agreement, recommended
// package, what each side gains over walking away and over the status quo); the plot; the
// issue x solution table; the menu of efficient deals in the zone (settled and contested
// issues, each side's range); one explanation per distinct package; the sections other areas
// add (BriefOptions::sections: parley robust's "Under uncertainty"); method, budget and
// indicators; glossary. docs/brief.md shows an example.
//
// The PDF form goes through headless Chromium (Debian's `chromium` package), started without a
// shell, with a private profile in a temporary folder and no network use beyond what a file://
// page without external references causes (none).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "parley/analysis/analysis.hpp"
#include "parley/model/scenario.hpp"

namespace parley {

// A section another area adds to the brief (parley robust's "Under uncertainty"), placed after
// the explanations. `html` is the section's body as XHTML built by parley itself: every text from
// the scenario in it must have gone through escape_brief_text().
struct BriefSection {
  std::string id;     // the section's id attribute (letters, digits and '-')
  std::string title;  // its heading (escaped when written)
  std::string html;
};

// Text for the brief's XHTML: the five XML specials become entities, control characters become
// spaces, invalid UTF-8 becomes U+FFFD.
std::string escape_brief_text(std::string_view text);

struct BriefOptions {
  // The plot of the utility space (outcomes drawn, sampling seed). Every drawn package is one SVG
  // element (~100 bytes), so the brief draws a seeded sample of at most 4,000 packages (the
  // efficient ones and the solutions are always drawn): a brief stays well under a megabyte.
  PlotOptions plot = [] {
    PlotOptions options;
    options.max_points = 4'000;
    return options;
  }();
  std::vector<BriefSection> sections;
};

// The whole brief as one HTML document (UTF-8).
std::string render_brief_html(const Scenario& scenario, const Analysis& analysis,
                              const BriefOptions& options = {});

enum class BriefFormat { html, pdf };

// Checks, BEFORE any work, that a brief can be written to `path`: the extension fits the format
// (.html or .htm; .pdf; any case), its folder exists and may be written in, and `path` is not a
// folder. Throws InputError naming the path, `option` (the flag that gave it), what was found and
// what was expected.
void check_brief_path(const std::string& path, BriefFormat format, std::string_view option);

// Writes the HTML brief to `path` atomically (a temporary file renamed into place). IoError when
// the file cannot be written.
void write_brief_html(const std::string& html, const std::filesystem::path& path);

struct PdfOptions {
  // Chromium is stopped (and an Error thrown) when it has not finished after this many seconds:
  // a guard against a hung browser, not a measure of work (the PDF does not depend on it).
  double timeout_seconds = 120.0;
  // Polled while the browser runs (a few times a second); when it returns true the browser is
  // stopped and parley::Cancelled thrown (Ctrl-C in the CLI). May be empty.
  std::function<bool()> cancelled;
};

// The browser used for PDFs: the first of chromium, chromium-browser, google-chrome found on
// PATH (its full path), or an empty string when there is none.
std::string find_chromium();

// Prints `html` (a whole document, e.g. from render_brief_html) to the PDF file `pdf` with
// headless Chromium: A4 unless the document's CSS says otherwise, no header or footer. The PDF is
// written beside `pdf` under a temporary name and renamed into place, so a failure leaves an
// older file untouched. Throws Error naming the package to install when no browser is found,
// Error with the browser's messages when it fails or times out, Cancelled when `cancelled` said
// so, IoError when the file cannot be moved into place.
void write_pdf_from_html(const std::string& html, const std::filesystem::path& pdf,
                         const PdfOptions& options = {});

}  // namespace parley
