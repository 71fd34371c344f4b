// Compliance of a campaign computed from one snapshot of the registry.
#include "compliance/compliance.h"

#include <algorithm>
#include <set>

namespace dancu::compliance {
namespace {

using core::Error;
using core::Fail;
using registry::OrgKind;

struct Form {
  int64_t id = 0;
  std::string submitted_at;  // first submission, ISO time; "" if never
  std::string approved_at;   // first approval; ""
  std::vector<std::string> agencies;  // agency code of each account neither revoked nor ended (moved to another unit)
};

// Everything the evaluation needs, read in one transaction.
struct Snapshot {
  registry::Campaign campaign;
  std::map<std::string, registry::Org> orgs;
  std::map<std::string, std::vector<std::string>> children;  // in catalogue order
  std::vector<std::string> targets;
  std::vector<Form> forms;
  std::map<std::string, std::vector<registry::Commitment>> commitments;
};

Result<std::map<int64_t, std::string>> FirstAction(store::Tx& tx, int64_t campaign,
                                                   const char* action) {
  auto rows = tx.Query(
      "SELECT r.id, MIN(h.at) FROM registration r JOIN history h ON h.entity = 'registration' "
      "AND h.entity_id = CAST(r.id AS TEXT) AND h.action = ? WHERE r.campaign_id = ? "
      "GROUP BY r.id",
      {std::string(action), campaign});
  if (!rows) return Fail(rows.error());
  std::map<int64_t, std::string> out;
  for (const auto& r : *rows) out[r.Int(0)] = r.Text(1);
  return out;
}

Result<Snapshot> Load(store::Tx& tx, int64_t campaign_id) {
  Snapshot s;
  auto campaign = registry::GetCampaign(tx, campaign_id);
  if (!campaign) return Fail(campaign.error());
  s.campaign = *campaign;
  auto orgs = registry::ListOrgs(tx, {});
  if (!orgs) return Fail(orgs.error());
  for (auto& o : *orgs) {
    s.children[o.parent_code].push_back(o.code);
    s.orgs[o.code] = std::move(o);
  }
  auto targets = registry::CampaignTargets(tx, campaign_id);
  if (!targets) return Fail(targets.error());
  s.targets = std::move(*targets);
  auto submitted = FirstAction(tx, campaign_id, "submit");
  auto approved = FirstAction(tx, campaign_id, "approve");
  if (!submitted) return Fail(submitted.error());
  if (!approved) return Fail(approved.error());
  auto accounts = tx.Query(
      "SELECT registration_id, agency_code FROM account WHERE campaign_id = ? AND "
      "status NOT IN ('revoked', 'ended')", {campaign_id});
  if (!accounts) return Fail(accounts.error());
  std::map<int64_t, Form> forms;
  for (const auto& [id, at] : *submitted) forms[id] = {id, at, (*approved)[id], {}};
  for (const auto& r : *accounts) {
    auto it = forms.find(r.Int(0));
    if (it != forms.end()) it->second.agencies.push_back(r.Text(1));
  }
  for (auto& [id, f] : forms) s.forms.push_back(std::move(f));
  auto units = tx.Query("SELECT DISTINCT org_code FROM commitment", {});
  if (!units) return Fail(units.error());
  for (const auto& r : *units) {
    auto list = registry::CommitmentsOf(tx, r.Text(0));
    if (!list) return Fail(list.error());
    s.commitments[r.Text(0)] = std::move(*list);
  }
  return s;
}

// Accounts and first submission per unit, counting only forms submitted by `day`.
class Counts {
 public:
  Counts(const Snapshot& s, const core::Date& day) {
    std::string until = day.Iso();
    for (const auto& f : s.forms) {
      if (f.submitted_at.empty() || f.submitted_at.substr(0, 10) > until) continue;
      bool approved = !f.approved_at.empty() && f.approved_at.substr(0, 10) <= until;
      for (const auto& code : f.agencies) {
        // Charge the account to its unit and every unit above it.
        for (std::string c = code; !c.empty();) {
          auto& u = by_unit_[c];
          if (c == code) u.direct++;
          u.subtree++;
          u.approved = u.approved || approved;
          if (u.first.empty() || f.submitted_at < u.first) u.first = f.submitted_at;
          auto it = s.orgs.find(c);
          c = it == s.orgs.end() ? "" : it->second.parent_code;
        }
      }
    }
  }
  int Direct(const std::string& code) const { return Get(code).direct; }
  int Subtree(const std::string& code) const { return Get(code).subtree; }
  bool Approved(const std::string& code) const { return Get(code).approved; }
  const std::string& First(const std::string& code) const { return Get(code).first; }

