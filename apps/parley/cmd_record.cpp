// parley replay / countersign / keygen: signed records of negotiations (docs/records.md).
// Exit codes: 0 success (replay: the record verifies and replays identically), 1 an error or a
// record that breaks, 2 bad usage.
#include <fstream>

#include "certify_module.hpp"
#include "cli_common.hpp"
#include "parley/support/modules.hpp"
#ifdef PARLEY_HAVE_SERVICE
#include "serve_module.hpp"
#endif

namespace parley::cli {

template <class Function>
Function* proof_function(const char* symbol, const char* command) {
  return reinterpret_cast<Function*>(module_function("parley-certify", symbol, command));
}

static void define_replay(CLI::App* command, Runner& run) {
  auto args = std::make_shared<ReplaySettings>();
  command->add_option("RECORD", args->record, "The record (JSON Lines)")->required();
  command->add_option("SCENARIO", args->scenario,
                      "The scenario it was played on (the native file, or the GENIUS / GeniusWeb "
                      "folder): the negotiation is played again and compared line by line. "
                      "Without it, only the chain and the signatures are checked");
  command->add_option("--reveal", args->reveals,
                      "A reveal file (salts and preferences; repeat the option for several): "
                      "each commitment is opened and compared with the scenario's preferences. "
                      "A record of the mediation service needs no SCENARIO: with every party's "
                      "reveal its analyses and certificate are computed again");
  command->add_option("--export", args->export_dir,
                      "Records of the mediation service, with every party's reveal: write the "
                      "negotiation (negotiation.yaml) and the agreement's certificate "
                      "(agreement-certificate.json) to this folder, for parley check");
  command->callback([&run, args] {
    run = [args] {
      // The mediation service's records (protocol single-text) are replayed by the service's
      // module; the first line says which (records are canonical JSON: one spelling).
      std::ifstream in(args->record, std::ios::binary);
      std::string first;
      std::getline(in, first);
      if (first.find("\"protocol\":\"single-text\"") != std::string::npos) {
#ifdef PARLEY_HAVE_SERVICE
        if (!args->scenario.empty())
          throw InputError(args->record, 1, "SCENARIO", args->scenario,
                           "no scenario: a record of the mediation service carries its issues, "
                           "and the parties' reveals (--reveal) carry their preferences");
        return reinterpret_cast<decltype(&parley_replay_service_run)>(module_function(
            "parley-serve", "parley_replay_service_run", "parley replay"))(args.get());
#else
        throw UnsupportedError(args->record +
                               ": a record of the mediation service, and this parley was built "
                               "without the service (PARLEY_BUILD_SERVICE=OFF)");
#endif
      }
      if (!args->export_dir.empty())
        throw InputError(args->record, 1, "--export", args->export_dir,
                         "no --export: it is for records of the mediation service");
      return proof_function<decltype(parley_replay_run)>("parley_replay_run",
                                                         "parley replay")(args.get());
    };
  });
}

static void define_countersign(CLI::App* command, Runner& run) {
  auto args = std::make_shared<CountersignSettings>();
  command->add_option("RECORD", args->record, "The record to countersign (rewritten in place)")
      ->required();
  command->add_option("--key", args->key, "Your Ed25519 private key (PEM; parley keygen)")
      ->required();
  command->add_option("--signer", args->signer, "Your name as the record shows it (a party)")
      ->required();
  command->callback([&run, args] {
    run = [args] {
      return proof_function<decltype(parley_countersign_run)>("parley_countersign_run",
                                                              "parley countersign")(args.get());
    };
  });
}

static void define_keygen(CLI::App* command, Runner& run) {
  auto path = std::make_shared<std::string>();
  command->add_option("FILE", *path, "Where to write the new private key (PEM)")->required();
  command->callback([&run, path] {
    run = [path] {
      check_output_path(*path, "FILE", {".pem"});
      return proof_function<decltype(parley_keygen_run)>("parley_keygen_run",
                                                         "parley keygen")(path.get());
    };
  });
}

Command replay_command() {
  return {"replay",
          "Verify a signed negotiation record (hash chain, signatures) and replay it: the first "
          "line that differs is named",
          define_replay};
}

Command countersign_command() {
  return {"countersign", "Add your Ed25519 signature to a negotiation record", define_countersign};
}

Command keygen_command() {
  return {"keygen", "Make an Ed25519 key for signing records", define_keygen};
}

}  // namespace parley::cli
