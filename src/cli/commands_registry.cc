// CLI commands over the registry: init, demo, org, campaign, registration, account,
// commitment, export, validate.
#include <iostream>

#include "cli/context.h"
#include "core/validate.h"
#include "registry/registry.h"
#include "web/json.h"

namespace dancu::cli {
namespace {

using nlohmann::json;

// Registers `body` to run when `cmd` is chosen; the body gets the open database.
template <class F>
void On(CLI::App* cmd, Context& ctx, F body) {
  cmd->callback([&ctx, cmd, body] {
    ctx.action = [&ctx, body]() -> int {
      auto db = ctx.Db();
      if (!db) return PrintError(ctx.out(), db.error());
      return body(**db);
    };
    (void)cmd;
  });
}

template <class T, class F>
int Show(Context& ctx, const core::Result<T>& r, F&& render_json, const std::function<void(const T&)>& text) {
  if (!r) return PrintError(ctx.out(), r.error());
  return Print(ctx.out(), render_json(*r), [&] { text(*r); });
}

void AddOrg(CLI::App& app, Context& ctx) {
  auto* org = app.add_subcommand("org", "Danh mục đơn vị")->require_subcommand(1);
  auto file = std::make_shared<std::string>();
  auto* imp = org->add_subcommand("import", "Nhập danh mục từ CSV (ma_dinh_danh, ten, loai, ma_cha, ma_hanh_chinh)");
  imp->add_option("FILE", *file, "Tệp CSV UTF-8")->required();
  On(imp, ctx, [&ctx, file](store::Database& db) {
    auto bytes = ReadFile(*file, 20 << 20);
    if (!bytes) return PrintError(ctx.out(), bytes.error());
    auto r = registry::ImportOrgsCsv(db, *bytes, ctx.actor);
    return Show<registry::OrgImportReport>(ctx, r,
        [](const auto& v) { return json{{"inserted", v.inserted}, {"updated", v.updated}}; },
        [](const auto& v) { std::cout << "Đã nhập danh mục: " << v.inserted << " đơn vị mới, " << v.updated << " cập nhật.\n"; });
  });
  struct ListOpts { std::string kind, parent, query, valid_on; };
  auto o = std::make_shared<ListOpts>();
  auto* list = org->add_subcommand("list", "Liệt kê đơn vị");
  list->add_option("--kind", o->kind, "tinh, so, huyen, phong, xa");
  list->add_option("--parent", o->parent, "Chỉ đơn vị trực thuộc mã này");
  list->add_option("--q", o->query, "Tìm theo tên (không cần dấu) hoặc mã");
  list->add_option("--valid-on", o->valid_on, "Chỉ đơn vị còn hiệu lực vào ngày này");
  On(list, ctx, [&ctx, o](store::Database& db) {
    registry::OrgFilter f{.parent_code = o->parent, .query = o->query};
    if (!o->kind.empty()) {
      auto k = registry::ParseKind(o->kind);
      if (!k) return PrintError(ctx.out(), k.error());
      f.kind = *k;
    }
    if (!o->valid_on.empty()) {
      auto d = core::Date::Parse(o->valid_on, "--valid-on");
      if (!d) return PrintError(ctx.out(), d.error());
      f.valid_on = *d;
    }
    auto r = db.Read([&](store::Tx& tx) { return registry::ListOrgs(tx, f); });
    return Show<std::vector<registry::Org>>(ctx, r,
        [](const auto& v) { json a = json::array(); for (auto& x : v) a.push_back(web::ToJson(x)); return a; },
        [](const auto& v) {
          for (const auto& x : v) {
            std::cout << Pad(x.code, 15) << Pad(std::string(registry::KindCode(x.kind)), 7) << x.name
                      << (x.fictitious ? "  (mã giả định)" : "") << (x.legacy_code ? "  (mã dạng cũ)" : "") << "\n";
          }
          std::cout << v.size() << " đơn vị.\n";
        });
  });
}

void AddCampaign(CLI::App& app, Context& ctx) {
  auto* c = app.add_subcommand("campaign", "Đợt đăng ký")->require_subcommand(1);
  struct Opts { std::string name, basis, open, deadline, targets; };
  auto o = std::make_shared<Opts>();
  auto* create = c->add_subcommand("create", "Tạo đợt đăng ký; in số của đợt");
  create->add_option("--name", o->name, "Tên đợt")->required();
  create->add_option("--basis", o->basis, "Căn cứ, ví dụ \"Kế hoạch số 129/KH-UBND ngày 06/7/2021\"")->required();
  create->add_option("--open", o->open, "Ngày mở (mặc định hôm nay)");
  create->add_option("--deadline", o->deadline, "Hạn chót YYYY-MM-DD")->required();
  create->add_option("--targets", o->targets, "Tệp danh sách mã đơn vị đích (mặc định: mọi đơn vị còn hiệu lực)");
  On(create, ctx, [&ctx, o](store::Database& db) {
    registry::CampaignSpec spec{.name = o->name, .basis = o->basis, .open_date = o->open,
                                .deadline = o->deadline, .targets = {}, .rules = {}};
    if (!o->targets.empty()) {
      auto text = ReadFile(o->targets, 5 << 20);
      if (!text) return PrintError(ctx.out(), text.error());
      auto codes = registry::ParseTargetList(*text);
      if (!codes) return PrintError(ctx.out(), codes.error());
      spec.targets = *codes;
    }
    auto id = registry::CreateCampaign(db, spec, ctx.actor);
    return Show<int64_t>(ctx, id, [](int64_t v) { return json{{"id", v}}; },
                         [](int64_t v) { std::cout << v << "\n"; });
  });
  auto* list = c->add_subcommand("list", "Liệt kê đợt đăng ký");
  On(list, ctx, [&ctx](store::Database& db) {
    auto r = db.Read([](store::Tx& tx) { return registry::ListCampaigns(tx); });
    return Show<std::vector<registry::Campaign>>(ctx, r,
        [](const auto& v) { json a = json::array(); for (auto& x : v) a.push_back(web::ToJson(x)); return a; },
        [](const auto& v) {
          for (const auto& x : v)
            std::cout << Pad(std::to_string(x.id), 5) << x.name << " — hạn " << x.deadline.Vietnamese()
                      << " — " << x.target_count << " đơn vị — " << x.basis << "\n";
          if (v.empty()) std::cout << "Chưa có đợt đăng ký nào (tạo bằng: dancu campaign create).\n";
        });
  });
}

struct FormOpts {
  int64_t campaign = 0;
  std::string unit, file, reason;
  bool dry_run = false;
};

void PrintRegistration(const registry::Registration& r) {
  std::cout << r.org_name << " (" << r.org_code << ") — đợt " << r.campaign_id << " — "
            << registry::FormStatusLabel(r.status) << "\n";
  if (!r.return_reason.empty()) std::cout << "Lý do trả lại: " << r.return_reason << "\n";
  for (const auto& s : r.info.systems) std::cout << "Hệ thống: " << s << "\n";
  for (const auto& a : r.accounts) {
    std::cout << Pad(std::to_string(a.row.row_no), 4) << Pad(a.row.full_name, 26) << Pad(a.row.login, 30)
              << Pad(a.row.phone, 12) << Pad(a.row.agency_code, 15) << Pad(std::to_string(a.row.daily_quota), 6)
              << registry::AccountStatusLabel(a.status) << "\n";
  }
  std::cout << r.accounts.size() << " tài khoản.\n";
}

void AddRegistration(CLI::App& app, Context& ctx) {
  auto* reg = app.add_subcommand("registration", "Phiếu đăng ký của đơn vị")->require_subcommand(1);
  auto o = std::make_shared<FormOpts>();
  auto ids = [o](CLI::App* cmd) {
    cmd->add_option("--campaign", o->campaign, "Số đợt đăng ký")->required();
    cmd->add_option("--unit", o->unit, "Mã định danh của đơn vị")->required();
  };
  auto* imp = reg->add_subcommand("import", "Nhập danh sách tài khoản từ tệp CSV/XLSX theo mẫu phiếu");
  ids(imp);
  imp->add_option("FILE", o->file, "Tệp .xlsx hoặc .csv")->required();
  imp->add_flag("--dry-run", o->dry_run, "Chỉ kiểm tra, không ghi");
  On(imp, ctx, [&ctx, o](store::Database& db) {
    registry::ReadLimits limits;
    auto bytes = ReadFile(o->file, limits.max_file_bytes);
    if (!bytes) return PrintError(ctx.out(), bytes.error());
    auto r = registry::ImportForm(db, o->campaign, o->unit, *bytes, o->file, ctx.actor, o->dry_run, limits);
    return Show<registry::ImportOutcome>(ctx, r, [](const auto& v) { return web::ToJson(v); },
        [](const auto& v) {
          for (const auto& n : v.plan.notes) std::cout << "Ghi chú: " << n << "\n";
          std::cout << (v.written ? "Đã nhập " : "Tệp hợp lệ (chưa ghi): ") << v.plan.rows.size()
                    << " tài khoản (dòng tiêu đề ở dòng " << v.plan.header_row << ", bảng mã "
                    << v.plan.encoding << ").\n";
        });
  });
  auto* show = reg->add_subcommand("show", "Xem phiếu và các tài khoản");
  ids(show);
  On(show, ctx, [&ctx, o](store::Database& db) {
    auto r = db.Read([&](store::Tx& tx) { return registry::GetRegistration(tx, o->campaign, o->unit); });
    return Show<registry::Registration>(ctx, r, [](const auto& v) { return web::ToJson(v); }, PrintRegistration);
  });
  for (const char* name : {"submit", "approve", "return", "send", "activate"}) {
    static const std::map<std::string, std::string> help = {
        {"submit", "Nộp phiếu"}, {"approve", "Duyệt phiếu"}, {"return", "Trả lại phiếu kèm lý do"},
        {"send", "Đánh dấu đã gửi C06"}, {"activate", "Kích hoạt tài khoản (cần Bản cam kết)"}};
    auto* cmd = reg->add_subcommand(name, help.at(name));
    ids(cmd);
    cmd->add_option("--reason", o->reason, "Lý do (bắt buộc khi trả lại)");
    std::string action = name;
    On(cmd, ctx, [&ctx, o, action](store::Database& db) {
      auto a = registry::ParseFormAction(action);
      if (!a) return PrintError(ctx.out(), a.error());
      auto r = registry::ApplyFormAction(db, o->campaign, o->unit, *a, o->reason, ctx.actor);
      return Show<registry::Registration>(ctx, r, [](const auto& v) { return web::ToJson(v); },
          [](const auto& v) { std::cout << v.org_name << ": " << registry::FormStatusLabel(v.status) << "\n"; });
    });
  }
  auto* hist = reg->add_subcommand("history", "Lịch sử thay đổi của phiếu: ai, khi nào, làm gì, vì sao");
  ids(hist);
  On(hist, ctx, [&ctx, o](store::Database& db) {
    auto r = db.Read([&](store::Tx& tx) -> core::Result<std::vector<registry::Change>> {
      auto reg = registry::GetRegistration(tx, o->campaign, o->unit);
      if (!reg) return core::Fail(reg.error());
      return registry::ChangesOf(tx, "registration", std::to_string(reg->id));
    });
    return Show<std::vector<registry::Change>>(ctx, r,
        [](const auto& v) { json a = json::array(); for (auto& x : v) a.push_back(web::ToJson(x)); return a; },
        [](const auto& v) {
          for (const auto& c : v) {
            std::cout << c.at << "  " << Pad(c.actor, 16) << Pad(c.action, 10) << c.from_status
                      << (c.to_status.empty() ? "" : " → " + c.to_status)
                      << (c.reason.empty() ? "" : "  lý do: " + c.reason)
                      << (c.detail.empty() ? "" : "  (" + c.detail + ")") << "\n";
          }
        });
  });
  auto* list = reg->add_subcommand("list", "Các phiếu của một đợt");
  list->add_option("--campaign", o->campaign, "Số đợt đăng ký")->required();
  On(list, ctx, [&ctx, o](store::Database& db) {
    auto r = db.Read([&](store::Tx& tx) { return registry::ListRegistrations(tx, o->campaign); });
    return Show<std::vector<registry::Registration>>(ctx, r,
        [](const auto& v) { json a = json::array(); for (auto& x : v) a.push_back(web::ToJson(x)); return a; },
        [](const auto& v) {
          for (const auto& x : v)
            std::cout << Pad(x.org_code, 15) << Pad(std::string(registry::FormStatusLabel(x.status)), 16) << x.org_name << "\n";
          std::cout << v.size() << " phiếu.\n";
        });
  });
}

// Per-login commands (issue 10 item 9): moving an official to another unit, and lifting a
// revocation. Both write history rows, which the admin mirror puts in the audit log.
void AddLoginCommands(CLI::App* acc, Context& ctx) {
  struct Opts { std::string login, to, reason; };
  auto o = std::make_shared<Opts>();
  auto* transfer = acc->add_subcommand("transfer", "Chuyển tài khoản (cán bộ) sang đơn vị khác");
  transfer->add_option("--login", o->login, "Tên đăng nhập")->required();
  transfer->add_option("--to", o->to, "Mã định danh của đơn vị mới")->required();
  transfer->add_option("--reason", o->reason, "Lý do (ví dụ: số quyết định điều động)")->required();
  On(transfer, ctx, [&ctx, o](store::Database& db) {
    auto r = registry::TransferLogin(db, o->login, o->to, o->reason, ctx.actor);
    return Show<registry::LoginTransfer>(ctx, r,
        [](const auto& v) {
          return json{{"login", v.login}, {"from", v.from_unit}, {"to", v.to_unit}, {"ended", v.ended}};
        },
        [](const auto& v) {
          std::cout << v.login << ": " << v.from_unit << " → " << v.to_unit << " (" << v.ended
                    << " dòng đã kết thúc; đơn vị mới đăng ký tài khoản này trong phiếu của mình)\n";
        });
  });
  auto* reinstate = acc->add_subcommand("reinstate", "Khôi phục tài khoản đã bị thu hồi");
  reinstate->add_option("--login", o->login, "Tên đăng nhập")->required();
  reinstate->add_option("--reason", o->reason, "Lý do")->required();
  On(reinstate, ctx, [&ctx, o](store::Database& db) {
    auto r = registry::ReinstateLogin(db, o->login, o->reason, ctx.actor);
    return Show<int>(ctx, r, [](int n) { return json{{"reinstated", n}}; },
                     [o](int n) { std::cout << o->login << ": khôi phục " << n << " dòng đã thu hồi.\n"; });
  });
}

void AddAccount(CLI::App& app, Context& ctx) {
  auto* acc = app.add_subcommand("account", "Tài khoản khai thác")->require_subcommand(1);
  struct Opts { int64_t id = 0; std::string reason; };
  auto o = std::make_shared<Opts>();
  for (const char* name : {"suspend", "resume", "revoke"}) {
    auto* cmd = acc->add_subcommand(name, std::string(name) == "suspend" ? "Tạm dừng tài khoản"
                                          : std::string(name) == "resume" ? "Mở lại tài khoản"
                                                                          : "Thu hồi tài khoản");
    cmd->add_option("--id", o->id, "Số tài khoản")->required();
    cmd->add_option("--reason", o->reason, "Lý do");
    std::string action = name;
    On(cmd, ctx, [&ctx, o, action](store::Database& db) {
      auto to = action == "suspend" ? registry::AccountStatus::kSuspended
                : action == "resume" ? registry::AccountStatus::kActive : registry::AccountStatus::kRevoked;
      auto r = registry::ChangeAccountStatus(db, o->id, to, o->reason, ctx.actor);
      return Show<registry::Account>(ctx, r, [](const auto& v) { return web::ToJson(v); },
          [](const auto& v) { std::cout << v.row.login << ": " << registry::AccountStatusLabel(v.status) << "\n"; });
    });
  }
  AddLoginCommands(acc, ctx);
  // issue 11 item 2: the official's CCCD (MaCanBo upstream) without re-importing the form.
  struct IdOpts { std::string login, cccd; };
  auto io = std::make_shared<IdOpts>();
  auto* set_id = acc->add_subcommand("set-cccd", "Ghi số CCCD của cán bộ cho tài khoản (\"\" để xóa)");
  set_id->add_option("--login", io->login, "Tài khoản đăng nhập")->required();
  set_id->add_option("--cccd", io->cccd, "Số CCCD 12 chữ số của cán bộ")->required();
  On(set_id, ctx, [&ctx, io](store::Database& db) {
    auto r = registry::SetOfficialId(db, io->login, io->cccd, ctx.actor);
    return Show<registry::OfficialIdChange>(ctx, r,
        [](const auto& v) { return json{{"login", v.login}, {"official_id", v.official_id}, {"accounts", v.accounts}}; },
        [](const auto& v) {
          std::cout << v.login << ": " << (v.official_id.empty() ? "đã xóa số CCCD" : "số CCCD " + v.official_id)
                    << (v.accounts ? " (" + std::to_string(v.accounts) + " dòng đăng ký)" : " (không thay đổi)") << ".\n";
        });
  });
}

void AddCommitment(CLI::App& app, Context& ctx) {
  auto* com = app.add_subcommand("commitment", "Bản cam kết của đơn vị")->require_subcommand(1);
  auto in = std::make_shared<registry::CommitmentInput>();
  auto scan = std::make_shared<std::string>();
  auto* add = com->add_subcommand("add", "Ghi Bản cam kết (và bản scan PDF đã ký)");
  add->add_option("--unit", in->org_code, "Mã định danh của đơn vị")->required();
  add->add_option("--name", in->rep_name, "Họ tên người đại diện")->required();
  add->add_option("--nationality", in->nationality, "Quốc tịch")->capture_default_str();
  add->add_option("--id-number", in->id_number, "Số CCCD (12 số) hoặc CMND (9 số)")->required();
  add->add_option("--phone", in->phone, "Số điện thoại")->required();
  add->add_option("--issue-date", in->issue_date, "Ngày cấp")->required();
  add->add_option("--issue-place", in->issue_place, "Nơi cấp")->required();
  add->add_option("--position", in->position, "Chức vụ")->required();
  add->add_option("--sign-place", in->sign_place, "Nơi ký")->required();
  add->add_option("--sign-date", in->sign_date, "Ngày ký")->required();
  add->add_option("--valid-to", in->valid_to, "Hiệu lực đến (bỏ trống: đến khi thu hồi)");
  add->add_option("--scan", *scan, "Bản scan PDF đã ký");
  On(add, ctx, [&ctx, in, scan](store::Database& db) {
    registry::CommitmentInput input = *in;
    if (!scan->empty()) {
      auto bytes = ReadFile(*scan, registry::kMaxScanBytes);
      if (!bytes) return PrintError(ctx.out(), bytes.error());
      input.scan = std::move(*bytes);
      input.scan_filename = *scan;
    }
    auto r = registry::AddCommitment(db, input, ctx.actor);
    return Show<registry::Commitment>(ctx, r, [](const auto& v) { return web::ToJson(v); },
        [](const auto& v) {
          std::cout << "Đã ghi Bản cam kết số " << v.id << " của " << v.org_code
                    << (v.scan_sha256.empty() ? " (chưa có bản scan: dùng dancu commitment scan)" : ", bản scan SHA-256 " + v.scan_sha256)
                    << ".\n";
        });
  });
  struct ScanOpts { int64_t id = 0; std::string file; };
  auto so = std::make_shared<ScanOpts>();
  auto* sc = com->add_subcommand("scan", "Tải bản scan PDF đã ký cho Bản cam kết");
  sc->add_option("--id", so->id, "Số Bản cam kết")->required();
  sc->add_option("FILE", so->file, "Tệp PDF")->required();
  On(sc, ctx, [&ctx, so](store::Database& db) {
    auto bytes = ReadFile(so->file, registry::kMaxScanBytes);
    if (!bytes) return PrintError(ctx.out(), bytes.error());
    auto r = registry::AttachScan(db, so->id, *bytes, so->file, ctx.actor);
    return Show<registry::Commitment>(ctx, r, [](const auto& v) { return web::ToJson(v); },
        [](const auto& v) { std::cout << "Đã lưu bản scan, SHA-256 " << v.scan_sha256 << ".\n"; });
  });
  auto unit = std::make_shared<std::string>();
  auto* list = com->add_subcommand("list", "Các Bản cam kết của đơn vị");
  list->add_option("--unit", *unit, "Mã định danh của đơn vị")->required();
  On(list, ctx, [&ctx, unit](store::Database& db) {
    auto r = db.Read([&](store::Tx& tx) { return registry::CommitmentsOf(tx, *unit); });
    return Show<std::vector<registry::Commitment>>(ctx, r,
        [](const auto& v) { json a = json::array(); for (auto& x : v) a.push_back(web::ToJson(x)); return a; },
        [](const auto& v) {
          for (const auto& x : v)
            std::cout << Pad(std::to_string(x.id), 5) << Pad(x.rep_name, 24) << "ký " << x.sign_date << "  "
                      << (x.ValidOn(core::TodayLocal()) ? "còn hiệu lực" : "không hiệu lực") << "\n";
          std::cout << v.size() << " bản cam kết.\n";
        });
  });
}

void AddExportValidate(CLI::App& app, Context& ctx) {
  auto* exp = app.add_subcommand("export", "Xuất dữ liệu")->require_subcommand(1);
  struct Opts { int64_t campaign = 0; std::string out; };
  auto o = std::make_shared<Opts>();
  auto* acc = exp->add_subcommand("accounts", "Danh sách tài khoản đã duyệt theo thứ tự cột của phiếu");
  acc->add_option("--campaign", o->campaign, "Số đợt đăng ký")->required();
  acc->add_option("--out", o->out, "Tệp .xlsx hoặc .csv")->required();
  On(acc, ctx, [&ctx, o](store::Database& db) {
    auto r = registry::ExportAccounts(db, o->campaign, o->out, ctx.actor);
    return Show<registry::ExportSummary>(ctx, r,
        [o](const auto& v) { return json{{"file", o->out}, {"accounts", v.accounts}, {"units", v.units}}; },
        [o](const auto& v) { std::cout << "Đã xuất " << v.accounts << " tài khoản của " << v.units << " đơn vị ra " << o->out << ".\n"; });
  });
  struct VOpts { std::string kind, value; };
  auto v = std::make_shared<VOpts>();
  auto* val = app.add_subcommand("validate", "Kiểm tra một giá trị: cccd, cmnd, phone, agency-code, login, email, name");
  val->add_option("KIND", v->kind, "Loại giá trị")->required();
  val->add_option("VALUE", v->value, "Giá trị cần kiểm tra")->required();
  val->callback([&ctx, v] {
    ctx.action = [&ctx, v]() -> int {
      auto r = core::ValidateByKind(v->kind, v->value);
      if (!r) return PrintError(ctx.out(), r.error());
      return Print(ctx.out(), json{{"valid", true}, {"kind", v->kind}, {"value", *r}},
                   [&] { std::cout << "Hợp lệ: " << *r << "\n"; });
    };
  });
}

void AddSetup(CLI::App& app, Context& ctx) {
  auto* init = app.add_subcommand("init", "Tạo (hoặc nâng cấp) cơ sở dữ liệu");
  On(init, ctx, [&ctx](store::Database&) {
    return Print(ctx.out(), json{{"db", ctx.db_path}}, [&] { std::cout << "Cơ sở dữ liệu sẵn sàng: " << ctx.db_path << "\n"; });
  });
  auto* demo = app.add_subcommand("demo", "Nạp dữ liệu mẫu Kiên Giang 2021 (mã giả định, người giả lập)");
  On(demo, ctx, [&ctx](store::Database& db) {
    auto r = registry::LoadDemo(db, ctx.actor);
    if (r) {
      if (auto extras = DemoGateway(ctx, db); !extras) return PrintError(ctx.out(), extras.error());
      if (auto people = DemoUsers(ctx, db); !people) return PrintError(ctx.out(), people.error());
    }
    return Show<registry::DemoSummary>(ctx, r,
        [](const auto& v) { return json{{"orgs", v.orgs}, {"purposes", v.purposes}, {"campaign_id", v.campaign_id}, {"seed_campaign_id", v.seed_campaign_id},
                                         {"forms", v.forms}, {"accounts", v.accounts}}; },
        [&ctx](const auto& v) {
          std::cout << "Đã nạp dữ liệu mẫu vào " << ctx.db_path << ": " << v.orgs << " đơn vị, " << v.purposes
                    << " mục đích, " << v.forms << " phiếu, " << v.accounts
                    << " tài khoản (mọi người trong dữ liệu mẫu đều là giả lập).\n"
                    << "  Đợt " << v.campaign_id << ": phiếu ở mọi trạng thái (nháp, đã nộp, trả lại, đã duyệt, hoạt động).\n"
                    << "  Đợt " << v.seed_campaign_id << ": tình hình như Công văn 6359/VP-HCC ngày 23/8/2021 — thử:\n"
                    << "    dancu compliance status --campaign " << v.seed_campaign_id << " --as-of 2021-08-23\n"
                    << "    dancu letter reminder --campaign " << v.seed_campaign_id
                    << " --as-of 2021-08-23 --out cong-van.docx --pdf\n";
        });
  });
  auto* purpose = app.add_subcommand("purpose", "Danh mục mục đích sử dụng (mã dịch vụ/TTHC)")->require_subcommand(1);
  auto file = std::make_shared<std::string>();
  auto* pimp = purpose->add_subcommand("import", "Nhập danh mục mục đích từ CSV (ma, noi_dung[, ma_quoc_gia])");
  pimp->add_option("FILE", *file, "Tệp CSV UTF-8")->required();
  On(pimp, ctx, [&ctx, file](store::Database& db) {
    auto bytes = ReadFile(*file, 5 << 20);
    if (!bytes) return PrintError(ctx.out(), bytes.error());
    auto r = registry::ImportPurposesCsv(db, *bytes, ctx.actor);
    return Show<int>(ctx, r, [](int n) { return json{{"imported", n}}; },
                     [](int n) { std::cout << "Đã nhập " << n << " mục đích.\n"; });
  });
}

}  // namespace

void AddRegistryCommands(CLI::App& app, Context& ctx) {
  AddSetup(app, ctx);
  AddOrg(app, ctx);
  AddCampaign(app, ctx);
  AddRegistration(app, ctx);
  AddAccount(app, ctx);
  AddCommitment(app, ctx);
  AddExportValidate(app, ctx);
}

}  // namespace dancu::cli
