# Negotiation: offer indexes, agents and their registry, the SAOP engine, traces, mediation.
target_sources(parley_core PRIVATE
  src/negotiate/offer_index.cpp
  src/negotiate/agent_library.cpp
  src/negotiate/agent_registry.cpp
  src/negotiate/session.cpp
  src/negotiate/trace.cpp
  src/negotiate/assess.cpp
  src/negotiate/mediation.cpp
)
