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
#include <boost/websocketio/hybi/draft.hpp>

namespace boost {
namespace websocketio {
namespace hybi {
namespace detail {

/** The server's opening handshake for `d` (RFC 6455 section 4.2).

    The registry has already checked the method, `Upgrade`, `Connection`
    and `Sec-WebSocket-Version`. This requires `Host` and a
    `Sec-WebSocket-Key` that is strict base64 of exactly 16 bytes (section
    4.2.1), reads the draft's origin header and asks the origin check,
    negotiates a subprotocol, and never accepts an extension. Nothing of
    `in.leftover` belongs to the handshake: `consumed` is 0.
*/
handshake_result
accept_upgrade(draft const& d, handshake_input const& in);

} // namespace detail
} // namespace hybi
} // namespace websocketio
} // namespace boost

#endif
