// CitizenStore: read-only SQLite connections, row → Citizen mapping, lookups and sampling.
#include "population/store.h"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <iterator>
#include <mutex>
#include <tuple>
#include <unordered_set>

#include "core/validate.h"
#include "population/communes.h"
#include "population/random.h"

namespace dancu::population {

using core::Error;
using core::Fail;

namespace {

enum Stmt { kRow, kBrief, kHousehold, kByCmnd, kByNameDay, kByNameYear, kWalk, kStmtCount };

constexpr const char* kSql[kStmtCount] = {
    "SELECT cmnd, family, middle, given, sex, ethnicity, religion, marital, blood, birth,"
    " birth_place, hometown, household, relation, current_commune, current_detail,"
    " father, mother, spouse, representative, father_name, mother_name"
    " FROM citizen WHERE id = ?1",
    "SELECT cmnd, family, middle, given FROM citizen WHERE id = ?1",
    "SELECT head, commune, detail FROM household WHERE id = ?1",
    "SELECT id FROM cmnd_index WHERE cmnd = ?1 ORDER BY id LIMIT ?2",
    "SELECT id FROM name_index WHERE name_hash = ?1 AND birth IN (?2, ?3) ORDER BY id LIMIT ?4",
    "SELECT id FROM name_index WHERE name_hash = ?1 AND birth BETWEEN ?2 AND ?3"
    " ORDER BY id LIMIT ?4",
    "SELECT id FROM citizen WHERE id >= ?1 ORDER BY id LIMIT 1 OFFSET ?2",
};

// `v` (≥ 0) in decimal, zero-padded to `width` digits (no printf: this runs ~40 times a record).
std::string Digits(int64_t v, int width) {
  char buf[20];
  int n = 0;
  auto u = uint64_t(v < 0 ? 0 : v);
  do {
    buf[n++] = char('0' + u % 10);
    u /= 10;
  } while (u != 0 && n < 20);
  while (n < width && n < 20) buf[n++] = '0';
  return std::string(std::reverse_iterator(buf + n), std::reverse_iterator(buf));
}

std::string Text(sqlite3_stmt* s, int col) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, col));
  return p ? std::string(p, size_t(sqlite3_column_bytes(s, col))) : std::string();
}

bool IsNull(sqlite3_stmt* s, int col) { return sqlite3_column_type(s, col) == SQLITE_NULL; }

std::string JoinName(std::string_view family, std::string_view middle, std::string_view given) {
  std::string out(family);
  if (!middle.empty()) out.append(" ").append(middle);
  if (!given.empty()) out.append(" ").append(given);
  return out;
}

// A Kiên Giang commune code (≥ 10000) or a province code (< 100) as a contract address.
Address PlaceAddress(int64_t place, std::string detail = {}) {
  Address a;
  if (place >= 10000) {
    a.province = Digits(kKienGiangProvince, 2);
    if (const Commune* c = FindCommune(int32_t(place))) a.district = Digits(c->district, 3);
    a.commune = Digits(place, 5);
  } else if (place > 0) {
    a.province = Digits(place, 2);
  }
  a.detail = std::move(detail);
  return a;
}

// sqlite3 URI for a read-only, immutable open: the file never changes once written.
std::string ImmutableUri(const std::string& path) {
  std::string uri = "file:";
  for (unsigned char ch : std::filesystem::absolute(path).string()) {
    if (std::isalnum(ch) || ch == '/' || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      uri += char(ch);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", ch);
      uri += buf;
    }
  }
  return uri + "?mode=ro&immutable=1";
}

Error ReadError(sqlite3* db) {
  return Error::Unavailable(std::string("Không đọc được tệp dân cư: ") + sqlite3_errmsg(db) + ".");
}

// Resets a statement when the scope ends, so a borrowed connection is always clean.
struct Scoped {
  sqlite3_stmt* s;
  ~Scoped() {
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
  }
};

}  // namespace

class CitizenStore::Connection {
 public:
  ~Connection() {
    for (auto* s : stmts_) sqlite3_finalize(s);
    sqlite3_close_v2(db_);
  }

