//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#define BOOST_TEST_MODULE hybi_handshake
#include <boost/test/unit_test.hpp>

#include <boost/websocketio/hybi.hpp>

#include <boost/websocketio/detail/http.hpp>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>

#include <string>
#include <vector>

namespace wsio = boost::websocketio;
namespace http = boost::beast::http;
using status = wsio::handshake_result::status;

namespace {

char const* const rfc_key = "dGhlIHNhbXBsZSBub25jZQ==";

std::string const rfc_response = "HTTP/1.1 101 Switching Protocols\r\n"
                                 "Upgrade: websocket\r\n"
                                 "Connection: Upgrade\r\n"
                                 "Sec-WebSocket-Accept: "
                                 "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                                 "\r\n";

wsio::hybi::draft const drafts[] = {wsio::hybi::hybi13_draft,
                                    wsio::hybi::hybi08_draft,
                                    wsio::hybi::hybi07_draft};

// The RFC 6455 section 1.3 request, with the draft's version.
wsio::request_type
request(wsio::hybi::draft const& d, char const* key = rfc_key)
{
    wsio::request_type req{http::verb::get, "/chat", 11};
    req.set(http::field::host, "server.example.com");
    req.set(http::field::upgrade, "websocket");
    req.set(http::field::connection, "Upgrade");
    if (key)
        req.set("Sec-WebSocket-Key", key);
    req.set("Sec-WebSocket-Version",
            std::string(d.version_token.data(), d.version_token.size()));
    return req;
}

wsio::handshake_result
shake(wsio::hybi::draft const& d, wsio::request_type const& req,
      wsio::subprotocol_chooser const* chooser = nullptr,
      wsio::origin_checker const* checker = nullptr,
      std::string_view leftover = {})
{
    wsio::hybi::codec c(d, {});
    wsio::handshake_input in;
    in.request = &req;
    in.leftover = leftover;
    in.choose_subprotocol = chooser;
    in.check_origin = checker;
    return c.handshake(in);
}

void
check_rejected(wsio::handshake_result const& r, wsio::error e,
               char const* status_line)
{
    BOOST_TEST((r.state == status::rejected));
    BOOST_TEST(r.ec == e);
    BOOST_TEST(r.response.rfind(status_line, 0) == 0u);
    BOOST_TEST(r.response == wsio::detail::make_error_response(r.ec));
}

} // namespace

BOOST_AUTO_TEST_SUITE(accepted)

BOOST_AUTO_TEST_CASE(rfc6455_section_1_3_example_response_is_byte_exact)
{
    for (auto const& d : drafts)
    {
        BOOST_TEST_CONTEXT(d.protocol_version)
        {
            auto req = request(d);
            req.set("Origin", "http://example.com");
            req.set("Sec-WebSocket-Origin", "http://example.com");
            auto const r = shake(d, req);
            BOOST_TEST((r.state == status::accepted));
            BOOST_TEST(!r.ec);
            BOOST_TEST(r.response == rfc_response);
            BOOST_TEST(r.consumed == 0u);
            BOOST_TEST(r.subprotocol.empty());
            BOOST_TEST(r.origin == "http://example.com");
        }
    }
}

BOOST_AUTO_TEST_CASE(raw_request_parsed_by_beast_is_accepted)
{
    std::string const raw = "GET /chat HTTP/1.1\r\n"
                            "Host: server.example.com\r\n"
                            "Upgrade: websocket\r\n"
                            "Connection: Upgrade\r\n"
                            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                            "Origin: http://example.com\r\n"
                            "Sec-WebSocket-Protocol: chat, superchat\r\n"
                            "Sec-WebSocket-Version: 13\r\n"
                            "\r\n"
                            "\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58";
    http::request_parser<http::empty_body> parser;
    boost::beast::error_code ec;
    std::size_t const used =
        parser.put(boost::asio::buffer(raw.data(), raw.size()), ec);
    BOOST_TEST_REQUIRE(!ec);
    BOOST_TEST_REQUIRE(parser.is_header_done());
    std::string leftover = raw.substr(used);
    BOOST_TEST(leftover.size() == 11u);

    auto const factory = wsio::hybi::make_hybi13_factory();
    auto c = factory->create({});
    wsio::subprotocol_chooser const chooser =
        [](std::vector<std::string_view> const& offered) {
            return std::string(offered.back());
        };
    wsio::handshake_input in;
    in.request = &parser.get();
    in.leftover = leftover;
    in.choose_subprotocol = &chooser;
    auto const r = c->handshake(in);
    BOOST_TEST((r.state == status::accepted));
    BOOST_TEST(r.response == "HTTP/1.1 101 Switching Protocols\r\n"
                             "Upgrade: websocket\r\n"
                             "Connection: Upgrade\r\n"
                             "Sec-WebSocket-Accept: "
                             "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                             "Sec-WebSocket-Protocol: superchat\r\n"
                             "\r\n");
    BOOST_TEST(r.subprotocol == "superchat");
    BOOST_TEST(r.origin == "http://example.com");
    BOOST_TEST(r.consumed == 0u);

    // The leftover bytes are the first frame.
    auto const d = c->decode(leftover.data() + r.consumed,
                             leftover.size() - r.consumed);
    BOOST_TEST((d.what == wsio::decode_result::event::message));
    BOOST_TEST(d.payload == "Hello");
}

