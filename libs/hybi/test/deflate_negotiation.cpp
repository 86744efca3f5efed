//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// permessage-deflate negotiation (RFC 7692 sections 5 and 7, RFC 6455
// section 9.1): every row gives the offer and the exact
// Sec-WebSocket-Extensions value answered, or none when it is declined,
// with the parameters the answer binds both ends to.

#define BOOST_TEST_MODULE hybi_deflate_negotiation
#include <boost/test/unit_test.hpp>

#include <boost/websocketio/hybi.hpp>
#include <boost/websocketio/hybi/detail/deflate_negotiation.hpp>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace wsio = boost::websocketio;
namespace http = boost::beast::http;
using wsio::hybi::detail::deflate_params;
using status = wsio::handshake_result::status;

namespace boost {
namespace websocketio {
namespace hybi {
namespace detail {

std::ostream&
operator<<(std::ostream& os, deflate_params const& p)
{
    return os << "{snct=" << p.server_no_context_takeover
              << " cnct=" << p.client_no_context_takeover
              << " smwb=" << int(p.server_max_window_bits)
              << " cmwb=" << int(p.client_max_window_bits) << "}";
}

} // namespace detail
} // namespace hybi
} // namespace websocketio
} // namespace boost

namespace {

// One negotiation: the offer (one field line), and the answer or nullptr
// for a decline; with an answer, the parameters it agrees on.
struct row
{
    char const* offer;
    char const* answer;
    bool server_no_context_takeover = false;
    bool client_no_context_takeover = false;
    int server_max_window_bits = 15;
    int client_max_window_bits = 15;
};

constexpr char const* declined = nullptr;

wsio::permessage_deflate_options
shared(int server_bits = 15, int client_bits = 15)
{
    wsio::permessage_deflate_options o;
    o.enabled = true;
    o.context_takeover = false;
    o.server_max_window_bits = server_bits;
    o.client_max_window_bits = client_bits;
    return o;
}

wsio::permessage_deflate_options
dedicated(int server_bits = 15, int client_bits = 15)
{
    auto o = shared(server_bits, client_bits);
    o.context_takeover = true;
    return o;
}

using lines = std::vector<char const*>;

wsio::request_type
request_with(lines const& values)
{
    wsio::request_type req{http::verb::get, "/chat", 11};
    for (char const* line : values)
        req.insert("Sec-WebSocket-Extensions", line);
    return req;
}

void
check(wsio::hybi::detail::deflate_offer_result const& r, row const& w)
{
    if (!w.answer)
    {
        BOOST_TEST(!r.accepted);
        BOOST_TEST(r.response == "");
        BOOST_TEST(r.params == deflate_params{});
        return;
    }
    BOOST_TEST(r.accepted);
    BOOST_TEST(r.response == w.answer);
    deflate_params p;
    p.server_no_context_takeover = w.server_no_context_takeover;
    p.client_no_context_takeover = w.client_no_context_takeover;
    p.server_max_window_bits =
        static_cast<std::uint8_t>(w.server_max_window_bits);
    p.client_max_window_bits =
        static_cast<std::uint8_t>(w.client_max_window_bits);
    BOOST_TEST(r.params == p);
}

// Each row through both entry points: the request (one field line) and
// the field value alone.
template <std::size_t N>
void
check_table(row const (&rows)[N], wsio::permessage_deflate_options const& o)
{
    for (row const& w : rows)
    {
        BOOST_TEST_CONTEXT("offer '" << w.offer << "'")
        {
            check(wsio::hybi::detail::negotiate_permessage_deflate(
                      request_with({w.offer}), o),
                  w);
            wsio::hybi::detail::deflate_offer_result r;
            wsio::hybi::detail::negotiate_permessage_deflate(w.offer, o, r);
            check(r, w);
        }
    }
}

#define SHARED                                                                 \
    "permessage-deflate; server_no_context_takeover; "                         \
    "client_no_context_takeover"

} // namespace

BOOST_AUTO_TEST_SUITE(shared_mode)

