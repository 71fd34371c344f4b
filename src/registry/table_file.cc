// Reads uploaded CSV and XLSX tables into a grid of cell strings, within size limits.
#include "registry/table_file.h"

#include <zip.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <initializer_list>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <pugixml.hpp>
#include <utility>

namespace dancu::registry {
namespace {

using core::Error;
using core::Fail;
using core::Result;

using Row = std::vector<std::string>;
using SourceRows = std::map<int, Row>;  // source row number -> cells, no all-empty rows

constexpr std::string_view kResave =
    " Hãy mở tệp bằng Excel và lưu lại dưới dạng .xlsx hoặc .csv rồi tải lên lại.";
constexpr size_t kRatioFloor = 1024 * 1024;  // smaller entries cannot be bombs
constexpr int kMaxExcelRow = 1'048'576;

Error Bad(std::string msg) { return Error::Invalid(std::move(msg)); }

std::string Mb(size_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buf;
}

Error NotXlsx() {
  return Bad("Tệp không phải bảng tính XLSX (thiếu phần xl/workbook.xml; có thể là tệp nén, "
             ".ods hoặc .docx)." + std::string(kResave));
}

Error Corrupt(std::string_view part) {
  return Bad("Tệp XLSX bị hỏng (không đọc được phần " + std::string(part) + ")." +
             std::string(kResave));
}

Result<void> CheckFileSize(std::string_view bytes, const ReadLimits& limits) {
  if (bytes.size() <= limits.max_file_bytes) return {};
  return Fail(Bad("Tệp quá lớn (" + Mb(bytes.size()) + "; giới hạn " +
                  Mb(limits.max_file_bytes) + "). Hãy chia danh sách thành nhiều tệp nhỏ hơn."));
}

// Stores a cell, enforcing the limits. Empty cells are never stored, which keeps blank
// padding (common in Excel exports) from costing memory or tripping the limits.
class CellSink {
 public:
  explicit CellSink(const ReadLimits& limits) : limits_(limits) {}

  Result<void> Put(Row& row, size_t col, std::string value, int row_number) {
    if (value.empty()) return {};
    if (col >= limits_.max_columns) {
      return Fail(Bad("Dòng " + std::to_string(row_number) + " có dữ liệu ở cột thứ " +
                      std::to_string(col + 1) + ", vượt giới hạn " +
                      std::to_string(limits_.max_columns) +
                      " cột. Hãy xóa các cột thừa bên phải bảng."));
    }
    if (row.size() <= col) row.resize(col + 1);
    if (row[col].empty() && ++cells_ > limits_.max_cells) return TooManyCells();
    row[col] = std::move(value);
    return {};
  }

  Result<void> TooManyCells() const {
    return Fail(Bad("Bảng có quá nhiều ô (giới hạn " + std::to_string(limits_.max_cells) +
                    " ô). Hãy chia danh sách thành nhiều tệp nhỏ hơn."));
  }

 private:
  const ReadLimits& limits_;
  size_t cells_ = 0;
};

size_t WidthOf(const SourceRows& rows) {
  size_t width = 0;
  for (const auto& [n, row] : rows) width = std::max(width, row.size());
  return width;
}

Result<Table> Finish(SourceRows rows, const CellSink& sink, const ReadLimits& limits) {
  const size_t width = WidthOf(rows);
  if (width != 0 && rows.size() > limits.max_cells / width) {
    return Fail(sink.TooManyCells().error());
  }
  Table table;
  table.rows.reserve(rows.size());
  table.row_numbers.reserve(rows.size());
  for (auto& [number, row] : rows) {
    row.resize(width);
    table.rows.push_back(std::move(row));
    table.row_numbers.push_back(number);
  }
  return table;
}

// Keeps exceptions (in practice std::bad_alloc) from escaping the public functions.
template <class F>
auto Guarded(F&& read) -> decltype(read()) {
  try {
    return read();
  } catch (const std::bad_alloc&) {
    return Fail(Error::Unavailable(
        "Máy chủ không đủ bộ nhớ để đọc tệp lúc này. Hãy thử lại sau hoặc chia nhỏ tệp."));
  } catch (const std::exception& e) {
    return Fail(Error::Internal(std::string("Lỗi nội bộ khi đọc tệp: ") + e.what()));
  }
}

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

// ---------------------------------------------------------------- XLSX: zip access

struct ZipDiscard {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileClose {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipDiscard>;

ZipPtr OpenZip(std::string_view bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* archive = source ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr;
  if (source && !archive) zip_source_free(source);  // on success the archive owns it
  zip_error_fini(&error);
  return ZipPtr(archive);
}

Error NotZip() {
  return Bad("Tệp không phải định dạng XLSX hợp lệ (không đọc được cấu trúc zip)." +
             std::string(kResave));
}

bool HasEntry(zip_t* zip, const char* name) {
  return zip_name_locate(zip, name, ZIP_FL_NOCASE) >= 0;
}

// Reads zip entries while charging them to one decompression budget.
class Package {
 public:
  Package(ZipPtr zip, const ReadLimits& limits) : zip_(std::move(zip)), limits_(limits) {}

