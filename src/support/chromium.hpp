// Printing an HTML document to PDF with headless Chromium (the brief of `parley report --pdf`).
//
// Chromium is started one way, like gnuplot (support/gnuplot.hpp): posix_spawn of the browser's
// full path found on PATH, no shell, in its own process group, with a private profile, HOME and
// cache in a fresh temporary folder that is removed afterwards. The document is written into that
// folder and opened as file://; the PDF goes to TARGET.parley-tmp and is renamed into place
// (support/file_io.hpp) once it is complete and starts with "%PDF". The wait is bounded: after
// `timeout_seconds` the whole process group is killed and an Error says so.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace parley::detail {

// The full path of the first of chromium, chromium-browser, google-chrome found on PATH (an
// executable regular file), or an empty string.
std::string find_chromium_on_path();

// Error "cannot print ... install the chromium package" when no browser is found; Error quoting
// the browser's stderr (at most 2000 bytes) when it fails, times out or writes no PDF; IoError
// when the PDF cannot be moved into place.
// `cancelled` (may be empty) is polled while the browser runs: when it returns true the process
// group is killed and parley::Cancelled thrown.
void print_html_to_pdf(std::string_view html, const std::filesystem::path& target,
                       double timeout_seconds, const std::function<bool()>& cancelled = {});

}  // namespace parley::detail
