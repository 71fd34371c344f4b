// Generate(): builds the population in memory, then bulk-loads it into a new SQLite file.
//
// Rows go in CCCD order through one prepared statement inside one transaction with the
// journal off, so rowid B-tree pages fill completely; the two secondary index tables are then
// appended from keys sorted in memory (store.h says why they are tables). Names are bound
// straight from the static name tables and details rendered into a reused buffer: nothing is
// allocated per row.
#include "population/generator.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <vector>

#include "population/generator_internal.h"
#include "population/store.h"

namespace dancu::population {

using core::Error;
using core::Fail;

namespace {

using internal::Household;
using internal::kEthnicCode;
using internal::kNone;
using internal::NameTable;
using internal::Person;
using internal::Population;
using internal::RenderDetail;
class Writer {
 public:
  Writer(sqlite3* db, const Population& pop) : db_(db), pop_(pop) {}

  Result<void> Exec(std::string_view sql) {
    char* msg = nullptr;
    if (sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
      std::string text = msg ? msg : sqlite3_errmsg(db_);
      sqlite3_free(msg);
      return Fail(Error::Unavailable("Không ghi được tệp dân cư: " + text + "."));
    }
    return {};
  }

  Result<void> Households();
  Result<void> Citizens(const std::function<void(uint64_t, uint64_t)>& progress);
  Result<void> Indexes();
  Result<void> Meta(uint64_t seed);

 private:
  Result<sqlite3_stmt*> Prepare(const char* sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &s, nullptr) != SQLITE_OK) {
      return Fail(Error::Internal(std::string("Lỗi câu lệnh SQL: ") + sqlite3_errmsg(db_)));
    }
    return s;
  }
  Result<void> Step(sqlite3_stmt* s) {
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) {
      return Fail(Error::Unavailable(std::string("Không ghi được tệp dân cư: ") +
                                     sqlite3_errmsg(db_) + "."));
    }
    return {};
  }
  void BindName(sqlite3_stmt* s, int col, uint16_t id) {
    std::string_view t = pop_.names.text(id);
    sqlite3_bind_text(s, col, t.data(), int(t.size()), SQLITE_STATIC);
  }
  // Writes "family middle given" into `out` and binds it.
  void BindFullName(sqlite3_stmt* s, int col, uint16_t f, uint16_t m, uint16_t g,
                    std::string& out) {
    out.assign(pop_.names.text(f));
    for (uint16_t part : {m, g}) {
      if (!pop_.names.text(part).empty()) out.append(" ").append(pop_.names.text(part));
    }
    sqlite3_bind_text(s, col, out.data(), int(out.size()), SQLITE_STATIC);
  }
  // A person with the values that live elsewhere (relatives' CCCDs, household book).
  struct Row {
    Person person;
    uint64_t relatives[4];  // CCCD of father, mother, spouse, representative; 0: none
    uint32_t book;
  };
  static constexpr size_t kChunk = 4096;
  void Gather(const std::pair<uint64_t, uint32_t>* order, size_t m, std::vector<Row>& rows);
  Result<void> Citizen(sqlite3_stmt* s, const Row& row);

  sqlite3* db_;
  const Population& pop_;
  std::string key_, father_name_, mother_name_;
  char detail_[128];
  struct NameEntry {
    int64_t hash;
    uint32_t birth;
    uint64_t cccd;
    auto operator<=>(const NameEntry&) const = default;
  };
  std::vector<NameEntry> name_keys_;
  std::vector<std::pair<uint32_t, uint64_t>> cmnd_keys_;
};

Result<void> Writer::Households() {
  std::vector<uint32_t> order(pop_.households.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  const auto& hh = pop_.households;
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return hh[a].book < hh[b].book; });
  auto s = Prepare("INSERT INTO household(id, head, commune, detail) VALUES (?1, ?2, ?3, ?4)");
  if (!s) return Fail(s.error());
  for (uint32_t i : order) {
    const Household& h = hh[i];
    sqlite3_bind_int64(*s, 1, h.book);
    sqlite3_bind_int64(*s, 2, int64_t(pop_.people[h.head].cccd));
    sqlite3_bind_int64(*s, 3, h.commune);
    int n = RenderDetail(h.detail, detail_, sizeof detail_);
    sqlite3_bind_text(*s, 4, detail_, n, SQLITE_STATIC);
    if (auto st = Step(*s); !st) {
      sqlite3_finalize(*s);
      return st;
    }
  }
  sqlite3_finalize(*s);
  return {};
}

