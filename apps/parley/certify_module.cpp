// The module parley-certify.so: the proof commands once their arguments are read
// (certify_module.hpp).
#include "certify_module.hpp"
#include "checker_run.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

#include "parley/analysis/brief.hpp"
#include "parley/support/error.hpp"

namespace {

// Writes `text` to `path` through a temporary file renamed into place: an existing file is
// replaced only by a complete one. `private_file`: readable by its owner only.
void write_whole_file(const std::string& path, const std::string& text, bool private_file) {
  const std::string temporary = path + ".parley-tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                        private_file ? 0600 : 0644);
  if (fd < 0) throw parley::IoError(temporary, "cannot create", std::strerror(errno));
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      ::unlink(temporary.c_str());
      throw parley::IoError(temporary, "cannot write", std::strerror(error));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0 || ::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    throw parley::IoError(path, "cannot write", std::strerror(error));
  }
}

}  // namespace

int parley_certify_run(const parley::cli::CertifySettings* settings) {
  using namespace parley;
  const Certificate certificate = certify(*settings->scenario, settings->options);
  std::size_t unproved = 0;
  for (const auto& claim : certificate.claims)
    if (claim.status == ClaimStatus::unproved) ++unproved;
  if (settings->output.empty()) {
    std::cout << certificate.json << std::flush;
    std::cerr << "parley certify: " << certificate.claims.size() << " claims, " << unproved
              << " unproved\n";
  } else {
    save_certificate(certificate, settings->output);
    std::cout << render_certificate_summary(*settings->scenario, certificate)
              << "\nCertificate written to " << settings->output
              << "; check it with: parley check SCENARIO " << settings->output << "\n";
  }
  return unproved == 0 ? 0 : 1;
}

int parley_certify_words(const parley::cli::CertifySettings* settings, std::string* text,
                         std::string* html) {
  using namespace parley;
  try {
    const Certificate certificate = certify(*settings->scenario, settings->options);
    *text = render_certificate_summary(*settings->scenario, certificate);
    *html = render_certificate_brief(*settings->scenario, certificate);
  } catch (const UnsupportedError& e) {
    *text = std::string("No certificate: ") + e.what() + "\n";
    *html = "<p>No certificate: " + escape_brief_text(e.what()) + "</p>\n";
  }
  return 0;
}

int parley_record_write(const parley::cli::RecordSettings* settings) {
  using namespace parley;
  const SigningKey key = SigningKey::from_pem_file(settings->key_path);
  NegotiationRecordInput input = settings->input;
  if (settings->result->outcome) {
    // The agreement's Pareto claim: proved, or the package that beats it.
    CertifyOptions options;
    options.frontier = options.ideal = options.nash = options.kalai_smorodinsky =
        options.egalitarian = options.utilitarian = false;
    options.packages = {*settings->result->outcome};
    const Certificate certificate = certify(*settings->scenario, options);
    input.certificate_json = certificate.json;
    input.certificate_claim = to_string(certificate.claims.front().kind);
    if (!settings->certificate_path.empty()) {
      save_certificate(certificate, settings->certificate_path);
      std::cout << "Certificate of the agreement (" << input.certificate_claim << ") written to "
                << settings->certificate_path << "\n";
    }
  }
  const Record record = record_negotiation(*settings->scenario, input, *settings->result, key);
  if (!settings->reveal_path.empty()) {
    std::string reveal;
    for (const auto& line : record.reveal) reveal += line + "\n";
    write_whole_file(settings->reveal_path, reveal, true);
  }
  write_whole_file(settings->record_path, record.text(), false);
  std::cout << "Record written to " << settings->record_path << " (" << record.lines.size()
            << " lines, signed by " << key.public_key_hex() << ")";
  if (!settings->reveal_path.empty())
    std::cout << "; the reveal (salts and preferences, for an auditor only) to "
              << settings->reveal_path;
  std::cout << "\n";
  return 0;
}

int parley_replay_run(const parley::cli::ReplaySettings* settings) {
  using namespace parley;
  const auto lines = read_record_lines(settings->record);
  std::vector<std::string> reveal;
  for (const auto& file : settings->reveals)
    for (auto& line : read_record_lines(file)) reveal.push_back(std::move(line));
  const RecordVerdict verdict = settings->scenario.empty()
                                    ? verify_record(lines)
                                    : replay_record(lines, settings->scenario, reveal);
  for (const auto& signer : verdict.signers) std::cout << "signed by " << signer << "\n";
  for (const auto& note : verdict.notes) std::cout << note << "\n";
  if (!verdict.ok) {
    std::cout << settings->record << ":" << verdict.line << ": " << verdict.message << "\n";
    return 1;
  }
  // The certificate certified again goes to the independent checker, as an auditor's would.
  if (verdict.certificate &&
      !cli::check_replayed_certificate(settings->scenario, *verdict.certificate, std::nullopt))
    return 1;
  std::cout << "record verified" << (settings->scenario.empty() ? "" : " and replayed") << "\n";
  return 0;
}

int parley_countersign_run(const parley::cli::CountersignSettings* settings) {
  using namespace parley;
  Record record;
  record.lines = read_record_lines(settings->record);
  const RecordVerdict verdict = verify_record(record.lines);
  if (!verdict.ok) {
    std::cout << settings->record << ":" << verdict.line << ": " << verdict.message
              << "\nnot countersigned: the record does not verify\n";
    return 1;
  }
  const SigningKey key = SigningKey::from_pem_file(settings->key);
  countersign(record, key, settings->signer);
  write_whole_file(settings->record, record.text(), false);
  std::cout << "countersigned by " << settings->signer << " (" << key.public_key_hex() << ")\n";
  return 0;
}

int parley_keygen_run(const std::string* path) {
  using namespace parley;
  struct stat existing {};
  if (::stat(path->c_str(), &existing) == 0)
    throw InputError(*path, std::nullopt, "keygen", "an existing file",
                     "a new file name (a key is never overwritten)");
  const SigningKey key = SigningKey::generate();
  write_whole_file(*path, key.private_pem(), true);
  std::cout << "Ed25519 private key written to " << *path << " (readable by you only)\npublic key "
            << key.public_key_hex() << "\n";
  return 0;
}
