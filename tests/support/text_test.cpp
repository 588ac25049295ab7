// The UTF-8 validator and the quoting of untrusted text (src/support/text.hpp).
#include "support/text.hpp"

#include <gtest/gtest.h>

#include <string>

#include "parley/support/error.hpp"

namespace parley {
namespace {

using detail::invalid_utf8_offset;

TEST(SupportText, Utf8ValidatorFindsTheFirstBadByte) {
  // Expected offsets worked out by hand from RFC 3629's table.
  EXPECT_EQ(invalid_utf8_offset(""), std::nullopt);
  EXPECT_EQ(invalid_utf8_offset("plain ascii"), std::nullopt);
  EXPECT_EQ(invalid_utf8_offset("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), std::nullopt);
  EXPECT_EQ(invalid_utf8_offset("\xf4\x8f\xbf\xbf"), std::nullopt);  // U+10FFFF
  EXPECT_EQ(invalid_utf8_offset("ab\xff"), 2u);                      // never valid
  EXPECT_EQ(invalid_utf8_offset("a\x80"), 1u);                       // lone continuation
  EXPECT_EQ(invalid_utf8_offset("\xc0\xaf"), 0u);                    // overlong '/'
  EXPECT_EQ(invalid_utf8_offset("\xe0\x80\xaf"), 0u);                // overlong, 3 bytes
  EXPECT_EQ(invalid_utf8_offset("x\xed\xa0\x80"), 1u);               // surrogate U+D800
  EXPECT_EQ(invalid_utf8_offset("\xf4\x90\x80\x80"), 0u);            // above U+10FFFF
  EXPECT_EQ(invalid_utf8_offset("ok\xe2\x82"), 2u);                  // truncated at the end
  EXPECT_EQ(invalid_utf8_offset(std::string("a\0b", 3)), 1u);        // NUL
}

// ASCII is checked eight bytes at a time: a bad byte (NUL, a lone continuation byte, a valid
// character's lead byte cut short) is found at every offset, before, inside and after a word,
// and a valid two-byte character anywhere is accepted.
TEST(SupportText, Utf8ValidatorFindsBadBytesAtEveryOffsetOfALongText) {
  for (std::size_t length : {1u, 7u, 8u, 9u, 16u, 17u, 40u}) {
    for (std::size_t at = 0; at < length; ++at) {
      std::string text(length, 'a');
      text[at] = '\0';
      EXPECT_EQ(invalid_utf8_offset(text), at) << "NUL, length " << length << " at " << at;
      text[at] = '\x80';
      EXPECT_EQ(invalid_utf8_offset(text), at) << "0x80, length " << length << " at " << at;
      text[at] = '\x7f';
      EXPECT_EQ(invalid_utf8_offset(text), std::nullopt) << "DEL, length " << length;
      text.replace(at, 1, "\xc3\xa9");  // e-acute: valid, and the ASCII after it too
      EXPECT_EQ(invalid_utf8_offset(text), std::nullopt) << "length " << length << " at " << at;
      text.erase(at + 1, 1);  // its lead byte alone
      EXPECT_EQ(invalid_utf8_offset(text), at) << "cut, length " << length << " at " << at;
    }
  }
}

TEST(SupportText, QuotedEscapesBadBytesAndCutsAtACharacter) {
  EXPECT_EQ(detail::quoted("ab\xff"), "'ab\\xFF'");
  EXPECT_EQ(detail::quoted("line\nbreak"), "'line\\x0Abreak'");
  // Cut after 4 bytes: the 2-byte e-acute at bytes 3-4 is kept whole, never split.
  EXPECT_EQ(detail::quoted("caf\xc3\xa9s and more", 4), "'caf\xc3\xa9...'");
  EXPECT_EQ(detail::quoted("short", 60), "'short'");
}

TEST(SupportText, RequireUtf8NamesTheFieldAndOffset) {
  try {
    detail::require_utf8("ab\xc3", "f.yaml", 3, "issues[1].name");
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "f.yaml:3: issues[1].name: found invalid UTF-8 at byte 2 of 'ab\\xC3', expected "
              "UTF-8 text without NUL bytes");
  }
  EXPECT_NO_THROW(detail::require_utf8("fine", "f.yaml", 3, "name"));
}

}  // namespace
}  // namespace parley
