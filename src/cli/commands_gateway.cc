// CLI commands of the gateway and the audit log: systems, service fields, quotas, audit.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <iostream>

#include "audit/audit.h"
#include "cli/context.h"
#include "core/date.h"
#include "gateway/admin_mirror.h"
#include "gateway/history_row.h"
#include "gateway/minimise.h"
#include "gateway/purposes.h"
#include "gateway/systems.h"
#include "population/generator.h"

namespace dancu::cli {
namespace {

using nlohmann::json;

struct AuditOpen {
  std::unique_ptr<store::Database> db;
  audit::Keys keys;
};

std::string AuditPath(const Context& ctx, const std::string& given) {
  return given.empty() ? (std::filesystem::path(ctx.db_path).parent_path() / "audit.db").string() : given;
}

core::Result<AuditOpen> OpenAudit(const Context& ctx, const std::string& given) {
  std::string path = AuditPath(ctx, given);
  if (!std::filesystem::exists(path)) {
    return core::Fail(core::Error::NotFound("Chưa có nhật ký truy vấn " + path + " (tạo khi chạy dancu serve)."));
  }
  auto db = store::OpenSqlite(path);
  if (!db) return core::Fail(db.error());
  auto keys = audit::Keys::Load(audit::DefaultKeyPath(path));
  if (!keys) return core::Fail(keys.error());
  return AuditOpen{std::move(*db), std::move(*keys)};
}

json RecordJson(const audit::StoredRecord& s, const std::optional<std::string>& subject) {
  const auto& r = s.record;
  json j = {{"seq", r.seq}, {"time", r.time}, {"kind", r.kind}, {"actor", r.actor}, {"unit", r.unit},
            {"system", r.system}, {"purpose", r.purpose}, {"dossier", r.dossier}, {"outcome", r.outcome},
            {"reason_code", r.reason_code}, {"reason", r.reason}, {"action", r.action},
            {"latency_us", r.latency_us}, {"subject_hash", s.subject_hash}, {"hash", s.hash}};
  if (subject) j["subject"] = *subject;
  return j;
}

void AddSystems(CLI::App& app, Context& ctx) {
  auto* sys = app.add_subcommand("system", "Hệ thống tích hợp gọi cổng truy vấn (một cửa, cổng DVC…)")->require_subcommand(1);
  struct Opts { std::string name, units, cert, signed_url; int64_t id = 0; };
  auto o = std::make_shared<Opts>();
  auto* add = sys->add_subcommand("add", "Đăng ký hệ thống và cấp khóa API (chỉ hiện một lần)");
  add->add_option("--name", o->name, "Tên hệ thống")->required();
  add->add_option("--units", o->units, "Mã các đơn vị được phục vụ, cách nhau bởi dấu phẩy")->required();
  add->add_option("--cert-fingerprint", o->cert, "SHA-256 của chứng thư số máy khách (tùy chọn)");
  add->add_option("--signed-url", o->signed_url,
                  "Địa chỉ (URL) hệ thống ký khi dùng chữ ký có dấu thời gian (Timestamp + Authorization: "
                  "Basic); khi có, cấp thêm khóa ký (chỉ hiện một lần)");
  add->callback([&ctx, o] {
    ctx.action = [&ctx, o]() -> int {
      auto db = ctx.Db();
      if (!db) return PrintError(ctx.out(), db.error());
      std::vector<std::string> units;
      std::stringstream ss(o->units);
      for (std::string u; std::getline(ss, u, ',');) if (!u.empty()) units.push_back(u);
      std::optional<auth::SecretKey> key;
      if (!o->signed_url.empty()) {  // before anything is written: a bad key file stops here
        auto k = SecretKeyOf(ctx, **db);
        if (!k) return PrintError(ctx.out(), k.error());
        key = *k;
      }
      auto r = gateway::AddSystem(**db, o->name, units, o->cert, ctx.actor);
      if (!r) return PrintError(ctx.out(), r.error());
      json out{{"id", r->system.id}, {"name", r->system.name}, {"key_id", r->system.key_id}, {"api_key", r->api_key}};
      std::string secret;
      if (key) {
        auto s = gateway::IssueSigningSecret(**db, r->system.id, o->signed_url, *key, ctx.actor);
        if (!s) return PrintError(ctx.out(), s.error());
        secret = *s;
        out["signing_secret"] = secret;
        out["signed_url"] = o->signed_url;
      }
      return Print(ctx.out(), out, [&] {
        std::cout << "Đã đăng ký hệ thống số " << r->system.id << ": " << r->system.name << "\n"
                  << "Khóa API (chỉ hiện lần này, hãy lưu vào cấu hình của hệ thống): " << r->api_key << "\n";
        if (!secret.empty()) {
          std::cout << "Chữ ký có dấu thời gian: tên đăng nhập " << r->system.key_id << ", khóa ký (chỉ hiện lần này): "
                    << secret << ", địa chỉ ký: " << o->signed_url << "\n";
        }
      });
    };
  });
  auto* sign = sys->add_subcommand("sign", "Cấp (lại) khóa ký cho chữ ký có dấu thời gian của một hệ thống (chỉ hiện một lần)");
  sign->add_option("--id", o->id, "Số hệ thống")->required();
  sign->add_option("--url", o->signed_url, "Địa chỉ (URL) hệ thống dùng khi ký, đúng như trong cấu hình của hệ thống")->required();
  sign->callback([&ctx, o] {
    ctx.action = [&ctx, o]() -> int {
      auto db = ctx.Db();
      if (!db) return PrintError(ctx.out(), db.error());
      auto key = SecretKeyOf(ctx, **db);
      if (!key) return PrintError(ctx.out(), key.error());
      auto s = gateway::IssueSigningSecret(**db, o->id, o->signed_url, *key, ctx.actor);
      if (!s) return PrintError(ctx.out(), s.error());
      return Print(ctx.out(), json{{"id", o->id}, {"signing_secret", *s}, {"signed_url", o->signed_url}}, [&] {
        std::cout << "Khóa ký mới của hệ thống số " << o->id << " (chỉ hiện lần này; khóa cũ hết hiệu lực): " << *s << "\n";
      });
    };
  });
  auto* list = sys->add_subcommand("list", "Liệt kê hệ thống tích hợp");
  list->callback([&ctx] {
    ctx.action = [&ctx]() -> int {
      auto db = ctx.Db();
      if (!db) return PrintError(ctx.out(), db.error());
      auto r = (*db)->Read([](store::Tx& tx) { return gateway::ListSystems(tx); });
      if (!r) return PrintError(ctx.out(), r.error());
      json a = json::array();
      for (const auto& s : *r) a.push_back({{"id", s.id}, {"name", s.name}, {"key_id", s.key_id}, {"units", s.units}, {"status", s.status}, {"signed_url", s.sign_url}});
      return Print(ctx.out(), a, [&] {
        for (const auto& s : *r) std::cout << Pad(std::to_string(s.id), 5) << Pad(s.key_id, 18) << Pad(s.status, 9) << s.name << "\n";
        std::cout << r->size() << " hệ thống.\n";
      });
    };
  });
  auto* revoke = sys->add_subcommand("revoke", "Thu hồi khóa của hệ thống");
  revoke->add_option("--id", o->id, "Số hệ thống")->required();
  revoke->callback([&ctx, o] {
    ctx.action = [&ctx, o]() -> int {
      auto db = ctx.Db();
      if (!db) return PrintError(ctx.out(), db.error());
      auto r = gateway::RevokeSystem(**db, o->id, ctx.actor);
      if (!r) return PrintError(ctx.out(), r.error());
      return Print(ctx.out(), json{{"id", r->id}, {"status", r->status}}, [&] { std::cout << "Đã thu hồi khóa của " << r->name << ".\n"; });
    };
  });
}

// dancu purpose list | national | map | unmap: the purpose codes as they travel (issue 11 item 3).
void AddPurposeMap(CLI::App& app, Context& ctx) {
  auto* p = app.get_subcommand("purpose");
  struct Opts { std::string code, national, sent, purpose; int64_t system = 0; };
  auto o = std::make_shared<Opts>();
  auto* list = p->add_subcommand("list", "Liệt kê mục đích với mã dịch vụ công quốc gia và mã các hệ thống gửi");
  list->callback([&ctx] {
    ctx.action = [&ctx]() -> int {
      auto db = ctx.Db();
      if (!db) return PrintError(ctx.out(), db.error());
      auto r = (*db)->Read([](store::Tx& tx) { return gateway::ListPurposeMap(tx); });
      if (!r) return PrintError(ctx.out(), r.error());
      json a = json::array();
      for (const auto& m : *r) {
        json aliases = json::array();
        for (const auto& al : m.aliases) aliases.push_back({{"system_id", al.system_id}, {"system", al.system_name}, {"code", al.code}});
        a.push_back({{"code", m.code}, {"text", m.text}, {"national_code", m.national_code}, {"aliases", aliases}});
      }
      return Print(ctx.out(), a, [&] {
        for (const auto& m : *r) {
          std::cout << Pad(m.code, 12) << Pad(m.national_code.empty() ? "(như mã dancu)" : m.national_code, 28) << m.text << "\n";
          for (const auto& al : m.aliases)
            std::cout << "    hệ thống số " << al.system_id << " (" << al.system_name << ") gửi mã " << al.code << "\n";
        }
        std::cout << r->size() << " mục đích.\n";
      });
    };
  });
  auto* nat = p->add_subcommand("national", "Đặt mã dịch vụ công quốc gia của một mục đích (gửi lên dịch vụ dân cư làm MaDVC)");
  nat->add_option("--code", o->code, "Mã mục đích của dancu")->required();
  nat->add_option("--national", o->national, "Mã dịch vụ công quốc gia (để trống để bỏ)")->required();
  nat->callback([&ctx, o] {
    ctx.action = [&ctx, o]() -> int {
      auto db = ctx.Db();
      if (!db) return PrintError(ctx.out(), db.error());
      auto r = gateway::SetNationalCode(**db, o->code, o->national, ctx.actor);
      if (!r) return PrintError(ctx.out(), r.error());
      return Print(ctx.out(), json{{"code", o->code}, {"national_code", o->national}}, [&] {
        std::cout << "Mục đích " << o->code << ": mã dịch vụ công quốc gia " << (o->national.empty() ? "đã bỏ" : o->national) << ".\n";
      });
    };
  });
  auto* map = p->add_subcommand("map", "Ánh xạ mã mà một hệ thống tích hợp gửi (MaDVC) sang mục đích của dancu");
  map->add_option("--system", o->system, "Số hệ thống tích hợp (dancu system list)")->required();
  map->add_option("--code", o->sent, "Mã hệ thống gửi")->required();
  map->add_option("--purpose", o->purpose, "Mã mục đích của dancu")->required();
  map->callback([&ctx, o] {
    ctx.action = [&ctx, o]() -> int {
      auto db = ctx.Db();
      if (!db) return PrintError(ctx.out(), db.error());
      auto r = gateway::MapSystemCode(**db, o->system, o->sent, o->purpose, ctx.actor);
      if (!r) return PrintError(ctx.out(), r.error());
      return Print(ctx.out(), json{{"system_id", o->system}, {"code", o->sent}, {"purpose", o->purpose}}, [&] {
        std::cout << "Hệ thống số " << o->system << " gửi mã " << o->sent << " = mục đích " << o->purpose << ".\n";
      });
    };
  });
  auto* unmap = p->add_subcommand("unmap", "Bỏ ánh xạ một mã của hệ thống tích hợp");
  unmap->add_option("--system", o->system, "Số hệ thống tích hợp")->required();
  unmap->add_option("--code", o->sent, "Mã hệ thống gửi")->required();
  unmap->callback([&ctx, o] {
    ctx.action = [&ctx, o]() -> int {
      auto db = ctx.Db();
      if (!db) return PrintError(ctx.out(), db.error());
      auto r = gateway::UnmapSystemCode(**db, o->system, o->sent, ctx.actor);
      if (!r) return PrintError(ctx.out(), r.error());
      return Print(ctx.out(), json{{"system_id", o->system}, {"code", o->sent}, {"removed", true}}, [&] {
        std::cout << "Đã bỏ ánh xạ mã " << o->sent << " của hệ thống số " << o->system << ".\n";
      });
    };
  });
}

void AddServiceFields(CLI::App& app, Context& ctx) {
  auto* p = app.get_subcommand("purpose");
  struct Opts { std::string code, fields; };
  auto o = std::make_shared<Opts>();
  auto* f = p->add_subcommand("fields", "Các trường một mục đích được nhận (tối thiểu hóa dữ liệu)");
  f->add_option("--code", o->code, "Mã mục đích (MaDVC)")->required();
  f->add_option("--fields", o->fields, "Danh sách trường, cách nhau bởi dấu phẩy, ví dụ SoDinhDanh,HoVaTen,ThuongTru")->required();
  f->callback([&ctx, o] {
    ctx.action = [&ctx, o]() -> int {
      auto fields = gateway::ParseFieldList(o->fields);
      if (!fields) return PrintError(ctx.out(), fields.error());
      auto db = ctx.Db();
      if (!db) return PrintError(ctx.out(), db.error());
      auto r = (*db)->Write([&](store::Tx& tx) -> core::Result<bool> {
        auto known = tx.QueryOne("SELECT code FROM purpose WHERE code = ?", {o->code}, "mục đích " + o->code);
        if (!known) return core::Fail(known.error());
        auto st = tx.Exec("INSERT INTO service_fields (code, fields) VALUES (?, ?) ON CONFLICT (code) DO UPDATE SET fields = excluded.fields",
                          {o->code, json(*fields).dump()});
        if (!st) return core::Fail(st.error());
        auto h = gateway::RecordHistory(tx, ctx.actor, "purpose", o->code, "fields", json(*fields).dump());
        if (!h) return core::Fail(h.error());
        return true;
      });
      if (!r) return PrintError(ctx.out(), r.error());
      return Print(ctx.out(), json{{"code", o->code}, {"fields", *fields}}, [&] { std::cout << "Đã đặt " << fields->size() << " trường cho mục đích " << o->code << ".\n"; });
    };
  });
}

// The admin mirror's state, when the registry database (--db) is there to compare with;
// nullopt when it is not (an auditor may verify a copy of audit.db alone).
core::Result<std::optional<gateway::MirrorStatus>> MirrorOf(Context& ctx, store::Database& audit_db) {
  if (!std::filesystem::exists(ctx.db_path)) return std::optional<gateway::MirrorStatus>();
  auto db = ctx.Db();
  if (!db) return core::Fail(db.error());
  auto st = gateway::CheckMirror(**db, audit_db);
  if (!st) return core::Fail(st.error());
  return std::optional<gateway::MirrorStatus>(std::move(*st));
}

json MirrorJson(const gateway::MirrorStatus& m) {
  return {{"history_newest", m.history_newest}, {"mirrored_through", m.mirrored_through}, {"behind", m.behind},
          {"oldest_behind_at", m.oldest_behind_at}, {"log_newest_at", m.log_newest_at}, {"stuck", m.stuck},
          {"placeholders", m.placeholder_count}, {"placeholder_history_ids", m.placeholders}};
}

// Exit status (see `audit verify`): a lag alone is a warning — rows written while no server
// runs are mirrored when one starts; a stuck mirror (the log written to more than a minute
// after the oldest row not mirrored) fails the verification.
void PrintMirror(const std::optional<gateway::MirrorStatus>& m) {
  if (!m) {
    std::cout << "Không có cơ sở dữ liệu đăng ký (--db) để so với lịch sử: chưa kiểm tra bộ chép thao tác quản trị.\n";
    return;
  }
  if (m->behind == 0) {
    std::cout << "Thao tác quản trị: đã chép đủ vào nhật ký, đến thay đổi số " << m->mirrored_through << ".\n";
  } else if (m->stuck) {
    std::cout << "NHẬT KÝ THIẾU THAO TÁC QUẢN TRỊ: " << m->behind << " thay đổi (số " << m->mirrored_through + 1 << " đến "
              << m->history_newest << ", từ " << m->oldest_behind_at << ") chưa được chép, dù nhật ký vẫn được ghi đến "
              << m->log_newest_at << ": bộ chép bị kẹt. Hãy xem nhật ký vận hành của dancu serve và khởi động lại.\n";
  } else {
    std::cout << "CẢNH BÁO: " << m->behind << " thay đổi quản trị (số " << m->mirrored_through + 1 << " đến " << m->history_newest
              << ", từ " << m->oldest_behind_at << ") chưa được chép vào nhật ký; chúng được chép khi dancu serve chạy.\n";
  }
  if (m->placeholder_count > 0) {
    std::cout << "CẢNH BÁO: " << m->placeholder_count << " thay đổi chỉ được ghi bằng bản ghi thay thế (không chép được nguyên văn), số:";
    for (int64_t id : m->placeholders) std::cout << " " << id;
    if (m->placeholder_count > int64_t(m->placeholders.size())) std::cout << " …";
    std::cout << ". Xem lý do trong các bản ghi đó và bản gốc trong lịch sử đăng ký.\n";
  }
}

void AddAudit(CLI::App& app, Context& ctx) {
  auto* a = app.add_subcommand("audit", "Nhật ký truy vấn có chuỗi băm và điểm kiểm có chữ ký")->require_subcommand(1);
  struct Opts { std::string audit_db, checkpoint, out, account, unit, subject, from, to, day; int limit = 100; bool reveal = false; };
  auto o = std::make_shared<Opts>();
  auto* verify = a->add_subcommand("verify", "Kiểm tra toàn vẹn: sửa, xóa, chèn, đảo thứ tự, cắt đuôi; bộ chép thao tác quản trị");
  verify->add_option("--audit-db", o->audit_db, "Tệp nhật ký (mặc định audit.db cạnh --db)");
  verify->add_option("--checkpoint", o->checkpoint, "Điểm kiểm đã xuất và cất nơi khác");
  verify->callback([&ctx, o] {
    ctx.action = [&ctx, o]() -> int {
      auto open = OpenAudit(ctx, o->audit_db);
      if (!open) return PrintError(ctx.out(), open.error());
      std::optional<audit::Checkpoint> cp;
      if (!o->checkpoint.empty()) {
        auto text = ReadFile(o->checkpoint, 1 << 16);
        if (!text) return PrintError(ctx.out(), text.error());
        auto parsed = audit::CheckpointFromJson(*text);
        if (!parsed) return PrintError(ctx.out(), parsed.error());
        cp = *parsed;
      }
      auto r = audit::Verify(*open->db, open->keys, cp);
      if (!r) return PrintError(ctx.out(), r.error());
      auto mirror = MirrorOf(ctx, *open->db);
      if (!mirror) return PrintError(ctx.out(), mirror.error());
      json j = {{"ok", r->ok}, {"records", r->records}, {"first_bad_seq", r->first_bad_seq}, {"problem_kind", r->problem_kind},
                {"problem", r->problem}, {"checkpoints_ok", r->checkpoints_ok}, {"signed_through", r->signed_through}};
      if (*mirror) j["mirror"] = MirrorJson(**mirror);
      Print(ctx.out(), j, [&] {
        if (r->ok) std::cout << "Nhật ký toàn vẹn: " << r->records << " bản ghi, " << r->checkpoints_ok << " điểm kiểm hợp lệ, có chữ ký đến bản ghi " << r->signed_through << ".\n";
        else std::cout << "NHẬT KÝ BỊ THAY ĐỔI — bản ghi đầu tiên sai: " << r->first_bad_seq << " (" << r->problem_kind << "): " << r->problem << "\n";
        PrintMirror(*mirror);
      });
      if (!r->ok) return 1;
      // Issue 10 item 6: a mirror stuck behind the history means administrative actions are
      // missing from the log, which is as much a failed verification as a changed record.
      if (*mirror && (*mirror)->stuck) return ExitCode(core::Error::Unavailable("mirror stuck"));
      return 0;
    };
  });
  auto* cp = a->add_subcommand("checkpoint", "Xuất điểm kiểm có chữ ký ra tệp để cất nơi khác");
  cp->add_option("--audit-db", o->audit_db, "Tệp nhật ký");
  cp->add_option("--out", o->out, "Tệp JSON")->required();
  cp->callback([&ctx, o] {
    ctx.action = [&ctx, o]() -> int {
      auto open = OpenAudit(ctx, o->audit_db);
      if (!open) return PrintError(ctx.out(), open.error());
      auto latest = audit::LatestCheckpoint(*open->db);
      if (!latest) return PrintError(ctx.out(), latest.error());
      std::ofstream out(o->out);
      out << audit::CheckpointToJson(*latest);
      if (!out) return PrintError(ctx.out(), core::Error::Unavailable("Không ghi được " + o->out));
      return Print(ctx.out(), json{{"seq", latest->seq}, {"file", o->out}}, [&] { std::cout << "Đã xuất điểm kiểm đến bản ghi " << latest->seq << " ra " << o->out << ".\n"; });
    };
  });
  auto* search = a->add_subcommand("search", "Tìm trong nhật ký");
  search->add_option("--audit-db", o->audit_db, "Tệp nhật ký");
  search->add_option("--account", o->account, "Tài khoản");
  search->add_option("--unit", o->unit, "Mã đơn vị");
  search->add_option("--subject", o->subject, "Số CCCD/CMND của công dân được tra cứu");
  search->add_option("--from", o->from, "Từ ngày");
  search->add_option("--to", o->to, "Đến ngày");
  search->add_option("--limit", o->limit, "Số bản ghi tối đa")->capture_default_str();
  search->add_flag("--reveal-subject", o->reveal, "Giải mã số định danh (chỉ người giám sát được phép)");
  search->callback([&ctx, o] {
    ctx.action = [&ctx, o]() -> int {
      auto open = OpenAudit(ctx, o->audit_db);
      if (!open) return PrintError(ctx.out(), open.error());
      audit::SearchFilter f{.account = o->account, .unit = o->unit, .subject = o->subject, .from = o->from, .to = o->to, .kind = "", .limit = o->limit, .offset = 0};
      auto r = audit::Search(*open->db, open->keys, f);
      if (!r) return PrintError(ctx.out(), r.error());
      json list = json::array();
      for (const auto& s : *r) list.push_back(RecordJson(s, o->reveal ? audit::DecryptSubject(open->keys, s) : std::nullopt));
      return Print(ctx.out(), list, [&] {
        for (const auto& s : *r) {
          const auto& x = s.record;
          std::cout << Pad(std::to_string(x.seq), 7) << x.time.substr(0, 19) << "  " << Pad(x.actor, 24) << Pad(x.outcome, 9)
                    << Pad(x.purpose, 10) << (x.reason_code.empty() ? "" : x.reason_code) << "\n";
        }
        std::cout << r->size() << " bản ghi.\n";
      });
    };
  });
  auto* quota = app.add_subcommand("quota", "Số lần truy vấn đã dùng trong ngày theo tài khoản");
  quota->add_option("--audit-db", o->audit_db, "Tệp nhật ký");
  quota->add_option("--day", o->day, "Ngày (mặc định hôm nay, giờ Việt Nam)");
  quota->callback([&ctx, o] {
    ctx.action = [&ctx, o]() -> int {
      auto open = OpenAudit(ctx, o->audit_db);
      if (!open) return PrintError(ctx.out(), open.error());
      std::string day = o->day.empty() ? core::TodayLocal().Iso() : o->day;
      auto counts = audit::CountAllowedQueries(*open->db, day);
      if (!counts) return PrintError(ctx.out(), counts.error());
      return Print(ctx.out(), json{{"day", day}, {"used", *counts}}, [&] {
        for (const auto& [acc, n] : *counts) std::cout << Pad(acc, 32) << n << "\n";
        std::cout << counts->size() << " tài khoản đã truy vấn ngày " << day << ".\n";
      });
    };
  });
}

}  // namespace

core::Result<void> DemoGateway(Context& ctx, store::Database& db) {
  const std::pair<const char*, const char*> fields[] = {
      {"XMCD-01", "SoDinhDanh,HoVaTen,GioiTinh,NgayThangNamSinh,ThuongTru"},
      {"XMCD-02", "SoDinhDanh,HoVaTen,NgayThangNamSinh"},
      {"XMCD-03", "SoDinhDanh,SoCMND,HoVaTen,GioiTinh,NgayThangNamSinh,QueQuan,ThuongTru,NoiOHienTai,ChuHo,SoSoHoKhau"},
      {"XMCD-04", "SoDinhDanh,SoCMND,HoVaTen,GioiTinh,DanToc,QuocTich,NgayThangNamSinh,NoiDangKyKhaiSinh,QueQuan,"
                  "ThuongTru,NoiOHienTai,Cha,Me,VoChong,ChuHo,SoSoHoKhau"}};
  auto st = db.Write([&](store::Tx& tx) -> core::Result<bool> {
    for (const auto& [code, list] : fields) {
      auto parsed = gateway::ParseFieldList(list);
      if (!parsed) return core::Fail(parsed.error());
      auto r = tx.Exec("INSERT INTO service_fields (code, fields) VALUES (?, ?) ON CONFLICT (code) DO UPDATE SET fields = excluded.fields",
                       {std::string(code), json(*parsed).dump()});
      if (!r) return core::Fail(r.error());
    }
    return true;
  });
  if (!st) return core::Fail(st.error());
  auto sys = gateway::AddSystem(db, "Hệ thống thông tin một cửa điện tử tỉnh (mẫu)", {"000.00.00.H33"}, "", ctx.actor);
  if (!sys) return core::Fail(sys.error());
  auto dir = std::filesystem::path(ctx.db_path).parent_path();
  auto key_path = dir / "demo-api-key.txt";
  if (auto st = WritePrivateFile(key_path.string(), sys->api_key + "\n"); !st) return core::Fail(st.error());
  auto pop = dir / "population.db";
  bool generated = false;
  if (!std::filesystem::exists(pop)) {
    auto stats = population::Generate(pop.string(), 100000, 2021, nullptr);
    if (!stats) return core::Fail(stats.error());
    generated = true;
  }
  if (!ctx.out().json) {
    std::cout << "Cổng truy vấn: hệ thống mẫu \"" << sys->system.name << "\", khóa API trong " << key_path.string() << ".\n"
              << "Dân cư giả lập: " << pop.string() << (generated ? " (100.000 công dân, vừa tạo)" : " (đã có)") << ".\n";
  }
  return {};
}

void AddGatewayCommands(CLI::App& app, Context& ctx) {
  AddSystems(app, ctx);
  AddServiceFields(app, ctx);
  AddPurposeMap(app, ctx);
  AddAudit(app, ctx);
}

}  // namespace dancu::cli