  bool Has(const std::string& name) const { return HasEntry(zip_.get(), name.c_str()); }

  Result<std::string> Read(const std::string& name) {
    const zip_int64_t index = zip_name_locate(zip_.get(), name.c_str(), ZIP_FL_NOCASE);
    if (index < 0) return Fail(Corrupt(name));
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip_.get(), index, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
      return Fail(Corrupt(name));
    }
    if (auto ok = CheckDeclared(st); !ok) return Fail(ok.error());
    std::unique_ptr<zip_file_t, ZipFileClose> file(zip_fopen_index(zip_.get(), index, 0));
    if (!file) return Fail(Corrupt(name));
    // Never trust the declared size: read one byte more to catch an entry that lies.
    std::string out(st.size + 1, '\0');
    size_t got = 0;
    while (got < out.size()) {
      const zip_int64_t n = zip_fread(file.get(), out.data() + got, out.size() - got);
      if (n < 0) return Fail(Corrupt(name));
      if (n == 0) break;
      got += static_cast<size_t>(n);
    }
    if (got != st.size) {
      return Fail(Bad("Tệp XLSX bị hỏng hoặc bị sửa bất thường: phần " + name +
                      " có dung lượng khác với kích thước khai báo." + std::string(kResave)));
    }
    out.resize(got);
    used_ += got;
    return out;
  }

 private:
  Result<void> CheckDeclared(const zip_stat_t& st) const {
    if (st.size > limits_.max_uncompressed_bytes - used_) {
      return Fail(Bad("Tệp XLSX khi giải nén vượt giới hạn " +
                      Mb(limits_.max_uncompressed_bytes) + ". Hãy xóa các trang tính, hình ảnh "
                      "không cần thiết hoặc chia nhỏ danh sách."));
    }
    const bool has_comp = (st.valid & ZIP_STAT_COMP_SIZE) && st.comp_size > 0;
    if (st.size > kRatioFloor &&
        (!has_comp || static_cast<double>(st.size) / static_cast<double>(st.comp_size) >
                          limits_.max_compression_ratio)) {
      return Fail(Bad("Tệp XLSX có phần nén bất thường (tỉ lệ nén quá cao, có thể là tệp độc "
                      "hại) nên bị từ chối." + std::string(kResave)));
    }
    return {};
  }

  ZipPtr zip_;
  const ReadLimits& limits_;
  size_t used_ = 0;
};

// ---------------------------------------------------------------- XLSX: XML helpers

// Generators differ in namespace prefixes ("x:row" vs "row"), so match local names only.
std::string_view LocalName(const char* name) {
  std::string_view n(name);
  const size_t colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

pugi::xml_node Child(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_element && LocalName(c.name()) == local) return c;
  }
  return {};
}

template <class F>
void ForEach(pugi::xml_node node, std::string_view local, F&& f) {
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_element && LocalName(c.name()) == local) f(c);
  }
}

// The document is parsed in place, so it keeps its text alive beside it.
struct XmlPart {
  std::string text;
  pugi::xml_document doc;
  pugi::xml_node root() const { return doc.document_element(); }
};

