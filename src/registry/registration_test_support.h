// Test-only helpers of the registration tests: a temp database with the demo catalogue and
// campaign, forms of one unit, workflow steps and a valid security commitment.
//
// Header-only (every function inline) so that each registration*_test.cc can include it.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "registry/commitment.h"
#include "registry/history.h"
#include "registry/registration.h"
#include "registry/test_support.h"

namespace dancu::registry::registration_test {

using test_support::AccountCells;
using test_support::FormCsv;
using test_support::kActor;

inline const std::string kJustice = "000.00.08.H33";  // Sở Tư pháp
inline const std::string kIct = "000.00.16.H33";      // Sở Thông tin và Truyền thông
inline const std::string kPdf =
    "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";

struct World {
  test_support::TempDb t;
  int64_t campaign = 0;
  World() {
    if (t && test_support::LoadDemoCatalogue(t.db()))
      campaign = test_support::CreateDemoCampaign(t.db());
  }
  store::Database& db() { return t.db(); }
};

// A form of `unit` with one account per login (agency = the unit itself).
inline std::string Form(const std::string& unit, const std::string& unit_name,
                 const std::vector<std::string>& logins) {
  const char* names[] = {"Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Hiếu", "Phạm Thu Hà"};
  std::vector<AccountCells> rows;
  for (size_t i = 0; i < logins.size(); ++i) {
    rows.push_back({.tt = std::to_string(i + 1),
                    .full_name = names[i % 4],
                    .login = logins[i],
                    .agency_code = unit,
                    .agency_name = unit_name});
  }
  return FormCsv(rows);
}

inline std::string JusticeForm(const std::vector<std::string>& logins) {
  return Form(kJustice, "Sở Tư pháp", logins);
}

inline Result<ImportOutcome> Import(World& w, const std::string& unit, const std::string& csv,
                             bool dry_run = false) {
  return ImportForm(w.db(), w.campaign, unit, csv, "phieu.csv", kActor, dry_run);
}

inline Registration Get(World& w, const std::string& unit) {
  auto r = w.db().Read([&](store::Tx& tx) { return GetRegistration(tx, w.campaign, unit); });
  EXPECT_TRUE(r) << r.error().message;
  return r ? *r : Registration{};
}

inline std::vector<std::string> Logins(const Registration& r) {
  std::vector<std::string> out;
  for (const auto& a : r.accounts) out.push_back(a.row.login);
  return out;
}

inline std::vector<Change> History(World& w, const std::string& entity, int64_t id) {
  auto c = w.db().Read([&](store::Tx& tx) { return ChangesOf(tx, entity, std::to_string(id)); });
  EXPECT_TRUE(c) << c.error().message;
  return c ? *c : std::vector<Change>{};
}

inline Result<Registration> Step(World& w, const std::string& unit, FormAction a,
                          const std::string& reason = "") {
  return ApplyFormAction(w.db(), w.campaign, unit, a, reason, kActor);
}

inline CommitmentInput GoodCommitment(const std::string& unit, std::string scan = kPdf) {
  return {.org_code = unit,
          .rep_name = "Trần Minh Khoa",
          .nationality = "Việt Nam",
          .id_number = "091080001234",
          .phone = "0297 3862 123",
          .issue_date = "2021-05-10",
          .issue_place = "Cục Cảnh sát QLHC về TTXH",
          .position = "Giám đốc",
          .sign_place = "Kiên Giang",
          .sign_date = "2021-07-20",
          .valid_to = "",
          .scan = std::move(scan),
          .scan_filename = "cam-ket.pdf"};
}

// Imports two accounts for Sở Tư pháp and takes the form to sent_c06.
inline void ImportAndSend(World& w) {
  ASSERT_TRUE(Import(w, kJustice, JusticeForm({"nguyenvanan.stp", "tranthibinh.stp"})));
  for (FormAction a : {FormAction::kSubmit, FormAction::kApprove, FormAction::kSendC06}) {
    auto r = Step(w, kJustice, a);
    ASSERT_TRUE(r) << r.error().message;
  }
}

}  // namespace dancu::registry::registration_test
