# Shared infrastructure (src/support/README.md): atomic writes and file reading, gnuplot, checked
# YAML fields, the corpus index. Every other area may call it; it calls nothing of parley but
# the error types.
target_sources(parley_core PRIVATE
  src/support/file_io.cpp
  src/support/gnuplot.cpp
  src/support/yaml_fields.cpp
  src/support/corpus_index.cpp
)
