# Manipulation analysis (docs/manipulation.md): the best misreport of one party to a mediator rule
# and what it gains; bargaining rules over packages (the walk-away value, the weights, the values),
# Adjusted Winner over points, maximum Nash welfare over divisible goods (Eisenberg-Gale).
parley_add_area(manipulate
  DEPENDS model analysis fair robust
  SOURCES
    manipulate.cpp
    bargaining.cpp
    adjusted_winner.cpp
    fisher.cpp
    baselines.cpp
    variants.cpp
    render.cpp
  PRIVATE_LIBS nlohmann_json::nlohmann_json)