Result<void> LoadPart(Package& pkg, const std::string& name, XmlPart& part) {
  auto text = pkg.Read(name);
  if (!text) return Fail(text.error());
  part.text = std::move(*text);
  // Whitespace-only text is meaningful in <t xml:space="preserve"> </t>.
  const unsigned options = pugi::parse_default | pugi::parse_ws_pcdata_single;
  if (!part.doc.load_buffer_inplace(part.text.data(), part.text.size(), options)) {
    return Fail(Corrupt(name));
  }
  return {};
}

// OOXML writes characters XML cannot carry (e.g. CR) as _xHHHH_, and a literal "_x" as
// "_x005F_x". Excel only escapes ASCII, so other code points are left as written.
std::string DecodeEscapes(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned cp = 0x80;
    const char* hex = s.data() + i + 2;
    if (s.substr(i, 2) == "_x" && i + 6 < s.size() && s[i + 6] == '_' &&
        std::from_chars(hex, hex + 4, cp, 16).ptr == hex + 4 && cp < 0x80) {
      out += static_cast<char>(cp);
      i += 6;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string TextOf(pugi::xml_node t) {
  std::string s;
  for (pugi::xml_node k : t.children()) {
    if (k.type() == pugi::node_pcdata || k.type() == pugi::node_cdata) s += k.value();
  }
  return s;
}

// Text of <si> or <is>: a plain <t>, or rich-text runs <r><t>; phonetic <rPh> is skipped.
std::string RichText(pugi::xml_node node) {
  std::string s;
  for (pugi::xml_node c : node.children()) {
    const std::string_view name = LocalName(c.name());
    if (name == "t") s += TextOf(c);
    if (name == "r") s += TextOf(Child(c, "t"));
  }
  return DecodeEscapes(s);
}

std::string FormatNumber(std::string_view v) {
  double d = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (ec != std::errc{} || p != v.data() + v.size() || !std::isfinite(d)) return std::string(v);
  if (d == 0) return "0";  // also turns "-0" into what a person typed
  char buf[64];
  if (d == std::trunc(d) && std::fabs(d) < 1e21) {
    std::snprintf(buf, sizeof buf, "%.0f", d);
    return buf;
  }
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, d).ptr);
}

// "AB12" -> column 27 (0-based) and row 12. A row-less ref ("AB") leaves row at 0.
std::optional<std::pair<size_t, int>> ParseRef(std::string_view ref) {
  size_t col = 0, i = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) {
    if (i == 3) return std::nullopt;  // XFD is the last Excel column
    col = col * 26 + static_cast<size_t>(ref[i] - 'A' + 1);
  }
  if (i == 0) return std::nullopt;
  if (i == ref.size()) return std::pair{col - 1, 0};
  int row = 0;
  auto [p, ec] = std::from_chars(ref.data() + i, ref.data() + ref.size(), row);
  if (ec != std::errc{} || p != ref.data() + ref.size() || row < 1 || row > kMaxExcelRow) {
    return std::nullopt;
  }
  return std::pair{col - 1, row};
}

// ---------------------------------------------------------------- XLSX: workbook parts

struct Parts {
  std::string sheet;
  std::string shared_strings;
};

// Relationship targets are relative to xl/ unless absolute; resolves "." and "..".
std::string ResolveTarget(std::string_view target) {
  std::string path = target.starts_with('/') ? "" : "xl";
  for (size_t start = 0; start <= target.size();) {
    const size_t end = std::min(target.find('/', start), target.size());
    const std::string_view seg = target.substr(start, end - start);
    if (seg == "..") path.resize(std::min(path.size(), path.rfind('/')));
    else if (!seg.empty() && seg != ".") path += (path.empty() ? "" : "/") + std::string(seg);
    start = end + 1;
  }
  return path;
}

