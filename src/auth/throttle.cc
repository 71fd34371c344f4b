// Login throttling per (login, address), per address and per login, in memory (issue 10).
#include <arpa/inet.h>

#include <algorithm>

#include "auth/auth_internal.h"

namespace dancu::auth::internal {

int64_t LockPolicy::Seconds(int64_t failures) const {
  if (failures < free_failures) return 0;
  const int64_t doublings = std::min<int64_t>(failures - free_failures, 30);
  int64_t seconds = first;
  for (int64_t i = 0; i < doublings && seconds < max; ++i) seconds *= 2;
  return std::min(seconds, max);
}

LoginThrottle::LoginThrottle(const SessionOptions& o)
    : pair_policy_{o.free_failures, o.first_lockout.count(), o.max_lockout.count()},
      address_cap_(std::max(1, o.address_failures)),
      address_refill_(std::max<int64_t>(1, o.address_refill.count())),
      account_cap_(std::max(1, o.account_failures)),
      account_refill_(std::max<int64_t>(1, o.account_refill.count())) {}

std::string LoginThrottle::AddressKey(const std::string& ip) {
  unsigned char a[16];
  if (ip.find(':') == std::string::npos || inet_pton(AF_INET6, ip.c_str(), a) != 1) return ip;
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(a, a + 12, kMapped)) {
    char v4[INET_ADDRSTRLEN];
    return inet_ntop(AF_INET, a + 12, v4, sizeof v4) ? std::string(v4) : ip;
  }
  std::fill(a + 8, a + 16, 0);  // one subscriber holds a whole /64
  char v6[INET6_ADDRSTRLEN];
  return inet_ntop(AF_INET6, a, v6, sizeof v6) ? std::string(v6) + "/64" : ip;
}

namespace {

// GCRA: a bucket of `cap` failures refilled one per `refill` seconds is empty while its
// theoretical arrival time is more than (cap - 1) refills ahead; returns when it is not.
int64_t BucketUntil(int64_t tat, int64_t cap, int64_t refill, int64_t now) {
  const int64_t until = tat - (cap - 1) * refill;
  return until > now ? until : 0;
}

std::string PairKey(const std::string& login, const std::string& address) {
  return login + '\n' + address;  // '\n' is in neither a login nor an address
}

}  // namespace

int64_t LoginThrottle::PausedLocked(const std::string& pair_key, const std::string& login,
                                    const std::string& address, int64_t now) {
  int64_t until = 0;
  auto p = pairs_.find(pair_key);
  if (p != pairs_.end() && p->second.until > now) until = p->second.until;
  if (auto a = addresses_.find(address); a != addresses_.end()) {
    until = std::max(until, BucketUntil(a->second.tat, address_cap_, address_refill_, now));
  }
  // The login's own bucket pauses only addresses that already failed on it: a flood from
  // elsewhere slows the guessers, never the owner at a clean address.
  if (p != pairs_.end() && p->second.failures > 0 && !login.empty()) {
    if (auto c = accounts_.find(login); c != accounts_.end()) {
      until = std::max(until, BucketUntil(c->second.tat, account_cap_, account_refill_, now));
    }
  }
  return until;
}

int64_t LoginThrottle::PausedUntil(const std::string& login, const std::string& address,
                                   int64_t now) {
  const std::string addr = AddressKey(address);
  std::lock_guard lock(mu_);
  return PausedLocked(PairKey(login, addr), login, addr, now);
}

template <class Map, class Idle>
void LoginThrottle::MakeRoom(Map& m, Idle idle) {
  if (m.size() < kMaxEntries) return;
  std::erase_if(m, [&](const auto& kv) { return idle(kv.second); });
  if (m.size() < kMaxEntries * 3 / 4) return;
  // Still full of live state (a very wide attack): forget half, so that each sweep is paid
  // for by many inserts.
  bool drop = false;
  std::erase_if(m, [&](const auto&) { return drop = !drop; });
}

int64_t LoginThrottle::Failure(const std::string& login, const std::string& address,
                               int64_t now) {
  const std::string addr = AddressKey(address);
  const std::string key = PairKey(login, addr);
  std::lock_guard lock(mu_);
  const int64_t forget = std::max<int64_t>(pair_policy_.max, 24 * 3600);
  MakeRoom(pairs_, [&](const Pair& p) { return p.until <= now && now - p.last >= forget; });
  MakeRoom(addresses_, [&](const Bucket& b) { return b.tat <= now; });
  MakeRoom(accounts_, [&](const Bucket& b) { return b.tat <= now; });
  Pair& p = pairs_[key];
  ++p.failures;
  p.last = now;
  if (int64_t pause = pair_policy_.Seconds(p.failures); pause > 0) p.until = now + pause;
  Bucket& a = addresses_[addr];
  a.tat = std::max(a.tat, now) + address_refill_;
  if (!login.empty()) {
    Bucket& c = accounts_[login];
    c.tat = std::max(c.tat, now) + account_refill_;
  }
  return PausedLocked(key, login, addr, now);
}

void LoginThrottle::Success(const std::string& login, const std::string& address) {
  std::lock_guard lock(mu_);
  pairs_.erase(PairKey(login, AddressKey(address)));
}

}  // namespace dancu::auth::internal
