// The MILPs of the static `parley` executable are solved by CBC in a helper process,
// parley-milp (milp_cbc_process.cpp, milp_server.cpp): CBC and LAPACK are not linked into the
// executable, whose start-up they would slow down for every command. This is the wire between
// them: a model and its node limit one way, a solution or an error the other, in the machine's
// own byte order (both ends are built together and run on the same machine).
#pragma once

#include <string>

#include "milp_solver.hpp"

namespace parley::fair::detail {

// A request: the node limit and the model. A reply: a status byte (0 a solution, 1 an error)
// then the solution or the error's message.
std::string encode_request(const MilpModel& model, int node_limit);
std::string encode_solution(const MilpSolution& solution);
std::string encode_error(const std::string& message);

// Reads one request from `fd`: false at the end of the input (the client closed it) or on a
// malformed request; `model` and `node_limit` are filled on success.
bool read_request(int fd, MilpModel& model, int& node_limit);
// Reads one reply from `fd` into `solution`; throws Error with the solver's message for an error
// reply, and Error naming `solver` when the stream ends or is malformed.
void read_reply(int fd, MilpSolution& solution, const std::string& solver);

// Writes all of `bytes` to the socket `fd` (never raising SIGPIPE); false when the other end is
// gone.
bool send_all(int fd, const std::string& bytes);

}  // namespace parley::fair::detail
