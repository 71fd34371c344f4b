// Helpers for the audit module's tests: a fresh log in a temporary file, sample records and
// the raw SQL an attacker with access to the database file would run.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "audit/audit.h"
#include "audit/audit_internal.h"

namespace dancu::audit::testing {

inline std::string TempPath(const std::string& name) {
  auto dir =
      std::filesystem::temp_directory_path() / ("dancu-audit-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / name;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  return path.string();
}

inline std::string ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A query record by `actor` about `subject`.
inline Record Query(std::string actor, std::string subject, std::string outcome = "allowed",
                    std::string time = "") {
  Record r;
  r.time = std::move(time);
  r.kind = "query";
  r.actor = std::move(actor);
  r.unit = "000.00.01.H32";
  r.system = "motcua-kg";
  r.purpose = "1.001234";
  r.dossier = "000.00.01.H32-210823-0001";
  r.subject = std::move(subject);
  r.outcome = std::move(outcome);
  r.action = "lookup";
  r.latency_us = 1234;
  r.detail = R"({"fields":["hoTen","ngaySinh"]})";
  return r;
}

inline Record Admin(std::string actor, std::string action) {
  Record r;
  r.kind = "admin";
  r.actor = std::move(actor);
  r.unit = "000.00.00.H32";
  r.outcome = "allowed";
  r.action = std::move(action);
  return r;
}

// A database file with a log on it. Close() ends the log (and its appender); the database
// stays open for tampering and verification.
struct Fixture {
  explicit Fixture(const std::string& name, LogOptions options = {})
      : path(TempPath(name)), keys(Keys::Generate()), options(options) {
    auto opened = store::OpenSqlite(path);
    EXPECT_TRUE(opened.has_value()) << opened.error().message;
    db = std::move(*opened);
    Reopen();
  }

  void Reopen() {
    auto l = AuditLog::Open(*db, keys, options);
    EXPECT_TRUE(l.has_value()) << l.error().message;
    if (l) log = std::move(*l);
  }
  void Close() { log.reset(); }

  // Appends `n` queries (actor "user<i % 3>", subject varying); returns the last seq.
  int64_t Fill(int n) {
    int64_t last = 0;
    for (int i = 0; i < n; ++i) {
      auto seq = log->AppendSync(
          Query("user" + std::to_string(i % 3), "0792030012" + std::to_string(10 + i % 90)));
      EXPECT_TRUE(seq.has_value()) << seq.error().message;
      if (seq) last = *seq;
    }
    return last;
  }

  // Raw SQL as an attacker would run it: first the append-only triggers go.
  void Tamper(const std::vector<std::pair<std::string, store::Params>>& statements) {
    auto r = db->Write([&](store::Tx& tx) -> core::Result<int64_t> {
      for (const char* t : {"audit_record_no_update", "audit_record_no_delete",
                            "audit_checkpoint_no_update", "audit_checkpoint_no_delete"}) {
        if (auto st = tx.Exec(std::string("DROP TRIGGER IF EXISTS ") + t); !st) return st;
      }
      for (auto& [sql, params] : statements) {
        if (auto st = tx.Exec(sql, params); !st) return st;
      }
      return int64_t(0);
    });
    ASSERT_TRUE(r.has_value()) << r.error().message;
  }

  StoredRecord Row(int64_t seq) {
    auto rows = db->Read([&](store::Tx& tx) {
      return tx.Query(std::string(internal::kSelectRecord) + " WHERE seq = ?", {seq});
    });
    EXPECT_TRUE(rows.has_value() && rows->size() == 1u) << "row " << seq;
    return rows && !rows->empty() ? internal::RecordFromRow((*rows)[0]) : StoredRecord{};
  }

  // Overwrites every column but seq of the row at `seq` with `r` (stored hashes included;
  // search keys computed for r.record.seq).
  std::pair<std::string, store::Params> Overwrite(int64_t seq, StoredRecord r) {
    store::Params p = internal::RecordParams(std::move(r));
    p.erase(p.begin());
    p.push_back(seq);
    return {
        "UPDATE audit_record SET at = ?, local_day = ?, kind = ?, actor = ?, unit = ?, "
        "system_id = ?, purpose = ?, dossier = ?, subject_hash = ?, subject_enc = ?, "
        "outcome = ?, reason_code = ?, reason = ?, action = ?, latency_us = ?, detail = ?, "
        "prev_hash = ?, hash = ?, actor_key = ?, unit_key = ?, subject_key = ? WHERE seq = ?",
        std::move(p)};
  }

  VerifyReport Verified(const std::optional<Checkpoint>& exported = std::nullopt) {
    auto report = Verify(*db, keys, exported);
    EXPECT_TRUE(report.has_value()) << report.error().message;
    return report ? *report : VerifyReport{};
  }

  std::string path;
  Keys keys;
  LogOptions options;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<AuditLog> log;
};

}  // namespace dancu::audit::testing
