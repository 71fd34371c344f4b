// Reads the first visible sheet of an XLSX workbook into a grid of cells (libzip + pugixml),
// charging every zip entry to a decompression budget (zip-bomb guard).
#include <zip.h>

#include <algorithm>
#include <charconv>
#include <cctype>
#include <cmath>
#include <cstring>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <utility>

#include "registry/table_detail.h"

namespace dancu::registry::table_detail {
namespace {

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
    // Checked on the declared size before inflating; Read never takes more than declared + 1.
    if (st.size > limits_.max_part_bytes) {
      return Fail(Bad("Tệp XLSX có phần " + std::string(st.name ? st.name : "") +
                      " khi giải nén lớn " + Mb(st.size) + ", vượt giới hạn " +
                      Mb(limits_.max_part_bytes) + " cho một phần. Hãy xóa định dạng, các ô "
                      "trống thừa hoặc chia danh sách thành nhiều tệp nhỏ hơn."));
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

}  // namespace

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

Result<bool> ZipHasWorkbook(std::string_view bytes) {
  ZipPtr zip = OpenZip(bytes);
  if (!zip) return Fail(NotZip());
  return HasEntry(zip.get(), "xl/workbook.xml");
}

}  // namespace dancu::registry::table_detail