// options.context_takeover == false, windows 15: both no_context_takeover
// parameters in every answer (RFC 7692 sections 7.1.1.1 and 7.1.1.2 let a
// server add them unasked).
BOOST_AUTO_TEST_CASE(offers_of_valid_parameters)
{
    row const rows[] = {
        {"permessage-deflate", SHARED, true, true},
        {"permessage-deflate; client_max_window_bits", SHARED, true, true},
        {"permessage-deflate; server_no_context_takeover", SHARED, true, true},
        {"permessage-deflate; client_no_context_takeover", SHARED, true, true},
        {"permessage-deflate; server_no_context_takeover; "
         "client_no_context_takeover",
         SHARED, true, true},
        // A value on client_max_window_bits is a promise the answer keeps
        // (section 7.1.2.2: equal or smaller).
        {"permessage-deflate; client_max_window_bits=8",
         SHARED "; client_max_window_bits=8", true, true, 15, 8},
        {"permessage-deflate; client_max_window_bits=10",
         SHARED "; client_max_window_bits=10", true, true, 15, 10},
        {"permessage-deflate; client_max_window_bits=15",
         SHARED "; client_max_window_bits=15", true, true, 15, 15},
        // Section 7.1.2.1: accepting server_max_window_bits names it back.
        {"permessage-deflate; server_max_window_bits=8",
         SHARED "; server_max_window_bits=8", true, true, 8},
        {"permessage-deflate; server_max_window_bits=9",
         SHARED "; server_max_window_bits=9", true, true, 9},
        {"permessage-deflate; server_max_window_bits=10",
         SHARED "; server_max_window_bits=10", true, true, 10},
        {"permessage-deflate; server_max_window_bits=11",
         SHARED "; server_max_window_bits=11", true, true, 11},
        {"permessage-deflate; server_max_window_bits=12",
         SHARED "; server_max_window_bits=12", true, true, 12},
        {"permessage-deflate; server_max_window_bits=13",
         SHARED "; server_max_window_bits=13", true, true, 13},
        {"permessage-deflate; server_max_window_bits=14",
         SHARED "; server_max_window_bits=14", true, true, 14},
        {"permessage-deflate; server_max_window_bits=15",
         SHARED "; server_max_window_bits=15", true, true, 15},
        {"permessage-deflate; server_max_window_bits=9; "
         "client_max_window_bits=12",
         SHARED "; server_max_window_bits=9; client_max_window_bits=12", true,
         true, 9, 12},
        // Parameters in any order; the answer's order is fixed.
        {"permessage-deflate; client_max_window_bits=12; "
         "server_max_window_bits=9; client_no_context_takeover; "
         "server_no_context_takeover",
         SHARED "; server_max_window_bits=9; client_max_window_bits=12", true,
         true, 9, 12},
        // RFC 6455 section 9.1: a quoted-string value is read unescaped.
        {"permessage-deflate; server_max_window_bits=\"10\"",
         SHARED "; server_max_window_bits=10", true, true, 10},
        {"permessage-deflate; server_max_window_bits=\"1\\0\"",
         SHARED "; server_max_window_bits=10", true, true, 10},
        {"permessage-deflate; client_max_window_bits=\"9\"",
         SHARED "; client_max_window_bits=9", true, true, 15, 9},
    };
    check_table(rows, shared());
}

BOOST_AUTO_TEST_CASE(invalid_values_decline)
{
    // RFC 7692 section 7: "A server MUST decline an extension negotiation
    // offer ... with an invalid value"; sections 7.1.2.1 and 7.1.2.2: a
    // decimal 8 to 15 without leading zeroes.
    row const rows[] = {
        {"permessage-deflate; server_max_window_bits=7", declined},
        {"permessage-deflate; server_max_window_bits=16", declined},
        {"permessage-deflate; server_max_window_bits=0", declined},
        {"permessage-deflate; server_max_window_bits=08", declined},
        {"permessage-deflate; server_max_window_bits=010", declined},
        {"permessage-deflate; server_max_window_bits=1.0", declined},
        {"permessage-deflate; server_max_window_bits=+9", declined},
        {"permessage-deflate; server_max_window_bits=-9", declined},
        {"permessage-deflate; server_max_window_bits=0x9", declined},
        {"permessage-deflate; server_max_window_bits=9a", declined},
        {"permessage-deflate; server_max_window_bits=150", declined},
        {"permessage-deflate; server_max_window_bits=\"\"", declined},
        {"permessage-deflate; server_max_window_bits=\"010\"", declined},
        {"permessage-deflate; server_max_window_bits=\"1 0\"", declined},
        {"permessage-deflate; server_max_window_bits=\" 10\"", declined},
        // No value: section 7.1.2.1 gives it one in an offer.
        {"permessage-deflate; server_max_window_bits", declined},
        {"permessage-deflate; client_max_window_bits=7", declined},
        {"permessage-deflate; client_max_window_bits=16", declined},
        {"permessage-deflate; client_max_window_bits=08", declined},
        {"permessage-deflate; client_max_window_bits=1.0", declined},
        {"permessage-deflate; client_max_window_bits=\"\"", declined},
        // The no_context_takeover parameters have no value (7.1.1.1,
        // 7.1.1.2), not even an empty one.
        {"permessage-deflate; server_no_context_takeover=1", declined},
        {"permessage-deflate; server_no_context_takeover=true", declined},
        {"permessage-deflate; client_no_context_takeover=1", declined},
        {"permessage-deflate; client_no_context_takeover=\"\"", declined},
    };
    check_table(rows, shared());
}

