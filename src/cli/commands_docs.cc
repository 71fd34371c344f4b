// CLI commands of compliance and documents: compliance status/dashboard, letters and forms.
#include <fstream>
#include <iostream>

#include "cli/context.h"
#include "compliance/compliance.h"
#include "docs/documents.h"
#include "docs/pdf.h"
#include "web/json_compliance.h"

namespace dancu::cli {
namespace {

using nlohmann::json;

core::Result<core::Date> AsOf(const std::string& text) {
  if (text.empty()) return core::TodayLocal();
  return core::Date::Parse(text, "--as-of");
}

// Writes `bytes` to `path` whole or not at all (beside it, then renamed).
core::Result<void> WriteFile(const std::string& path, std::string_view bytes) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    if (!out) return core::Fail(core::Error::Unavailable("Không ghi được tệp " + path + "."));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return core::Fail(core::Error::Unavailable("Không ghi được tệp " + path + ": " + ec.message()));
  return {};
}

// Writes the DOCX, and its PDF beside it (same name, .pdf) when asked.
int WriteDocument(Context& ctx, const std::string& out, const std::string& docx, bool pdf) {
  if (auto st = WriteFile(out, docx); !st) return PrintError(ctx.out(), st.error());
  json result = {{"docx", out}};
  if (pdf) {
    auto bytes = docs::DocxToPdf(docx);
    if (!bytes) return PrintError(ctx.out(), bytes.error());
    std::string pdf_path = std::filesystem::path(out).replace_extension(".pdf").string();
    if (auto st = WriteFile(pdf_path, *bytes); !st) return PrintError(ctx.out(), st.error());
    result["pdf"] = pdf_path;
  }
  return Print(ctx.out(), result, [&] {
    std::cout << "Đã ghi " << out << (pdf ? " và " + result["pdf"].get<std::string>() : "") << ".\n";
  });
}

void PrintStatus(const compliance::Report& r) {
  std::cout << r.campaign.name << " — tính đến " << r.as_of.Vietnamese() << " (hạn "
            << r.campaign.deadline.Vietnamese() << ")\n";
  for (const auto& u : r.units) {
    if (u.level == compliance::Level::kCommune) continue;
    std::cout << Pad(u.code, 15) << Pad(std::string(compliance::StatusLabel(u.status)), 14)
              << Pad(std::to_string(u.officials), 5) << u.name;
    if (!u.missing.empty() && u.status == compliance::Status::kIncomplete)
      std::cout << " — thiếu " << u.missing.size() << ": " << u.missing.front() << (u.missing.size() > 1 ? ", …" : "");
    std::cout << "\n";
  }
  for (const auto& [level, s] : r.summary) {
    std::cout << "Cấp " << compliance::LevelCode(level) << ": " << s.registered() << "/" << s.units
              << " đã đăng ký (" << s.complete << " đầy đủ, " << s.incomplete << " chưa đầy đủ), "
              << s.not_registered << " chưa đăng ký, " << s.officials << " cán bộ.\n";
  }
}

struct LetterOpts {
  int64_t campaign = 0;
  std::string as_of, out, inputs_file, template_file, number, signer, contact, earlier, deadline;
  bool pdf = false;
};

int Reminder(Context& ctx, store::Database& db, const LetterOpts& o) {
  auto as_of = AsOf(o.as_of);
  if (!as_of) return PrintError(ctx.out(), as_of.error());
  auto inputs = docs::LoadLetterInputs(db, o.campaign);
  if (!inputs) return PrintError(ctx.out(), inputs.error());
  json given = json::object();
  if (!o.inputs_file.empty()) {
    auto text = ReadFile(o.inputs_file, 1 << 20);
    if (!text) return PrintError(ctx.out(), text.error());
    given = json::parse(*text, nullptr, false);
    if (given.is_discarded()) return PrintError(ctx.out(), core::Error::Invalid("Tệp " + o.inputs_file + " không phải JSON hợp lệ."));
  }
  for (auto [key, value] : {std::pair{"number", &o.number}, {"signer", &o.signer}, {"contact", &o.contact},
                            {"earlier_letter", &o.earlier}, {"new_deadline", &o.deadline}}) {
    if (!value->empty()) given[key] = *value;
  }
  if (auto st = docs::MergeJson(given, *inputs); !st) return PrintError(ctx.out(), st.error());
  auto report = compliance::ComputeReport(db, o.campaign, *as_of);
  if (!report) return PrintError(ctx.out(), report.error());
  auto docx = docs::RenderReminderLetter(*report, *inputs, o.template_file);
  if (!docx) return PrintError(ctx.out(), docx.error());
  if (auto st = docs::SaveLetterInputs(db, o.campaign, *inputs, ctx.actor); !st) return PrintError(ctx.out(), st.error());
  return WriteDocument(ctx, o.out, *docx, o.pdf);
}

void AddCompliance(CLI::App& app, Context& ctx) {
  auto* c = app.add_subcommand("compliance", "Tình hình đăng ký của đợt")->require_subcommand(1);
  struct Opts { int64_t campaign = 0; std::string as_of; };
  auto o = std::make_shared<Opts>();
  for (const char* name : {"status", "dashboard"}) {
    auto* cmd = c->add_subcommand(name, std::string(name) == "status"
                                            ? "Trạng thái từng đơn vị: chua_dang_ky, chua_day_du, day_du"
                                            : "Số liệu bảng điều khiển: theo cấp, theo huyện, quá hạn, diễn biến");
    cmd->add_option("--campaign", o->campaign, "Số đợt đăng ký")->required();
    cmd->add_option("--as-of", o->as_of, "Tính đến ngày (mặc định hôm nay)");
    std::string which = name;
    cmd->callback([&ctx, o, which] {
      ctx.action = [&ctx, o, which]() -> int {
        auto db = ctx.Db();
        if (!db) return PrintError(ctx.out(), db.error());
        auto as_of = AsOf(o->as_of);
        if (!as_of) return PrintError(ctx.out(), as_of.error());
        auto report = compliance::ComputeReport(**db, o->campaign, *as_of);
        if (!report) return PrintError(ctx.out(), report.error());
        if (which == "status") return Print(ctx.out(), web::ToJson(*report), [&] { PrintStatus(*report); });
        auto timeline = compliance::ComputeTimeline(**db, o->campaign, *as_of);
        if (!timeline) return PrintError(ctx.out(), timeline.error());
        json dash = web::DashboardJson(*report, *timeline);
        return Print(ctx.out(), dash, [&] { std::cout << dash.dump(2) << "\n"; });
      };
    });
  }
}

void AddLetters(CLI::App& app, Context& ctx) {
  auto* l = app.add_subcommand("letter", "Văn bản: công văn đôn đốc, phiếu đăng ký, bản cam kết")->require_subcommand(1);
  auto o = std::make_shared<LetterOpts>();
  auto* rem = l->add_subcommand("reminder", "Công văn đôn đốc theo số liệu hiện có");
  rem->add_option("--campaign", o->campaign, "Số đợt đăng ký")->required();
  rem->add_option("--out", o->out, "Tệp .docx")->required();
  rem->add_flag("--pdf", o->pdf, "Ghi thêm bản PDF (cần LibreOffice)");
  rem->add_option("--as-of", o->as_of, "Số liệu tính đến ngày (mặc định hôm nay); cũng là ngày công văn");
  rem->add_option("--number", o->number, "Số/ký hiệu, ví dụ 6359/VP-HCC");
  rem->add_option("--signer", o->signer, "Người ký");
  rem->add_option("--contact", o->contact, "Đầu mối liên hệ");
  rem->add_option("--earlier-letter", o->earlier, "Văn bản đã gửi trước");
  rem->add_option("--new-deadline", o->deadline, "Hạn mới");
  rem->add_option("--inputs", o->inputs_file, "Tệp JSON các thông tin khác (xem dancu letter inputs)");
  rem->add_option("--template", o->template_file, "Mẫu .docx đã sửa (mặc định: mẫu có sẵn)");
  rem->callback([&ctx, o] {
    ctx.action = [&ctx, o]() -> int {
      auto db = ctx.Db();
      if (!db) return PrintError(ctx.out(), db.error());
      return Reminder(ctx, **db, *o);
    };
  });
  auto* inputs = l->add_subcommand("inputs", "Thông tin công văn đã nhớ của đợt (JSON)");
  inputs->add_option("--campaign", o->campaign, "Số đợt đăng ký")->required();
  inputs->callback([&ctx, o] {
    ctx.action = [&ctx, o]() -> int {
      auto db = ctx.Db();
      if (!db) return PrintError(ctx.out(), db.error());
      auto in = docs::LoadLetterInputs(**db, o->campaign);
      if (!in) return PrintError(ctx.out(), in.error());
      std::cout << docs::ToJson(*in).dump(2) << "\n";
      return 0;
    };
  });
  struct FormOpts { int64_t campaign = 0, commitment = 0; std::string unit, out, template_file; bool pdf = false; };
  auto f = std::make_shared<FormOpts>();
  auto* form = l->add_subcommand("form", "Phiếu đăng ký đã điền của đơn vị (.docx hoặc .xlsx)");
  form->add_option("--campaign", f->campaign, "Số đợt đăng ký")->required();
  form->add_option("--unit", f->unit, "Mã định danh của đơn vị")->required();
  form->add_option("--out", f->out, "Tệp .docx hoặc .xlsx")->required();
  form->add_flag("--pdf", f->pdf, "Ghi thêm bản PDF (với .docx)");
  form->add_option("--template", f->template_file, "Mẫu .docx đã sửa");
  form->callback([&ctx, f] {
    ctx.action = [&ctx, f]() -> int {
      auto db = ctx.Db();
      if (!db) return PrintError(ctx.out(), db.error());
      auto reg = (*db)->Read([&](store::Tx& tx) { return registry::GetRegistration(tx, f->campaign, f->unit); });
      if (!reg) return PrintError(ctx.out(), reg.error());
      if (f->out.ends_with(".xlsx")) {
        auto bytes = docs::RegistrationFormXlsx(*reg);
        if (!bytes) return PrintError(ctx.out(), bytes.error());
        if (auto st = WriteFile(f->out, *bytes); !st) return PrintError(ctx.out(), st.error());
        return Print(ctx.out(), json{{"xlsx", f->out}}, [&] { std::cout << "Đã ghi " << f->out << ".\n"; });
      }
      auto docx = docs::RenderRegistrationForm(*reg, f->template_file);
      if (!docx) return PrintError(ctx.out(), docx.error());
      return WriteDocument(ctx, f->out, *docx, f->pdf);
    };
  });
  auto* com = l->add_subcommand("commitment", "Bản cam kết đã điền (.docx)");
  com->add_option("--id", f->commitment, "Số Bản cam kết")->required();
  com->add_option("--out", f->out, "Tệp .docx")->required();
  com->add_flag("--pdf", f->pdf, "Ghi thêm bản PDF");
  com->add_option("--template", f->template_file, "Mẫu .docx đã sửa");
  com->callback([&ctx, f] {
    ctx.action = [&ctx, f]() -> int {
      auto db = ctx.Db();
      if (!db) return PrintError(ctx.out(), db.error());
      struct Found { registry::Commitment c; std::string unit; };
      auto found = (*db)->Read([&](store::Tx& tx) -> core::Result<Found> {
        auto row = tx.QueryOne("SELECT org_code FROM commitment WHERE id = ?", {f->commitment},
                               "bản cam kết số " + std::to_string(f->commitment));
        if (!row) return core::Fail(row.error());
        auto all = registry::CommitmentsOf(tx, row->Text(0));
        auto org = registry::FindOrg(tx, row->Text(0));
        if (!all || !org) return core::Fail(core::Error::Internal("Không đọc được bản cam kết."));
        for (auto& c : *all) if (c.id == f->commitment) return Found{c, org->name};
        return core::Fail(core::Error::NotFound("Không tìm thấy bản cam kết."));
      });
      if (!found) return PrintError(ctx.out(), found.error());
      auto docx = docs::RenderCommitment(found->c, found->unit, f->template_file);
      if (!docx) return PrintError(ctx.out(), docx.error());
      return WriteDocument(ctx, f->out, *docx, f->pdf);
    };
  });
}

}  // namespace

void AddDocsCommands(CLI::App& app, Context& ctx) {
  AddCompliance(app, ctx);
  AddLetters(app, ctx);
}

}  // namespace dancu::cli
