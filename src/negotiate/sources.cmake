# Negotiation: offer indexes, agents and their registry, the SAOP engine, traces, mediation.
target_sources(parley_core PRIVATE
  src/negotiate/offer_index.cpp
  src/negotiate/agents/common.cpp
  src/negotiate/agents/library.cpp
  src/negotiate/agents/time_dependent.cpp
  src/negotiate/agents/tit_for_tat.cpp
  src/negotiate/agents/random.cpp
  src/negotiate/agents/nash_seeker.cpp
  src/negotiate/agents/boa.cpp
  src/negotiate/agents/boa_components.cpp
  src/negotiate/agent_registry.cpp
  src/negotiate/session.cpp
  src/negotiate/trace.cpp
  src/negotiate/assess.cpp
  src/negotiate/mediation.cpp
)