  static Result<std::unique_ptr<Connection>> Open(const std::string& path) {
    auto c = std::unique_ptr<Connection>(new Connection);
    int rc = sqlite3_open_v2(ImmutableUri(path).c_str(), &c->db_,
                             SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) return Fail(ReadError(c->db_));
    // Map the whole file (SQLite caps it at its compile-time maximum): reads become memcpy.
    sqlite3_exec(c->db_, "PRAGMA mmap_size = 1099511627776", nullptr, nullptr, nullptr);
    for (int i = 0; i < kStmtCount; ++i) {
      if (sqlite3_prepare_v3(c->db_, kSql[i], -1, SQLITE_PREPARE_PERSISTENT, &c->stmts_[i],
                             nullptr) != SQLITE_OK) {
        return Fail(Error::Invalid("Tệp " + path + " không phải tệp dân cư của dancu (" +
                                   sqlite3_errmsg(c->db_) + ")."));
      }
    }
    return c;
  }

  sqlite3* db() { return db_; }
  sqlite3_stmt* stmt(Stmt s) { return stmts_[s]; }

  // Runs a statement whose first column is a citizen id; appends the ids.
  Result<void> Ids(sqlite3_stmt* s, std::vector<int64_t>& out) {
    Scoped reset{s};
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) out.push_back(sqlite3_column_int64(s, 0));
    if (rc != SQLITE_DONE) return Fail(ReadError(db_));
    return {};
  }

  // CMND and full name of citizen `id`, or nullopt when there is no such row.
  Result<std::optional<Relative>> Brief(int64_t id) {
    sqlite3_stmt* s = stmts_[kBrief];
    Scoped reset{s};
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) return std::optional<Relative>();
    if (rc != SQLITE_ROW) return Fail(ReadError(db_));
    Relative r;
    r.id_number = Digits(id, 12);
    if (!IsNull(s, 0)) r.cmnd = Digits(sqlite3_column_int64(s, 0), 9);
    r.full_name = JoinName(Text(s, 1), Text(s, 2), Text(s, 3));
    return std::optional<Relative>(std::move(r));
  }

  // A relative column: a CCCD resolved to its row, else the stored name, else empty.
  // Relatives already resolved in `c` (the representative is a parent) are copied, not read.
  Result<Relative> RelativeAt(sqlite3_stmt* s, int id_col, int name_col, const Citizen& c) {
    Relative r;
    if (!IsNull(s, id_col)) {
      int64_t id = sqlite3_column_int64(s, id_col);
      if (const Relative* known = Known(c, id)) return *known;
      auto b = Brief(id);
      if (!b) return Fail(b.error());
      if (*b) return std::move(**b);
      r.id_number = Digits(id, 12);  // dangling: keep the number
    }
    if (name_col >= 0 && !IsNull(s, name_col)) r.full_name = Text(s, name_col);
    return r;
  }

  static const Relative* Known(const Citizen& c, int64_t id) {
    std::string digits = Digits(id, 12);
    for (const Relative* r : {&c.father, &c.mother, &c.spouse}) {
      if (r->id_number == digits) return r;
    }
    return nullptr;
  }

  // The full record of citizen `id`, or nullopt.
  Result<std::optional<Citizen>> Load(int64_t id);

 private:
  Connection() = default;
  // The household book, permanent address and head of `c`.
  Result<void> FillHousehold(int64_t book, int relation, Citizen& c);

  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmts_[kStmtCount] = {};
};

