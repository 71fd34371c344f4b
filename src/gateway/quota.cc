// Daily quota counters.
#include "gateway/quota.h"

namespace dancu::gateway {

core::Result<int> QuotaCounter::Reserve(const std::string& account, const std::string& day, int limit) {
  std::lock_guard l(mu_);
  Entry& e = by_account_[account];
  if (e.day != day) e = {day, 0};  // a new local day starts from zero
  if (e.used >= limit) {
    return core::Fail(core::Error::Quota("Đã hết số lần truy vấn trong ngày (" + std::to_string(e.used) +
                                         "/" + std::to_string(limit) + "); lượt truy vấn mới có từ 0 giờ ngày mai."));
  }
  return ++e.used;
}

void QuotaCounter::Release(const std::string& account, const std::string& day) {
  std::lock_guard l(mu_);
  auto it = by_account_.find(account);
  if (it != by_account_.end() && it->second.day == day && it->second.used > 0) it->second.used--;
}

int QuotaCounter::Used(const std::string& account, const std::string& day) const {
  std::lock_guard l(mu_);
  auto it = by_account_.find(account);
  return it == by_account_.end() || it->second.day != day ? 0 : it->second.used;
}

void QuotaCounter::Load(const std::string& day, const std::map<std::string, int64_t>& used) {
  std::lock_guard l(mu_);
  for (const auto& [account, n] : used) by_account_[account] = {day, int(n)};
}

}  // namespace dancu::gateway
