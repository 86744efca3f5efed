//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_OPTIONS_HPP
#define BOOST_WEBSOCKETIO_OPTIONS_HPP

#include <boost/websocketio/codec.hpp>
#include <boost/websocketio/registry.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace boost {
namespace websocketio {

/** Settings of a @ref server. Every limit has a safe default.

    websocket.io's `{path, clientTracking}` are `path` and
    `client_tracking`; the rest bound what one peer can make the server do.

    @par Preconditions
    Durations are positive (`ping_interval` may be zero: off); the hooks,
    when set, may be called concurrently from several sockets' strands and
    must be thread-safe.

    @par Thread Safety
    A plain value: the server copies it at construction and never changes
    its copy.
*/
struct options
{
    /** Only requests for this path upgrade (compared with the request
        target up to `?`, exactly; a trailing slash matters). Empty: any
        path. Others are answered 404 and closed. */
    std::string path;

    /// Track sockets in `server::clients()` (websocket.io `clientTracking`).
    bool client_tracking = true;

    /** The codecs offered, in order. Null: `registry::global()`, which
        `<boost/websocketio.hpp>` fills with hybi-13, 08, 07, hixie-76, 75. */
    std::shared_ptr<registry const> codecs;

    /// Largest message accepted after reassembly; larger closes with 1009.
    std::size_t max_message_size = 16 * 1024 * 1024;

    /** Time from accepting the TCP connection (or from `handle_upgrade`)
        to the end of the handshake, hixie-76 key3 included. */
    std::chrono::milliseconds handshake_timeout{10000};

    /// Largest upgrade request header accepted (bytes); larger gets 431.
    std::size_t max_header_size = 8 * 1024;

    /** How long a closing handshake may take before the TCP connection is
        cut (peer that never answers our close, or never reads). */
    std::chrono::milliseconds close_timeout{5000};

    /** Keep-alive: after this long without receiving anything, a ping is
        sent (hybi); if nothing arrives within another interval the
        connection is closed (1006 locally). Drafts without ping are closed
        after two silent intervals. Zero disables it. */
    std::chrono::milliseconds ping_interval{0};

    /** Largest amount of outgoing data a socket may queue
        (`socket::buffered_amount()`). A `send` that would exceed it fails
        the connection with close code 1008 and `error::buffer_overflow`:
        a client that never reads cannot grow server memory without bound.
    */
    std::size_t max_buffered_amount = 16 * 1024 * 1024;

    /// Picks a subprotocol among those offered; none: no subprotocol.
    subprotocol_chooser choose_subprotocol;

    /// Accepts or refuses (403) an origin; none: every origin.
    origin_checker check_origin;

    /** Believe `X-Forwarded-Proto: https` from the peer (only behind a
        trusted TLS-terminating proxy): hixie locations then say `wss://`. */
    bool trust_forwarded_proto = false;
};

} // namespace websocketio
} // namespace boost

#endif