Result<void> Writer::Citizen(sqlite3_stmt* s, const Row& row) {
  const Person& p = row.person;
  const NameTable& names = pop_.names;
  sqlite3_bind_int64(s, 1, int64_t(p.cccd));
  if (p.cmnd) {
    sqlite3_bind_int64(s, 2, p.cmnd);
    cmnd_keys_.push_back({p.cmnd, p.cccd});
  } else {
    sqlite3_bind_null(s, 2);
  }
  key_.assign(names.key(p.family));
  for (uint16_t part : {p.middle, p.given}) {
    if (!names.key(part).empty()) key_.append(" ").append(names.key(part));
  }
  name_keys_.push_back({int64_t(NameKeyHash(key_)), p.birth, p.cccd});
  BindName(s, 3, p.family);
  BindName(s, 4, p.middle);
  BindName(s, 5, p.given);
  const int64_t ints[] = {p.sex,   kEthnicCode[p.ethnic], p.religion, p.marital, p.blood,
                          p.birth, p.birth_place,         p.hometown, row.book,  p.relation};
  for (int i = 0; i < 10; ++i) sqlite3_bind_int64(s, 6 + i, ints[i]);
  if (p.current_commune) {
    sqlite3_bind_int64(s, 16, p.current_commune);
    int n = RenderDetail(p.current_detail, detail_, sizeof detail_);
    sqlite3_bind_text(s, 17, detail_, n, SQLITE_STATIC);
  } else {
    sqlite3_bind_null(s, 16);
    sqlite3_bind_null(s, 17);
  }
  for (int i = 0; i < 4; ++i) {
    if (row.relatives[i] == 0)
      sqlite3_bind_null(s, 18 + i);
    else
      sqlite3_bind_int64(s, 18 + i, int64_t(row.relatives[i]));
  }
  if (p.father == kNone)
    BindFullName(s, 22, p.family, p.father_middle, p.father_given, father_name_);
  else
    sqlite3_bind_null(s, 22);
  if (p.mother == kNone) {
    BindFullName(s, 23, p.mother_family, p.mother_middle, p.mother_given, mother_name_);
  } else {
    sqlite3_bind_null(s, 23);
  }
  return Step(s);
}

// Copies the next rows out of the people vector in tight loops, where the CPU overlaps the
// cache misses of these random reads (inside the insert loop they cost ~40 % of the load).
void Writer::Gather(const std::pair<uint64_t, uint32_t>* order, size_t m, std::vector<Row>& rows) {
  const auto& people = pop_.people;
  for (size_t i = 0; i < m; ++i) rows[i].person = people[order[i].second];
  for (size_t i = 0; i < m; ++i) {
    Row& r = rows[i];
    const Person& p = r.person;
    r.book = pop_.households[p.household].book;
    // Minors (under 18 on the as-of date) are represented by a parent with a record.
    uint32_t rep = kNone;
    if (p.birth > uint32_t(kAsOfYear - 18) * 10000 + 101) {
      rep = p.father != kNone ? p.father : p.mother;
    }
    const uint32_t rel[] = {p.father, p.mother, p.spouse, rep};
    for (int j = 0; j < 4; ++j) r.relatives[j] = rel[j] == kNone ? 0 : people[rel[j]].cccd;
  }
}

Result<void> Writer::Citizens(const std::function<void(uint64_t, uint64_t)>& progress) {
  const auto& people = pop_.people;
  std::vector<std::pair<uint64_t, uint32_t>> order(people.size());
  for (uint32_t i = 0; i < people.size(); ++i) order[i] = {people[i].cccd, i};
  std::sort(order.begin(), order.end());
  name_keys_.reserve(people.size());
  cmnd_keys_.reserve(people.size());
  auto s = Prepare(
      "INSERT INTO citizen(id, cmnd, family, middle, given, sex, ethnicity, religion, marital,"
      " blood, birth, birth_place, hometown, household, relation, current_commune,"
      " current_detail, father, mother, spouse, representative, father_name, mother_name)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
      " ?18, ?19, ?20, ?21, ?22, ?23)");
  if (!s) return Fail(s.error());
  auto ord = Prepare("INSERT INTO ordinal(n, id) VALUES (?1, ?2)");
  if (!ord) return Fail(ord.error());
  Result<void> st;
  const uint64_t total = people.size(), step = std::max<uint64_t>(total / 200, 1024);
  std::vector<Row> rows(kChunk);
  for (uint64_t n0 = 0; n0 < total && st; n0 += kChunk) {
    const size_t m = size_t(std::min<uint64_t>(kChunk, total - n0));
    Gather(order.data() + n0, m, rows);
    for (size_t i = 0; i < m && st; ++i) {
      const uint64_t n = n0 + i;
      st = Citizen(*s, rows[i]);
      if (st && n % kOrdinalStride == 0) {
        sqlite3_bind_int64(*ord, 1, int64_t(n / kOrdinalStride));
        sqlite3_bind_int64(*ord, 2, int64_t(order[n].first));
        st = Step(*ord);
      }
      if (progress && (n + 1) % step == 0 && n + 1 < total) progress(n + 1, total);
    }
  }
  sqlite3_finalize(*s);
  sqlite3_finalize(*ord);
  return st;
}

