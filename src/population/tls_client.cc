// TLS of the SOAP client: context, SNI and host-name checks, failures told in Vietnamese.
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <boost/asio/ssl/error.hpp>
#include <filesystem>
#include <fstream>

#include "population/tls_internal.h"

namespace dancu::population::internal {
namespace {

namespace ssl = boost::asio::ssl;
using core::Error;
using core::Fail;

Error BadFile(const std::string& flag, const std::string& path, const std::string& why) {
  return Error::Invalid(flag + " " + path + ": " + why);
}

// Readable and not empty: the common mistakes get their own message before OpenSSL's.
core::Result<void> Readable(const std::string& flag, const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Fail(BadFile(flag, path, "không có tệp này (hoặc không phải tệp thường)."));
  }
  if (!std::ifstream(path).good())
    return Fail(BadFile(flag, path, "không đọc được tệp (quyền truy cập?)."));
  if (std::filesystem::file_size(path, ec) == 0) return Fail(BadFile(flag, path, "tệp trống."));
  return {};
}

core::Result<void> LoadTrust(ssl::context& ctx, const ClientOptions& o) {
  boost::system::error_code ec;
  if (o.ca_file.empty()) {
    ctx.set_default_verify_paths(ec);
    if (ec)
      return Fail(Error::Invalid(
          "Không đọc được kho chứng chỉ CA của hệ thống; chỉ rõ --upstream-ca TỆP."));
    return {};
  }
  if (auto st = Readable("--upstream-ca", o.ca_file); !st) return st;
  ctx.load_verify_file(o.ca_file, ec);
  if (ec) {
    return Fail(BadFile("--upstream-ca", o.ca_file,
                        "không phải chứng chỉ CA dạng PEM (-----BEGIN CERTIFICATE-----)."));
  }
  return {};
}

core::Result<void> LoadIdentity(ssl::context& ctx, const ClientOptions& o) {
  if (o.cert_file.empty() && o.key_file.empty()) return {};
  if (o.cert_file.empty() || o.key_file.empty()) {
    return Fail(
        Error::Invalid("Chứng chỉ máy khách cần cả --upstream-cert TỆP và --upstream-key TỆP."));
  }
  if (auto st = Readable("--upstream-cert", o.cert_file); !st) return st;
  if (auto st = Readable("--upstream-key", o.key_file); !st) return st;
  boost::system::error_code ec;
  ctx.use_certificate_chain_file(o.cert_file, ec);
  if (ec) return Fail(BadFile("--upstream-cert", o.cert_file, "không phải chứng chỉ dạng PEM."));
  ctx.use_private_key_file(o.key_file, ssl::context::pem, ec);
  if (ec) {
    return Fail(BadFile("--upstream-key", o.key_file,
                        "không phải khóa riêng dạng PEM không đặt mật khẩu."));
  }
  if (SSL_CTX_check_private_key(ctx.native_handle()) != 1) {
    return Fail(Error::Invalid("Khóa riêng --upstream-key " + o.key_file +
                               " không khớp với chứng chỉ --upstream-cert " + o.cert_file + "."));
  }
  return {};
}

std::string Where(const ClientOptions& o) { return " (" + UrlOf(o) + ")"; }

// The server's certificate failed our check.
std::string VerifyFailure(long result, const ClientOptions& o) {
  const std::string cert = "Chứng chỉ của dịch vụ dân cư" + Where(o);
  switch (result) {
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_CERT_UNTRUSTED:
      return cert +
             " không do tổ chức cấp chứng chỉ (CA) tin cậy cấp: chỉ rõ tệp CA của dịch vụ "
             "bằng --upstream-ca TỆP" +
             (o.ca_file.empty() ? "" : " (đang dùng " + o.ca_file + ")") + ".";
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
      return cert + " không mang tên máy \"" + o.host +
             "\": địa chỉ trong --upstream phải đúng tên (hoặc địa chỉ IP) ghi trên chứng chỉ.";
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return cert +
             " đã hết hạn: báo bên quản lý dịch vụ gia hạn chứng chỉ (và kiểm tra đồng hồ "
             "máy này).";
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return cert + " chưa đến ngày có hiệu lực: kiểm tra đồng hồ máy này (NTP).";
    case X509_V_ERR_CERT_REVOKED:
      return cert + " đã bị thu hồi.";
    default:
      return cert + " không hợp lệ: " + X509_verify_cert_error_string(result) + ".";
  }
}

// The server refused us during or just after the handshake (TLS 1.3 sends its verdict on
// the client certificate after the client's Finished, so it arrives on the first read).
std::string AlertFailure(int reason, const std::string& detail, const ClientOptions& o) {
  const std::string svc = "Dịch vụ dân cư" + Where(o);
  const bool have_cert = !o.cert_file.empty();
  switch (reason) {
    case SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED:
    case SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE:
    case SSL_R_SSLV3_ALERT_BAD_CERTIFICATE:
    case SSL_R_SSLV3_ALERT_CERTIFICATE_UNKNOWN:
    case SSL_R_TLSV1_ALERT_UNKNOWN_CA:
    case SSL_R_SSLV3_ALERT_CERTIFICATE_EXPIRED:
    case SSL_R_SSLV3_ALERT_CERTIFICATE_REVOKED:
    case SSL_R_TLSV1_ALERT_ACCESS_DENIED:
      if (!have_cert) {
        return svc +
               " đòi chứng chỉ máy khách (TLS hai chiều): thêm --upstream-cert TỆP và "
               "--upstream-key TỆP (chứng chỉ do bên quản lý dịch vụ cấp).";
      }
      if (reason == SSL_R_SSLV3_ALERT_CERTIFICATE_EXPIRED) {
        return svc + " từ chối chứng chỉ máy khách " + o.cert_file + ": chứng chỉ đã hết hạn.";
      }
      return svc + " từ chối chứng chỉ máy khách " + o.cert_file +
             ": chứng chỉ không do CA mà dịch vụ tin cậy cấp, hoặc chưa được đăng ký (" + detail +
             ").";
    case SSL_R_WRONG_VERSION_NUMBER:
    case SSL_R_PACKET_LENGTH_TOO_LONG:
    case SSL_R_HTTP_REQUEST:
      return svc +
             " không nói TLS ở cổng này: kiểm tra cổng, hoặc dùng http:// nếu đó là dịch vụ "
             "trên chính máy này.";
    default:
      return svc + ": bắt tay TLS thất bại (" + detail + ").";
  }
}

}  // namespace

