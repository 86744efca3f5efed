//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// libFuzzer target: the upgrade path of a server, without sockets. The input
// is what a client sends: it is parsed in random chunks by Beast's
// request_parser<empty_body> (8 KiB header limit, as async_read_header
// does), the default registry selects a codec, and the codec's handshake()
// gets the bytes after the header as leftover, growing chunk by chunk while
// it answers need_more (hixie-76 key3).
//
// Checked: accepted answers "HTTP/1.1 101", rejected ones "HTTP/1.1 4xx" or
// "5xx" with a matching Content-Length; need_more asks for bytes; no value
// from the request can break a response header line; the hybi accept key
// and the hixie-76 answer size are right; an echoed subprotocol was offered;
// a fresh codec given all the bytes at once answers identically; a
// permessage-deflate answer appears only when enabled, once, for an offer
// the request made, with both no_context_takeover parameters in shared mode.

#include "fuzz_common.hpp"

#include <boost/websocketio/default_codecs.hpp>
#include <boost/websocketio/detail/http.hpp>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>

#include <openssl/evp.h>

#include <cctype>
#include <string>
#include <string_view>

namespace {

namespace wsio = boost::websocketio;
namespace http = boost::beast::http;
using namespace wsio_fuzz;
using status = wsio::handshake_result::status;

constexpr std::uint32_t header_limit = 8 * 1024;

bool
starts_with(std::string_view s, std::string_view prefix)
{
    return s.substr(0, prefix.size()) == prefix;
}

// RFC 6455 section 4.2.2, computed with OpenSSL directly.
std::string
expected_accept(std::string_view key)
{
    std::string s(key);
    s += "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    WSIO_FUZZ_CHECK(EVP_Digest(s.data(), s.size(), md, &len, EVP_sha1(),
                               nullptr) == 1);
    unsigned char out[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
    int const n = EVP_EncodeBlock(out, md, static_cast<int>(len));
    return std::string(reinterpret_cast<char const*>(out),
                       static_cast<std::size_t>(n));
}

// RFC 6455 section 4.2.1 item 5: base64 (with padding) of 16 bytes.
bool
key_is_16_bytes(std::string_view key)
{
    if (key.size() != 24 || key.substr(22) != "==")
        return false;
    for (char const c : key.substr(0, 22))
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' &&
            c != '/')
            return false;
    unsigned char out[18];
    return EVP_DecodeBlock(out,
                           reinterpret_cast<unsigned char const*>(key.data()),
                           24) == 18;
}

// The head of a response (through the blank line): every CR is followed by
// LF and every LF preceded by CR, so nothing echoed splits a header line.
// Returns the size of the head.
std::size_t
check_head(std::string_view resp)
{
    auto const end = resp.find("\r\n\r\n");
    WSIO_FUZZ_CHECK(end != std::string_view::npos);
    std::size_t const head = end + 4;
    for (std::size_t i = 0; i < head; ++i)
    {
        if (resp[i] == '\r')
            WSIO_FUZZ_CHECK(i + 1 < head && resp[i + 1] == '\n');
        if (resp[i] == '\n')
            WSIO_FUZZ_CHECK(i > 0 && resp[i - 1] == '\r');
    }
    return head;
}

// The value of a response header line "name: value", or npos-sized view.
bool
response_field(std::string_view resp, std::string_view name,
               std::string_view& value)
{
    std::string needle = "\r\n";
    needle += name;
    needle += ": ";
    auto const at = resp.find(needle);
    if (at == std::string_view::npos)
        return false;
    auto const begin = at + needle.size();
    auto const end = resp.find("\r\n", begin);
    value = resp.substr(begin, end - begin);
    return true;
}

void
check_rejection(std::string_view resp)
{
    WSIO_FUZZ_CHECK(starts_with(resp, "HTTP/1.1 4") ||
                    starts_with(resp, "HTTP/1.1 5"));
    std::size_t const head = check_head(resp);
    std::string_view length;
    WSIO_FUZZ_CHECK(response_field(resp, "Content-Length", length));
    WSIO_FUZZ_CHECK(length == std::to_string(resp.size() - head));
}

