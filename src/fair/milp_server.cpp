// parley-milp: the MILP solver of the static `parley` executable (milp_wire.hpp). Its standard
// input and output are one socket to the parley process that started it; it answers each model
// with CBC (milp_cbc.cpp) until that process closes the socket.
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <string>

#include "milp_wire.hpp"

int main() {
  using namespace parley::fair::detail;
  if (::isatty(STDIN_FILENO)) {
    std::fputs("parley-milp: the MILP solver that parley starts by itself; not a command\n",
               stderr);
    return 2;
  }
  for (;;) {
    MilpModel model;
    int node_limit = 0;
    if (!read_request(STDIN_FILENO, model, node_limit)) return 0;
    std::string reply;
    try {
      reply = encode_solution(solve_milp(model, node_limit));
    } catch (const std::exception& e) {
      reply = encode_error(e.what());
    }
    if (!send_all(STDOUT_FILENO, reply)) return 0;
  }
}