BOOST_AUTO_TEST_CASE(chosen_subprotocol_is_echoed)
{
    wsio::subprotocol_chooser const chooser =
        [](std::vector<std::string_view> const& offered) {
            BOOST_TEST(offered.size() == 2u);
            return std::string("chat");
        };
    for (auto const& d : drafts)
    {
        auto req = request(d);
        req.set("Sec-WebSocket-Protocol", "chat, superchat");
        auto const r = shake(d, req, &chooser);
        BOOST_TEST((r.state == status::accepted));
        BOOST_TEST(r.subprotocol == "chat");
        BOOST_TEST(r.response ==
                   rfc_response.substr(0, rfc_response.size() - 2) +
                       "Sec-WebSocket-Protocol: chat\r\n\r\n");
    }
}

BOOST_AUTO_TEST_CASE(subprotocol_is_not_echoed_without_a_chooser)
{
    for (auto const& d : drafts)
    {
        auto req = request(d);
        req.set("Sec-WebSocket-Protocol", "chat, superchat");
        auto const r = shake(d, req);
        BOOST_TEST((r.state == status::accepted));
        BOOST_TEST(r.subprotocol.empty());
        BOOST_TEST(r.response == rfc_response);
    }
}

BOOST_AUTO_TEST_CASE(subprotocol_not_offered_or_declined_is_not_echoed)
{
    wsio::subprotocol_chooser const other =
        [](std::vector<std::string_view> const&) {
            return std::string("other");
        };
    wsio::subprotocol_chooser const none =
        [](std::vector<std::string_view> const&) { return std::string(); };
    auto req = request(wsio::hybi::hybi13_draft);
    req.set("Sec-WebSocket-Protocol", "chat");
    BOOST_TEST(shake(wsio::hybi::hybi13_draft, req, &other).response ==
               rfc_response);
    BOOST_TEST(shake(wsio::hybi::hybi13_draft, req, &none).response ==
               rfc_response);
    // A chooser but no offer.
    auto const plain = request(wsio::hybi::hybi13_draft);
    BOOST_TEST(shake(wsio::hybi::hybi13_draft, plain, &other).response ==
               rfc_response);
}

BOOST_AUTO_TEST_CASE(extensions_are_never_accepted)
{
    auto req = request(wsio::hybi::hybi13_draft);
    req.set("Sec-WebSocket-Extensions", "permessage-deflate");
    auto const r = shake(wsio::hybi::hybi13_draft, req);
    BOOST_TEST((r.state == status::accepted));
    BOOST_TEST(r.response == rfc_response);
}