bool
same(wsio::handshake_result const& a, wsio::handshake_result const& b)
{
    return a.state == b.state && a.response == b.response &&
           a.bytes_needed == b.bytes_needed && a.consumed == b.consumed &&
           a.ec == b.ec && a.subprotocol == b.subprotocol &&
           a.origin == b.origin && a.extensions == b.extensions;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    static auto const registry = wsio::make_default_registry();
    static wsio::subprotocol_chooser const chooser =
        [](std::vector<std::string_view> const& offered) {
            WSIO_FUZZ_CHECK(!offered.empty());
            for (auto const t : offered)
            {
                WSIO_FUZZ_CHECK(!t.empty());
                WSIO_FUZZ_CHECK(t.find(',') == std::string_view::npos);
                WSIO_FUZZ_CHECK(t.front() != ' ' && t.front() != '\t');
                WSIO_FUZZ_CHECK(t.back() != ' ' && t.back() != '\t');
            }
            return std::string(offered.back());
        };
    static wsio::origin_checker const checker = [](std::string_view o) {
        return o.find("evil") == std::string_view::npos;
    };

    chunker ch(data, size);
    auto const flags = ch.bits();

    // 1. The request header, in chunks, as async_read_header reads it.
    http::request_parser<http::empty_body> parser;
    parser.header_limit(header_limit);
    std::string pending;
    std::size_t pos = 0;
    bool header_done = false;
    while (!header_done)
    {
        if (pos == size)
            return 0; // the client stopped mid-header: a timeout, not ours
        std::size_t const n = ch.next_size(size - pos);
        pending.append(reinterpret_cast<char const*>(data) + pos, n);
        pos += n;
        while (!pending.empty())
        {
            boost::beast::error_code ec;
            std::size_t const used = parser.put(
                boost::asio::buffer(pending.data(), pending.size()), ec);
            WSIO_FUZZ_CHECK(used <= pending.size());
            pending.erase(0, used);
            if (ec == http::error::need_more)
                break;
            if (ec)
                return 0; // the server answers 400 or 431 itself
            if (parser.is_header_done())
            {
                header_done = true;
                break;
            }
            if (used == 0)
                break;
        }
    }
    auto const& req = parser.get();

    // Everything after the header; `have` bytes of it arrived with it.
    std::string leftover = pending;
    leftover.append(reinterpret_cast<char const*>(data) + pos, size - pos);
    std::size_t have = pending.size();

    // 2. Registry selection.
    wsio::selection const sel = registry->select(req);
    if (!sel.factory)
    {
        WSIO_FUZZ_CHECK(sel.ec.failed());
        check_rejection(wsio::detail::make_error_response(
            sel.ec, registry->supported_versions()));
        return 0;
    }
    WSIO_FUZZ_CHECK(!sel.ec.failed());

    // 3. The codec's handshake, called again as more bytes arrive.
    wsio::codec_config cfg;
    cfg.max_message_size = 64 * 1024;
    // permessage-deflate offers negotiated (RFC 7692), in either mode.
    cfg.permessage_deflate.enabled = (flags & 8) != 0;
    cfg.permessage_deflate.context_takeover = (flags & 16) != 0;
    auto codec = sel.factory->create(cfg);
    WSIO_FUZZ_CHECK(codec != nullptr);
    WSIO_FUZZ_CHECK(codec->protocol_version() ==
                    sel.factory->protocol_version());

    wsio::handshake_input in;
    in.request = &req;
    in.secure = (flags & 1) != 0;
    if (flags & 2)
        in.choose_subprotocol = &chooser;
    if (flags & 4)
        in.check_origin = &checker;

    wsio::handshake_result r;
    for (;;)
    {
        in.leftover = std::string_view(leftover).substr(0, have);
        r = codec->handshake(in);
        if (r.state != status::need_more)
            break;
        WSIO_FUZZ_CHECK(r.bytes_needed > 0);
        if (have == leftover.size())
            break; // the client sends nothing more: the handshake times out
        std::size_t const n = ch.next_size(leftover.size() - have);
        have += n ? n : 1; // a read returns at least one byte
    }

    auto const version = codec->protocol_version();
    switch (r.state)
    {
    case status::need_more:
        WSIO_FUZZ_CHECK(have == leftover.size());
        // Only hixie-76 waits for bytes (key3).
        WSIO_FUZZ_CHECK(version == "hixie-76");
        WSIO_FUZZ_CHECK(have + r.bytes_needed == 8);
        break;

    case status::rejected:
        WSIO_FUZZ_CHECK(r.ec.failed());
        check_rejection(r.response);
        break;

    case status::accepted:
    {
        WSIO_FUZZ_CHECK(!r.ec.failed());
        WSIO_FUZZ_CHECK(starts_with(r.response, "HTTP/1.1 101 "));
        std::size_t const head = check_head(r.response);
        WSIO_FUZZ_CHECK(r.consumed <= in.leftover.size());
        if (version == "hixie-76")
        {
            WSIO_FUZZ_CHECK(r.response.size() == head + 16);
            WSIO_FUZZ_CHECK(r.consumed == 8);
        }
        else
        {
            WSIO_FUZZ_CHECK(r.response.size() == head);
            WSIO_FUZZ_CHECK(r.consumed == 0);
        }
        std::string_view const head_view =
            std::string_view(r.response).substr(0, head);
        if (codec->name() == "websocket")
        {
            std::string_view accept;
            WSIO_FUZZ_CHECK(
                response_field(head_view, "Sec-WebSocket-Accept", accept));
            auto const key = wsio::detail::field(req, "Sec-WebSocket-Key");
            WSIO_FUZZ_CHECK(accept == expected_accept(key));
            // Only a key that is base64 of 16 bytes is accepted.
            WSIO_FUZZ_CHECK(key_is_16_bytes(key));
        }
        if (!r.subprotocol.empty())
        {
            WSIO_FUZZ_CHECK(in.choose_subprotocol != nullptr);
            std::string line = "Protocol: ";
            line += r.subprotocol;
            line += "\r\n";
            WSIO_FUZZ_CHECK(head_view.find(line) != std::string_view::npos);
        }
        if (in.check_origin)
            WSIO_FUZZ_CHECK(r.origin.find("evil") == std::string::npos);
        // As a header line (values echoed elsewhere may hold the name).
        std::string_view const ext_line = "\r\nSec-WebSocket-Extensions:";
        if (r.extensions.empty())
            WSIO_FUZZ_CHECK(head_view.find(ext_line) ==
                            std::string_view::npos);
        else
        {
            // Only an enabled hybi codec answers, once, with a
            // permessage-deflate answer to an offer the request made; shared
            // mode always says both no_context_takeover parameters.
            WSIO_FUZZ_CHECK(cfg.permessage_deflate.enabled);
            WSIO_FUZZ_CHECK(codec->name() == "websocket");
            WSIO_FUZZ_CHECK(starts_with(r.extensions, "permessage-deflate"));
            WSIO_FUZZ_CHECK(req.find(http::field::sec_websocket_extensions) !=
                            req.end());
            std::string line(ext_line);
            line += " ";
            line += r.extensions;
            line += "\r\n";
            auto const at = head_view.find(line);
            WSIO_FUZZ_CHECK(at != std::string_view::npos);
            WSIO_FUZZ_CHECK(head_view.find(ext_line, at + 1) ==
                            std::string_view::npos);
            if (!cfg.permessage_deflate.context_takeover)
                WSIO_FUZZ_CHECK(
                    r.extensions.find("server_no_context_takeover; "
                                      "client_no_context_takeover") !=
                    std::string::npos);
            WSIO_FUZZ_CHECK(codec->extensions() == r.extensions);
        }
        break;
    }
    }

    // 4. Whole versus incremental: the handshake is a pure function of the
    // request and the bytes received, so a fresh codec given every byte at
    // once answers the same (hixie-76 reads exactly 8 bytes of key3).
    auto fresh = sel.factory->create(cfg);
    in.leftover = leftover;
    wsio::handshake_result const r2 = fresh->handshake(in);
    WSIO_FUZZ_CHECK(same(r, r2));
    return 0;
}
