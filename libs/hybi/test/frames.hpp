//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_HYBI_TEST_FRAMES_HPP
#define BOOST_WEBSOCKETIO_HYBI_TEST_FRAMES_HPP

// Test helpers: build client frames, feed a codec in chosen pieces, record
// what it reports.

#include <boost/websocketio/hybi.hpp>

#include <boost/test/unit_test.hpp>

#include <array>
#include <cstdint>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace hybi_test {

namespace wsio = boost::websocketio;

using key_type = std::array<std::uint8_t, 4>;

/// The masking key of RFC 6455 section 5.7.
inline constexpr key_type rfc_key{0x37, 0xfa, 0x21, 0x3d};

/// The masking key of websocket.io's parser tests.
inline constexpr key_type wsio_key{0x34, 0x83, 0xa8, 0x68};

/// Bytes from a hex dump such as "81 05 48 65".
inline std::string
hex(std::string_view s)
{
    auto const nibble = [](char c) {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        return c - 'A' + 10;
    };
    std::string out;
    for (std::size_t i = 0; i < s.size();)
    {
        if (s[i] == ' ')
        {
            ++i;
            continue;
        }
        out.push_back(static_cast<char>(nibble(s[i]) * 16 + nibble(s[i + 1])));
        i += 2;
    }
    return out;
}

/// Length encodings a test frame may use.
enum class length_form
{
    shortest,
    bits16,
    bits64
};

/** A frame with first byte `b0` carrying `payload`, masked with `key`
    unless `masked` is false, with its length written in `form` (the
    shortest one by default) and `declared` overriding the length field.
*/
inline std::string
frame(std::uint8_t b0, std::string_view payload, key_type key = wsio_key,
      bool masked = true, length_form form = length_form::shortest,
      std::uint64_t declared = ~std::uint64_t(0))
{
    std::uint64_t const n =
        declared == ~std::uint64_t(0) ? payload.size() : declared;
    if (form == length_form::shortest)
        form = n <= 125     ? length_form::shortest
               : n <= 65535 ? length_form::bits16
                            : length_form::bits64;
    std::string out;
    out.push_back(static_cast<char>(b0));
    char const m = masked ? '\x80' : '\0';
    if (form == length_form::shortest)
        out.push_back(static_cast<char>(m | static_cast<char>(n)));
    else if (form == length_form::bits16)
    {
        out.push_back(static_cast<char>(m | 126));
        out.push_back(static_cast<char>(n >> 8));
        out.push_back(static_cast<char>(n & 0xFF));
    }
    else
    {
        out.push_back(static_cast<char>(m | 127));
        for (int i = 7; i >= 0; --i)
            out.push_back(static_cast<char>((n >> (8 * i)) & 0xFF));
    }
    if (masked)
        out.append(reinterpret_cast<char const*>(key.data()), 4);
    for (std::size_t i = 0; i < payload.size(); ++i)
        out.push_back(masked ? static_cast<char>(payload[i] ^ key[i % 4])
                             : payload[i]);
    return out;
}

/// A masked client frame, FIN set, of opcode `op`.
inline std::string
masked(std::uint8_t op, std::string_view payload, key_type key = wsio_key)
{
    return frame(static_cast<std::uint8_t>(0x80 | op), payload, key);
}

/// The payload of a close frame: the code in network order, then reason.
inline std::string
close_payload(std::uint16_t code, std::string_view reason = {})
{
    std::string s;
    s.push_back(static_cast<char>(code >> 8));
    s.push_back(static_cast<char>(code & 0xFF));
    s.append(reason.data(), reason.size());
    return s;
}

/// `n` pseudo-random bytes (every value, fixed seed).
inline std::string
random_bytes(std::size_t n, unsigned seed = 42)
{
    std::mt19937 gen(seed);
    std::uniform_int_distribution<int> byte(0, 255);
    std::string s(n, '\0');
    for (auto& c : s)
        c = static_cast<char>(byte(gen));
    return s;
}

/// One reported event, with its payload copied out.
struct event
{
    wsio::decode_result::event what = wsio::decode_result::event::need_more;
    wsio::frame_type type = wsio::frame_type::text;
    std::string payload;
    wsio::close_code code = wsio::close_code::none;
    boost::system::error_code ec;

    friend bool
    operator==(event const& a, event const& b)
    {
        return a.what == b.what && a.type == b.type &&
               a.payload == b.payload && a.code == b.code && a.ec == b.ec;
    }

    friend bool
    operator!=(event const& a, event const& b)
    {
        return !(a == b);
    }

    friend std::ostream&
    operator<<(std::ostream& os, event const& e)
    {
        static char const* const names[] = {"need_more", "message", "ping",
                                            "pong",      "close",   "error"};
        os << names[static_cast<int>(e.what)] << " type "
           << static_cast<int>(e.type) << " code " << e.code << " ec '"
           << e.ec.message() << "' payload(" << e.payload.size() << ") ";
        if (e.payload.size() <= 40)
            os << '"' << e.payload << '"';
        else
            os << '"' << e.payload.substr(0, 40) << "...\"";
        return os;
    }
};

