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
    agents/party_models.cpp
    agents/agentk.cpp
    agents/hardheaded.cpp
    agents/cuhkagent.cpp
    agents/agentm.cpp
    agents/atlas3.cpp
    agents/ponpoko.cpp
    agents/agreeable2018.cpp
    agents/agentgg.cpp
    agents/micro.cpp
    agent_registry.cpp
    session.cpp
    trace.cpp
    assess.cpp
    model_quality.cpp
    mediation.cpp
    blind_bidding.cpp
    sealed_acceptance.cpp
    remote.cpp
    remote_websocket.cpp
  PRIVATE_LIBS nlohmann_json::nlohmann_json fmt::fmt-header-only)
