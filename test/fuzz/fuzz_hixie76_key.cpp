//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// libFuzzer target: hixie-76 key math (draft-hixie-76 section 5.2). The
// input is split at its first two LF bytes into Sec-WebSocket-Key1, Key2
// and the rest (key3 = its first 8 bytes, padded with '!' when shorter;
// anything after it is frame data).
//
// A request is built from them and parsed by Beast (inputs Beast refuses
// are dropped); registry selection must pick hixie-76, and its handshake
// must refuse or accept exactly as an independent reference says: refuse
// with the documented error, or accept with the MD5 answer recomputed here
// through OpenSSL. Never silently wrong (websocketpp computes a wrong
// answer for some bad keys). detail::parse_key is also fed the raw
// segments, bytes Beast would refuse included.

#include "fuzz_common.hpp"

#include <boost/websocketio/default_codecs.hpp>
#include <boost/websocketio/detail/http.hpp>
#include <boost/websocketio/hixie/detail/key.hpp>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>

#include <openssl/evp.h>

#include <string>
#include <string_view>

namespace {

namespace wsio = boost::websocketio;
namespace http = boost::beast::http;
using status = wsio::handshake_result::status;

/** Reference for one key: the digits read as a decimal number (leading
    zeros stripped, then compared by length and value against 2^32-1), over
    the count of U+0020 characters. Same precedence as documented for
    parse_key: overflow, no digit, no space, not divisible. */
wsio::error
reference_key(std::string_view key, wsio::error bad_key, std::uint32_t& part)
{
    std::string digits;
    std::size_t spaces = 0;
    for (char const c : key)
    {
        if (c >= '0' && c <= '9')
            digits += c;
        else if (c == ' ')
            ++spaces;
    }
    bool const any_digit = !digits.empty();
    auto const first = digits.find_first_not_of('0');
    std::string const significant =
        first == std::string::npos ? std::string() : digits.substr(first);
    if (significant.size() > 10 ||
        (significant.size() == 10 && significant > "4294967295"))
        return wsio::error::key_overflow;
    if (!any_digit)
        return bad_key;
    if (spaces == 0)
        return wsio::error::key_no_spaces;
    std::uint64_t const number =
        significant.empty() ? 0 : std::stoull(significant);
    if (number % spaces != 0)
        return wsio::error::key_not_divisible;
    part = static_cast<std::uint32_t>(number / spaces);
    return {};
}

// MD5(part1 BE32, part2 BE32, key3), through OpenSSL directly.
std::string
expected_answer(std::uint32_t p1, std::uint32_t p2, std::string_view key3)
{
    unsigned char in[16];
    for (int i = 0; i < 4; ++i)
    {
        in[i] = static_cast<unsigned char>(p1 >> (24 - 8 * i));
        in[4 + i] = static_cast<unsigned char>(p2 >> (24 - 8 * i));
    }
    for (int i = 0; i < 8; ++i)
        in[8 + i] = static_cast<unsigned char>(key3[i]);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    WSIO_FUZZ_CHECK(EVP_Digest(in, sizeof in, md, &len, EVP_md5(), nullptr) ==
                    1);
    WSIO_FUZZ_CHECK(len == 16);
    return std::string(reinterpret_cast<char const*>(md), len);
}

void
check_parse_key(std::string_view key, wsio::error bad_key)
{
    std::uint32_t got = 0xDEADBEEF;
    std::uint32_t want = 0;
    auto const ec = wsio::hixie::detail::parse_key(key, bad_key, got);
    wsio::error const expected = reference_key(key, bad_key, want);
    WSIO_FUZZ_CHECK(ec == wsio::make_error_code(expected) ||
                    (expected == wsio::error{} && !ec.failed()));
    if (!ec.failed())
        WSIO_FUZZ_CHECK(got == want);
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    static auto const registry = wsio::make_default_registry();

    std::string_view const input(reinterpret_cast<char const*>(data), size);
    auto const nl1 = input.find('\n');
    if (nl1 == std::string_view::npos)
        return 0;
    auto const nl2 = input.find('\n', nl1 + 1);
    if (nl2 == std::string_view::npos)
        return 0;
    std::string_view const key1 = input.substr(0, nl1);
    std::string_view const key2 = input.substr(nl1 + 1, nl2 - nl1 - 1);
    std::string tail(input.substr(nl2 + 1));
    if (tail.size() < 8)
        tail.append(8 - tail.size(), '!');

    // The key arithmetic alone, on any bytes.
    check_parse_key(key1, wsio::error::bad_key1);
    check_parse_key(key2, wsio::error::bad_key2);

    // The same keys inside a real request (draft-hixie-76 section 1.2).
    std::string text = "GET /demo HTTP/1.1\r\n"
                       "Host: example.com\r\n"
                       "Connection: Upgrade\r\n"
                       "Sec-WebSocket-Key2: ";
    text += key2;
    text += "\r\nSec-WebSocket-Protocol: sample\r\n"
            "Upgrade: WebSocket\r\n"
            "Sec-WebSocket-Key1: ";
    text += key1;
    text += "\r\nOrigin: http://example.com\r\n\r\n";

    http::request_parser<http::empty_body> parser;
    parser.header_limit(64 * 1024);
    boost::beast::error_code ec;
    std::size_t const used =
        parser.put(boost::asio::buffer(text.data(), text.size()), ec);
    if (ec || !parser.is_header_done())
        return 0; // not a request a server would ever see
    WSIO_FUZZ_CHECK(used == text.size());
    auto const& req = parser.get();

    wsio::selection const sel = registry->select(req);
    WSIO_FUZZ_CHECK(sel.factory != nullptr);
    WSIO_FUZZ_CHECK(sel.factory->protocol_version() == "hixie-76");

    // What Beast hands over (it trims the whitespace around a value).
    std::string_view const v1 = wsio::detail::field(req, "Sec-WebSocket-Key1");
    std::string_view const v2 = wsio::detail::field(req, "Sec-WebSocket-Key2");
    std::uint32_t part1 = 0;
    std::uint32_t part2 = 0;
    wsio::error expected = reference_key(v1, wsio::error::bad_key1, part1);
    if (expected == wsio::error{})
        expected = reference_key(v2, wsio::error::bad_key2, part2);

    auto codec = sel.factory->create(wsio::codec_config{});
    wsio::handshake_input in;
    in.request = &req;

    // Without key3 the keys are judged at once; with them, key3 is awaited.
    in.leftover = {};
    auto r = codec->handshake(in);
    if (expected != wsio::error{})
    {
        WSIO_FUZZ_CHECK(r.state == status::rejected);
        WSIO_FUZZ_CHECK(r.ec == wsio::make_error_code(expected));
        WSIO_FUZZ_CHECK(r.response.substr(0, 10) == "HTTP/1.1 4");
        return 0;
    }
    WSIO_FUZZ_CHECK(r.state == status::need_more);
    WSIO_FUZZ_CHECK(r.bytes_needed == 8);

    // key3 arriving a byte at a time.
    for (std::size_t have = 1; have < 8; ++have)
    {
        in.leftover = std::string_view(tail).substr(0, have);
        r = codec->handshake(in);
        WSIO_FUZZ_CHECK(r.state == status::need_more);
        WSIO_FUZZ_CHECK(r.bytes_needed == 8 - have);
    }
    in.leftover = tail;
    r = codec->handshake(in);
    WSIO_FUZZ_CHECK(r.state == status::accepted);
    WSIO_FUZZ_CHECK(r.consumed == 8);
    WSIO_FUZZ_CHECK(r.response.substr(0, 13) == "HTTP/1.1 101 ");
    WSIO_FUZZ_CHECK(r.response.size() > 16);
    WSIO_FUZZ_CHECK(r.response.compare(r.response.size() - 20, 4,
                                       "\r\n\r\n") == 0);
    WSIO_FUZZ_CHECK(r.response.substr(r.response.size() - 16) ==
                    expected_answer(part1, part2,
                                    std::string_view(tail).substr(0, 8)));
    return 0;
}
