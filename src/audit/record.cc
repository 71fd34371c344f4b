// Audit records: validation, times and local days, the canonical encoding and its rows.
#include <sodium.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "audit/audit_internal.h"
#include "core/date.h"
#include "core/text.h"

namespace dancu::audit::internal {
namespace {

using core::Error;
using core::Fail;

// A subject longer than this is not an identifier: it is hashed and stored, not redacted
// from the other fields (which would cost its length times theirs).
constexpr size_t kMaxRedactedSubject = 1024;

bool Digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

bool IsSeparator(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '.' || c == '-';
}

char Upper(char c) { return c >= 'a' && c <= 'z' ? char(c - 'a' + 'A') : c; }

// Replaces every span of `text` that normalises to `subject` ("079 203.004-567" for
// "079203004567") by kRedacted.
void Redact(std::string& text, std::string_view subject) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (Upper(text[i]) != subject[0]) continue;
    size_t j = i + 1, k = 1;
    while (k < subject.size() && j < text.size()) {
      if (Upper(text[j]) == subject[k])
        ++k;
      else if (!IsSeparator(text[j]))
        break;
      ++j;
    }
    if (k < subject.size()) continue;
    text.replace(i, j - i, kRedacted);
    i += kRedacted.size() - 1;
  }
}

void Field(std::string& out, std::string_view bytes) {
  uint64_t n = bytes.size();
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(char((n >> shift) & 0xff));
  out.append(bytes);
}

Result<void> CheckWords(const Record& r) {
  if (r.kind != "query" && r.kind != "admin") {
    return Fail(Error::Invalid("Loại bản ghi nhật ký phải là \"query\" hoặc \"admin\"."));
  }
  if (r.outcome != "allowed" && r.outcome != "refused" && r.outcome != "failed") {
    return Fail(Error::Invalid(
        "Kết quả của bản ghi nhật ký phải là \"allowed\", \"refused\" hoặc \"failed\"."));
  }
  if (r.action.empty()) return Fail(Error::Invalid("Bản ghi nhật ký phải ghi thao tác."));
  return {};
}

}  // namespace

std::string NowIso() {
  using namespace std::chrono;
  auto local = floor<milliseconds>(system_clock::now() + core::kVietnamUtcOffset);
  auto day = floor<days>(local);
  year_month_day ymd{day};
  hh_mm_ss hms{local - day};
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03d+07:00", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()),
                int(hms.subseconds().count()));
  return buf;
}

Result<std::string> LocalDayOf(std::string_view t) {
  auto bad = [&] {
    return Fail(Error::Invalid("Thời điểm \"" + std::string(t.substr(0, 64)) +
                               "\" không đúng dạng ISO-8601 có múi giờ, ví dụ "
                               "2021-08-23T09:15:00+07:00."));
  };
  int y, mo, d, h, mi, s;
  if (t.size() < 20 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':' ||
      !Digits(t, 0, 4, y) || !Digits(t, 5, 2, mo) || !Digits(t, 8, 2, d) || !Digits(t, 11, 2, h) ||
      !Digits(t, 14, 2, mi) || !Digits(t, 17, 2, s)) {
    return bad();
  }
  size_t pos = 19;
  if (t[pos] == '.') {
    size_t start = ++pos;
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') ++pos;
    if (pos == start || pos - start > 9) return bad();
  }
  int offset_min = 0;
  std::string_view zone = t.substr(pos);
  if (zone != "Z") {
    int oh, om;
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':' ||
        !Digits(zone, 1, 2, oh) || !Digits(zone, 4, 2, om) || oh > 14 || om > 59) {
      return bad();
    }
    offset_min = (zone[0] == '-' ? -1 : 1) * (oh * 60 + om);
  }
  using namespace std::chrono;
  year_month_day ymd{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 60) return bad();
  // Local time in Vietnam = the given wall time - its offset + 7 hours (UTC+7, no DST).
  auto local = sys_days{ymd} + hours{h} + minutes{mi} - minutes{offset_min} +
               duration_cast<minutes>(core::kVietnamUtcOffset);
  year_month_day out{floor<days>(local)};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(out.year()), unsigned(out.month()),
                unsigned(out.day()));
  return std::string(buf);
}

