//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#define BOOST_TEST_MODULE core_registry
#include <boost/test/unit_test.hpp>

#include <boost/websocketio/registry.hpp>

#include <boost/websocketio/detail/http.hpp>

namespace wsio = boost::websocketio;
namespace http = boost::beast::http;

namespace {

// A factory that records only its identity; selection never creates.
class fake_factory : public wsio::codec_factory
{
public:
    fake_factory(std::string name, std::string token, std::string detect_field)
        : name_(std::move(name)), token_(std::move(token)),
          detect_field_(std::move(detect_field))
    {
    }
    std::string_view
    protocol_version() const noexcept override
    {
        return name_;
    }
    std::string_view
    version_token() const noexcept override
    {
        return token_;
    }
    bool
    detect(wsio::request_type const& req) const override
    {
        if (detect_field_ == "*")
            return true;
        return wsio::detail::has_field(req, detect_field_);
    }
    std::unique_ptr<wsio::codec>
    create(wsio::codec_config const&) const override
    {
        return nullptr;
    }

private:
    std::string name_, token_, detect_field_;
};

wsio::registry
make_registry()
{
    wsio::registry r;
    r.add(std::make_shared<fake_factory>("hybi-13", "13", ""))
        .add(std::make_shared<fake_factory>("hybi-08", "8", ""))
        .add(std::make_shared<fake_factory>("hybi-07", "7", ""))
        .add(std::make_shared<fake_factory>("hixie-76", "",
                                            "Sec-WebSocket-Key1"))
        .add(std::make_shared<fake_factory>("hixie-75", "", "*"));
    return r;
}

wsio::request_type
upgrade(char const* upgrade_value = "websocket")
{
    wsio::request_type req{http::verb::get, "/chat", 11};
    req.set(http::field::host, "example.com");
    req.set(http::field::upgrade, upgrade_value);
    req.set(http::field::connection, "Upgrade");
    return req;
}

std::string
selected(wsio::registry const& r, wsio::request_type const& req)
{
    auto const s = r.select(req);
    if (s.factory)
        return std::string(s.factory->protocol_version());
    return s.ec.message();
}

std::string
detail_value(wsio::request_type const& req)
{
    return std::string(wsio::detail::field(req, "Sec-WebSocket-Version"));
}

} // namespace

BOOST_AUTO_TEST_SUITE(registry)

BOOST_AUTO_TEST_CASE(version_header_selects_hybi_exactly)
{
    auto const r = make_registry();
    for (auto [v, name] : {std::pair{"13", "hybi-13"}, std::pair{"8", "hybi-08"},
                           std::pair{"7", "hybi-07"}})
    {
        auto req = upgrade();
        req.set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        req.set("Sec-WebSocket-Version", v);
        BOOST_TEST(selected(r, req) == name);
    }
}

BOOST_AUTO_TEST_CASE(lookalike_versions_never_match)
{
    auto const r = make_registry();
    for (char const* v : {"constructor", "toString", "__proto__",
                          "hasOwnProperty", "7 8", "1 3", "07", "+8", "013", "",
                          "14", "6", "0", "13,8", "1e1", "8.0", "-13"})
    {
        auto req = upgrade();
        req.set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        req.set("Sec-WebSocket-Version", v);
        auto const s = r.select(req);
        BOOST_TEST(!s.factory, "version '" << v << "' matched");
        BOOST_TEST(s.ec == wsio::error::unsupported_version);
        BOOST_TEST(wsio::to_http_status(s.ec) == 426u);
    }
}

BOOST_AUTO_TEST_CASE(surrounding_whitespace_is_not_part_of_the_value)
{
    // RFC 7230 3.2.4: optional whitespace around a field value is not part
    // of it; Beast strips it, so "7 " on the wire is the value "7".
    auto const r = make_registry();
    auto req = upgrade();
    req.set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    req.set("Sec-WebSocket-Version", "7 ");
    BOOST_TEST(detail_value(req) == "7");
    BOOST_TEST(selected(r, req) == "hybi-07");
}

