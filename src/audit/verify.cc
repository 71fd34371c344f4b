// Verification of the audit log: the hash chain from genesis, stored and exported checkpoints.
#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include "audit/audit_internal.h"

namespace dancu::audit {

using core::Fail;
using namespace internal;

namespace {

constexpr int64_t kChunk = 4096;  // rows read per query while streaming the chain
constexpr int64_t kWindow = 16;   // how far a moved record is looked for
constexpr size_t kRecent = 64;    // hashes remembered to recognise inserted records

// One problem; the report names the one with the smallest `order`, chain problems first.
struct Problem {
  int64_t order = 0;      // the last seq the problem could be at
  int rank = 0;           // 0 chain, 1 checkpoint
  int64_t first_bad = 0;  // what the report names
  std::string kind, text;
};

std::string N(int64_t n) { return std::to_string(n); }

// Walks the records in seq order and keeps the first break of the chain.
class ChainScan {
 public:
  explicit ChainScan(store::Tx& tx) : tx_(tx) {}

  void Add(const StoredRecord& r, const SearchKeys& stored_keys) {
    ++count_;
    last_seq_ = r.record.seq;
    if (problem_) return;
    int64_t p = r.record.seq;
    BodyHash body = HashBody(r);
    if (p != expected_) {
      Set(expected_, "deleted",
          p == expected_ + 1
              ? "Thiếu bản ghi số " + N(expected_) + ": bản ghi đã bị xoá."
              : "Thiếu các bản ghi số " + N(expected_) + " đến " + N(p - 1) + ": đã bị xoá.");
    } else if (ChainHash(body, p, r.prev_hash) != r.hash) {
      DiagnoseHashMismatch(r, body);
    } else if (r.prev_hash != prev_) {
      DiagnoseBrokenLink(r);
    } else if (KeysOf(r) != stored_keys) {
      Set(p, "changed",
          "Khoá tìm kiếm của bản ghi số " + N(p) +
              " đã bị sửa: bản ghi bị giấu khỏi kết quả tìm kiếm.");
    }
    if (problem_) return;
    recent_.emplace_back(p, r.hash);
    if (recent_.size() > kRecent) recent_.pop_front();
    prev_ = r.hash;
    expected_ = p + 1;
  }

  const std::optional<Problem>& problem() const { return problem_; }
  int64_t count() const { return count_; }
  int64_t last_seq() const { return last_seq_; }

 private:
  void Set(int64_t first_bad, std::string kind, std::string text) {
    problem_ = Problem{first_bad, 0, first_bad, std::move(kind), std::move(text)};
  }

  // The seq near `p` under which the record's stored hash was computed, if any.
  static std::optional<int64_t> HashedAs(const StoredRecord& r, const BodyHash& body, int64_t p) {
    for (int64_t d = 1; d <= kWindow; ++d) {
      for (int64_t s : {p - d, p + d}) {
        if (s >= 1 && ChainHash(body, s, r.prev_hash) == r.hash) return s;
      }
    }
    return std::nullopt;
  }

  // The stored hash is not the hash of the stored content at this seq.
  void DiagnoseHashMismatch(const StoredRecord& r, const BodyHash& body) {
    int64_t p = r.record.seq;
    auto s = HashedAs(r, body, p);
    if (!s) {
      Set(p, "changed", "Bản ghi số " + N(p) + " đã bị sửa: mã băm lưu trữ không khớp nội dung.");
    } else if (*s < p) {
      Set(*s, "inserted",
          "Bản ghi số " + N(p) + " vốn là bản ghi số " + N(*s) + ": " + N(p - *s) +
              " bản ghi đã bị chèn từ số " + N(*s) + ".");
    } else if (NextBelongsAt(p + 1) == p) {
      Set(p, "reordered",
          "Bản ghi số " + N(p) + " và " + N(p + 1) +
              " đã bị đổi chỗ cho nhau (thứ tự bị thay đổi).");
    } else {
      Set(p, "deleted",
          "Bản ghi số " + N(p) + " vốn là bản ghi số " + N(*s) + ": " + N(*s - p) +
              " bản ghi trước nó đã bị xoá và các bản ghi sau bị "
              "đánh số lại.");
    }
  }

  // Where the record stored at `seq` was hashed, read ahead once for the diagnosis.
  std::optional<int64_t> NextBelongsAt(int64_t seq) {
    auto rows = tx_.Query(std::string(kSelectRecord) + " WHERE seq = ?", {seq});
    if (!rows || rows->empty()) return std::nullopt;
    StoredRecord next = RecordFromRow((*rows)[0]);
    BodyHash body = HashBody(next);
    if (ChainHash(body, seq, next.prev_hash) == next.hash) return seq;
    return HashedAs(next, body, seq);
  }

  // The record is consistent in itself but does not follow the previous one.
  void DiagnoseBrokenLink(const StoredRecord& r) {
    int64_t p = r.record.seq;
    for (auto& [q, h] : recent_) {
      if (h == r.prev_hash && q < p - 1) {
        Set(q + 1, "inserted",
            "Bản ghi số " + N(q + 1) + " đến " + N(p - 1) +
                " không thuộc chuỗi: đã bị chèn vào sau bản ghi số " + N(q) + ".");
        return;
      }
    }
    int64_t bad = p > 1 ? p - 1 : 1;
    Set(bad, "changed",
        "Bản ghi số " + N(p) + " không nối tiếp bản ghi số " + N(p - 1) + ": bản ghi số " + N(bad) +
            " đã bị sửa (và tính lại mã băm) hoặc "
            "bị thay thế.");
  }