Result<std::string> IsoDay(std::string_view text, std::string_view field) {
  auto date = core::Date::Parse(text, field);
  if (!date) return Fail(date.error());
  return date->Iso();
}

std::string NormaliseSubject(std::string_view identifier) {
  std::string out;
  out.reserve(identifier.size());
  for (char c : identifier) {
    if (!IsSeparator(c)) out.push_back(Upper(c));
  }
  return out;
}

Result<StoredRecord> Prepare(Record& r, const Keys& keys) {
  struct Wipe {  // the plain identifier leaves memory whatever happens below
    std::string& s;
    ~Wipe() {
      sodium_memzero(s.data(), s.size());
      s.clear();
    }
  };
  std::string raw = std::move(r.subject);
  Wipe wipe_raw{raw};
  r.subject.clear();
  std::string subject = NormaliseSubject(raw);
  Wipe wipe_norm{subject};
  if (auto st = CheckWords(r); !st) return Fail(st.error());
  // Issue 5: subject identifiers never in plain text — not in the other fields either,
  // however they are written there (with spaces, dots or dashes it is the same number).
  // Redacted before anything is cut, so that no cut can leave part of one behind.
  if (subject.size() >= 6 && subject.size() <= kMaxRedactedSubject) {
    for (std::string* f : {&r.actor, &r.unit, &r.system, &r.purpose, &r.dossier, &r.reason_code,
                           &r.reason, &r.action, &r.detail, &r.time}) {
      Redact(*f, subject);
    }
  }
  nlohmann::json notes = nlohmann::json::object();
  if (r.actor.empty()) r.actor = "(không rõ)";
  if (r.latency_us < 0) r.latency_us = 0;
  BoundFields(r, notes);
  SettleTime(r.time, notes);
  if (subject.size() > kMaxSubjectBytes) notes["subject_bytes"] = subject.size();
  SettleDetail(r.detail, std::move(notes));
  StoredRecord out;
  auto day = LocalDayOf(r.time);
  if (!day) return Fail(day.error());  // SettleTime left a readable time: a bug
  out.local_day = std::move(*day);
  if (!subject.empty()) {
    out.subject_hash = SubjectHash(keys, subject);
    out.subject_enc = EncryptSubject(keys, std::string_view(subject).substr(0, kMaxSubjectBytes));
  }
  out.record = std::move(r);
  out.record.seq = 0;
  return out;
}

BodyHash HashBody(const StoredRecord& s) {
  const Record& r = s.record;
  std::string out = "dancu-audit-record-v1";
  out.reserve(512);
  for (std::string_view f :
       {std::string_view(r.time), std::string_view(s.local_day), std::string_view(r.kind),
        std::string_view(r.actor), std::string_view(r.unit), std::string_view(r.system),
        std::string_view(r.purpose), std::string_view(r.dossier), std::string_view(s.subject_hash),
        std::string_view(s.subject_enc), std::string_view(r.outcome),
        std::string_view(r.reason_code), std::string_view(r.reason), std::string_view(r.action)}) {
    Field(out, f);
  }
  Field(out, std::to_string(r.latency_us));
  Field(out, r.detail);
  BodyHash h;
  crypto_hash_sha256_init(&h.state);
  crypto_hash_sha256_update(&h.state, reinterpret_cast<const unsigned char*>(out.data()),
                            out.size());
  return h;
}

std::string ChainHash(BodyHash body, int64_t seq, std::string_view prev_hash) {
  std::string tail;
  Field(tail, std::to_string(seq));
  Field(tail, prev_hash);
  crypto_hash_sha256_update(&body.state, reinterpret_cast<const unsigned char*>(tail.data()),
                            tail.size());
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&body.state, digest);
  return Hex(digest, sizeof digest);
}

int64_t BlockKey(int64_t seq, uint32_t tag) {
  return (((seq - 1) >> kBlockBits) << 32) | int64_t(tag);
}

