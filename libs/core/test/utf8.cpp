//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#define BOOST_TEST_MODULE core_utf8
#include <boost/test/unit_test.hpp>

#include <boost/websocketio/detail/utf8.hpp>

#include <random>
#include <string>

namespace wsio = boost::websocketio;
using wsio::detail::is_valid_utf8;
using wsio::detail::utf8_validator;

namespace {

// Reference decoder: a straightforward code point walk.
bool
reference_valid(std::string const& s)
{
    std::size_t i = 0;
    auto const b = [&](std::size_t k) {
        return static_cast<unsigned char>(s[k]);
    };
    while (i < s.size())
    {
        unsigned c = b(i);
        std::size_t n;
        unsigned cp;
        if (c < 0x80) { ++i; continue; }
        else if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; }
        else return false;
        if (i + n >= s.size())
            return false;
        for (std::size_t k = 1; k <= n; ++k)
        {
            if ((b(i + k) & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (b(i + k) & 0x3F);
        }
        static unsigned const min[] = {0, 0x80, 0x800, 0x10000};
        if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += n + 1;
    }
    return true;
}

} // namespace

BOOST_AUTO_TEST_SUITE(utf8)

BOOST_AUTO_TEST_CASE(accepts_valid_text_of_every_length)
{
    BOOST_TEST(is_valid_utf8(""));
    BOOST_TEST(is_valid_utf8("Hello, world, and some more ASCII text"));
    BOOST_TEST(is_valid_utf8("\xc2\xa9 caf\xc3\xa9"));          // 2-byte
    BOOST_TEST(is_valid_utf8("\xe2\x82\xac \xef\xbf\xbd"));     // 3-byte
    BOOST_TEST(is_valid_utf8("\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf")); // 4-byte
    BOOST_TEST(is_valid_utf8("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5"));
}

BOOST_AUTO_TEST_CASE(rejects_invalid_sequences)
{
    BOOST_TEST(!is_valid_utf8("\x80"));                 // lone continuation
    BOOST_TEST(!is_valid_utf8("\xc0\xaf"));             // overlong
    BOOST_TEST(!is_valid_utf8("\xe0\x80\xaf"));         // overlong 3
    BOOST_TEST(!is_valid_utf8("\xf0\x80\x80\xaf"));     // overlong 4
    BOOST_TEST(!is_valid_utf8("\xed\xa0\x80"));         // surrogate
    BOOST_TEST(!is_valid_utf8("\xf4\x90\x80\x80"));     // > U+10FFFF
    BOOST_TEST(!is_valid_utf8("\xf5\x80\x80\x80"));
    BOOST_TEST(!is_valid_utf8("\xff"));
    BOOST_TEST(!is_valid_utf8("abc\xe2\x82"));          // truncated
    BOOST_TEST(!is_valid_utf8("0123456789abcdef\xce"));
}

BOOST_AUTO_TEST_CASE(fails_fast_before_the_sequence_ends)
{
    // Autobahn 6.4.x: an invalid byte must fail at once, not at the end.
    utf8_validator v;
    BOOST_TEST(v.feed("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5"));
    BOOST_TEST(!v.feed("\xf4\x90"));
    utf8_validator w;
    BOOST_TEST(w.feed("\xed"));
    BOOST_TEST(!w.feed("\xa0"));
}

BOOST_AUTO_TEST_CASE(any_split_gives_the_same_answer)
{
    std::string const samples[] = {
        "\xf0\x9f\x98\x80 hello \xe2\x82\xac \xc3\xa9 world 0123456789",
        "plain ascii that is long enough to use the word path twice over",
        "\xed\xa0\x80 surrogate", "ok \xf4\x90\x80\x80 too big",
        "abc\xe2\x82"};
    for (auto const& s : samples)
    {
        bool const whole = is_valid_utf8(s);
        for (std::size_t cut = 0; cut <= s.size(); ++cut)
        {
            utf8_validator v;
            bool ok = v.feed(s.substr(0, cut)) && v.feed(s.substr(cut)) &&
                      v.finish();
            BOOST_TEST(ok == whole);
        }
        utf8_validator v;
        bool ok = true;
        for (char c : s)
            ok = ok && v.feed(std::string_view(&c, 1));
        BOOST_TEST((ok && v.finish()) == whole);
    }
}

BOOST_AUTO_TEST_CASE(agrees_with_a_reference_decoder_on_random_input)
{
    std::mt19937 rng(12345);
    std::uniform_int_distribution<int> len(0, 40);
    std::uniform_int_distribution<int> pick(0, 9);
    std::string const pieces[] = {"a", "\xc3\xa9", "\xe2\x82\xac",
                                  "\xf0\x9f\x98\x80", "\x80", "\xed\xa0\x80",
                                  "\xc0", "\xf4\x90\x80\x80", "\xe0\xa0",
                                  "0123456789abcdef"};
    for (int i = 0; i < 20000; ++i)
    {
        std::string s;
        int const n = len(rng);
        for (int k = 0; k < n; ++k)
            s += pieces[pick(rng)];
        BOOST_TEST_REQUIRE(is_valid_utf8(s) == reference_valid(s));
    }
}

BOOST_AUTO_TEST_SUITE_END()
