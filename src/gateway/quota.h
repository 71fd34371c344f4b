// Exact daily query quotas per account, per local calendar day (Asia/Ho_Chi_Minh: the count
// resets at local midnight, not UTC). Thread-safe: concurrent reservations never exceed the
// limit. Counts live in memory and are rebuilt from the audit log at start, so usage survives
// a restart or a crash (only answered, durable queries count).
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "core/error.h"

namespace dancu::gateway {

class QuotaCounter {
 public:
  // Takes one query of `account` on `day` when fewer than `limit` are used; returns the count
  // used including this one. Errors: quota_exhausted "Đã hết số lần truy vấn trong ngày (150/150)".
  core::Result<int> Reserve(const std::string& account, const std::string& day, int limit);
  // Gives back a reserved query whose call was refused or failed (it is not charged).
  void Release(const std::string& account, const std::string& day);
  int Used(const std::string& account, const std::string& day) const;
  // Replaces the counts of `day` (from the audit log at start).
  void Load(const std::string& day, const std::map<std::string, int64_t>& used);

 private:
  struct Entry { std::string day; int used = 0; };
  mutable std::mutex mu_;
  std::map<std::string, Entry> by_account_;
};

}  // namespace dancu::gateway