uint32_t ValueTag(std::string_view domain, std::string_view value) {
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, 32);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(domain.data()),
                            domain.size());
  const unsigned char zero = 0;
  crypto_generichash_update(&st, &zero, 1);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(value.data()),
                            value.size());
  unsigned char out[32];
  crypto_generichash_final(&st, out, sizeof out);
  return uint32_t(out[0]) << 24 | uint32_t(out[1]) << 16 | uint32_t(out[2]) << 8 | out[3];
}

uint32_t SubjectTag(std::string_view subject_hash) {
  unsigned char b[4] = {};
  if (!FromHex(subject_hash.substr(0, 8), b, 4)) return 0;
  return uint32_t(b[0]) << 24 | uint32_t(b[1]) << 16 | uint32_t(b[2]) << 8 | b[3];
}

Tags TagsOf(const StoredRecord& s) {
  Tags t{ValueTag("actor", s.record.actor), ValueTag("unit", s.record.unit), std::nullopt};
  if (!s.subject_hash.empty()) t.subject = SubjectTag(s.subject_hash);
  return t;
}

SearchKeys KeysAt(const Tags& t, int64_t seq) {
  SearchKeys k{BlockKey(seq, t.actor), BlockKey(seq, t.unit), std::nullopt};
  if (t.subject) k.subject = BlockKey(seq, *t.subject);
  return k;
}

const char* const kRecordColumns =
    "seq, at, local_day, kind, actor, unit, system_id, purpose, dossier, subject_hash, "
    "subject_enc, outcome, reason_code, reason, action, latency_us, detail, prev_hash, hash, "
    "actor_key, unit_key, subject_key";
const char* const kSelectRecord =
    "SELECT seq, at, local_day, kind, actor, unit, system_id, purpose, dossier, subject_hash, "
    "subject_enc, outcome, reason_code, reason, action, latency_us, detail, prev_hash, hash, "
    "actor_key, unit_key, subject_key FROM audit_record";
const char* const kInsertRecord =
    "INSERT INTO audit_record (seq, at, local_day, kind, actor, unit, system_id, purpose, "
    "dossier, subject_hash, subject_enc, outcome, reason_code, reason, action, latency_us, "
    "detail, prev_hash, hash, actor_key, unit_key, subject_key) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

SearchKeys StoredKeys(const store::Row& row) {
  SearchKeys k{row.Int(19), row.Int(20), std::nullopt};
  if (!row.IsNull(21)) k.subject = row.Int(21);
  return k;
}

StoredRecord RecordFromRow(const store::Row& row) {
  StoredRecord s;
  Record& r = s.record;
  r.seq = row.Int(0);
  r.time = row.Text(1);
  s.local_day = row.Text(2);
  r.kind = row.Text(3);
  r.actor = row.Text(4);
  r.unit = row.Text(5);
  r.system = row.Text(6);
  r.purpose = row.Text(7);
  r.dossier = row.Text(8);
  s.subject_hash = row.Text(9);
  s.subject_enc = row.Text(10);
  r.outcome = row.Text(11);
  r.reason_code = row.Text(12);
  r.reason = row.Text(13);
  r.action = row.Text(14);
  r.latency_us = row.Int(15);
  r.detail = row.Text(16);
  s.prev_hash = row.Text(17);
  s.hash = row.Text(18);
  return s;
}

store::Params RecordParams(StoredRecord&& s, const Tags& tags) {
  SearchKeys keys = KeysAt(tags, s.record.seq);
  Record& r = s.record;
  return {r.seq,
          std::move(r.time),
          std::move(s.local_day),
          std::move(r.kind),
          std::move(r.actor),
          std::move(r.unit),
          std::move(r.system),
          std::move(r.purpose),
          std::move(r.dossier),
          std::move(s.subject_hash),
          store::Blob{std::move(s.subject_enc)},
          std::move(r.outcome),
          std::move(r.reason_code),
          std::move(r.reason),
          std::move(r.action),
          r.latency_us,
          std::move(r.detail),
          std::move(s.prev_hash),
          std::move(s.hash),
          keys.actor,
          keys.unit,
          keys.subject ? store::Value(*keys.subject) : store::Value()};
}

}  // namespace dancu::audit::internal