Result<std::optional<Citizen>> CitizenStore::Connection::Load(int64_t id) {
  sqlite3_stmt* s = stmts_[kRow];
  Scoped reset{s};
  sqlite3_bind_int64(s, 1, id);
  int rc = sqlite3_step(s);
  if (rc == SQLITE_DONE) return std::optional<Citizen>();
  if (rc != SQLITE_ROW) return Fail(ReadError(db_));
  Citizen c;
  c.id_number = Digits(id, 12);
  if (!IsNull(s, 0)) c.cmnd = Digits(sqlite3_column_int64(s, 0), 9);
  c.family_name = Text(s, 1);
  c.middle_name = Text(s, 2);
  c.given_name = Text(s, 3);
  c.sex = sqlite3_column_int(s, 4);
  c.ethnicity = Digits(sqlite3_column_int(s, 5), 2);
  c.religion = Digits(sqlite3_column_int(s, 6), 2);
  c.marital_status = Digits(sqlite3_column_int(s, 7), 1);
  c.blood_group = Digits(sqlite3_column_int(s, 8), 2);
  c.birth = DecodeBirth(sqlite3_column_int64(s, 9));
  c.birth_registration = PlaceAddress(sqlite3_column_int64(s, 10));
  c.hometown = PlaceAddress(sqlite3_column_int64(s, 11));
  int64_t book = sqlite3_column_int64(s, 12);
  int relation = sqlite3_column_int(s, 13);
  bool moved = !IsNull(s, 14);
  if (moved) c.current = PlaceAddress(sqlite3_column_int64(s, 14), Text(s, 15));
  for (auto [field, id_col, name_col] : {std::tuple{&c.father, 16, 20},
                                         {&c.mother, 17, 21},
                                         {&c.spouse, 18, -1},
                                         {&c.representative, 19, -1}}) {
    auto r = RelativeAt(s, id_col, name_col, c);
    if (!r) return Fail(r.error());
    *field = std::move(*r);
  }
  // The household read below reuses other statements; kRow stays positioned until reset.
  if (auto st = FillHousehold(book, relation, c); !st) return Fail(st.error());
  if (!moved) c.current = c.permanent;
  return std::optional<Citizen>(std::move(c));
}

Result<void> CitizenStore::Connection::FillHousehold(int64_t book, int relation, Citizen& c) {
  sqlite3_stmt* s = stmts_[kHousehold];
  Scoped reset{s};
  sqlite3_bind_int64(s, 1, book);
  int rc = sqlite3_step(s);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Fail(ReadError(db_));
  c.household_book = Digits(book, 9);
  c.household_head.relation = std::string(RelationName(relation));
  if (rc == SQLITE_DONE) return {};
  int64_t head = sqlite3_column_int64(s, 0);
  c.permanent = PlaceAddress(sqlite3_column_int64(s, 1), Text(s, 2));
  if (Digits(head, 12) == c.id_number) {
    c.household_head.id_number = c.id_number;
    c.household_head.cmnd = c.cmnd;
    c.household_head.full_name = c.FullName();
    return {};
  }
  c.household_head.id_number = Digits(head, 12);
  if (const Relative* known = Known(c, head)) {
    c.household_head.cmnd = known->cmnd;
    c.household_head.full_name = known->full_name;
    return {};
  }
  auto b = Brief(head);
  if (!b) return Fail(b.error());
  if (*b) {
    c.household_head.cmnd = (*b)->cmnd;
    c.household_head.full_name = (*b)->full_name;
  }
  return {};
}

// ---- the pool ------------------------------------------------------------------------------

struct CitizenStore::Pool {
  std::mutex mu;
  std::vector<std::unique_ptr<Connection>> idle;
};

class CitizenStore::Lease {
 public:
  Lease(CitizenStore* store, std::unique_ptr<Connection> c) : store_(store), c_(std::move(c)) {}
  Lease(Lease&&) = default;
  ~Lease() {
    if (c_) store_->Return(std::move(c_));
  }
  Connection& operator*() { return *c_; }

 private:
  CitizenStore* store_;
  std::unique_ptr<Connection> c_;
};

CitizenStore::CitizenStore(std::string path, uint64_t count, std::vector<int64_t> ordinals)
    : path_(std::move(path)),
      count_(count),
      ordinals_(std::move(ordinals)),
      pool_(std::make_unique<Pool>()) {}

CitizenStore::~CitizenStore() = default;

