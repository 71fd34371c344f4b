// The on-disk format of the citizen store: its schema, relation labels and name-key hash.
#include "population/store.h"

#include <cstdint>
#include <iterator>
#include <string_view>

#include "population/random.h"

namespace dancu::population {
namespace {

constexpr std::string_view kSchema = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE household(id INTEGER PRIMARY KEY, head INTEGER NOT NULL,
                       commune INTEGER NOT NULL, detail TEXT NOT NULL);
CREATE TABLE citizen(
  id INTEGER PRIMARY KEY, cmnd INTEGER,
  family TEXT NOT NULL, middle TEXT NOT NULL, given TEXT NOT NULL,
  sex INTEGER NOT NULL, ethnicity INTEGER NOT NULL, religion INTEGER NOT NULL,
  marital INTEGER NOT NULL, blood INTEGER NOT NULL, birth INTEGER NOT NULL,
  birth_place INTEGER NOT NULL, hometown INTEGER NOT NULL,
  household INTEGER NOT NULL, relation INTEGER NOT NULL,
  current_commune INTEGER, current_detail TEXT,
  father INTEGER, mother INTEGER, spouse INTEGER, representative INTEGER,
  father_name TEXT, mother_name TEXT);
CREATE TABLE ordinal(n INTEGER PRIMARY KEY, id INTEGER NOT NULL);
CREATE TABLE cmnd_index(cmnd INTEGER NOT NULL, id INTEGER NOT NULL,
                        PRIMARY KEY(cmnd, id)) WITHOUT ROWID;
CREATE TABLE name_index(name_hash INTEGER NOT NULL, birth INTEGER NOT NULL, id INTEGER NOT NULL,
                        PRIMARY KEY(name_hash, birth, id)) WITHOUT ROWID;
)sql";

}  // namespace

std::string_view RelationName(int code) {
  static constexpr std::string_view kNames[] = {"Chủ hộ", "Vợ", "Chồng", "Con", "Cha", "Mẹ"};
  return code >= 0 && code < int(std::size(kNames)) ? kNames[code] : std::string_view();
}

uint64_t NameKeyHash(std::string_view name_key) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : name_key) h = (h ^ c) * 0x100000001b3ULL;
  return Mix64(h);
}

std::string_view CitizenStoreSchemaSql() { return kSchema; }

}  // namespace dancu::population
