// The audit log of dancu: every query and administrative action as an append-only,
// hash-chained, tamper-evident record, with Ed25519-signed checkpoints (issue 5, "Audit").
//
// Where it lives. Tables audit_record and audit_checkpoint (store migration 003_audit.sql),
// in a database file of its own — by convention var/audit.db, opened with store::OpenSqlite —
// not in the registry's file: the audit log is written ~1,000 times a second and must not
// queue behind (or hold up) registry writes on the same writer thread; it is backed up,
// retained and handed to auditors on its own; and a copy of it carries no registry data.
// Nothing here depends on that choice: every function takes the store::Database to use.
//
// Subjects. A record's subject (CCCD/CMND) is never stored, logged or put in an error
// message in plain text. It is normalised (spaces, dots and dashes removed, ASCII upper
// case), then stored twice: subject_hash = keyed BLAKE2b-256 (for "who looked up this
// citizen") and subject_enc = 24-byte random nonce ‖ crypto_secretbox (for authorised
// auditors, DecryptSubject). If another field of the record contains the identifier it is
// replaced by "[đã ẩn]" before the record is stored.
//
// Chain. Record n stores prev_hash = hash of record n-1 (64 zeros for n = 1) and
// hash = SHA-256, as hex, of the canonical encoding
//   "dancu-audit-record-v1" ‖ F(at) ‖ F(local_day) ‖ F(kind) ‖ F(actor) ‖ F(unit) ‖
//   F(system) ‖ F(purpose) ‖ F(dossier) ‖ F(subject_hash) ‖ F(subject_enc) ‖ F(outcome) ‖
//   F(reason_code) ‖ F(reason) ‖ F(action) ‖ F(latency_us) ‖ F(detail) ‖ F(seq) ‖
//   F(prev_hash)
// where F(x) = 8-byte big-endian length of x ‖ the bytes of x, and integers are decimal text.
// (seq and prev_hash come last so that the appending thread hashes the rest in advance.)
// Every N records and every T seconds (when there are new records) the appender signs
// "dancu-audit-checkpoint\n<seq>\n<hash>\n<at>" with Ed25519; a checkpoint exported to a
// file kept elsewhere later proves that the log was not cut short or rewritten.
// What the chain alone cannot show: records appended at the tail by someone who can write
// the file, and a fully rewritten chain, are caught only by a signed checkpoint after them.
//
// Keys (Keys::LoadOrCreate) live in a file outside the repository, by default audit.keys
// next to the audit database (var/audit.keys), created with mode 0600 on first use. Back it
// up apart from the database: without it old subjects can be neither found nor decrypted,
// and AuditLog::Open refuses a key that differs from the one that signed the log.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "store/store.h"

namespace dancu::audit {

using core::Result;

// Bounds of a stored record's text fields, in bytes (Append cuts longer values).
inline constexpr size_t kMaxFieldBytes = 1024;
inline constexpr size_t kMaxReasonBytes = 4096;
inline constexpr size_t kMaxDetailBytes = 8192;
inline constexpr size_t kMaxSubjectBytes = 256;  // encrypted; the hash covers all of it

// What a caller hands to the log. Plain value type.
struct Record {
  int64_t seq = 0;      // ignored on input; the log assigns it
  std::string time;     // ISO-8601 with offset ("2021-08-23T09:15:00.123+07:00");
                        // empty = now. Fractions of a second are kept as given.
  std::string kind;     // "query" | "admin"
  std::string actor;    // account login or user name; required
  std::string unit;     // agency code
  std::string system;   // integrated system id
  std::string purpose;  // service code (MaDVC)
  std::string dossier;  // số hồ sơ
  std::string subject;  // CCCD/CMND in plain text: input only, never stored
  std::string outcome;  // "allowed" | "refused" | "failed"
  std::string reason_code;
  std::string reason;  // Vietnamese, for refusals and failures
  std::string action;  // "lookup", "verify", "approve", "suspend", "export", "login", …
  int64_t latency_us = 0;
  std::string detail;  // small JSON object (or empty), without personal data
};

// A record as stored. `record.subject` is always empty.
struct StoredRecord {
  Record record;             // record.seq is the stored seq
  std::string local_day;     // YYYY-MM-DD in Asia/Ho_Chi_Minh
  std::string subject_hash;  // 64 hex digits; empty when the record names no subject
  std::string subject_enc;   // nonce ‖ ciphertext (bytes); empty when no subject
  std::string prev_hash;     // 64 hex digits
  std::string hash;          // 64 hex digits
};

// The log's secrets. Copyable value; the destructor wipes the bytes.
struct Keys {
  std::array<unsigned char, 32> sign_public{};       // Ed25519
  std::array<unsigned char, 64> sign_secret{};       // Ed25519 (libsodium layout)
  std::array<unsigned char, 32> subject_hash_key{};  // BLAKE2b key
  std::array<unsigned char, 32> subject_enc_key{};   // XSalsa20-Poly1305 key

