# Negotiation: offer indexes, the agent library (one file per agent family in agents/, one row per
# agent in agents/library.cpp) and its registry, the SAOP engine, traces, assessment, mediation.
parley_add_area(negotiate
  DEPENDS analysis
  SOURCES
    offer_index.cpp
    agents/common.cpp
    agents/library.cpp
    agents/time_dependent.cpp
    agents/tit_for_tat.cpp
    agents/random.cpp
    agents/nash_seeker.cpp
    agents/boa.cpp
    agents/boa_components.cpp
    agent_registry.cpp
    session.cpp
    trace.cpp
    assess.cpp
    mediation.cpp
    blind_bidding.cpp
    sealed_acceptance.cpp
    remote.cpp
    remote_websocket.cpp
  PRIVATE_LIBS nlohmann_json::nlohmann_json fmt::fmt)