BOOST_AUTO_TEST_CASE(leftover_bytes_are_all_frame_data)
{
    auto const req = request(wsio::hybi::hybi08_draft);
    auto const r = shake(wsio::hybi::hybi08_draft, req, nullptr, nullptr,
                         "\x81\x85\x37\xfa\x21\x3d");
    BOOST_TEST((r.state == status::accepted));
    BOOST_TEST(r.consumed == 0u);
    BOOST_TEST(r.bytes_needed == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(origin)

BOOST_AUTO_TEST_CASE(hybi13_reads_the_origin_header)
{
    auto req = request(wsio::hybi::hybi13_draft);
    req.set("Origin", "http://a.example");
    req.set("Sec-WebSocket-Origin", "http://b.example");
    auto const r = shake(wsio::hybi::hybi13_draft, req);
    BOOST_TEST(r.origin == "http://a.example");
    // Only the old header: no origin for RFC 6455.
    auto req2 = request(wsio::hybi::hybi13_draft);
    req2.set("Sec-WebSocket-Origin", "http://b.example");
    BOOST_TEST(shake(wsio::hybi::hybi13_draft, req2).origin.empty());
}

BOOST_AUTO_TEST_CASE(hybi07_and_hybi08_read_sec_websocket_origin)
{
    for (auto const& d :
         {wsio::hybi::hybi08_draft, wsio::hybi::hybi07_draft})
    {
        auto req = request(d);
        req.set("Origin", "http://a.example");
        req.set("Sec-WebSocket-Origin", "http://b.example");
        BOOST_TEST(shake(d, req).origin == "http://b.example");
        auto req2 = request(d);
        req2.set("Origin", "http://a.example");
        BOOST_TEST(shake(d, req2).origin.empty());
    }
}

BOOST_AUTO_TEST_CASE(origin_check_sees_the_drafts_header_and_refuses_with_403)
{
    std::string seen;
    wsio::origin_checker const checker = [&seen](std::string_view o) {
        seen = std::string(o);
        return o == "http://good.example";
    };
    for (auto const& d : drafts)
    {
        std::string const field =
            d.version_token == "13" ? "Origin" : "Sec-WebSocket-Origin";
        auto good = request(d);
        good.set(field, "http://good.example");
        auto const ok = shake(d, good, nullptr, &checker);
        BOOST_TEST((ok.state == status::accepted));
        BOOST_TEST(seen == "http://good.example");

        auto bad = request(d);
        bad.set(field, "http://evil.example");
        auto const r = shake(d, bad, nullptr, &checker);
        check_rejected(r, wsio::error::origin_rejected, "HTTP/1.1 403 ");
        BOOST_TEST(r.origin == "http://evil.example");

        // No origin at all: the check sees an empty string.
        auto none = request(d);
        check_rejected(shake(d, none, nullptr, &checker),
                       wsio::error::origin_rejected, "HTTP/1.1 403 ");
        BOOST_TEST(seen.empty());
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(rejected)

BOOST_AUTO_TEST_CASE(missing_key_answers_400)
{
    for (auto const& d : drafts)
        check_rejected(shake(d, request(d, nullptr)), wsio::error::no_sec_key,
                       "HTTP/1.1 400 ");
}

BOOST_AUTO_TEST_CASE(key_not_decoding_to_16_bytes_answers_400)
{
    char const* const keys[] = {
        "",                          // empty
        "dGhlIHNhbXBsZQ==",          // 10 bytes
        "AAAAAAAAAAAAAAAAAAAAAAAA",  // 24 chars, unpadded: 18 bytes
        "dGhlIHNhbXBsZSBub25jZQ",    // 16 bytes but padding missing
        "dGhlIHNhbXBs ZSBub25jZQ==", // inner whitespace
        "dGhlIHNhbXBsZSBub25jZQ==x", // trailing garbage
        "!!!!!!!!!!!!!!!!!!!!!!==",  // not base64
        "dGhlIHNhbXBsZSBub25jZQ=",   // bad padding
        "dGhlIHNhbXBsZSBub25jZQ==dGhlIHNhbXBsZSBub25jZQ==", // two keys
    };
    for (auto const& d : drafts)
        for (char const* key : keys)
        {
            BOOST_TEST_CONTEXT(d.protocol_version << " key '" << key << "'")
            check_rejected(shake(d, request(d, key)), wsio::error::bad_sec_key,
                           "HTTP/1.1 400 ");
        }
}

BOOST_AUTO_TEST_CASE(missing_host_answers_400)
{
    for (auto const& d : drafts)
    {
        auto req = request(d);
        req.erase(http::field::host);
        check_rejected(shake(d, req), wsio::error::no_host, "HTTP/1.1 400 ");
    }
}

BOOST_AUTO_TEST_CASE(missing_request_answers_400)
{
    wsio::hybi::codec c(wsio::hybi::hybi13_draft, {});
    check_rejected(c.handshake({}), wsio::error::bad_request, "HTTP/1.1 400 ");
}

BOOST_AUTO_TEST_SUITE_END()

// The rules every draft's upgrade shares (doc/handshake.md), as the hybi
// codec applies them.
BOOST_AUTO_TEST_SUITE(request_rules)

BOOST_AUTO_TEST_CASE(repeated_single_fields_are_refused_with_400)
{
    // RFC 6455 11.3.1 and 11.3.5: Sec-WebSocket-Key and -Version at most
    // once; RFC 7230 5.4: Host; RFC 6454 7.3: Origin. Even the same value
    // twice.
    for (auto const& d : drafts)
    {
        for (char const* f : {"Sec-WebSocket-Key", "Sec-WebSocket-Version",
                              "Host"})
        {
            auto req = request(d);
            auto const v = std::string(req[f]);
            req.insert(f, v);
            check_rejected(shake(d, req), wsio::error::bad_request,
                           "HTTP/1.1 400 ");
        }
        auto req = request(d);
        req.insert(std::string(d.origin_field), "http://a.example");
        req.insert(std::string(d.origin_field), "http://b.example");
        check_rejected(shake(d, req), wsio::error::bad_request,
                       "HTTP/1.1 400 ");
    }
}

BOOST_AUTO_TEST_CASE(protocol_and_extension_lines_combine)
{
    // RFC 6455 11.3.4: several Sec-WebSocket-Protocol lines are one list.
    std::vector<std::string> seen;
    wsio::subprotocol_chooser const chooser =
        [&](std::vector<std::string_view> const& offered) {
            seen.assign(offered.begin(), offered.end());
            return std::string("superchat");
        };
    auto req = request(wsio::hybi::hybi13_draft);
    req.insert("Sec-WebSocket-Protocol", "chat");
    req.insert("Sec-WebSocket-Protocol", "superchat, v2");
    req.insert("Sec-WebSocket-Extensions", "a");
    req.insert("Sec-WebSocket-Extensions", "b");
    req.insert(http::field::connection, "keep-alive");
    auto const r = shake(wsio::hybi::hybi13_draft, req, &chooser);
    BOOST_TEST((r.state == status::accepted));
    BOOST_TEST(r.subprotocol == "superchat");
    BOOST_TEST(seen == (std::vector<std::string>{"chat", "superchat", "v2"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_body_is_refused_with_400)
{
    // Its bytes would be read as frames: smuggled past HTTP intermediaries.
    for (char const* length : {"5", "8", "125"})
    {
        auto req = request(wsio::hybi::hybi13_draft);
        req.set(http::field::content_length, length);
        check_rejected(shake(wsio::hybi::hybi13_draft, req, nullptr, nullptr,
                             "\x81\x85\x37\xfa\x21\x3d"),
                       wsio::error::bad_request, "HTTP/1.1 400 ");
    }
    auto chunked = request(wsio::hybi::hybi13_draft);
    chunked.set(http::field::transfer_encoding, "chunked");
    check_rejected(shake(wsio::hybi::hybi13_draft, chunked),
                   wsio::error::bad_request, "HTTP/1.1 400 ");
    auto zero = request(wsio::hybi::hybi13_draft);
    zero.set(http::field::content_length, "0");
    BOOST_TEST(shake(wsio::hybi::hybi13_draft, zero).response == rfc_response);
}

BOOST_AUTO_TEST_CASE(absolute_form_targets_are_accepted_other_forms_refused)
{
    for (char const* target : {"http://server.example.com/chat",
                               "wss://server.example.com:443/chat?x",
                               "HTTPS://server.example.com"})
    {
        auto req = request(wsio::hybi::hybi13_draft);
        req.target(target);
        BOOST_TEST(shake(wsio::hybi::hybi13_draft, req).response ==
                       rfc_response,
                   target);
    }
    for (char const* target : {"*", "server.example.com:80", "chat",
                               "gopher://server.example.com/chat",
                               "http:///chat", "/chat#frag"})
    {
        auto req = request(wsio::hybi::hybi13_draft);
        req.target(target);
        check_rejected(shake(wsio::hybi::hybi13_draft, req),
                       wsio::error::bad_request, "HTTP/1.1 400 ");
    }
}

BOOST_AUTO_TEST_SUITE_END()
