//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_HYBI_DETAIL_HANDSHAKE_HPP
#define BOOST_WEBSOCKETIO_HYBI_DETAIL_HANDSHAKE_HPP

#include <boost/websocketio/codec.hpp>
#include <boost/websocketio/hybi/detail/deflate_params.hpp>
#include <boost/websocketio/hybi/draft.hpp>

#include <optional>

namespace boost {
namespace websocketio {
namespace hybi {
namespace detail {

/** The server's opening handshake for `d` (RFC 6455 section 4.2).

    The registry has already checked the method, `Upgrade`, `Connection`
    and `Sec-WebSocket-Version`. This requires `Host` and a
    `Sec-WebSocket-Key` that is strict base64 of exactly 16 bytes (section
    4.2.1), reads the draft's origin header and asks the origin check, and
    negotiates a subprotocol. Nothing of `in.leftover` belongs to the
    handshake: `consumed` is 0.

    Extensions: with `deflate.enabled`, the first permessage-deflate offer
    `deflate` allows is accepted (RFC 7692; see
    @ref negotiate_permessage_deflate): the 101 response gets one
    `Sec-WebSocket-Extensions` line after any `Sec-WebSocket-Protocol`,
    `extensions` holds its value and `negotiated` the parameters. Otherwise,
    and on every rejection, `negotiated` is left empty and no extension is
    answered (RFC 6455 section 9.1: an offer the server does not answer is
    declined).
*/
handshake_result
accept_upgrade(draft const& d, handshake_input const& in,
               permessage_deflate_options const& deflate,
               std::optional<deflate_params>& negotiated);

} // namespace detail
} // namespace hybi
} // namespace websocketio
} // namespace boost

#endif