  Keys() = default;
  Keys(const Keys&) = default;
  Keys& operator=(const Keys&) = default;
  ~Keys();

  // Fresh random keys.
  static Keys Generate();
  // Reads `path` (JSON written by LoadOrCreate). Errors: not_found when absent;
  // permission_denied when group or others may read it; invalid_argument when malformed.
  static Result<Keys> Load(const std::string& path);
  // Load, or when `path` does not exist create it (mode 0600, parent directories created)
  // with Generate(). Safe against another process creating it at the same time.
  static Result<Keys> LoadOrCreate(const std::string& path);

  std::string PublicKeyHex() const;
};

// audit.keys beside the database file `db_path` (e.g. var/audit.db → var/audit.keys).
std::string DefaultKeyPath(const std::string& db_path);

using PublicKey = std::array<unsigned char, 32>;
// 64 hex digits → key. Errors: invalid_argument.
Result<PublicKey> ParsePublicKey(std::string_view hex);

// A signed statement "the record `seq` has hash `hash`", made at `time`.
struct Checkpoint {
  int64_t seq = 0;
  std::string hash;        // hex
  std::string time;        // ISO-8601 +07:00
  std::string public_key;  // hex, the key that signed
  std::string signature;   // hex Ed25519 signature of CheckpointMessage
};

// "dancu-audit-checkpoint\n<seq>\n<hash>\n<time>", the bytes that are signed.
std::string CheckpointMessage(const Checkpoint& c);
// True when `signature` verifies with `c.public_key` (the key the checkpoint carries).
bool CheckpointSignatureValid(const Checkpoint& c);
// JSON file form: {"format":"dancu-audit-checkpoint-v1","seq","hash","time","public_key",
// "signature"}.
std::string CheckpointToJson(const Checkpoint& c);
// Errors: invalid_argument when the text is not such a JSON document.
Result<Checkpoint> CheckpointFromJson(std::string_view json);

struct LogOptions {
  int64_t checkpoint_every_records = 1000;  // a checkpoint at every seq that is a multiple
  int checkpoint_every_seconds = 60;        // and of the tail, when new, this often
  size_t max_batch = 4096;                  // records per transaction
  size_t max_queue = 1 << 20;               // Append refuses (unavailable) beyond this
  bool checkpoint_on_close = true;          // sign the tail when the log is closed
  // Issue 10 item 8: a record still queued this long after Append — the database is locked
  // by another process, or the disk stalls — is taken out of the queue and answered
  // unavailable, so a query never waits on the audit log for longer. Zero: wait forever.
  std::chrono::milliseconds append_deadline{2000};
  // After a write job failed, the next one starts no sooner than this.
  std::chrono::milliseconds retry_after{100};
};

struct LogStats {
  int64_t last_seq = 0;
  int64_t appended = 0;  // records committed since Open
  int64_t batches = 0;   // transactions that committed them
  int64_t checkpoints = 0;
  size_t largest_batch = 0;
  int64_t expired = 0;      // records answered unavailable: append_deadline passed first
  int64_t failed = 0;       // records answered with the store's error (their job failed)
  int64_t failed_jobs = 0;  // write jobs that failed, or never got the database
};

// The writer of the audit log. Thread-safe. Appends are queued; a write job, when it starts
// on the store's writer thread, takes everything queued (up to max_batch), chains it in
// queue order from the tail it reads in the same transaction, and inserts it: ONE
// Database::Write job per batch, so the store's group commit makes the whole batch durable
// with one fsync. Two internal threads keep the next job waiting while one commits.
// Keep one AuditLog per database file: a second one (or another process) does not fork
// the chain, but its checkpoints and timing interleave with this one's.
class AuditLog {
 public:
  // Reads the tail (last seq and hash) to continue the chain. Errors: permission_denied
  // when the log's latest checkpoint was signed with another key (wrong key file);
  // internal/unavailable from the store.
  static Result<std::unique_ptr<AuditLog>> Open(store::Database& db, Keys keys,
                                                LogOptions options = {});
  // Commits everything queued, signs the tail (checkpoint_on_close), stops its threads.
  // REQUIRES: no thread calls Append once destruction has begun.
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  // Queues `r`; `done` later receives its seq once the record is durable, or the error
  // (invalid_argument only for a kind, outcome or action outside the log's words — then
  // immediately, on this thread; unavailable when the queue is full or the log is closing;
  // the store's error when the commit failed, in which case no seq was used; unavailable
  // when append_deadline passed while the record was still queued — it is then never
  // written). A record already in a write job when the deadline passes is answered by that
  // job's commit. Records that fail are never retried, so the chain stays gapless and in
  // order: the next job continues from the tail it reads in its own transaction.
  // Issue 10: the log never refuses a record for its data, since a refused record is an
  // action that left no trace. Invalid UTF-8 becomes U+FFFD; a field longer than its bound
  // is cut at a character boundary and ends with "…[đã cắt bớt]"; an unreadable time is
  // replaced by now; a detail that is not a JSON object is kept as text; an empty actor is
  // "(không rõ)"; a subject longer than kMaxSubjectBytes is hashed whole and encrypted cut.
  // Each change is noted in detail.audit_notes (original sizes and the SHA-256 of each cut
  // text, never the text that was cut). Otherwise `done` runs on one of the log's threads: it must
  // be quick, must not throw and must not call AppendSync. Records queued by one thread are
  // chained in the order queued. r.subject is wiped from memory after hashing.
  void Append(Record r, std::function<void(Result<int64_t>)> done);
  // Append and wait. REQUIRES: not called from a `done` callback.
  Result<int64_t> AppendSync(Record r);

