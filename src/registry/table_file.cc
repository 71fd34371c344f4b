// Reads uploaded CSV and XLSX tables into a grid of cell strings, within size limits:
// sniffing, the CSV parser and the public entry points (the XLSX reader is xlsx_reader.cc).
#include "registry/table_file.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <initializer_list>

#include "registry/table_detail.h"

namespace dancu::registry {
namespace {

using namespace table_detail;

// ---------------------------------------------------------------- CSV

// Picks the candidate whose count per line is most consistent: Excel pads every line with
// the same number of delimiters, while commas inside Vietnamese text vary from line to line.
char DetectDelimiter(std::string_view text) {
  constexpr std::array<char, 3> kCandidates = {'\t', ';', ','};  // tie order: rarest in text
  std::array<std::vector<int>, 3> per_line;
  std::array<int, 3> current{};
  auto end_line = [&] {
    if (current == std::array<int, 3>{}) return;
    for (size_t k = 0; k < 3; ++k) per_line[k].push_back(std::exchange(current[k], 0));
  };
  bool quoted = false;
  for (char c : text.substr(0, 64 * 1024)) {
    if (c == '"') quoted = !quoted;  // "" toggles twice, so escapes need no special case
    if (quoted) continue;
    if (c == '\n' || c == '\r') end_line();
    for (size_t k = 0; k < 3; ++k) current[k] += (c == kCandidates[k]);
    if (per_line[0].size() >= 50) break;
  }
  end_line();
  char best = ',';
  std::pair<int, int> best_score{0, 0};  // (lines matching the modal count, modal count)
  for (size_t k = 0; k < 3; ++k) {
    std::map<int, int> freq;
    for (int n : per_line[k]) if (n > 0) ++freq[n];
    for (const auto& [count, lines] : freq) {
      if (std::pair{lines, count} > best_score) {
        best_score = {lines, count};
        best = kCandidates[k];
      }
    }
  }
  return best;
}

class CsvParser {
 public:
  CsvParser(std::string_view text, const ReadLimits& limits)
      : text_(text), delim_(DetectDelimiter(text)), sink_(limits), limits_(limits) {}

  Result<Table> Run() {
    while (pos_ < text_.size()) {
      if (auto ok = Step(); !ok) return Fail(ok.error());
    }
    if (in_quotes_) {
      return Fail(Bad("Dấu ngoặc kép mở ở dòng " + std::to_string(quote_line_) +
                      " không được đóng. Hãy kiểm tra ô có dấu \" ở dòng đó (hoặc lưu lại "
                      "tệp bằng Excel dưới dạng .csv)."));
    }
    if (!row_.empty() || !cell_.empty() || cell_quoted_) {
      if (auto ok = EndRecord(); !ok) return Fail(ok.error());
    }
    return Finish(std::move(rows_), sink_, limits_);
  }

 private:
  // Consumes one byte (two for "" or CRLF).
  Result<void> Step() {
    const char c = text_[pos_++];
    if (in_quotes_) {
      QuotedByte(c);
    } else if (c == '"' && cell_.empty() && !cell_quoted_) {
      in_quotes_ = cell_quoted_ = true;
      quote_line_ = line_;
    } else if (c == delim_) {
      return EndCell();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
      ++line_;
      return EndRecord();
    } else {
      cell_ += c;
    }
    return {};
  }

  void QuotedByte(char c) {
    if (c == '"') {
      if (pos_ < text_.size() && text_[pos_] == '"') {
        cell_ += '"';
        ++pos_;
      } else {
        in_quotes_ = false;
      }
      return;
    }
    cell_ += c;
    if (c == '\n' || (c == '\r' && (pos_ >= text_.size() || text_[pos_] != '\n'))) ++line_;
  }

  Result<void> EndCell() {
    cell_quoted_ = false;
    return sink_.Put(row_, col_++, std::exchange(cell_, {}), record_);
  }

  Result<void> EndRecord() {
    if (auto ok = EndCell(); !ok) return ok;
    if (!row_.empty()) rows_.emplace(record_, std::exchange(row_, {}));
    col_ = 0;
    ++record_;
    return {};
  }