BOOST_AUTO_TEST_CASE(hixie_drafts_are_found_by_their_keys)
{
    auto const r = make_registry();
    auto req = upgrade("WebSocket");
    req.set("Sec-WebSocket-Key1", "4 @1  46546xW%0l 1 5");
    req.set("Sec-WebSocket-Key2", "12998 5 Y3 1  .P00");
    BOOST_TEST(selected(r, req) == "hixie-76");
    BOOST_TEST(selected(r, upgrade("WebSocket")) == "hixie-75");
}

BOOST_AUTO_TEST_CASE(hybi_key_without_version_is_told_the_versions)
{
    auto const r = make_registry();
    auto req = upgrade();
    req.set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    BOOST_TEST(r.select(req).ec == wsio::error::unsupported_version);
    BOOST_TEST(r.supported_versions() == "13, 8, 7");
}

BOOST_AUTO_TEST_CASE(malformed_requests_are_refused_with_400)
{
    auto const r = make_registry();
    auto post = upgrade();
    post.method(http::verb::post);
    BOOST_TEST(r.select(post).ec == wsio::error::bad_method);

    auto http10 = upgrade();
    http10.version(10);
    BOOST_TEST(r.select(http10).ec == wsio::error::bad_http_version);

    BOOST_TEST(r.select(upgrade("h2c")).ec == wsio::error::no_upgrade);
    auto no_upgrade = upgrade();
    no_upgrade.erase(http::field::upgrade);
    BOOST_TEST(r.select(no_upgrade).ec == wsio::error::no_upgrade);

    auto no_conn = upgrade();
    no_conn.set(http::field::connection, "keep-alive");
    BOOST_TEST(r.select(no_conn).ec == wsio::error::no_connection_upgrade);

    for (auto ec : {r.select(post).ec, r.select(no_conn).ec})
        BOOST_TEST(wsio::to_http_status(ec) == 400u);
}

BOOST_AUTO_TEST_CASE(header_lists_are_matched_by_token_in_any_case)
{
    auto const r = make_registry();
    auto req = upgrade("h2c, WebSocket");
    req.set(http::field::connection, "keep-alive, UPGRADE");
    req.set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    req.set("Sec-WebSocket-Version", "13");
    BOOST_TEST(selected(r, req) == "hybi-13");
}

BOOST_AUTO_TEST_CASE(list_fields_on_several_lines_combine)
{
    // RFC 7230 3.2.2: "Connection: keep-alive" and "Connection: Upgrade"
    // on two lines are "keep-alive, Upgrade"; the same for Upgrade.
    auto const r = make_registry();
    auto req = upgrade("h2c");
    req.insert(http::field::upgrade, "websocket");
    req.set(http::field::connection, "keep-alive");
    req.insert(http::field::connection, "Upgrade");
    req.set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    req.set("Sec-WebSocket-Version", "13");
    BOOST_TEST(selected(r, req) == "hybi-13");
}

BOOST_AUTO_TEST_CASE(repeated_single_fields_are_refused_before_selection)
{
    auto const r = make_registry();
    for (char const* f : {"Sec-WebSocket-Version", "Sec-WebSocket-Key",
                          "Host", "Origin"})
    {
        auto req = upgrade();
        req.set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        req.set("Sec-WebSocket-Version", "13");
        req.set("Origin", "http://a.example");
        req.insert(f, std::string(req[f]));
        auto const s = r.select(req);
        BOOST_TEST(!s.factory, f);
        BOOST_TEST(s.ec == wsio::error::bad_request, f);
    }
    // Two versions are refused 400, not answered 426 for the first.
    auto two = upgrade();
    two.set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    two.set("Sec-WebSocket-Version", "13");
    two.insert("Sec-WebSocket-Version", "8");
    BOOST_TEST(r.select(two).ec == wsio::error::bad_request);
    // hixie-76 keys.
    auto keys = upgrade("WebSocket");
    keys.set("Sec-WebSocket-Key1", "4 @1  46546xW%0l 1 5");
    keys.set("Sec-WebSocket-Key2", "12998 5 Y3 1  .P00");
    keys.insert("Sec-WebSocket-Key1", "1 2");
    BOOST_TEST(r.select(keys).ec == wsio::error::bad_request);
}