  // Signs the current tail now (after everything queued before this call is committed),
  // unless it is already signed; returns the latest checkpoint. Errors: not_found when
  // the log is empty.
  Result<Checkpoint> CheckpointNow();
  // CheckpointNow() as the JSON to keep in a file elsewhere.
  Result<std::string> ExportCheckpoint();
  // The newest stored checkpoint. Errors: not_found when there is none.
  Result<Checkpoint> LatestCheckpoint();

  LogStats Stats() const;
  const Keys& keys() const;

  struct Impl;

 private:
  explicit AuditLog(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The newest stored checkpoint of the log in `db`. Errors: not_found when there is none.
Result<Checkpoint> LatestCheckpoint(store::Database& db);

struct VerifyReport {
  bool ok = true;
  int64_t records = 0;
  int64_t first_bad_seq = 0;   // the first record (or, for a bad signature, the checkpoint's
                               // seq) found wrong; 0 when ok
  std::string problem_kind;    // changed | deleted | inserted | reordered | truncated |
                               // checkpoint; empty when ok
  std::string problem;         // Vietnamese: what is wrong, where
  int checkpoints_ok = 0;      // stored checkpoints with a valid signature matching the chain
  int64_t signed_through = 0;  // highest seq covered by a valid checkpoint (stored/exported)
};

// Recomputes every record's hash from genesis in seq order (one read snapshot, streamed),
// checks every stored checkpoint's signature (with `trusted`) and hash, and, given an
// exported checkpoint (signature checked with the key it carries, which must be `trusted`),
// that the log reaches its seq with the same hash. Reports the first problem found.
// Errors: only from the store — a tampered log is a report with ok = false.
Result<VerifyReport> Verify(store::Database& db, const PublicKey& trusted,
                            const std::optional<Checkpoint>& exported = std::nullopt);
Result<VerifyReport> Verify(store::Database& db, const Keys& keys,
                            const std::optional<Checkpoint>& exported = std::nullopt);

struct SearchFilter {
  std::string account;   // exact actor
  std::string unit;      // exact agency code
  std::string subject;   // plain identifier; looked up by its keyed hash
  std::string from, to;  // calendar days (local), inclusive; ISO or dd/mm/yyyy
  std::string kind;      // "query" | "admin" | empty = both
  int limit = 100;       // 1..10000
  int offset = 0;
};

// Records matching every non-empty field of `filter`, newest first.
// Errors: invalid_argument for a bad date, kind, subject or limit.
Result<std::vector<StoredRecord>> Search(store::Database& db, const Keys& keys,
                                         const SearchFilter& filter);
// "Who looked up this citizen": the query records about `identifier`, newest first.
Result<std::vector<StoredRecord>> LookupsOfSubject(store::Database& db, const Keys& keys,
                                                   std::string_view identifier, int limit = 1000);
// The plain identifier of a stored record, for authorised auditors; nullopt when the record
// has no subject or the ciphertext does not open with `keys` (tampered, or other keys).
// Invalid UTF-8 in what was asked is shown as U+FFFD; a subject longer than
// kMaxSubjectBytes comes back cut to that length.
std::optional<std::string> DecryptSubject(const Keys& keys, const StoredRecord& r);

// Allowed queries per account on `local_day` (a calendar day in Asia/Ho_Chi_Minh): what the
// gateway's quota counters start from. Errors: invalid_argument for a bad day.
Result<std::map<std::string, int64_t>> CountAllowedQueries(store::Database& db,
                                                           const std::string& local_day);

}  // namespace dancu::audit
