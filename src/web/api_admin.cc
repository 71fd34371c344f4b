// Pages and API routes of the provincial admin (Quản trị, Trung tâm PVHCC): dashboard, review
// queue, accounts, reminder letters, catalogue, campaigns and users. The handlers live in
// api_admin_campaigns.cc and api_admin_users.cc (web/api_admin.h).
#include "web/api_admin.h"

namespace dancu::web {
namespace {

Route Page(std::string path, std::string title, std::string script) {
  return PageRoute(std::move(path), kAdmin, std::move(title), std::move(script), "trang quản trị");
}

Route Api(std::string method, std::string pattern, unsigned roles, SyncHandler handler, std::string doc) {
  return ApiRoute(std::move(method), std::move(pattern), roles, std::move(handler), std::move(doc));
}

}  // namespace

std::vector<Route> AdminRoutes() {
  const std::string c = "/api/v1/campaigns/{id}";
  const std::string u = "/api/v1/users/{login}";
  return {
      // Menu order = this order; the first page is the admin's home after login.
      Page("/quan-tri", "Tổng quan", "page-admin-dashboard.js"),
      Page("/quan-tri/duyet", "Duyệt phiếu", "page-admin-review.js"),
      Page("/quan-tri/tai-khoan", "Tài khoản khai thác", "page-admin-accounts.js"),
      Page("/quan-tri/cong-van", "Công văn đôn đốc", "page-admin-letters.js"),
      Page("/quan-tri/bao-cao", "Báo cáo sử dụng", "page-audit-usage.js"),
      Page("/quan-tri/danh-muc", "Danh mục đơn vị", "page-admin-catalogue.js"),
      Page("/quan-tri/dot", "Đợt đăng ký", "page-admin-campaigns.js"),
      Page("/quan-tri/nguoi-dung", "Người dùng", "page-admin-users.js"),

      Api("GET", c + "/accounts", kAdmin | kAuditor, admin::CampaignAccounts,
          "mọi tài khoản khai thác của đợt, kèm số lần đã dùng hôm nay"),
      Api("GET", c + "/review-queue", kAdmin, admin::ReviewQueue,
          "các phiếu của đợt kèm số tài khoản và ngày nộp (hàng đợi duyệt)"),
      Api("POST", c + "/letters/reminder/preview", kAdmin, admin::LetterPreview,
          "xem trước nội dung công văn đôn đốc (không lưu)"),
      Api("GET", "/api/v1/admin/campaigns", kAdmin, admin::CampaignOverview,
          "các đợt đăng ký kèm số phiếu theo trạng thái"),
      Api("POST", "/api/v1/admin/campaigns", kAdmin, admin::CreateCampaign,
          "tạo đợt đăng ký từ biểu mẫu (đơn vị đích theo loại hoặc mã)"),
      Api("GET", "/api/v1/users", kAdmin, admin::ListUsers, "người dùng ứng dụng web"),
      Api("POST", "/api/v1/users", kAdmin, admin::AddUser, "thêm người dùng"),
      Api("POST", u + "/password", kAdmin, admin::ResetUserPassword, "cấp lại mật khẩu"),
      Api("POST", u + "/disable", kAdmin, admin::DisableUser, "khóa người dùng"),
      Api("POST", u + "/enable", kAdmin, admin::EnableUser, "mở khóa người dùng"),
      Api("POST", u + "/reset-totp", kAdmin, admin::ResetUserTotp, "xóa xác thực hai lớp"),
  };
}

}  // namespace dancu::web
