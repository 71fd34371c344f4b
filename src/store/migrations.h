// Schema migrations of each engine, embedded in the binary at build time from
// src/store/migrations/<engine>/NNN_name.sql (see cmake/embed.cmake).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace dancu::store {

struct Migration {
  int64_t version;        // NNN of the file name; applied in increasing order, once
  std::string_view name;  // file name without .sql
  std::string_view sql;   // the script; runs inside one transaction
};

std::span<const Migration> SqliteMigrations();

}  // namespace dancu::store
