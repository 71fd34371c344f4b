// Tests of what the audit log does with records it could not store as given: over-long
// fields, invalid UTF-8, unreadable times and details, identifiers of any length.
#include <nlohmann/json.hpp>

#include "audit/test_support.h"
#include "core/hash.h"
#include "core/text.h"

namespace dancu::audit {
namespace {

using nlohmann::json;
using testing::Fixture;
using testing::Query;

json NotesOf(const StoredRecord& r) {
  json detail = json::parse(r.record.detail, nullptr, false);
  EXPECT_TRUE(detail.is_object()) << r.record.detail;
  return detail.is_object() ? detail.value("audit_notes", json::object()) : json::object();
}

bool EndsWithMarker(const std::string& s) { return s.ends_with(internal::kCutMarker); }

TEST(AuditRecordBounds, OverlongAndInvalidFieldsAreRecordedCutAndNoted) {
  // issue 10 item 7: a refusal with a 65-character cccd or a long name left no audit record.
  Fixture f("bounds.db");
  const std::string kLongId(65, '7');
  Record r = Query("cb\xff.kg", kLongId, "refused");
  r.reason = std::string(5000, 'r');
  r.purpose = "XMCD-\xc3";
  r.dossier = std::string(3000, 'd');
  r.reason_code = "invalid_query";
  auto seq = f.log->AppendSync(r);
  ASSERT_TRUE(seq.has_value()) << seq.error().message;
  StoredRecord s = f.Row(*seq);
  EXPECT_EQ(s.record.outcome, "refused");
  EXPECT_LE(s.record.reason.size(), kMaxReasonBytes);
  EXPECT_TRUE(EndsWithMarker(s.record.reason));
  EXPECT_LE(s.record.dossier.size(), kMaxFieldBytes);
  EXPECT_TRUE(EndsWithMarker(s.record.dossier));
  EXPECT_EQ(s.record.actor, "cb\xEF\xBF\xBD.kg");
  EXPECT_EQ(s.record.purpose, "XMCD-\xEF\xBF\xBD");
  json notes = NotesOf(s);
  EXPECT_EQ(notes["truncated"]["reason"]["bytes"], 5000);
  EXPECT_EQ(notes["truncated"]["reason"]["sha256"], core::Sha256Hex(std::string(5000, 'r')));
  EXPECT_EQ(notes["truncated"]["dossier"]["bytes"], 3000);
  EXPECT_EQ(notes["invalid_utf8"], json({"actor", "purpose"}));
  EXPECT_EQ(json::parse(s.record.detail)["fields"], json({"hoTen", "ngaySinh"}));
  auto who = LookupsOfSubject(*f.db, f.keys, kLongId);
  ASSERT_TRUE(who.has_value()) << who.error().message;
  ASSERT_EQ(who->size(), 1u);
  EXPECT_EQ(DecryptSubject(f.keys, s), std::optional<std::string>(kLongId));
  EXPECT_TRUE(f.Verified().ok);
}

TEST(AuditRecordBounds, UnreadableTimeDetailAndEmptyActorAreKeptAsNotes) {
  // issue 10 item 7: every way a record used to be refused for its data.
  Fixture f("unreadable.db");
  Record r = Query("", "001099000001", "refused", "2021-08-23 09:00");
  r.detail = "[1,2";
  r.latency_us = -5;
  auto seq = f.log->AppendSync(r);
  ASSERT_TRUE(seq.has_value()) << seq.error().message;
  StoredRecord s = f.Row(*seq);
  EXPECT_EQ(s.record.actor, "(không rõ)");
  EXPECT_EQ(s.record.latency_us, 0);
  EXPECT_TRUE(internal::LocalDayOf(s.record.time).has_value()) << s.record.time;
  json detail = json::parse(s.record.detail);
  EXPECT_EQ(detail["detail_text"], "[1,2");
  EXPECT_EQ(detail["audit_notes"]["time_given"], "2021-08-23 09:00");
  EXPECT_EQ(detail["audit_notes"]["detail"]["sha256"], core::Sha256Hex("[1,2"));
  Record huge = Query("an", "001099000001");
  huge.detail = "{\"a\":\"" + std::string(20000, 'x') + "\"}";
  auto big = f.log->AppendSync(huge);
  ASSERT_TRUE(big.has_value()) << big.error().message;
  EXPECT_LE(f.Row(*big).record.detail.size(), kMaxDetailBytes);
  EXPECT_TRUE(f.Verified().ok);
}

TEST(AuditRecordBounds, ACutNeverSplitsACharacterNorLeavesPartOfTheSubject) {
  // issue 10 item 7: a cut field stays valid UTF-8, and it is cut after redaction.
  Fixture f("cut.db");
  const std::string kSubject = "079203004567";
  Record r = Query("an", kSubject, "refused");
  std::string reason;
  while (reason.size() < 5000) reason += "ễ";
  r.reason = reason;
  // The subject straddles the place where the dossier is cut.
  r.dossier = std::string(kMaxFieldBytes - internal::kCutMarker.size() - 6, 'd') + kSubject +
              std::string(100, 'd');
  auto seq = f.log->AppendSync(r);
  ASSERT_TRUE(seq.has_value()) << seq.error().message;
  StoredRecord s = f.Row(*seq);
  EXPECT_TRUE(core::IsValidUtf8(s.record.reason));
  EXPECT_LE(s.record.reason.size(), kMaxReasonBytes);
  EXPECT_GT(s.record.reason.size(), kMaxReasonBytes - 16);
  EXPECT_TRUE(s.record.dossier.ends_with(internal::kCutMarker));
  EXPECT_EQ(s.record.dossier.find("079203"), std::string::npos) << s.record.dossier;
}

TEST(AuditRecordBounds, ASubjectOfAnyBytesIsHashedWholeAndEncryptedCut) {
  // issue 10 item 7: the subject hash and encryption accept any bytes, of any length.
  Fixture f("subject.db");
  std::string subject = "\xff\xfe" + std::string(1000, '9');
  auto seq = f.log->AppendSync(Query("an", subject, "refused"));
  ASSERT_TRUE(seq.has_value()) << seq.error().message;
  StoredRecord s = f.Row(*seq);
  EXPECT_EQ(s.subject_hash.size(), 64u);
  auto plain = DecryptSubject(f.keys, s);
  ASSERT_TRUE(plain.has_value());
  EXPECT_TRUE(core::IsValidUtf8(*plain));
  EXPECT_EQ(plain->substr(0, 6), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(NotesOf(s)["subject_bytes"], 1002);
  auto who = LookupsOfSubject(*f.db, f.keys, subject);
  ASSERT_TRUE(who.has_value()) << who.error().message;
  EXPECT_EQ(who->size(), 1u);
}

}  // namespace
}  // namespace dancu::audit