Result<std::shared_ptr<ssl::context>> MakeTlsContext(const ClientOptions& options) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  ctx->set_verify_mode(ssl::verify_peer);
  if (auto st = LoadTrust(*ctx, options); !st) return Fail(st.error());
  if (auto st = LoadIdentity(*ctx, options); !st) return Fail(st.error());
  return ctx;
}

bool PrepareTls(SSL* ssl, const std::string& host, bool host_is_ip) {
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  // The check is OpenSSL's own (X509_VERIFY_PARAM, as ssl::host_name_verification does), set
  // on the connection so a mismatch is reported as X509_V_ERR_HOSTNAME_MISMATCH.
  if (host_is_ip) return X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) == 1;
  X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  return SSL_set_tlsext_host_name(ssl, host.c_str()) == 1 &&
         X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size()) == 1;
}

std::string TlsFailure(const boost::system::error_code& ec, long verify_result,
                       const ClientOptions& options) {
  if (verify_result != X509_V_OK) return VerifyFailure(verify_result, options);
  if (ec == ssl::error::stream_truncated) {
    return "Dịch vụ dân cư" + Where(options) + " cắt kết nối TLS giữa chừng" +
           (options.cert_file.empty()
                ? " (có thể dịch vụ đòi chứng chỉ máy khách: --upstream-cert, "
                  "--upstream-key)."
                : ".");
  }
  return AlertFailure(ERR_GET_REASON(static_cast<unsigned long>(ec.value())), ec.message(),
                      options);
}

bool IsTlsError(const boost::system::error_code& ec) {
  return ec.category() == boost::asio::error::get_ssl_category() ||
         ec == ssl::error::stream_truncated;
}

}  // namespace dancu::population::internal