Result<CitizenStore::Lease> CitizenStore::Borrow() {
  {
    std::lock_guard lock(pool_->mu);
    if (!pool_->idle.empty()) {
      auto c = std::move(pool_->idle.back());
      pool_->idle.pop_back();
      return Lease(this, std::move(c));
    }
  }
  auto c = Connection::Open(path_);
  if (!c) return Fail(c.error());
  return Lease(this, std::move(*c));
}

void CitizenStore::Return(std::unique_ptr<Connection> c) {
  std::lock_guard lock(pool_->mu);
  if (pool_->idle.size() < kMaxIdle) pool_->idle.push_back(std::move(c));
}

Result<std::unique_ptr<CitizenStore>> CitizenStore::Open(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Fail(Error::NotFound("Không có tệp dân cư " + path +
                                "; tạo bằng: dancu population generate --count N --seed S."));
  }
  auto conn = Connection::Open(path);
  if (!conn) return Fail(conn.error());
  sqlite3* db = (*conn)->db();
  auto not_ours = [&] {
    return Error::Invalid("Tệp " + path + " không phải tệp dân cư định dạng " +
                          std::string(kPopulationFormat) + " của dancu.");
  };
  std::string format;
  uint64_t count = 0;
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT key, value FROM meta", -1, &s, nullptr) != SQLITE_OK)
    return Fail(not_ours());
  while (sqlite3_step(s) == SQLITE_ROW) {
    std::string key = Text(s, 0), value = Text(s, 1);
    if (key == "format") format = value;
    if (key == "count") std::from_chars(value.data(), value.data() + value.size(), count);
  }
  sqlite3_finalize(s);
  if (format != kPopulationFormat) return Fail(not_ours());

  std::vector<int64_t> ordinals;
  ordinals.reserve(count / kOrdinalStride + 1);
  if (sqlite3_prepare_v2(db, "SELECT id FROM ordinal ORDER BY n", -1, &s, nullptr) != SQLITE_OK)
    return Fail(not_ours());
  while (sqlite3_step(s) == SQLITE_ROW) ordinals.push_back(sqlite3_column_int64(s, 0));
  sqlite3_finalize(s);
  if (ordinals.size() != (count + kOrdinalStride - 1) / kOrdinalStride) return Fail(not_ours());

  auto store = std::unique_ptr<CitizenStore>(new CitizenStore(path, count, std::move(ordinals)));
  store->Return(std::move(*conn));
  return store;
}

// ---- queries -------------------------------------------------------------------------------

namespace {

int64_t ToId(const std::string& digits) {
  int64_t v = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), v);
  return v;
}

Result<void> CheckBirth(const BirthDate& b) {
  auto bad = [] {
    return Fail(
        Error::Invalid("Ngày sinh không hợp lệ: cần năm (yyyy) hoặc ngày đầy đủ (yyyyMMdd)."));
  };
  if (b.year < 1800 || b.year > 9999 || b.month < 0 || b.month > 12) return bad();
  if (b.month == 0) return b.day == 0 ? Result<void>() : bad();
  if (b.day < 1 || b.day > 31) return bad();
  return {};
}

}  // namespace