inline event
text(std::string payload)
{
    event e;
    e.what = wsio::decode_result::event::message;
    e.type = wsio::frame_type::text;
    e.payload = std::move(payload);
    return e;
}

inline event
binary(std::string payload)
{
    event e = text(std::move(payload));
    e.type = wsio::frame_type::binary;
    return e;
}

inline event
ping(std::string payload)
{
    event e;
    e.what = wsio::decode_result::event::ping;
    e.payload = std::move(payload);
    return e;
}

inline event
pong(std::string payload)
{
    event e;
    e.what = wsio::decode_result::event::pong;
    e.payload = std::move(payload);
    return e;
}

inline event
close(wsio::close_code code, std::string reason = {})
{
    event e;
    e.what = wsio::decode_result::event::close;
    e.code = code;
    e.payload = std::move(reason);
    return e;
}

/// The error event for `err`, with the close code the library maps it to.
inline event
failure(wsio::error err)
{
    event e;
    e.what = wsio::decode_result::event::error;
    e.ec = err;
    e.code = wsio::to_close_code(e.ec);
    return e;
}

inline event
failure(wsio::error err, std::uint16_t expected_code)
{
    event e = failure(err);
    BOOST_TEST(static_cast<std::uint16_t>(e.code) == expected_code);
    return e;
}

/** Feeds `input` to `c` in pieces of the given sizes the way a socket
    would: each piece lands in a buffer, the codec is called until it needs
    more, and the rest after each event is passed again. Stops at a close
    or an error.
*/
inline std::vector<event>
run(wsio::codec& c, std::string_view input,
    std::vector<std::size_t> const& pieces)
{
    std::vector<event> out;
    std::string pending;
    std::size_t at = 0;
    for (std::size_t piece : pieces)
    {
        pending.append(input.data() + at, piece);
        at += piece;
        for (;;)
        {
            char* const data = pending.data();
            wsio::decode_result const r = c.decode(data, pending.size());
            BOOST_TEST_REQUIRE(r.consumed <= pending.size());
            if (r.what == wsio::decode_result::event::need_more)
            {
                BOOST_TEST_REQUIRE(r.consumed == pending.size());
                pending.clear();
                break;
            }
            event e;
            e.what = r.what;
            e.type = r.what == wsio::decode_result::event::message
                         ? r.type
                         : wsio::frame_type::text;
            e.payload = std::string(r.payload);
            e.code = r.code;
            e.ec = r.ec;
            out.push_back(std::move(e));
            if (r.what == wsio::decode_result::event::error ||
                r.what == wsio::decode_result::event::close)
                return out;
            pending.erase(0, r.consumed);
        }
    }
    BOOST_TEST_REQUIRE(at == input.size());
    return out;
}

/// Piece sizes: all at once.
inline std::vector<std::size_t>
whole(std::size_t n)
{
    return {n};
}

/// Piece sizes: one byte at a time.
inline std::vector<std::size_t>
bytewise(std::size_t n)
{
    return std::vector<std::size_t>(n, 1);
}

/// Piece sizes: random, from 1 to `max_piece` bytes.
inline std::vector<std::size_t>
random_pieces(std::size_t n, unsigned seed, std::size_t max_piece)
{
    std::mt19937 gen(seed);
    std::uniform_int_distribution<std::size_t> size(1, max_piece);
    std::vector<std::size_t> out;
    while (n != 0)
    {
        std::size_t const k = (std::min)(n, size(gen));
        out.push_back(k);
        n -= k;
    }
    return out;
}

/// Every split used by @ref check: whole, bytewise and random ones.
inline std::vector<std::vector<std::size_t>>
splits(std::size_t n)
{
    std::vector<std::vector<std::size_t>> out;
    out.push_back(whole(n));
    out.push_back(bytewise(n));
    for (unsigned seed = 1; seed <= 3; ++seed)
    {
        out.push_back(random_pieces(n, seed, 16));
        out.push_back(random_pieces(n, seed + 100, n / 3 + 1));
    }
    return out;
}

inline std::shared_ptr<wsio::codec_factory const> const&
factory_for(int i)
{
    static std::shared_ptr<wsio::codec_factory const> const f[] = {
        wsio::hybi::make_hybi13_factory(), wsio::hybi::make_hybi08_factory(),
        wsio::hybi::make_hybi07_factory()};
    return f[i];
}

/** Decodes `input` with fresh codecs of the three drafts, whole, one byte
    at a time and at random split points, and checks every run reports
    `expected`.
*/
inline void
check(std::string_view input, std::vector<event> const& expected,
      wsio::codec_config const& cfg = {})
{
    for (int v = 0; v < 3; ++v)
    {
        for (auto const& pieces : splits(input.size()))
        {
            auto c = factory_for(v)->create(cfg);
            std::vector<event> const got = run(*c, input, pieces);
            BOOST_TEST_CONTEXT(c->protocol_version()
                               << ", " << pieces.size() << " pieces")
            {
                BOOST_TEST_REQUIRE(got.size() == expected.size());
                for (std::size_t i = 0; i < got.size(); ++i)
                    BOOST_TEST(got[i] == expected[i]);
            }
        }
    }
}

} // namespace hybi_test

#endif