BOOST_AUTO_TEST_CASE(repeated_and_unknown_parameters_decline)
{
    // Section 7: "multiple extension parameters with the same name", "an
    // extension parameter not defined for use in an offer".
    row const rows[] = {
        {"permessage-deflate; server_no_context_takeover; "
         "server_no_context_takeover",
         declined},
        {"permessage-deflate; client_no_context_takeover; "
         "client_no_context_takeover",
         declined},
        {"permessage-deflate; server_max_window_bits=10; "
         "server_max_window_bits=10",
         declined},
        {"permessage-deflate; server_max_window_bits=10; "
         "server_max_window_bits=12",
         declined},
        {"permessage-deflate; client_max_window_bits; client_max_window_bits",
         declined},
        {"permessage-deflate; client_max_window_bits; "
         "client_max_window_bits=10",
         declined},
        // Names differing only in case are the same name.
        {"permessage-deflate; client_max_window_bits; "
         "CLIENT_MAX_WINDOW_BITS",
         declined},
        {"permessage-deflate; foo", declined},
        {"permessage-deflate; foo=bar", declined},
        {"permessage-deflate; client_max_window_bits; x=1", declined},
        {"permessage-deflate; max_window_bits=10", declined},
        {"permessage-deflate; no_context_takeover", declined},
        {"permessage-deflate; server_max_window_bits_=10", declined},
    };
    check_table(rows, shared());
}

BOOST_AUTO_TEST_CASE(other_extensions_are_skipped)
{
    row const rows[] = {
        // Safari before 15 (legacy WebKit).
        {"x-webkit-deflate-frame", declined},
        {"x-webkit-deflate-frame; no_context_takeover", declined},
        {"deflate-frame", declined},
        {"permessage-bzip2", declined},
        {"permessage-deflate2", declined},
        {"xpermessage-deflate", declined},
        {"foo; permessage-deflate", declined},
        {"foo; bar=permessage-deflate", declined},
        {"foo; bar=\"permessage-deflate\"", declined},
        {"x-webkit-deflate-frame, permessage-deflate", SHARED, true, true},
        {"foo; bar=\"a, b\"; baz, permessage-deflate", SHARED, true, true},
        {"mux; max-channels=4; flow-control, "
         "permessage-deflate; client_max_window_bits=11",
         SHARED "; client_max_window_bits=11", true, true, 15, 11},
    };
    check_table(rows, shared());
}

BOOST_AUTO_TEST_CASE(first_acceptable_offer_wins)
{
    // RFC 7692 section 5: offers come in the client's order of preference;
    // a declined one leaves the next its turn.
    row const rows[] = {
        {"permessage-deflate; server_max_window_bits=7, "
         "permessage-deflate; client_max_window_bits",
         SHARED, true, true},
        {"permessage-deflate; foo, permessage-deflate", SHARED, true, true},
        {"permessage-deflate; server_max_window_bits, "
         "permessage-deflate; server_max_window_bits=12",
         SHARED "; server_max_window_bits=12", true, true, 12},
        {"permessage-deflate; server_max_window_bits=10, permessage-deflate",
         SHARED "; server_max_window_bits=10", true, true, 10},
        {"permessage-deflate, permessage-deflate; server_max_window_bits=10",
         SHARED, true, true},
        {"permessage-deflate; x=\"a, permessage-deflate\", "
         "permessage-deflate; client_max_window_bits=9",
         SHARED "; client_max_window_bits=9", true, true, 15, 9},
        {"permessage-deflate; foo, permessage-deflate; bar", declined},
    };
    check_table(rows, shared());
}

BOOST_AUTO_TEST_CASE(whitespace_case_and_empty_elements)
{
    row const rows[] = {
        {"permessage-deflate;client_max_window_bits=10",
         SHARED "; client_max_window_bits=10", true, true, 15, 10},
        {"  permessage-deflate  ;  client_max_window_bits  =  10  ",
         SHARED "; client_max_window_bits=10", true, true, 15, 10},
        {"\tpermessage-deflate\t;\tserver_max_window_bits\t=\t\"11\"\t",
         SHARED "; server_max_window_bits=11", true, true, 11},
        // Names are tokens compared ignoring case, as HTTP coding names;
        // the answer spells them as RFC 7692 registers them.
        {"PERMESSAGE-DEFLATE", SHARED, true, true},
        {"Permessage-Deflate; Client_Max_Window_Bits=10; "
         "SERVER_NO_CONTEXT_TAKEOVER",
         SHARED "; client_max_window_bits=10", true, true, 15, 10},
        // Empty list elements are not elements (RFC 7230 section 7).
        {", ,permessage-deflate ,", SHARED, true, true},
        {",,, permessage-deflate; client_max_window_bits=12,,",
         SHARED "; client_max_window_bits=12", true, true, 15, 12},
        {"", declined},
        {" ", declined},
        {",", declined},
        {" , , ", declined},
    };
    check_table(rows, shared());
}

