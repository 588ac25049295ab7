# GENIUS XML and GeniusWeb JSON: unit tests on small files, and the whole corpus.
parley_add_test(parley_io_genius_tests unit genius_test.cpp)
parley_add_test(parley_io_corpus_tests corpus genius_corpus_test.cpp)