Result<std::vector<Citizen>> CitizenStore::Lookup(const Caller&, const Query& q) {
  std::vector<int64_t> ids;
  std::string name_key;
  auto conn = Borrow();
  if (!conn) return Fail(conn.error());
  Connection& c = **conn;
  if (!q.id_number.empty()) {
    auto cccd = core::Cccd::Parse(q.id_number);
    if (!cccd) return Fail(cccd.error());
    ids.push_back(ToId(cccd->value()));
  } else if (!q.cmnd.empty()) {
    auto cmnd = core::Cmnd::Parse(q.cmnd);
    if (!cmnd) return Fail(cmnd.error());
    sqlite3_stmt* s = c.stmt(kByCmnd);
    sqlite3_bind_int64(s, 1, ToId(cmnd->value()));
    sqlite3_bind_int64(s, 2, int64_t(kMaxMatches));
    if (auto st = c.Ids(s, ids); !st) return Fail(st.error());
  } else if (!q.name_key.empty()) {
    if (!q.birth) {
      return Fail(Error::Invalid("Tra cứu theo họ tên cần kèm ngày sinh hoặc năm sinh."));
    }
    if (auto st = CheckBirth(*q.birth); !st) return Fail(st.error());
    name_key = NameKey(q.name_key);
    int64_t y = q.birth->year * 10000LL;
    sqlite3_stmt* s = c.stmt(q.birth->year_only() ? kByNameYear : kByNameDay);
    sqlite3_bind_int64(s, 1, int64_t(NameKeyHash(name_key)));
    if (q.birth->year_only()) {
      sqlite3_bind_int64(s, 2, y);
      sqlite3_bind_int64(s, 3, y + 1231);
    } else {
      sqlite3_bind_int64(s, 2, EncodeBirth(*q.birth));
      sqlite3_bind_int64(s, 3, y);
    }
    sqlite3_bind_int64(s, 4, int64_t(kMaxMatches));
    if (auto st = c.Ids(s, ids); !st) return Fail(st.error());
  } else {
    return Fail(Error::Invalid(
        "Cần một khóa tra cứu: số định danh (CCCD), số CMND, hoặc họ tên kèm ngày sinh."));
  }
  std::vector<Citizen> out;
  for (int64_t id : ids) {
    auto r = c.Load(id);
    if (!r) return Fail(r.error());
    if (!*r) continue;
    // The hash index may collide: the name itself decides.
    if (!name_key.empty() && NameKey((*r)->FullName()) != name_key) continue;
    out.push_back(std::move(**r));
  }
  return out;
}

Result<bool> CitizenStore::Verify(const Caller&, const std::string& id_number,
                                  const std::string& full_name, const BirthDate& birth) {
  auto cccd = core::Cccd::Parse(id_number);
  if (!cccd) return Fail(cccd.error());
  auto conn = Borrow();
  if (!conn) return Fail(conn.error());
  Connection& c = **conn;
  sqlite3_stmt* s = c.stmt(kRow);
  Scoped reset{s};
  sqlite3_bind_int64(s, 1, ToId(cccd->value()));
  int rc = sqlite3_step(s);
  if (rc == SQLITE_DONE) return false;
  if (rc != SQLITE_ROW) return Fail(ReadError(c.db()));
  std::string stored = JoinName(Text(s, 1), Text(s, 2), Text(s, 3));
  return NameKey(stored) == NameKey(full_name) && DecodeBirth(sqlite3_column_int64(s, 9)) == birth;
}

Result<std::vector<Citizen>> CitizenStore::Sample(uint64_t k, uint64_t seed) {
  k = std::min(k, count_);
  // Floyd's algorithm: k distinct ordinals, in a deterministic order.
  Xoshiro256 rng(seed);
  std::vector<uint64_t> picked;
  std::unordered_set<uint64_t> seen;
  picked.reserve(k);
  for (uint64_t j = count_ - k; j < count_; ++j) {
    uint64_t t = rng.Below(j + 1);
    uint64_t v = seen.contains(t) ? j : t;
    seen.insert(v);
    picked.push_back(v);
  }
  auto conn = Borrow();
  if (!conn) return Fail(conn.error());
  Connection& c = **conn;
  std::vector<Citizen> out;
  out.reserve(k);
  for (uint64_t n : picked) {
    std::vector<int64_t> ids;
    sqlite3_stmt* s = c.stmt(kWalk);
    sqlite3_bind_int64(s, 1, ordinals_[n / kOrdinalStride]);
    sqlite3_bind_int64(s, 2, int64_t(n % kOrdinalStride));
    if (auto st = c.Ids(s, ids); !st) return Fail(st.error());
    if (ids.empty())
      return Fail(Error::Unavailable("Tệp dân cư " + path_ + " bị hỏng (thiếu bản ghi)."));
    auto r = c.Load(ids[0]);
    if (!r) return Fail(r.error());
    if (*r) out.push_back(std::move(**r));
  }
  return out;
}

}  // namespace dancu::population