// The relationship id of the first visible sheet (the first sheet when all are hidden).
std::string FirstSheetId(pugi::xml_node sheets) {
  std::string first;
  for (pugi::xml_node s : sheets.children()) {
    if (LocalName(s.name()) != "sheet") continue;
    std::string id;
    for (pugi::xml_attribute a : s.attributes()) {
      const std::string_view name = a.name();  // r:id, whatever the prefix
      if (name.find(':') != std::string_view::npos && LocalName(a.name()) == "id") id = a.value();
    }
    if (first.empty()) first = id;
    const std::string_view state = s.attribute("state").value();
    if (state != "hidden" && state != "veryHidden") return id;
  }
  return first;
}

Result<Parts> FindParts(Package& pkg) {
  if (!pkg.Has("xl/workbook.xml")) return Fail(NotXlsx());
  XmlPart workbook, rels;
  if (auto ok = LoadPart(pkg, "xl/workbook.xml", workbook); !ok) return Fail(ok.error());
  const std::string id = FirstSheetId(Child(workbook.root(), "sheets"));
  if (id.empty()) return Fail(Bad("Tệp XLSX không có trang tính nào." + std::string(kResave)));
  if (auto ok = LoadPart(pkg, "xl/_rels/workbook.xml.rels", rels); !ok) return Fail(ok.error());
  Parts parts;
  ForEach(rels.root(), "Relationship", [&](pugi::xml_node r) {
    const std::string target = ResolveTarget(r.attribute("Target").value());
    if (r.attribute("Id").value() == id) parts.sheet = target;
    if (std::string_view(r.attribute("Type").value()).ends_with("/sharedStrings")) {
      parts.shared_strings = target;
    }
  });
  if (parts.sheet.empty()) return Fail(Corrupt("xl/_rels/workbook.xml.rels"));
  if (parts.shared_strings.empty() && pkg.Has("xl/sharedStrings.xml")) {
    parts.shared_strings = "xl/sharedStrings.xml";  // some writers omit the relationship
  }
  return parts;
}

Result<std::vector<std::string>> LoadSharedStrings(Package& pkg, const std::string& part,
                                                   const ReadLimits& limits) {
  std::vector<std::string> strings;
  if (part.empty()) return strings;
  XmlPart sst;
  if (auto ok = LoadPart(pkg, part, sst); !ok) return Fail(ok.error());
  bool too_many = false;
  ForEach(sst.root(), "si", [&](pugi::xml_node si) {
    if (strings.size() >= limits.max_cells) too_many = true;
    if (!too_many) strings.push_back(RichText(si));
  });
  if (too_many) return Fail(CellSink(limits).TooManyCells().error());
  return strings;
}

// ---------------------------------------------------------------- XLSX: sheet

class SheetReader {
 public:
  SheetReader(const std::vector<std::string>& shared, const ReadLimits& limits, std::string part)
      : shared_(shared), limits_(limits), sink_(limits), part_(std::move(part)) {}

  Result<Table> Read(pugi::xml_node worksheet) {
    int row_number = 0;
    for (pugi::xml_node row : Child(worksheet, "sheetData").children()) {
      if (LocalName(row.name()) != "row") continue;
      if (auto ok = ReadRow(row, row_number); !ok) return Fail(ok.error());
    }
    if (auto ok = ApplyMerges(Child(worksheet, "mergeCells")); !ok) return Fail(ok.error());
    return Finish(std::move(rows_), sink_, limits_);
  }

 private:
  // row_number carries over because the r attribute is optional (then it is previous + 1).
  Result<void> ReadRow(pugi::xml_node row, int& row_number) {
    const pugi::xml_attribute r = row.attribute("r");
    row_number = r ? r.as_int() : row_number + 1;
    if (row_number < 1 || row_number > kMaxExcelRow) return Fail(Corrupt(part_));
    Row& cells = rows_[row_number];
    size_t col = static_cast<size_t>(-1);
    for (pugi::xml_node c : row.children()) {
      if (LocalName(c.name()) != "c") continue;
      const pugi::xml_attribute ref = c.attribute("r");
      const auto pos = ref ? ParseRef(ref.value()) : std::pair{col + 1, row_number};
      if (!pos) return Fail(Corrupt(part_));
      col = pos->first;
      auto text = CellText(c);
      if (!text) return Fail(text.error());
      if (auto ok = sink_.Put(cells, col, std::move(*text), row_number); !ok) return ok;
    }
    if (cells.empty()) rows_.erase(row_number);
    return {};
  }

