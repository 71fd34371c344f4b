// Vietnamese legacy-font text (TCVN3, VNI) and Windows-1252: detection and conversion; see text.h.
#include "core/text.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "core/text_internal.h"

namespace dancu::core {
namespace {

using internal::CodePoints;
using internal::ForEachCodePoint;
using internal::FromUtf8;
using internal::Nfc;
using internal::Nfd;
using internal::ToUtf8;
using internal::ViLocale;

#include "core/legacy_tables.inc"

// ---- Windows-1252 --------------------------------------------------------------------

UChar32 Cp1252ToCodePoint(unsigned char byte) {
  return byte >= 0x80 && byte <= 0x9F ? kCp1252High[byte - 0x80] : byte;
}

// The byte whose Windows-1252 reading is `c`, or -1. C1 controls map to themselves, so text
// that some tool decoded as Latin-1 instead of Windows-1252 is understood too.
int Cp1252Byte(UChar32 c) {
  if (c >= 0 && c <= 0xFF) return c;
  if (c > 0xFFFF) return -1;
  const auto* hit = std::ranges::find(kCp1252High, static_cast<char16_t>(c));
  if (hit == std::end(kCp1252High)) return -1;
  return 0x80 + static_cast<int>(hit - std::begin(kCp1252High));
}

// ---- Legacy decoding -----------------------------------------------------------------

bool IsAsciiLetter(UChar32 c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Legacy bytes never fall in ASCII or in general punctuation, so these cut words safely.
bool IsWordBreak(UChar32 c) {
  if (c < 0x80) return !IsAsciiLetter(c);
  return u_isUWhiteSpace(c) || (c >= 0x2000 && c <= 0x206F);
}

struct Piece {
  icu::UnicodeString text;
  bool word = false;
};

std::vector<Piece> SplitWords(const icu::UnicodeString& text) {
  std::vector<Piece> pieces;
  ForEachCodePoint(text, [&](UChar32 c) {
    const bool word = !IsWordBreak(c);
    if (pieces.empty() || pieces.back().word != word) pieces.push_back({{}, word});
    pieces.back().text.append(c);
  });
  return pieces;
}

icu::UnicodeString DecodeTcvn3(const std::vector<UChar32>& chars) {
  icu::UnicodeString out;
  for (UChar32 c : chars) {
    const int byte = Cp1252Byte(c);
    const char16_t letter = byte >= 0xA0 ? kTcvn3High[byte - 0xA0] : 0;
    out.append(letter != 0 ? static_cast<UChar32>(letter) : c);
  }
  return out;
}

// VNI capitals are the lowercase byte minus 0x20, as in Latin-1 itself.
bool IsCapitalByte(int byte) { return byte >= 0xC0 && byte <= 0xDE; }
int LowerByte(int byte) { return IsCapitalByte(byte) ? byte + 0x20 : byte; }

struct Letter {
  UChar32 base = 0;
  UChar32 modifier = 0;
  UChar32 tone = 0;
  bool takes_marks = false;
};

std::optional<Letter> VniLetterOf(int byte) {
  if (byte < 0x80) {
    // i takes no diacritic byte: VNI has whole bytes for í ì ỉ ĩ ị.
    const bool vowel = std::u16string_view(u"aeouyAEOUY").find(static_cast<char16_t>(byte)) !=
                       std::u16string_view::npos;
    return vowel ? std::optional<Letter>(Letter{byte, 0, 0, true}) : std::nullopt;
  }
  for (const VniLetter& l : kVniLetters) {
    if (l.byte != LowerByte(byte)) continue;
    const UChar32 base = IsCapitalByte(byte) ? u_toupper(l.base) : l.base;
    return Letter{base, l.modifier, l.tone, l.modifier == kHorn};
  }
  return std::nullopt;
}

bool MarkFits(const VniMark& mark, const Letter& letter) {
  const UChar32 base = u_tolower(letter.base);
  if (mark.modifier == kCircumflex) {
    return letter.modifier == 0 && (base == 'a' || base == 'e' || base == 'o');
  }
  if (mark.modifier == kBreve) return letter.modifier == 0 && base == 'a';
  return true;
}

// Applies the diacritic byte to `letter` if it is one that fits; false leaves both alone.
bool ApplyVniMark(int byte, Letter& letter) {
  const auto* mark = std::ranges::find(kVniMarks, LowerByte(byte), &VniMark::byte);
  if (byte < 0x80 || mark == std::end(kVniMarks) || !MarkFits(*mark, letter)) return false;
  if (mark->modifier != 0) letter.modifier = mark->modifier;
  letter.tone = mark->tone;
  return true;
}

icu::UnicodeString DecodeVni(const std::vector<UChar32>& chars) {
  icu::UnicodeString out;
  for (std::size_t i = 0; i < chars.size(); ++i) {
    const int byte = Cp1252Byte(chars[i]);
    std::optional<Letter> letter = byte < 0 ? std::nullopt : VniLetterOf(byte);
    if (!letter) {
      out.append(chars[i]);
      continue;
    }
    if (letter->takes_marks && i + 1 < chars.size() &&
        ApplyVniMark(Cp1252Byte(chars[i + 1]), *letter)) {
      ++i;
    }
    out.append(letter->base);
    if (letter->modifier != 0) out.append(letter->modifier);
    if (letter->tone != 0) out.append(letter->tone);
  }
  return out;
}

// Capitals-font (.VnTimeH) text shows itself by ASCII letters typed as capitals.
bool LooksAllCaps(const icu::UnicodeString& word) {
  int capitals = 0;
  bool lower = false;
  ForEachCodePoint(word, [&](UChar32 c) {
    capitals += c >= 'A' && c <= 'Z';
    lower |= c >= 'a' && c <= 'z';
  });
  return capitals >= 2 && !lower;
}

icu::UnicodeString ConvertWord(const icu::UnicodeString& word, LegacyEncoding enc) {
  const std::vector<UChar32> chars = CodePoints(word);
  if (enc == LegacyEncoding::kVni) return DecodeVni(chars);
  icu::UnicodeString out = DecodeTcvn3(chars);
  if (LooksAllCaps(word)) out.toUpper(ViLocale());
  return out;
}

// ---- Vietnamese syllable shape (for detection) ---------------------------------------

bool IsToneMark(UChar32 c) {
  return c == kAcute || c == kGrave || c == kHook || c == kTilde || c == kDotBelow;
}

bool IsVietLetter(UChar32 c) {
  if (c < 0x80) return c >= 'a' && c <= 'y' && c != 'f' && c != 'j' && c != 'w';
  constexpr std::u16string_view kModified = u"ăâđêôơư";
  return c <= 0xFFFF && kModified.find(static_cast<char16_t>(c)) != std::u16string_view::npos;
}

template <std::size_t N>
bool Among(const std::string_view (&list)[N], std::string_view s) {
  return std::ranges::find(list, s) != std::end(list);
}

bool OnsetFits(std::string_view initial, std::string_view nucleus) {
  if (initial == "gh" || initial == "ngh") {
    return nucleus.starts_with("i") || nucleus.starts_with("e") || nucleus.starts_with("ê");
  }
  // qu already holds the glide: quốc is qu + ô, so "quo..." cannot occur.
  if (initial == "qu") return !nucleus.starts_with("u") && !nucleus.starts_with("o");
  if (initial == "gi") return !nucleus.starts_with("i");
  return true;
}

// The tone of a syllable and the vowel carrying it (code point index in the bare word).
struct Tone {
  UChar32 mark = 0;
  int slot = -1;
};

int CodePointCount(std::string_view utf8) {
  return static_cast<int>(std::ranges::count_if(
      utf8, [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Where Vietnamese puts the tone inside a nucleus. It tells legacy text apart: VNI's "xaõ"
// for xã reads in Unicode as a tone on the glide o, which no spelling of "ao" allows.
bool ToneSlotFits(std::string_view nucleus, bool closed, int slot) {
  const std::vector<UChar32> vowels = CodePoints(FromUtf8(nucleus));
  const int n = static_cast<int>(vowels.size());
  int modified = -1;  // ă â ê ô ơ ư always carry the tone; in ươ it is the ơ
  for (int i = 0; i < n; ++i) {
    if (vowels[i] >= 0x80) modified = i;
  }
  if (modified >= 0) return slot == modified;
  if (closed || n == 1) return slot == n - 1;
  if (n == 3) return slot == 1;
  // Old style (hoà, thuỷ) and new style (hòa, thủy) are both in use.
  if (nucleus == "oa" || nucleus == "oe" || nucleus == "uy") return slot <= 1;
  return slot == 0;
}

bool RhymeFits(std::string_view nucleus, std::string_view final_c, Tone tone) {
  if (final_c.empty()) return Among(kOpenNuclei, nucleus);
  if (!Among(kClosedNuclei, nucleus)) return false;
  const bool stop = final_c == "c" || final_c == "ch" || final_c == "p" || final_c == "t" ||
                    final_c == "k";
  if (stop && tone.mark != kAcute && tone.mark != kDotBelow) return false;
  // After a front vowel the finals are spelled ch, nh (ếch, inh), never c, ng; but iêng.
  const bool front = nucleus == "ê" || nucleus == "uê" || nucleus.ends_with("i") ||
                     nucleus.ends_with("y");
  if (final_c == "ch" || final_c == "nh") return front || nucleus.ends_with("a");
  if (final_c == "c" || final_c == "ng") return !front;
  return true;
}

bool SyllableFits(std::string_view initial, std::string_view nucleus, std::string_view final_c,
                  Tone tone) {
  if (!OnsetFits(initial, nucleus) || !RhymeFits(nucleus, final_c, tone)) return false;
  if (nucleus == "y" && !final_c.empty() && initial != "qu") return false;  // quýt, not ỹn
  if (tone.mark == 0) return true;
  const int slot = tone.slot - CodePointCount(initial);
  return slot >= 0 && ToneSlotFits(nucleus, !final_c.empty(), slot);
}

// `spelled` is lowercase and toneless; tries every initial/final split.
bool ParseSyllable(std::string_view spelled, Tone tone) {
  for (std::string_view initial : kInitials) {
    if (!spelled.starts_with(initial)) continue;
    const std::string_view rest = spelled.substr(initial.size());
    for (std::string_view final_c : kFinals) {
      if (rest.size() <= final_c.size() || !rest.ends_with(final_c)) continue;
      const std::string_view nucleus = rest.substr(0, rest.size() - final_c.size());
      if (SyllableFits(initial, nucleus, final_c, tone)) return true;
    }
  }
  return false;
}

bool IsSyllable(const icu::UnicodeString& word) {
  icu::UnicodeString lower(word);
  lower.toLower(icu::Locale::getRoot());
  icu::UnicodeString bare;
  Tone tone;
  int tones = 0, letters = 0;
  ForEachCodePoint(Nfd(lower), [&](UChar32 c) {
    if (IsToneMark(c)) {
      tone = {c, letters - 1};
      ++tones;
    } else {
      letters += c != kCircumflex && c != kBreve && c != kHorn;  // these merge in NFC
      bare.append(c == 0x00F0 ? static_cast<UChar32>(0x0111) : c);  // ð: Eth typed for đ
    }
  });
  bare = Nfc(bare);
  bool alphabet = true;
  ForEachCodePoint(bare, [&](UChar32 c) { alphabet &= IsVietLetter(c); });
  return tones <= 1 && alphabet && ParseSyllable(ToUtf8(bare), tone);
}

// Real Unicode words are lower, Title or UPPER case; legacy bytes read as cp1252 often
// are not ("TuÊn" is TCVN3 for Tuấn).
bool IsProperCase(const icu::UnicodeString& word) {
  bool lower = false, upper_inside = false, first = true;
  ForEachCodePoint(word, [&](UChar32 c) {
    lower |= u_islower(c) != 0;
    upper_inside |= !first && u_isupper(c);
    first = false;
  });
  return !(lower && upper_inside);
}

bool IsReadable(const icu::UnicodeString& word) { return IsProperCase(word) && IsSyllable(word); }

// Evidence from the words of a text. `against` counts words that cannot be legacy text
// (a character outside Windows-1252) or read as Vietnamese in no way (French, German ...).
struct Votes {
  int against = 0;
  int tcvn3 = 0;
  int vni = 0;
};

void CastVote(const icu::UnicodeString& word, Votes& votes) {
  bool ascii = true, cp1252 = true;
  ForEachCodePoint(word, [&](UChar32 c) {
    ascii &= c < 0x80;
    cp1252 &= Cp1252Byte(c) >= 0;
  });
  if (ascii) return;  // both encodings keep ASCII, so it says nothing
  if (!cp1252) {
    ++votes.against;
    return;
  }
  const bool as_is = IsReadable(word);
  const bool tcvn3 = IsReadable(ConvertWord(word, LegacyEncoding::kTcvn3));
  const bool vni = IsReadable(ConvertWord(word, LegacyEncoding::kVni));
  if (as_is || (!tcvn3 && !vni)) {
    votes.against += !tcvn3 && !vni;  // plausible as it is and only so, or in no reading
    return;
  }
  votes.tcvn3 += tcvn3;
  votes.vni += vni;
}

LegacyEncoding Decide(const Votes& votes) {
  if (votes.tcvn3 > votes.vni && votes.tcvn3 > votes.against) return LegacyEncoding::kTcvn3;
  if (votes.vni > votes.tcvn3 && votes.vni > votes.against) return LegacyEncoding::kVni;
  return LegacyEncoding::kNone;
}

}  // namespace

std::string DecodeCp1252(std::string_view bytes) {
  icu::UnicodeString text;
  for (char byte : bytes) text.append(Cp1252ToCodePoint(static_cast<unsigned char>(byte)));
  return ToUtf8(text);
}

LegacyEncoding DetectLegacy(std::string_view utf8) {
  Votes votes;
  for (const Piece& piece : SplitWords(FromUtf8(utf8))) {
    if (piece.word) CastVote(piece.text, votes);
  }
  return Decide(votes);
}

std::string ConvertLegacy(std::string_view utf8, LegacyEncoding enc) {
  const icu::UnicodeString text = FromUtf8(utf8);
  if (enc == LegacyEncoding::kNone) return ToUtf8(Nfc(text));
  icu::UnicodeString out;
  for (const Piece& piece : SplitWords(text)) {
    out.append(piece.word ? ConvertWord(piece.text, enc) : piece.text);
  }
  return ToUtf8(Nfc(out));
}

}  // namespace dancu::core
