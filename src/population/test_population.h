// Test support of the population module: one synthetic population file shared by the tests.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "population/generator.h"

namespace dancu::population::testing {

// A fresh temporary directory, removed when the test binary exits.
inline const std::filesystem::path& TempDir() {
  struct Dir {
    std::filesystem::path path;
    Dir() {
      path = std::filesystem::temp_directory_path() /
             ("dancu_population_test_" + std::to_string(getpid()));
      std::filesystem::create_directories(path);
    }
    ~Dir() {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  };
  static Dir dir;
  return dir.path;
}

inline constexpr uint64_t kTestCount = 20'000;
inline constexpr uint64_t kTestSeed = 2021;

// The path of a population of kTestCount citizens from kTestSeed, generated on first use.
inline const std::string& SharedPopulation() {
  static const std::string path = [] {
    std::string p = (TempDir() / "shared.db").string();
    if (!Generate(p, kTestCount, kTestSeed, nullptr)) std::abort();
    return p;
  }();
  return path;
}

}  // namespace dancu::population::testing