  Result<std::string> CellText(pugi::xml_node c) const {
    const std::string_view type = c.attribute("t") ? c.attribute("t").value() : "n";
    const std::string v = TextOf(Child(c, "v"));
    if (type == "inlineStr") return RichText(Child(c, "is"));
    if (type == "b") return v.empty() ? "" : (v == "0" ? "FALSE" : "TRUE");
    if (type == "str" || type == "e" || type == "d") return DecodeEscapes(v);
    if (type != "s") return v.empty() ? v : FormatNumber(v);
    if (v.empty()) return v;
    size_t index = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), index);
    if (ec != std::errc{} || p != v.data() + v.size() || index >= shared_.size()) {
      return Fail(Corrupt(part_));
    }
    return shared_[index];
  }

  // Fill is clipped to the width of the data so a title merged far to the right adds no
  // columns, and to rows with data of their own so a tall merge adds no rows.
  Result<void> ApplyMerges(pugi::xml_node merges) {
    const size_t width = WidthOf(rows_);
    size_t work = 0;
    for (pugi::xml_node m : merges.children()) {
      if (LocalName(m.name()) != "mergeCell") continue;
      const std::string_view ref = m.attribute("ref").value();
      const size_t colon = ref.find(':');
      auto a = ParseRef(ref.substr(0, colon));
      auto b = colon == std::string_view::npos ? a : ParseRef(ref.substr(colon + 1));
      if (!a || !b || a->second == 0 || b->second == 0) return Fail(Corrupt(part_));
      auto top = rows_.find(std::min(a->second, b->second));
      const size_t left = std::min(a->first, b->first);
      if (top == rows_.end() || left >= top->second.size() || top->second[left].empty()) continue;
      const std::string value = top->second[left];
      const size_t right = std::min(std::max(a->first, b->first), width == 0 ? 0 : width - 1);
      auto end = rows_.upper_bound(std::max(a->second, b->second));
      for (auto it = top; it != end; ++it) {
        for (size_t col = left; col <= right; ++col) {
          if (++work > limits_.max_cells) return sink_.TooManyCells();
          if (auto ok = sink_.Put(it->second, col, value, it->first); !ok) return ok;
        }
      }
    }
    return {};
  }

  const std::vector<std::string>& shared_;
  const ReadLimits& limits_;
  CellSink sink_;
  std::string part_;
  SourceRows rows_;
};

Result<Table> ReadXlsxUnguarded(std::string_view bytes, const ReadLimits& limits) {
  if (auto ok = CheckFileSize(bytes, limits); !ok) return Fail(ok.error());
  ZipPtr zip = OpenZip(bytes);
  if (!zip) return Fail(NotZip());
  Package pkg(std::move(zip), limits);
  auto parts = FindParts(pkg);
  if (!parts) return Fail(parts.error());
  auto shared = LoadSharedStrings(pkg, parts->shared_strings, limits);
  if (!shared) return Fail(shared.error());
  XmlPart sheet;
  if (auto ok = LoadPart(pkg, parts->sheet, sheet); !ok) return Fail(ok.error());
  return SheetReader(*shared, limits, parts->sheet).Read(sheet.root());
}

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
  ZipPtr zip = OpenZip(bytes);
  if (!zip) return Fail(NotZip());
  if (!HasEntry(zip.get(), "xl/workbook.xml")) return Fail(NotXlsx());
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
  return Guarded([&] { return ReadXlsxUnguarded(bytes, limits); });
}

Result<Table> ReadTableFile(std::string_view bytes, std::string_view filename,
                            const ReadLimits& limits) {
  if (auto ok = Guarded([&] { return CheckFileSize(bytes, limits); }); !ok) return Fail(ok.error());
  auto kind = SniffKind(bytes, filename);
  if (!kind) return Fail(kind.error());
  return *kind == FileKind::kXlsx ? ReadXlsx(bytes, limits) : ReadCsv(bytes, limits);
}

}  // namespace dancu::registry