 private:
  struct Unit { int direct = 0; int subtree = 0; bool approved = false; std::string first; };
  const Unit& Get(const std::string& code) const {
    static const Unit kNone;
    auto it = by_unit_.find(code);
    return it == by_unit_.end() ? kNone : it->second;
  }
  std::map<std::string, Unit> by_unit_;
};

bool HasCommitment(const Snapshot& s, const std::string& code, const core::Date& day) {
  auto it = s.commitments.find(code);
  if (it == s.commitments.end()) return false;
  return std::any_of(it->second.begin(), it->second.end(),
                     [&](const registry::Commitment& c) { return c.ValidOn(day); });
}

std::string ShortName(const registry::Org& o) { return o.short_name.empty() ? o.name : o.short_name; }

void EvaluateDistrict(const Snapshot& s, const Counts& counts, UnitCompliance& u) {
  const auto& rules = s.campaign.rules;
  u.officials = counts.Direct(u.code);
  auto kids = s.children.find(u.code);
  if (kids != s.children.end()) {
    for (const auto& code : kids->second) {
      const registry::Org& o = s.orgs.at(code);
      if (!o.ValidOn(s.campaign.deadline)) continue;
      Part p{o.code, o.name, ShortName(o), o.kind, counts.Subtree(o.code) > 0, counts.Subtree(o.code)};
      if (o.kind == OrgKind::kOffice) u.officials += p.officials;
      bool required = (o.kind == OrgKind::kOffice && rules.district_needs_offices) ||
                      (o.kind == OrgKind::kCommune && rules.district_needs_communes);
      if (required && !p.registered) u.missing.push_back(p.short_name);
      u.parts.push_back(std::move(p));
    }
  }
  if (rules.district_needs_self && counts.Direct(u.code) == 0) u.missing.insert(u.missing.begin(), u.name);
}

UnitCompliance Evaluate(const Snapshot& s, const Counts& counts, const registry::Org& o,
                        const core::Date& as_of) {
  UnitCompliance u;
  u.code = o.code;
  u.name = o.name;
  u.short_name = ShortName(o);
  u.parent_code = o.parent_code;
  u.kind = o.kind;
  u.level = o.kind == OrgKind::kDepartment ? Level::kProvince
            : o.kind == OrgKind::kCommune  ? Level::kCommune : Level::kDistrict;
  u.officials_total = counts.Subtree(o.code);
  u.approved = counts.Approved(o.code);
  u.first_submitted_at = counts.First(o.code);
  u.commitment = HasCommitment(s, o.code, as_of);
  if (o.kind == OrgKind::kDistrict) EvaluateDistrict(s, counts, u);
  else u.officials = u.officials_total;
  bool needs_commitment = s.campaign.rules.needs_commitment && o.kind != OrgKind::kCommune;
  if (needs_commitment && u.officials_total > 0 && !u.commitment) u.missing.push_back("Bản cam kết");
  u.status = u.officials_total == 0 ? Status::kNotRegistered
             : u.missing.empty()    ? Status::kComplete : Status::kIncomplete;
  u.days_to_deadline = as_of.DaysUntil(s.campaign.deadline);
  u.overdue = u.status != Status::kComplete && u.days_to_deadline < 0;
  return u;
}

Report Build(const Snapshot& s, const core::Date& as_of) {
  Report r;
  r.campaign = s.campaign;
  r.as_of = as_of;
  for (Level l : {Level::kProvince, Level::kDistrict, Level::kCommune}) r.summary[l] = {};
  Counts counts(s, as_of);
  for (const auto& code : s.targets) {
    const registry::Org& o = s.orgs.at(code);
    if (o.kind == OrgKind::kProvince || o.kind == OrgKind::kOffice) continue;  // offices fold into districts
    UnitCompliance u = Evaluate(s, counts, o, as_of);
    LevelSummary& sum = r.summary[u.level];
    sum.units++;
    if (u.status == Status::kComplete) sum.complete++;
    else if (u.status == Status::kIncomplete) sum.incomplete++;
    else sum.not_registered++;
    sum.officials += u.officials;
    r.units.push_back(std::move(u));
  }
  return r;
}

}  // namespace

std::string_view LevelCode(Level level) {
  switch (level) {
    case Level::kProvince: return "tinh";
    case Level::kDistrict: return "huyen";
    case Level::kCommune: return "xa";
  }
  return "";
}

std::string_view StatusCode(Status status) {
  switch (status) {
    case Status::kNotRegistered: return "chua_dang_ky";
    case Status::kIncomplete: return "chua_day_du";
    case Status::kComplete: return "day_du";
  }
  return "";
}

std::string_view StatusLabel(Status status) {
  switch (status) {
    case Status::kNotRegistered: return "Chưa đăng ký";
    case Status::kIncomplete: return "Chưa đầy đủ";
    case Status::kComplete: return "Đầy đủ";
  }
  return "";
}

Result<Report> ComputeReport(store::Database& db, int64_t campaign_id, const core::Date& as_of) {
  auto snapshot = db.Read([&](store::Tx& tx) { return Load(tx, campaign_id); });
  if (!snapshot) return Fail(snapshot.error());
  return Build(*snapshot, as_of);
}

Result<std::vector<TimelinePoint>> ComputeTimeline(store::Database& db, int64_t campaign_id,
                                                   const core::Date& as_of) {
  auto snapshot = db.Read([&](store::Tx& tx) { return Load(tx, campaign_id); });
  if (!snapshot) return Fail(snapshot.error());
  std::set<std::string> days = {snapshot->campaign.open_date.Iso(), as_of.Iso()};
  for (const auto& f : snapshot->forms) {
    if (!f.submitted_at.empty() && f.submitted_at.substr(0, 10) <= as_of.Iso()) days.insert(f.submitted_at.substr(0, 10));
  }
  std::vector<TimelinePoint> out;
  for (const auto& day : days) {
    if (day > as_of.Iso()) continue;
    auto d = core::Date::Parse(day);
    if (!d) continue;
    out.push_back({day, Build(*snapshot, *d).summary});
  }
  return out;
}

}  // namespace dancu::compliance