  store::Tx& tx_;
  int64_t expected_ = 1;
  std::string prev_{kGenesisHash};
  int64_t count_ = 0;
  int64_t last_seq_ = 0;
  std::deque<std::pair<int64_t, std::string>> recent_;
  std::optional<Problem> problem_;
};

// Checks one checkpoint against the chain; nullopt when it holds.
std::optional<Problem> CheckCheckpoint(const Checkpoint& c, const std::string& trusted,
                                       const std::map<int64_t, std::string>& hash_at,
                                       int64_t last_seq, int64_t covered, bool exported) {
  std::string what =
      exported ? "Điểm kiểm tra xuất ra" : "Điểm kiểm tra tại bản ghi số " + N(c.seq);
  if (c.public_key != trusted) {
    return Problem{c.seq, 1, c.seq, "checkpoint",
                   what + " được ký bằng khoá khác với khoá của nhật ký."};
  }
  if (!CheckpointSignatureValid(c)) {
    return Problem{c.seq, 1, c.seq, "checkpoint", what + " có chữ ký không hợp lệ (đã bị sửa)."};
  }
  if (c.seq > last_seq) {
    return Problem{c.seq, 1, last_seq + 1, "truncated",
                   "Nhật ký chỉ còn đến bản ghi số " + N(last_seq) + " nhưng " +
                       (exported ? "điểm kiểm tra xuất ra" : "điểm kiểm tra đã ký") +
                       " xác nhận đến bản ghi số " + N(c.seq) + ": phần cuối từ bản ghi số " +
                       N(last_seq + 1) + " đã bị xoá."};
  }
  auto it = hash_at.find(c.seq);
  if (it == hash_at.end() || it->second != c.hash) {
    return Problem{c.seq, 1, covered + 1, exported ? "truncated" : "changed",
                   "Mã băm của bản ghi số " + N(c.seq) + " khác với " +
                       (exported ? "điểm kiểm tra xuất ra" : "điểm kiểm tra đã ký") +
                       ": nhật ký đã bị cắt rồi ghi tiếp, hoặc một bản ghi trong khoảng " +
                       N(covered + 1) + "–" + N(c.seq) +
                       " đã bị sửa, xoá hoặc chèn rồi tính "
                       "lại chuỗi băm."};
  }
  return std::nullopt;
}

}  // namespace

Result<VerifyReport> Verify(store::Database& db, const PublicKey& trusted_key,
                            const std::optional<Checkpoint>& exported) {
  EnsureSodium();
  std::string trusted = Hex(trusted_key);
  return db.Read([&](store::Tx& tx) -> Result<VerifyReport> {
    auto cp_rows = tx.Query(std::string(kSelectCheckpoint) + " ORDER BY seq");
    if (!cp_rows) return Fail(cp_rows.error());
    std::vector<Checkpoint> checkpoints;
    std::set<int64_t> wanted;
    for (const auto& row : *cp_rows) {
      checkpoints.push_back(CheckpointFromRow(row));
      wanted.insert(checkpoints.back().seq);
    }
    if (exported) wanted.insert(exported->seq);

    ChainScan scan(tx);
    std::map<int64_t, std::string> hash_at;
    for (int64_t after = 0;;) {
      auto rows = tx.Query(std::string(kSelectRecord) + " WHERE seq > ? ORDER BY seq LIMIT ?",
                           {after, kChunk});
      if (!rows) return Fail(rows.error());
      if (rows->empty()) break;
      for (const auto& row : *rows) {
        StoredRecord r = RecordFromRow(row);
        if (wanted.count(r.record.seq)) hash_at[r.record.seq] = r.hash;
        scan.Add(r, StoredKeys(row));
        after = r.record.seq;
      }
    }

    VerifyReport report;
    report.records = scan.count();
    std::vector<Problem> problems;
    if (scan.problem()) problems.push_back(*scan.problem());
    int64_t covered = 0;         // highest seq vouched for by a valid stored checkpoint so far
    int64_t below_exported = 0;  // the same, below the exported checkpoint
    for (const Checkpoint& c : checkpoints) {
      auto p = CheckCheckpoint(c, trusted, hash_at, scan.last_seq(), covered, false);
      if (p) {
        problems.push_back(std::move(*p));
        continue;
      }
      ++report.checkpoints_ok;
      covered = c.seq;
      if (exported && c.seq < exported->seq) below_exported = c.seq;
    }
    report.signed_through = covered;
    if (exported) {
      auto p = CheckCheckpoint(*exported, trusted, hash_at, scan.last_seq(), below_exported, true);
      if (p)
        problems.push_back(std::move(*p));
      else
        report.signed_through = std::max(report.signed_through, exported->seq);
    }
    if (!problems.empty()) {
      auto first = std::min_element(problems.begin(), problems.end(), [](auto& a, auto& b) {
        return std::pair(a.order, a.rank) < std::pair(b.order, b.rank);
      });
      report.ok = false;
      report.first_bad_seq = first->first_bad;
      report.problem_kind = first->kind;
      report.problem = first->text;
    }
    return report;
  });
}

Result<VerifyReport> Verify(store::Database& db, const Keys& keys,
                            const std::optional<Checkpoint>& exported) {
  return Verify(db, keys.sign_public, exported);
}

}  // namespace dancu::audit
