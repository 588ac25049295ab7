# The bottom layer (src/support/README.md): the error types every area throws
# (include/parley/support/error.hpp), the version, and the infrastructure every area shares:
# atomic writes and file reading, helper processes on a socket, gnuplot, YAML documents (read with
# libyaml) and their checked fields, enum name tables, the corpus index. It calls nothing else of
# parley.
parley_add_area(support
  SOURCES
    error.cpp
    file_io.cpp
    gnuplot.cpp
    chromium.cpp
    yaml_document.cpp
    yaml_fields.cpp
    corpus_index.cpp
    text.cpp
    executable.cpp
    modules.cpp
    huge_pages.cpp
    child_process.cpp
  PUBLIC_LIBS Threads::Threads
  PRIVATE_LIBS PkgConfig::LIBYAML fmt::fmt-header-only)