BOOST_AUTO_TEST_CASE(content_length_8_only_for_a_hixie76_request)
{
    auto const r = make_registry();
    auto hixie76 = upgrade("WebSocket");
    hixie76.set("Sec-WebSocket-Key1", "4 @1  46546xW%0l 1 5");
    hixie76.set("Sec-WebSocket-Key2", "12998 5 Y3 1  .P00");
    hixie76.set(http::field::content_length, "8");
    BOOST_TEST(selected(r, hixie76) == "hixie-76");
    hixie76.set(http::field::content_length, "5");
    BOOST_TEST(r.select(hixie76).ec == wsio::error::bad_request);

    // The same keys beside a hybi version: the body would be frames.
    auto hybi = upgrade();
    hybi.set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    hybi.set("Sec-WebSocket-Version", "13");
    hybi.set("Sec-WebSocket-Key1", "4 @1  46546xW%0l 1 5");
    hybi.set(http::field::content_length, "8");
    BOOST_TEST(r.select(hybi).ec == wsio::error::bad_request);

    auto hixie75 = upgrade("WebSocket");
    hixie75.set(http::field::content_length, "8");
    BOOST_TEST(r.select(hixie75).ec == wsio::error::bad_request);
    hixie75.set(http::field::content_length, "0");
    BOOST_TEST(selected(r, hixie75) == "hixie-75");
    hixie75.erase(http::field::content_length);
    hixie75.set(http::field::transfer_encoding, "chunked");
    BOOST_TEST(r.select(hixie75).ec == wsio::error::bad_request);
}

BOOST_AUTO_TEST_CASE(the_target_must_be_origin_form_or_absolute_form)
{
    auto const r = make_registry();
    auto req = upgrade();
    req.set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    req.set("Sec-WebSocket-Version", "13");
    req.target("http://example.com/chat");
    BOOST_TEST(selected(r, req) == "hybi-13");
    for (char const* t : {"*", "example.com:443", "chat"})
    {
        req.target(t);
        BOOST_TEST(r.select(req).ec == wsio::error::bad_request, t);
    }
}

BOOST_AUTO_TEST_CASE(registry_is_open_and_ordered)
{
    auto r = make_registry();
    BOOST_TEST(r.remove("hybi-07"));
    BOOST_TEST(!r.remove("hybi-07"));
    BOOST_TEST(r.supported_versions() == "13, 8");
    r.add(std::make_shared<fake_factory>("custom-42", "42", ""));
    BOOST_TEST(r.supported_versions() == "42, 13, 8");
    auto req = upgrade();
    req.set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    req.set("Sec-WebSocket-Version", "42");
    BOOST_TEST(selected(r, req) == "custom-42");
    wsio::registry empty;
    BOOST_TEST(empty.empty());
    BOOST_TEST(empty.select(upgrade("WebSocket")).ec ==
               wsio::error::unsupported_version);
}

BOOST_AUTO_TEST_CASE(error_response_is_complete_http)
{
    auto const resp = wsio::detail::make_error_response(
        wsio::error::unsupported_version, "13, 8, 7");
    BOOST_TEST(resp.rfind("HTTP/1.1 426 Upgrade Required\r\n", 0) == 0u);
    BOOST_TEST(resp.find("\r\nSec-WebSocket-Version: 13, 8, 7\r\n") !=
               std::string::npos);
    BOOST_TEST(resp.find("\r\nConnection: close\r\n") != std::string::npos);
    auto const body = resp.substr(resp.find("\r\n\r\n") + 4);
    BOOST_TEST(resp.find("Content-Length: " + std::to_string(body.size())) !=
               std::string::npos);
    auto const bad = wsio::detail::make_error_response(wsio::error::bad_sec_key);
    BOOST_TEST(bad.rfind("HTTP/1.1 400 Bad Request\r\n", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(split_list_is_linear_and_trims)
{
    auto const t = wsio::detail::split_list(" chat ,, superchat\t, ");
    BOOST_TEST(t.size() == 2u);
    BOOST_TEST(t[0] == "chat");
    BOOST_TEST(t[1] == "superchat");
    // CVE-2021-32640 shape: a long run of spaces parses in one pass.
    std::string evil = "a" + std::string(200000, ' ') + "b";
    BOOST_TEST(wsio::detail::split_list(evil).size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
