// Helpers shared by the audit module's .cc files (not part of its interface).
#pragma once

#include <sodium.h>

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "audit/audit.h"

namespace dancu::audit::internal {

inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";
inline constexpr std::string_view kRedacted = "[đã ẩn]";

// Calls sodium_init once. Thread-safe.
void EnsureSodium();

std::string Hex(const unsigned char* bytes, size_t n);
template <size_t N>
std::string Hex(const std::array<unsigned char, N>& a) {
  return Hex(a.data(), N);
}
// False when `hex` is not exactly 2*n hex digits.
bool FromHex(std::string_view hex, unsigned char* out, size_t n);

// Now in Vietnam, ISO-8601 with milliseconds and +07:00.
std::string NowIso();
// The calendar day in Asia/Ho_Chi_Minh of an ISO-8601 time with an offset ("Z" or ±HH:MM).
// Errors: invalid_argument.
Result<std::string> LocalDayOf(std::string_view iso_time);
// A day given as ISO or dd/mm/yyyy → "YYYY-MM-DD". Errors: invalid_argument naming `field`.
Result<std::string> IsoDay(std::string_view text, std::string_view field);

// Spaces, dots and dashes removed, ASCII letters upper-cased.
std::string NormaliseSubject(std::string_view identifier);
// Keyed BLAKE2b-256 of a normalised identifier, as hex.
std::string SubjectHash(const Keys& keys, std::string_view normalised);
// nonce ‖ crypto_secretbox_easy(normalised).
std::string EncryptSubject(const Keys& keys, std::string_view normalised);

// Appended to a text field cut to its bound.
inline constexpr std::string_view kCutMarker = "…[đã cắt bớt]";
// `text` with every ill-formed UTF-8 sequence replaced by U+FFFD.
std::string ValidUtf8(std::string_view text);
// `text` (valid UTF-8) cut at a character boundary so that, with kCutMarker appended, it
// fits in `max` bytes; unchanged when it already fits.
std::string Bounded(std::string_view text, size_t max);
// Every text field of `r` but time and detail made valid UTF-8 and cut to its bound; each
// change is noted in `notes` ("invalid_utf8": [names], "truncated": {name: {bytes, sha256}}).
void BoundFields(Record& r, nlohmann::json& notes);
// An empty or unreadable time becomes now (the unreadable one kept in notes.time_given).
void SettleTime(std::string& time, nlohmann::json& notes);
// `detail` as a JSON object of at most kMaxDetailBytes: kept as given when it is one and
// `notes` is empty; otherwise re-encoded with "audit_notes": notes, a detail that is not an
// object (or too long) kept as "detail_text" (cut), with its size and SHA-256 in the notes.
void SettleDetail(std::string& detail, nlohmann::json notes);

// Bounds and cleans `r` (see Append in audit.h), fills time and day, redacts the subject
// from other fields, hashes and encrypts the subject and wipes it from `r`. seq, prev_hash
// and hash are left empty. Errors: invalid_argument only for a kind, outcome or action that
// is not one of the log's words — a caller's bug (the message never contains the subject).
Result<StoredRecord> Prepare(Record& r, const Keys& keys);

// SHA-256 state after "dancu-audit-record-v1" and every field but seq and prev_hash, which
// come last in the canonical encoding (see audit.h) so that this, the costly part, is
// computed by the appending thread and only ChainHash runs on the single writer thread.
struct BodyHash {
  crypto_hash_sha256_state state;
};
BodyHash HashBody(const StoredRecord& r);
// The record's hash (hex): `body` finished with F(seq) ‖ F(prev_hash).
std::string ChainHash(BodyHash body, int64_t seq, std::string_view prev_hash);
inline std::string ChainHash(const StoredRecord& r, int64_t seq, std::string_view prev_hash) {
  return ChainHash(HashBody(r), seq, prev_hash);
}

// Search keys (see 003_audit.sql): the block of seq in the high 32 bits, a tag of the value
// in the low 32 bits, so that inserts stay inside the newest part of each index.
inline constexpr int kBlockBits = 14;  // 16,384 records per block
int64_t BlockKey(int64_t seq, uint32_t tag);
// First 32 bits of BLAKE2b-256(domain ‖ 0 ‖ value).
uint32_t ValueTag(std::string_view domain, std::string_view value);
// First 32 bits of a subject hash (hex).
uint32_t SubjectTag(std::string_view subject_hash);
struct SearchKeys {
  int64_t actor = 0, unit = 0;
  std::optional<int64_t> subject;  // none when the record has no subject
  bool operator==(const SearchKeys&) const = default;
};
// The tags of a record, which do not depend on its seq (computed before it has one).
struct Tags {
  uint32_t actor = 0, unit = 0;
  std::optional<uint32_t> subject;
};
Tags TagsOf(const StoredRecord& r);
SearchKeys KeysAt(const Tags& tags, int64_t seq);
inline SearchKeys KeysOf(const StoredRecord& r) { return KeysAt(TagsOf(r), r.record.seq); }

// Columns matching RecordFromRow (then actor_key, unit_key, subject_key), the SELECT of
// them, and the INSERT of RecordParams.
extern const char* const kRecordColumns;
extern const char* const kSelectRecord;  // "SELECT <columns> FROM audit_record"
extern const char* const kInsertRecord;
StoredRecord RecordFromRow(const store::Row& row);
// The search keys stored in a row read with kRecordColumns.
SearchKeys StoredKeys(const store::Row& row);
// Moves the strings out of `r`; its search keys come from `tags` and its seq.
store::Params RecordParams(StoredRecord&& r, const Tags& tags);
inline store::Params RecordParams(StoredRecord&& r) {
  Tags tags = TagsOf(r);
  return RecordParams(std::move(r), tags);
}

Checkpoint SignCheckpoint(const Keys& keys, int64_t seq, std::string hash, std::string time);
extern const char* const kSelectCheckpoint;  // "SELECT seq, hash, at, public_key, signature ..."
extern const char* const kInsertCheckpoint;
Checkpoint CheckpointFromRow(const store::Row& row);
store::Params CheckpointParams(const Checkpoint& c);

}  // namespace dancu::audit::internal
