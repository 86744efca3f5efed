//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_HYBI_DRAFT_HPP
#define BOOST_WEBSOCKETIO_HYBI_DRAFT_HPP

#include <string_view>

namespace boost {
namespace websocketio {
namespace hybi {

/** What sets one hybi draft apart from the others.

    hybi-07, hybi-08 and RFC 6455 share one framing protocol; only the
    handshake differs: the `Sec-WebSocket-Version` value, and the origin
    header, renamed from `Sec-WebSocket-Origin` (hybi-07/08 section 4.1) to
    `Origin` in hybi-11 and RFC 6455 section 4.1.
*/
struct draft
{
    /// websocket.io's `protocolVersion`, e.g. `"hybi-13"`.
    std::string_view protocol_version;

    /// The exact `Sec-WebSocket-Version` value, e.g. `"13"`.
    std::string_view version_token;

    /// The request header that carries the client's origin.
    std::string_view origin_field;
};

/// RFC 6455 (Sec-WebSocket-Version 13).
inline constexpr draft hybi13_draft{"hybi-13", "13", "Origin"};

/// draft-ietf-hybi-thewebsocketprotocol-08.
inline constexpr draft hybi08_draft{"hybi-08", "8", "Sec-WebSocket-Origin"};

/// draft-ietf-hybi-thewebsocketprotocol-07.
inline constexpr draft hybi07_draft{"hybi-07", "7", "Sec-WebSocket-Origin"};

} // namespace hybi
} // namespace websocketio
} // namespace boost

#endif