BOOST_AUTO_TEST_CASE(malformed_elements_decline_and_are_skipped)
{
    row const rows[] = {
        {"permessage-deflate;", declined},
        {"permessage-deflate; ", declined},
        {"permessage-deflate;;", declined},
        {"permessage-deflate; ; client_max_window_bits", declined},
        {"permessage-deflate client_max_window_bits", declined},
        {"permessage-deflate; client_max_window_bits=", declined},
        {"permessage-deflate; client_max_window_bits=1 0", declined},
        {"permessage-deflate; server_max_window_bits=10;", declined},
        {"permessage-deflate; server_max_window_bits=\"10", declined},
        {"permessage-deflate; server_max_window_bits=10\"", declined},
        {"permessage-deflate; server_max_window_bits==10", declined},
        {"permessage-deflate; =10", declined},
        {"permessage-deflate=1", declined},
        {"permessage-deflate/1", declined},
        {"\"permessage-deflate\"", declined},
        {"; permessage-deflate", declined},
        {"permessage-deflate; server_max_window_bits=(10)", declined},
        // An unterminated quoted-string runs to the end of the line.
        {"permessage-deflate; x=\"a, permessage-deflate", declined},
        // The next element after a malformed one still counts; a comma in
        // a quoted-string ends nothing.
        {"permessage-deflate; ; x, permessage-deflate", SHARED, true, true},
        {"permessage-deflate client_max_window_bits, "
         "permessage-deflate; client_max_window_bits=13",
         SHARED "; client_max_window_bits=13", true, true, 15, 13},
        {"foo=\"a, b\", permessage-deflate", SHARED, true, true},
        {"permessage-deflate; x=\"a\x01, b\", permessage-deflate", SHARED, true,
         true},
        {"permessage-deflate; x=\"a\\\x01, b\", permessage-deflate", SHARED,
         true, true},
    };
    check_table(rows, shared());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(dedicated_mode)

// options.context_takeover == true, windows 15: the answer holds what the
// offer asked and nothing else.
BOOST_AUTO_TEST_CASE(offers_of_valid_parameters)
{
    row const rows[] = {
        {"permessage-deflate", "permessage-deflate"},
        {"permessage-deflate; client_max_window_bits", "permessage-deflate"},
        // Section 7.1.1.1: accepted by naming it back, and honoured.
        {"permessage-deflate; server_no_context_takeover",
         "permessage-deflate; server_no_context_takeover", true, false},
        // Section 7.1.1.2: a server may include it; echoed.
        {"permessage-deflate; client_no_context_takeover",
         "permessage-deflate; client_no_context_takeover", false, true},
        {"permessage-deflate; client_no_context_takeover; "
         "server_no_context_takeover",
         SHARED, true, true},
        {"permessage-deflate; server_max_window_bits=8",
         "permessage-deflate; server_max_window_bits=8", false, false, 8},
        {"permessage-deflate; server_max_window_bits=12",
         "permessage-deflate; server_max_window_bits=12", false, false, 12},
        {"permessage-deflate; server_max_window_bits=15",
         "permessage-deflate; server_max_window_bits=15", false, false, 15},
        {"permessage-deflate; client_max_window_bits=10",
         "permessage-deflate; client_max_window_bits=10", false, false, 15, 10},
        {"permessage-deflate; client_max_window_bits=15",
         "permessage-deflate; client_max_window_bits=15"},
        {"permessage-deflate; server_no_context_takeover; "
         "server_max_window_bits=9; client_max_window_bits=11",
         "permessage-deflate; server_no_context_takeover; "
         "server_max_window_bits=9; client_max_window_bits=11",
         true, false, 9, 11},
        {"x-webkit-deflate-frame", declined},
        {"permessage-deflate; server_max_window_bits=16", declined},
        {"permessage-deflate; server_max_window_bits", declined},
        {"permessage-deflate; client_no_context_takeover=x", declined},
        {"permessage-deflate; foo", declined},
    };
    check_table(rows, dedicated());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(smaller_windows)

BOOST_AUTO_TEST_CASE(shared_server_10_client_12)
{
    // The server's own smaller window is named unasked (section 7.1.2.1
    // permits it). The client's is named only when the offer had
    // client_max_window_bits (section 7.1.2.2: else MUST NOT), so an
    // offer without it is declined: that client may use 15.
    row const rows[] = {
        {"permessage-deflate", declined},
        {"permessage-deflate; server_max_window_bits=9", declined},
        {"permessage-deflate; client_max_window_bits",
         SHARED "; server_max_window_bits=10; client_max_window_bits=12", true,
         true, 10, 12},
        {"permessage-deflate; client_max_window_bits=9",
         SHARED "; server_max_window_bits=10; client_max_window_bits=9", true,
         true, 10, 9},
        {"permessage-deflate; client_max_window_bits=12",
         SHARED "; server_max_window_bits=10; client_max_window_bits=12", true,
         true, 10, 12},
        {"permessage-deflate; client_max_window_bits=14",
         SHARED "; server_max_window_bits=10; client_max_window_bits=12", true,
         true, 10, 12},
        {"permessage-deflate; client_max_window_bits; "
         "server_max_window_bits=8",
         SHARED "; server_max_window_bits=8; client_max_window_bits=12", true,
         true, 8, 12},
        {"permessage-deflate; client_max_window_bits; "
         "server_max_window_bits=10",
         SHARED "; server_max_window_bits=10; client_max_window_bits=12", true,
         true, 10, 12},
        {"permessage-deflate; client_max_window_bits; "
         "server_max_window_bits=15",
         SHARED "; server_max_window_bits=10; client_max_window_bits=12", true,
         true, 10, 12},
        // Firefox's offer first, Chrome's second: the second.
        {"permessage-deflate, permessage-deflate; client_max_window_bits",
         SHARED "; server_max_window_bits=10; client_max_window_bits=12", true,
         true, 10, 12},
    };
    check_table(rows, shared(10, 12));
}

BOOST_AUTO_TEST_CASE(dedicated_server_9_client_15)
{
    row const rows[] = {
        {"permessage-deflate", "permessage-deflate; server_max_window_bits=9",
         false, false, 9},
        {"permessage-deflate; client_max_window_bits",
         "permessage-deflate; server_max_window_bits=9", false, false, 9},
        {"permessage-deflate; server_max_window_bits=8",
         "permessage-deflate; server_max_window_bits=8", false, false, 8},
        {"permessage-deflate; server_max_window_bits=12",
         "permessage-deflate; server_max_window_bits=9", false, false, 9},
    };
    check_table(rows, dedicated(9, 15));
}

BOOST_AUTO_TEST_CASE(dedicated_server_15_client_8)
{
    row const rows[] = {
        {"permessage-deflate", declined},
        {"permessage-deflate; server_no_context_takeover", declined},
        {"permessage-deflate; client_max_window_bits",
         "permessage-deflate; client_max_window_bits=8", false, false, 15, 8},
        {"permessage-deflate; client_max_window_bits=15",
         "permessage-deflate; client_max_window_bits=8", false, false, 15, 8},
    };
    check_table(rows, dedicated(15, 8));
}

BOOST_AUTO_TEST_CASE(options_out_of_range_decline_every_offer)
{
    row const rows[] = {
        {"permessage-deflate", declined},
        {"permessage-deflate; client_max_window_bits", declined},
        {"permessage-deflate; server_max_window_bits=10; "
         "client_max_window_bits=10",
         declined},
    };
    for (auto const& o : {shared(7, 15), shared(16, 15), shared(15, 7),
                          shared(15, 16), dedicated(0, 15), dedicated(15, -1)})
    {
        BOOST_TEST_CONTEXT("options " << o.server_max_window_bits << "/"
                                      << o.client_max_window_bits)
        check_table(rows, o);
    }
}

BOOST_AUTO_TEST_SUITE_END()

// What real clients offer, as captured on loopback (Chromium 156, ws
// 8.23.0, Python websockets 10.4) or read in their sources (Firefox,
// Safari, Autobahn|Testsuite); doc/deflate.md cites them.
BOOST_AUTO_TEST_SUITE(real_clients)

char const* const chrome = "permessage-deflate; client_max_window_bits";
char const* const firefox = "permessage-deflate";

// Autobahn|Testsuite 13.1 to 13.7 (12.x offers as 13.1).
#define AB_BASE                                                                \
    "permessage-deflate; client_no_context_takeover; "                         \
    "client_max_window_bits"
char const* const autobahn_13_1 = AB_BASE;
char const* const autobahn_13_2 = AB_BASE "; server_no_context_takeover";
char const* const autobahn_13_3 = AB_BASE "; server_max_window_bits=9";
char const* const autobahn_13_4 = AB_BASE "; server_max_window_bits=15";
char const* const autobahn_13_5 =
    AB_BASE "; server_no_context_takeover; server_max_window_bits=9";
char const* const autobahn_13_6 =
    AB_BASE "; server_no_context_takeover; server_max_window_bits=15";
char const* const autobahn_13_7 =
    AB_BASE "; server_no_context_takeover; server_max_window_bits=9, " AB_BASE
            "; server_no_context_takeover, " AB_BASE;

BOOST_AUTO_TEST_CASE(in_shared_mode)
{
    row const rows[] = {
        {chrome, SHARED, true, true},
        {firefox, SHARED, true, true},
        {"x-webkit-deflate-frame", declined},
        {autobahn_13_1, SHARED, true, true},
        {autobahn_13_2, SHARED, true, true},
        {autobahn_13_3, SHARED "; server_max_window_bits=9", true, true, 9},
        {autobahn_13_4, SHARED "; server_max_window_bits=15", true, true, 15},
        {autobahn_13_5, SHARED "; server_max_window_bits=9", true, true, 9},
        {autobahn_13_6, SHARED "; server_max_window_bits=15", true, true, 15},
        {autobahn_13_7, SHARED "; server_max_window_bits=9", true, true, 9},
    };
    check_table(rows, shared());
}

BOOST_AUTO_TEST_CASE(in_dedicated_mode)
{
    row const rows[] = {
        {chrome, "permessage-deflate"},
        {firefox, "permessage-deflate"},
        {"x-webkit-deflate-frame", declined},
        {autobahn_13_1, "permessage-deflate; client_no_context_takeover", false,
         true},
        {autobahn_13_2, SHARED, true, true},
        {autobahn_13_3,
         "permessage-deflate; client_no_context_takeover; "
         "server_max_window_bits=9",
         false, true, 9},
        {autobahn_13_4,
         "permessage-deflate; client_no_context_takeover; "
         "server_max_window_bits=15",
         false, true, 15},
        {autobahn_13_5, SHARED "; server_max_window_bits=9", true, true, 9},
        {autobahn_13_6, SHARED "; server_max_window_bits=15", true, true, 15},
        {autobahn_13_7, SHARED "; server_max_window_bits=9", true, true, 9},
    };
    check_table(rows, dedicated());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(several_lines)

// RFC 7230 section 3.2.2: the lines of a list field form one list, in
// order.
BOOST_AUTO_TEST_CASE(lines_form_one_list_in_order)
{
    namespace hd = wsio::hybi::detail;
    auto const o = shared();
    {
        auto const r = hd::negotiate_permessage_deflate(
            request_with({"x-webkit-deflate-frame",
                          "permessage-deflate; client_max_window_bits=10"}),
            o);
        check(r,
              {"", SHARED "; client_max_window_bits=10", true, true, 15, 10});
    }
    {
        auto const r = hd::negotiate_permessage_deflate(
            request_with({"permessage-deflate; foo",
                          "permessage-deflate; server_max_window_bits=11"}),
            o);
        check(r, {"", SHARED "; server_max_window_bits=11", true, true, 11});
    }
    {
        // The first line's offer wins over the second's.
        auto const r = hd::negotiate_permessage_deflate(
            request_with({"permessage-deflate; server_max_window_bits=12",
                          "permessage-deflate; server_max_window_bits=9"}),
            o);
        check(r, {"", SHARED "; server_max_window_bits=12", true, true, 12});
    }
    {
        // An unterminated quoted-string ends with its line.
        auto const r = hd::negotiate_permessage_deflate(
            request_with({"permessage-deflate; x=\"a, permessage-deflate",
                          "permessage-deflate; client_max_window_bits=9"}),
            o);
        check(r, {"", SHARED "; client_max_window_bits=9", true, true, 15, 9});
    }
    {
        auto const r = hd::negotiate_permessage_deflate(
            request_with(
                {"x-webkit-deflate-frame", "permessage-deflate; x", ""}),
            o);
        check(r, {"", declined});
    }
    {
        // No line at all.
        check(hd::negotiate_permessage_deflate(request_with({}), o),
              {"", declined});
    }
}

BOOST_AUTO_TEST_CASE(field_name_in_any_case)
{
    wsio::request_type req{http::verb::get, "/chat", 11};
    req.insert("sec-websocket-extensions", "foo");
    req.insert("SEC-WEBSOCKET-EXTENSIONS", "permessage-deflate");
    check(wsio::hybi::detail::negotiate_permessage_deflate(req, dedicated()),
          {"", "permessage-deflate"});
}

BOOST_AUTO_TEST_CASE(an_earlier_acceptance_is_kept)
{
    wsio::hybi::detail::deflate_offer_result r;
    wsio::hybi::detail::negotiate_permessage_deflate(
        "permessage-deflate; server_max_window_bits=10", shared(), r);
    wsio::hybi::detail::negotiate_permessage_deflate(
        "permessage-deflate; server_max_window_bits=12", shared(), r);
    check(r, {"", SHARED "; server_max_window_bits=10", true, true, 10});
}

BOOST_AUTO_TEST_SUITE_END()

// The whole opening handshake through hybi::codec.
BOOST_AUTO_TEST_SUITE(handshake)

namespace {

wsio::hybi::draft const drafts[] = {wsio::hybi::hybi13_draft,
                                    wsio::hybi::hybi08_draft,
                                    wsio::hybi::hybi07_draft};

std::string const head = "HTTP/1.1 101 Switching Protocols\r\n"
                         "Upgrade: websocket\r\n"
                         "Connection: Upgrade\r\n"
                         "Sec-WebSocket-Accept: "
                         "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n";

wsio::request_type
upgrade(wsio::hybi::draft const& d, lines const& ext)
{
    wsio::request_type req = request_with(ext);
    req.set(http::field::host, "server.example.com");
    req.set(http::field::upgrade, "websocket");
    req.set(http::field::connection, "Upgrade");
    req.set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    req.set("Sec-WebSocket-Version",
            std::string(d.version_token.data(), d.version_token.size()));
    return req;
}

wsio::codec_config
config(wsio::permessage_deflate_options const& o)
{
    wsio::codec_config cfg;
    cfg.permessage_deflate = o;
    return cfg;
}

wsio::handshake_result
shake(wsio::hybi::codec& c, wsio::request_type const& req,
      wsio::subprotocol_chooser const* chooser = nullptr)
{
    wsio::handshake_input in;
    in.request = &req;
    in.choose_subprotocol = chooser;
    return c.handshake(in);
}

deflate_params
params(bool snct, bool cnct, int sbits, int cbits)
{
    deflate_params p;
    p.server_no_context_takeover = snct;
    p.client_no_context_takeover = cnct;
    p.server_max_window_bits = static_cast<std::uint8_t>(sbits);
    p.client_max_window_bits = static_cast<std::uint8_t>(cbits);
    return p;
}

} // namespace

BOOST_AUTO_TEST_CASE(accepted_offer_adds_one_extensions_line)
{
    for (auto const& d : drafts)
    {
        BOOST_TEST_CONTEXT(d.protocol_version)
        {
            wsio::hybi::codec shared_codec(d, config(shared()));
            auto const r = shake(
                shared_codec,
                upgrade(d, {"permessage-deflate; client_max_window_bits"}));
            BOOST_TEST((r.state == status::accepted));
            BOOST_TEST(r.response == head + "Sec-WebSocket-Extensions: " SHARED
                                            "\r\n\r\n");
            BOOST_TEST(r.extensions == SHARED);
            BOOST_TEST_REQUIRE(shared_codec.negotiated_deflate().has_value());
            BOOST_TEST(*shared_codec.negotiated_deflate() ==
                       params(true, true, 15, 15));

            wsio::hybi::codec dedicated_codec(d, config(dedicated(11, 15)));
            auto const r2 = shake(dedicated_codec,
                                  upgrade(d, {"x-webkit-deflate-frame",
                                              "permessage-deflate; "
                                              "server_no_context_takeover"}));
            BOOST_TEST((r2.state == status::accepted));
            BOOST_TEST(r2.response ==
                       head + "Sec-WebSocket-Extensions: permessage-deflate; "
                              "server_no_context_takeover; "
                              "server_max_window_bits=11\r\n\r\n");
            BOOST_TEST(r2.extensions ==
                       "permessage-deflate; server_no_context_takeover; "
                       "server_max_window_bits=11");
            BOOST_TEST_REQUIRE(
                dedicated_codec.negotiated_deflate().has_value());
            BOOST_TEST(*dedicated_codec.negotiated_deflate() ==
                       params(true, false, 11, 15));
        }
    }
}

BOOST_AUTO_TEST_CASE(extensions_line_follows_the_subprotocol)
{
    wsio::subprotocol_chooser const chooser =
        [](std::vector<std::string_view> const&)
    { return std::string("chat"); };
    for (auto const& d : drafts)
    {
        BOOST_TEST_CONTEXT(d.protocol_version)
        {
            wsio::hybi::codec c(d, config(dedicated()));
            auto req = upgrade(d, {"permessage-deflate"});
            req.set("Sec-WebSocket-Protocol", "chat");
            auto const r = shake(c, req, &chooser);
            BOOST_TEST((r.state == status::accepted));
            BOOST_TEST(r.response == head + "Sec-WebSocket-Protocol: chat\r\n"
                                            "Sec-WebSocket-Extensions: "
                                            "permessage-deflate\r\n\r\n");
            BOOST_TEST(r.subprotocol == "chat");
            BOOST_TEST(r.extensions == "permessage-deflate");
        }
    }
}

BOOST_AUTO_TEST_CASE(disabled_or_declined_answers_no_extension)
{
    std::string const plain = head + "\r\n";
    for (auto const& d : drafts)
    {
        BOOST_TEST_CONTEXT(d.protocol_version)
        {
            // Disabled (the default): byte-identical to no offer at all.
            auto off = shared();
            off.enabled = false;
            for (auto const& cfg : {wsio::codec_config{}, config(off)})
            {
                wsio::hybi::codec c(d, cfg);
                auto const r = shake(c, upgrade(d, {"permessage-deflate"}));
                BOOST_TEST((r.state == status::accepted));
                BOOST_TEST(r.response == plain);
                BOOST_TEST(r.extensions == "");
                BOOST_TEST(!c.negotiated_deflate().has_value());
            }
            // Enabled, every offer declined, or none made.
            std::vector<lines> const offers = {
                {"x-webkit-deflate-frame"},
                {"permessage-deflate; server_max_window_bits=7",
                 "permessage-deflate; foo"},
                {}};
            for (auto const& ext : offers)
            {
                wsio::hybi::codec c(d, config(shared()));
                auto const r = shake(c, upgrade(d, ext));
                BOOST_TEST((r.state == status::accepted));
                BOOST_TEST(r.response == plain);
                BOOST_TEST(r.extensions == "");
                BOOST_TEST(!c.negotiated_deflate().has_value());
            }
            // Enabled with a smaller client window: Firefox's offer.
            wsio::hybi::codec c(d, config(shared(15, 10)));
            auto const r = shake(c, upgrade(d, {"permessage-deflate"}));
            BOOST_TEST(r.response == plain);
            BOOST_TEST(!c.negotiated_deflate().has_value());
        }
    }
}

BOOST_AUTO_TEST_CASE(rejected_upgrade_negotiates_nothing)
{
    for (auto const& d : drafts)
    {
        wsio::hybi::codec c(d, config(shared()));
        auto req = upgrade(d, {"permessage-deflate"});
        req.erase(http::field::host);
        auto const r = shake(c, req);
        BOOST_TEST((r.state == status::rejected));
        BOOST_TEST(r.ec == wsio::error::no_host);
        BOOST_TEST(r.response.find("Sec-WebSocket-Extensions") ==
                   std::string::npos);
        BOOST_TEST(r.extensions == "");
        BOOST_TEST(!c.negotiated_deflate().has_value());
    }
}

BOOST_AUTO_TEST_CASE(each_handshake_replaces_the_last_outcome)
{
    wsio::hybi::codec c(wsio::hybi::hybi13_draft, config(shared()));
    shake(c, upgrade(wsio::hybi::hybi13_draft, {"permessage-deflate"}));
    BOOST_TEST(c.negotiated_deflate().has_value());
    auto const r =
        shake(c, upgrade(wsio::hybi::hybi13_draft, {"permessage-deflate; x"}));
    BOOST_TEST((r.state == status::accepted));
    BOOST_TEST(!c.negotiated_deflate().has_value());
}

BOOST_AUTO_TEST_CASE(factory_codec_and_beast_parsed_request)
{
    // Chromium's request (split over two lines here), through Beast's
    // parser and the hybi-13 factory.
    std::string const raw =
        "GET /chat HTTP/1.1\r\n"
        "Host: server.example.com\r\n"
        "Upgrade: websocket\r\n"
        "Connection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        "Sec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Extensions: x-webkit-deflate-frame\r\n"
        "Sec-WebSocket-Extensions: permessage-deflate; "
        "client_max_window_bits\r\n"
        "\r\n";
    http::request_parser<http::empty_body> parser;
    boost::beast::error_code ec;
    parser.put(boost::asio::buffer(raw.data(), raw.size()), ec);
    BOOST_TEST_REQUIRE(!ec);
    BOOST_TEST_REQUIRE(parser.is_header_done());

    auto const factory = wsio::hybi::make_hybi13_factory();
    auto c = factory->create(config(shared(12, 9)));
    wsio::handshake_input in;
    in.request = &parser.get();
    auto const r = c->handshake(in);
    BOOST_TEST((r.state == status::accepted));
    BOOST_TEST(r.response == head + "Sec-WebSocket-Extensions: " SHARED
                                    "; server_max_window_bits=12; "
                                    "client_max_window_bits=9\r\n\r\n");
    auto const* h = dynamic_cast<wsio::hybi::codec const*>(c.get());
    BOOST_TEST_REQUIRE(h != nullptr);
    BOOST_TEST_REQUIRE(h->negotiated_deflate().has_value());
    BOOST_TEST(*h->negotiated_deflate() == params(true, true, 12, 9));
}

BOOST_AUTO_TEST_SUITE_END()
