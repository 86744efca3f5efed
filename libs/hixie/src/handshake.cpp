//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#include <boost/websocketio/hixie/codec.hpp>

#include <boost/websocketio/detail/http.hpp>
#include <boost/websocketio/hixie/detail/key.hpp>

namespace boost {
namespace websocketio {
namespace hixie {

namespace {

namespace wd = websocketio::detail;

// hixie-76 section 5.2 step 12: key3 is the 8 bytes after the header.
constexpr std::size_t key3_size = 8;

handshake_result
reject(handshake_result r, boost::system::error_code const& ec)
{
    r.state = handshake_result::status::rejected;
    r.ec = ec;
    r.response = wd::make_error_response(ec);
    return r;
}

// A value echoed into the response must not be able to end a header line
// (a request built by hand, not by Beast's parser, could carry one).
bool
has_line_break(std::string_view s) noexcept
{
    return s.find_first_of("\r\n") != std::string_view::npos;
}

/** What both drafts check and echo: the rules every upgrade shares
    (repeated fields, body, target form), `Host` (mandatory), `Origin`,
    the origin check, and the location: `ws://` or `wss://`, then the
    authority and path-and-query of an absolute-form target (RFC 7230
    section 5.5: it overrides `Host`), else `Host` and the target. Fills
    `r.origin` and `location`; returns the error, if any. */
boost::system::error_code
common_checks(handshake_input const& in, std::size_t key3_bytes,
              handshake_result& r, std::string& location)
{
    auto const& req = *in.request;
    if (auto const ec = wd::check_upgrade_request(req, key3_bytes))
        return ec;
    auto const host = wd::field(req, "Host");
    if (host.empty())
        return error::no_host;
    auto const origin = wd::field(req, "Origin");
    r.origin.assign(origin.data(), origin.size());
    auto const raw = req.target();
    wd::request_target target;
    if (!wd::parse_target({raw.data(), raw.size()}, target))
        return error::bad_request;
    std::string_view const authority =
        target.authority.empty() ? host : target.authority;
    std::string const resource = target.resource();
    if (has_line_break(authority) || has_line_break(origin) ||
        has_line_break(resource))
        return error::bad_request;
    if (in.check_origin && *in.check_origin && !(*in.check_origin)(origin))
        return error::origin_rejected;
    // The scheme is the connection's (or a trusted proxy's), never the
    // one an absolute-form target claims.
    location = in.secure ? "wss://" : "ws://";
    location += authority;
    location += resource;
    return {};
}

/** The header lines both drafts share after the status line, with the
    draft's prefix (`"Sec-WebSocket-"` or `"WebSocket-"`). */
void
append_fields(std::string& out, std::string_view prefix,
              std::string_view origin, std::string_view location,
              std::string_view subprotocol)
{
    out += "Upgrade: WebSocket\r\nConnection: Upgrade\r\n";
    if (!origin.empty())
    {
        out += prefix;
        out += "Origin: ";
        out += origin;
        out += "\r\n";
    }
    out += prefix;
    out += "Location: ";
    out += location;
    out += "\r\n";
    if (!subprotocol.empty())
    {
        out += prefix;
        out += "Protocol: ";
        out += subprotocol;
        out += "\r\n";
    }
    out += "\r\n";
}

} // namespace

handshake_result
codec::handshake(handshake_input const& in)
{
    if (!in.request)
        return reject({}, error::bad_request);
    return draft_ == draft::hixie76 ? handshake76(in) : handshake75(in);
}

// draft-hixie-thewebsocketprotocol-75 section 5.1 and 5.2.
handshake_result
codec::handshake75(handshake_input const& in) const
{
    handshake_result r;
    std::string location;
    if (auto const ec = common_checks(in, 0, r, location))
        return reject(std::move(r), ec);
    r.subprotocol = wd::choose_subprotocol(
        in, wd::list_field(*in.request, "WebSocket-Protocol"));
    r.response.reserve(160 + r.origin.size() + location.size() +
                       r.subprotocol.size());
    r.response = "HTTP/1.1 101 Web Socket Protocol Handshake\r\n";
    append_fields(r.response, "WebSocket-", r.origin, location,
                  r.subprotocol);
    r.state = handshake_result::status::accepted;
    r.consumed = 0;
    return r;
}

// draft-hixie-thewebsocketprotocol-76 section 5.2 (hybi-00 the same).
handshake_result
codec::handshake76(handshake_input const& in) const
{
    handshake_result r;
    auto const& req = *in.request;

    // Validate everything the header says before waiting for key3, so a
    // bad request is refused at once instead of after a timeout.
    std::string location;
    if (auto const ec = common_checks(in, key3_size, r, location))
        return reject(std::move(r), ec);
    std::uint32_t part1 = 0;
    std::uint32_t part2 = 0;
    if (!wd::has_field(req, "Sec-WebSocket-Key1"))
        return reject(std::move(r), error::bad_key1);
    if (auto const ec = detail::parse_key(
            wd::field(req, "Sec-WebSocket-Key1"), error::bad_key1, part1))
        return reject(std::move(r), ec);
    if (!wd::has_field(req, "Sec-WebSocket-Key2"))
        return reject(std::move(r), error::bad_key2);
    if (auto const ec = detail::parse_key(
            wd::field(req, "Sec-WebSocket-Key2"), error::bad_key2, part2))
        return reject(std::move(r), ec);

    if (in.leftover.size() < key3_size)
    {
        r.state = handshake_result::status::need_more;
        r.bytes_needed = key3_size - in.leftover.size();
        return r;
    }

    r.subprotocol =
        wd::choose_subprotocol(in, wd::list_field(req, "Sec-WebSocket-Protocol"));
    auto const answer =
        detail::challenge_response(part1, part2, in.leftover.substr(0, 8));
    r.response.reserve(200 + r.origin.size() + location.size() +
                       r.subprotocol.size());
    r.response = "HTTP/1.1 101 WebSocket Protocol Handshake\r\n";
    append_fields(r.response, "Sec-WebSocket-", r.origin, location,
                  r.subprotocol);
    r.response.append(reinterpret_cast<char const*>(answer.data()),
                      answer.size());
    r.state = handshake_result::status::accepted;
    r.consumed = key3_size;
    return r;
}

} // namespace hixie
} // namespace websocketio
} // namespace boost