  std::string_view text_;
  char delim_;
  CellSink sink_;
  const ReadLimits& limits_;
  SourceRows rows_;
  Row row_;
  std::string cell_;
  size_t pos_ = 0, col_ = 0;
  int line_ = 1, record_ = 1, quote_line_ = 0;
  bool in_quotes_ = false, cell_quoted_ = false;
};


// ---------------------------------------------------------------- sniffing

std::string Extension(std::string_view filename) {
  const size_t slash = filename.find_last_of("/\\");
  if (slash != std::string_view::npos) filename.remove_prefix(slash + 1);
  const size_t dot = filename.rfind('.');
  std::string ext(dot == std::string_view::npos ? "" : filename.substr(dot + 1));
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

bool AnyOf(const std::string& ext, std::initializer_list<std::string_view> options) {
  return std::find(options.begin(), options.end(), ext) != options.end();
}

Result<FileKind> SniffZip(std::string_view bytes, const std::string& ext) {
  auto has_workbook = ZipHasWorkbook(bytes);
  if (!has_workbook) return Fail(has_workbook.error());
  if (!*has_workbook) return Fail(NotXlsx());
  if (AnyOf(ext, {"xlsx", "xlsm", ""})) return FileKind::kXlsx;
  return Fail(Bad("Tệp có đuôi ." + ext + " nhưng nội dung là bảng tính Excel (.xlsx). Hãy đổi "
                  "đuôi tệp thành .xlsx rồi tải lên lại."));
}

Result<FileKind> SniffText(std::string_view bytes, const std::string& ext) {
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    return Fail(Bad("Tệp văn bản mã hóa UTF-16 (kiểu \"Unicode Text\" của Excel) chưa được hỗ "
                    "trợ. Hãy lưu lại bằng Excel dưới dạng \"CSV UTF-8\" hoặc .xlsx."));
  }
  if (std::memchr(bytes.data(), '\0', bytes.size()) != nullptr) {
    return Fail(Bad("Tệp chứa dữ liệu nhị phân, không phải văn bản CSV." + std::string(kResave)));
  }
  if (AnyOf(ext, {"xlsx", "xlsm", "xls"})) {
    return Fail(Bad("Tệp có đuôi ." + ext + " nhưng nội dung là văn bản, không phải tệp Excel "
                    "thật. Nếu đây là tệp CSV, hãy đổi đuôi thành .csv; nếu không, hãy mở "
                    "bằng Excel và lưu lại dưới dạng .xlsx."));
  }
  if (AnyOf(ext, {"csv", "txt", "tsv", ""})) return FileKind::kCsv;
  return Fail(Bad("Chỉ nhận tệp .xlsx hoặc .csv (tệp tải lên có đuôi ." + ext + ")." +
                  std::string(kResave)));
}

Result<FileKind> SniffKindUnguarded(std::string_view bytes, std::string_view filename) {
  const std::string ext = Extension(filename);
  if (bytes.empty()) {
    return Fail(Bad("Tệp tải lên rỗng (0 byte). Hãy chọn đúng tệp danh sách .xlsx hoặc .csv."));
  }
  if (bytes.starts_with("\xD0\xCF\x11\xE0")) {
    return Fail(Bad("Tệp là định dạng Excel cũ (.xls) hoặc tệp Excel có đặt mật khẩu. Hệ thống "
                    "chỉ nhận .xlsx hoặc .csv: hãy mở bằng Excel, gỡ mật khẩu nếu có, rồi lưu "
                    "lại dưới dạng .xlsx."));
  }
  if (bytes.starts_with("%PDF")) {
    return Fail(Bad("Tệp là PDF, không phải bảng tính. Hãy tải lên tệp Excel gốc (.xlsx) hoặc "
                    ".csv, không phải bản in hay bản quét."));
  }
  if (bytes.starts_with("PK\x03\x04") || bytes.starts_with("PK\x05\x06")) {
    return SniffZip(bytes, ext);
  }
  return SniffText(bytes, ext);
}


}  // namespace

Result<FileKind> SniffKind(std::string_view bytes, std::string_view filename) {
  return Guarded([&] { return SniffKindUnguarded(bytes, filename); });
}

Result<Table> ReadCsv(std::string_view bytes, const ReadLimits& limits) {
  return Guarded([&]() -> Result<Table> {
    if (auto ok = CheckFileSize(bytes, limits); !ok) return Fail(ok.error());
    if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
    return CsvParser(bytes, limits).Run();
  });
}

Result<Table> ReadXlsx(std::string_view bytes, const ReadLimits& limits) {
  return Guarded([&] { return table_detail::ReadXlsxUnguarded(bytes, limits); });
}

Result<Table> ReadTableFile(std::string_view bytes, std::string_view filename,
                            const ReadLimits& limits) {
  if (auto ok = Guarded([&] { return CheckFileSize(bytes, limits); }); !ok) return Fail(ok.error());
  auto kind = SniffKind(bytes, filename);
  if (!kind) return Fail(kind.error());
  return *kind == FileKind::kXlsx ? ReadXlsx(bytes, limits) : ReadCsv(bytes, limits);
}

}  // namespace dancu::registry