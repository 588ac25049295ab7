# The analysis plot (gnuplot's SVG parsed with pugixml).
parley_add_test(parley_plot_tests unit
  plot_test.cpp
)
target_link_libraries(parley_plot_tests PRIVATE pugixml::pugixml)
