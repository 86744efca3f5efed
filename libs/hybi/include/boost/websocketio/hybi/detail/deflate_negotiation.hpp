//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_HYBI_DETAIL_DEFLATE_NEGOTIATION_HPP
#define BOOST_WEBSOCKETIO_HYBI_DETAIL_DEFLATE_NEGOTIATION_HPP

#include <boost/websocketio/codec.hpp>
#include <boost/websocketio/hybi/detail/deflate_params.hpp>

#include <string>
#include <string_view>

namespace boost {
namespace websocketio {
namespace hybi {
namespace detail {

/** The server's answer to a request's permessage-deflate offers.

    With `accepted`, `response` is the exact `Sec-WebSocket-Extensions`
    value to send (e.g. `permessage-deflate; server_no_context_takeover;
    client_no_context_takeover`) and `params` what it binds both ends to.
    Without, `response` is empty, `params` holds its defaults, and the 101
    response carries no `Sec-WebSocket-Extensions` line.
*/
struct deflate_offer_result
{
    /// Whether one permessage-deflate offer was accepted.
    bool accepted = false;

    /// The agreed parameters (defaults when not `accepted`).
    deflate_params params;

    /// The response's `Sec-WebSocket-Extensions` value, empty for none.
    std::string response;
};

/** Chooses the permessage-deflate offer to accept among the elements of
    one `Sec-WebSocket-Extensions` field value (RFC 6455 section 9.1
    grammar), or among earlier ones through `result`.

    Grammar: a comma-separated list of `name *( ";" param [ "=" value ] )`,
    `value` a token or a quoted-string whose unescaped content is a token;
    optional whitespace (SP, HTAB) around every separator; empty elements
    are skipped (RFC 7230 section 7). Extension and parameter names are
    compared ignoring ASCII case, like other HTTP coding names; the answer
    spells them in lower case as RFC 7692 registers them.

    Elements naming another extension (`x-webkit-deflate-frame`,
    `permessage-bzip2`...) are skipped. A permessage-deflate offer is
    declined, and the next one tried, when it is malformed, when it breaks
    RFC 7692 section 7 (an unknown or repeated parameter, a value that is
    not a decimal 8 to 15 without leading zero, a value on a
    `*_no_context_takeover`, no value on `server_max_window_bits`), or
    when `opts` cannot honour it (`opts.client_max_window_bits` below 15
    and no `client_max_window_bits` in the offer). A malformed element is
    skipped up to the next comma outside a quoted-string. Nothing here ever
    fails the handshake: section 7 tells a server to decline.

    Does nothing when `result.accepted` is already set (the first
    acceptable offer wins, RFC 7692 section 5), or when `opts` holds a
    window size outside 8 to 15 (every offer is declined).

    @param value One field line's value.
    @param opts The server's settings; `enabled` is not consulted.
    @param result Updated in place when an offer is accepted.
*/
void
negotiate_permessage_deflate(std::string_view value,
                             permessage_deflate_options const& opts,
                             deflate_offer_result& result);

/** The permessage-deflate offer a server accepts from `req`, if any.

    Reads every `Sec-WebSocket-Extensions` line of `req` in order as one
    list (RFC 7230 section 3.2.2), as the overload above reads one line.
    The answer follows RFC 7692 section 7.1 (doc/deflate.md has the
    table):

    @li shared mode (`opts.context_takeover == false`): always
        `server_no_context_takeover` (section 7.1.1.1 lets a server add it
        to any acceptance) and `client_no_context_takeover` (section
        7.1.1.2: a server may include it in any response);
    @li dedicated mode: each `*_no_context_takeover` the client offered,
        and only those;
    @li `server_max_window_bits=min(N, opts)` when offered as N (section
        7.1.2.1: accepting it means naming the same or a smaller value),
        else `opts.server_max_window_bits` when below 15 (the same section
        lets a server name it unasked);
    @li `client_max_window_bits` only when offered (section 7.1.2.2 forbids
        it otherwise): `min(V, opts)` when offered with value V, else
        `opts.client_max_window_bits` when below 15.

    `params` holds the same four values, 15 standing for an absent window.

    @par Exception Safety
    Strong; may throw `std::bad_alloc`.

    @par Thread Safety
    Reads only its arguments: safe to call concurrently.
*/
deflate_offer_result
negotiate_permessage_deflate(request_type const& req,
                             permessage_deflate_options const& opts);

} // namespace detail
} // namespace hybi
} // namespace websocketio
} // namespace boost

#endif
