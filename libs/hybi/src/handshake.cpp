//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#include <boost/websocketio/hybi/detail/handshake.hpp>

#include <boost/websocketio/hybi/detail/deflate_negotiation.hpp>

#include <boost/websocketio/detail/digest.hpp>
#include <boost/websocketio/detail/http.hpp>

namespace boost {
namespace websocketio {
namespace hybi {
namespace detail {

namespace {

handshake_result&
reject(handshake_result& r, error e)
{
    r.state = handshake_result::status::rejected;
    r.ec = e;
    r.response = websocketio::detail::make_error_response(r.ec);
    return r;
}

} // namespace

handshake_result
accept_upgrade(draft const& d, handshake_input const& in,
               permessage_deflate_options const& deflate,
               std::optional<deflate_params>& negotiated)
{
    namespace wd = websocketio::detail;
    negotiated.reset();
    handshake_result r;
    if (!in.request)
        return reject(r, error::bad_request);
    request_type const& req = *in.request;

    // What every draft's upgrade shares (doc/handshake.md): no repeated
    // single field (Sec-WebSocket-Key and -Version: section 11.3), no
    // body, an origin-form or absolute-form target.
    if (auto const ec = wd::check_upgrade_request(req))
    {
        r.state = handshake_result::status::rejected;
        r.ec = ec;
        r.response = wd::make_error_response(r.ec);
        return r;
    }

    // Section 4.2.1 item 2: a Host header field.
    if (!wd::has_field(req, "Host"))
        return reject(r, error::no_host);

    // Section 4.2.1 item 5: a base64 nonce that decodes to 16 bytes.
    if (!wd::has_field(req, "Sec-WebSocket-Key"))
        return reject(r, error::no_sec_key);
    std::string_view const key = wd::field(req, "Sec-WebSocket-Key");
    auto const nonce = wd::base64_decode(key);
    if (!nonce || nonce->size() != 16)
        return reject(r, error::bad_sec_key);

    // Section 4.2.2 item 4 (hybi-07/08: Sec-WebSocket-Origin): the server
    // may refuse origins it does not accept, with 403.
    r.origin = std::string(wd::field(req, d.origin_field));
    if (in.check_origin && *in.check_origin && !(*in.check_origin)(r.origin))
        return reject(r, error::origin_rejected);

    // Section 4.2.2 item 5: echo one of the offered subprotocols, if any.
    r.subprotocol = wd::choose_subprotocol(
        in, wd::list_field(req, "Sec-WebSocket-Protocol"));

    // Sections 4.2.2 and 9.1: the extensions the server
    // accepts, each answered once; permessage-deflate (RFC 7692) is the
    // only one, and only when enabled. Other offers stay unanswered, which
    // declines them.
    deflate_offer_result pmd;
    if (deflate.enabled)
        pmd = negotiate_permessage_deflate(req, deflate);

    std::string const accept = wd::make_accept(key);
    std::string& s = r.response;
    s.reserve(160 + r.subprotocol.size() +
              (pmd.accepted ? 28 + pmd.response.size() : 0));
    s += "HTTP/1.1 101 Switching Protocols\r\n"
         "Upgrade: websocket\r\n"
         "Connection: Upgrade\r\n"
         "Sec-WebSocket-Accept: ";
    s += accept;
    s += "\r\n";
    if (!r.subprotocol.empty())
    {
        s += "Sec-WebSocket-Protocol: ";
        s += r.subprotocol;
        s += "\r\n";
    }
    if (pmd.accepted)
    {
        s += "Sec-WebSocket-Extensions: ";
        s += pmd.response;
        s += "\r\n";
        r.extensions = std::move(pmd.response);
        negotiated = pmd.params;
    }
    s += "\r\n";
    r.state = handshake_result::status::accepted;
    r.consumed = 0;
    return r;
}

} // namespace detail
} // namespace hybi
} // namespace websocketio
} // namespace boost