// The secondary indexes, appended in key order (SQLite compares integers as signed 64-bit).
Result<void> Writer::Indexes() {
  std::sort(cmnd_keys_.begin(), cmnd_keys_.end());
  std::sort(name_keys_.begin(), name_keys_.end());
  auto c = Prepare("INSERT INTO cmnd_index(cmnd, id) VALUES (?1, ?2)");
  if (!c) return Fail(c.error());
  Result<void> st;
  for (size_t i = 0; i < cmnd_keys_.size() && st; ++i) {
    sqlite3_bind_int64(*c, 1, cmnd_keys_[i].first);
    sqlite3_bind_int64(*c, 2, int64_t(cmnd_keys_[i].second));
    st = Step(*c);
  }
  sqlite3_finalize(*c);
  if (!st) return st;
  auto n = Prepare("INSERT INTO name_index(name_hash, birth, id) VALUES (?1, ?2, ?3)");
  if (!n) return Fail(n.error());
  for (size_t i = 0; i < name_keys_.size() && st; ++i) {
    sqlite3_bind_int64(*n, 1, name_keys_[i].hash);
    sqlite3_bind_int64(*n, 2, name_keys_[i].birth);
    sqlite3_bind_int64(*n, 3, int64_t(name_keys_[i].cccd));
    st = Step(*n);
  }
  sqlite3_finalize(*n);
  return st;
}

Result<void> Writer::Meta(uint64_t seed) {
  auto meta = Prepare("INSERT INTO meta(key, value) VALUES (?1, ?2)");
  if (!meta) return Fail(meta.error());
  const std::pair<std::string, std::string> kv[] = {
      {"format", std::string(kPopulationFormat)},
      {"count", std::to_string(pop_.people.size())},
      {"households", std::to_string(pop_.households.size())},
      {"seed", std::to_string(seed)},
      {"as_of", std::to_string(kAsOfYear) + "-01-01"},
      {"synthetic", "Dữ liệu giả lập, không phải dữ liệu của người thật."}};
  Result<void> st;
  for (const auto& [k, v] : kv) {
    sqlite3_bind_text(*meta, 1, k.data(), int(k.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(*meta, 2, v.data(), int(v.size()), SQLITE_TRANSIENT);
    if (st = Step(*meta); !st) break;
  }
  sqlite3_finalize(*meta);
  return st;
}

Result<void> WriteFile(const std::string& path, const Population& pop, uint64_t seed,
                       const std::function<void(uint64_t, uint64_t)>& progress) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "?";
    sqlite3_close_v2(db);
    return Fail(Error::Unavailable("Không tạo được tệp " + path + ": " + msg + "."));
  }
  Writer w(db, pop);
  // A fresh temporary file renamed only when complete: no journal, no fsync per commit.
  Result<void> st = w.Exec(
      "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE;"
      "PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY; PRAGMA threads = 2;");
  if (st) st = w.Exec(CitizenStoreSchemaSql());
  if (st) st = w.Exec("BEGIN");
  if (st) st = w.Households();
  if (st) st = w.Citizens(progress);
  if (st) st = w.Indexes();
  if (st) st = w.Meta(seed);
  if (st) st = w.Exec("COMMIT");
  sqlite3_close_v2(db);
  return st;
}

Result<void> SyncFile(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Fail(Error::Unavailable("Không mở lại được tệp " + path + "."));
  int rc = fsync(fileno(f));
  std::fclose(f);
  if (rc != 0) return Fail(Error::Unavailable("Không ghi xuống đĩa được tệp " + path + "."));
  return {};
}

}  // namespace

Result<GenerateStats> Generate(const std::string& out_path, uint64_t count, uint64_t seed,
                               std::function<void(uint64_t done, uint64_t total)> progress) {
  if (count == 0 || count > kMaxGenerateCount) {
    return Fail(Error::Invalid("Số công dân cần tạo phải từ 1 đến " +
                               std::to_string(kMaxGenerateCount) + "."));
  }
  auto start = std::chrono::steady_clock::now();
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path out(out_path);
  if (out.has_parent_path()) fs::create_directories(out.parent_path(), ec);
  const std::string tmp = out_path + ".tmp";
  fs::remove(tmp, ec);
  // Issue 10: citizens' records are the owner's alone, 0600 before the first byte.
  if (int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600); fd >= 0) ::close(fd);

  if (progress) progress(0, count);
  internal::Population pop;
  internal::BuildPopulation(count, seed, pop);
  Result<void> st = WriteFile(tmp, pop, seed, progress);
  if (st) st = SyncFile(tmp);
  if (st) {
    fs::rename(tmp, out, ec);
    if (ec)
      st = Fail(Error::Unavailable("Không đổi tên được " + tmp + " thành " + out_path + ": " +
                                   ec.message() + "."));
  }
  if (!st) {
    fs::remove(tmp, ec);
    return Fail(st.error());
  }
  GenerateStats stats;
  stats.citizens = count;
  stats.households = pop.households.size();
  stats.file_bytes = fs::file_size(out, ec);
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (progress) progress(count, count);
  return stats;
}

}  // namespace dancu::population
