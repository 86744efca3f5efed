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
#include <stdexcept>
#include <string>

namespace boost {
namespace websocketio {

/** What happens to a message that would take a socket's
    `buffered_amount()` past `options::max_buffered_amount` (uWebSockets'
    `closeOnBackpressureLimit`). */
enum class overflow_action : unsigned char
{
    close, ///< fail the connection with 1008 (policy violation)
    drop   ///< discard the message, keep the connection
};

/** Settings of a @ref server. Every limit has a safe default.

    websocket.io's `{path, clientTracking}` are `path` and
    `client_tracking`; the rest bound what one peer can make the server do.

    @par Preconditions
    `validate()` passes (the server constructor calls it and throws
    `std::invalid_argument` otherwise); the hooks, when set, may be called
    concurrently from several sockets' strands and must be thread-safe.

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

    /** Keep the fields the handshake consumed (`Sec-WebSocket-Key`,
        `Sec-WebSocket-Key1`, `Sec-WebSocket-Key2`, `Sec-WebSocket-Version`,
        `Sec-WebSocket-Extensions`, `Upgrade`, `Connection`) in
        `socket::req()` once the socket is open (`socket::extensions()`
        tells what was agreed). Off by default: they are dropped, which saves an idle
        connection some 400 bytes. */
    bool keep_handshake_fields = false;

    /** The codecs offered, in order. Null: `registry::global()`, which
        `<boost/websocketio.hpp>` fills with hybi-13, 08, 07, hixie-76, 75. */
    std::shared_ptr<registry const> codecs;

    /** Largest message accepted after reassembly (bytes); a larger one
        fails the connection with close code 1009 (RFC 6455 section 7.4.1)
        as soon as its declared length says so, before its bytes arrive. */
    std::size_t max_message_size = 16 * 1024 * 1024;

    /** Time from accepting the TCP connection (or from `handle_upgrade`)
        to the end of the handshake, hixie-76 key3 included. */
    std::chrono::milliseconds handshake_timeout{10000};

    /// Largest upgrade request header accepted (bytes); larger gets 431.
    std::size_t max_header_size = 8 * 1024;

    /** How long a closing handshake may take before the TCP connection is
        cut (peer that never answers our close, or never reads). */
    std::chrono::milliseconds close_timeout{5000};

    /** Idle timeout: a connection that receives no complete message and
        no control frame (ping, pong, close) for this long is failed with
        close code 1001 and `error::idle_timeout`. Bytes of an unfinished
        frame do not count, so a peer cannot hold a connection by
        trickling. Zero disables it. Checked on a tick of a quarter of the
        shortest enabled timeout, so it fires within
        `[idle_timeout, idle_timeout + tick * 2)`. */
    std::chrono::milliseconds idle_timeout{120000};

    /** Keep-alive (hybi drafts): after this long without a complete
        message or control frame from the peer, a ping is sent; if still
        nothing complete arrives within another interval, the connection is
        dropped (`error::ping_timeout`, `on_close` with 1006). A pong, like
        any complete frame, counts as life; bytes of an unfinished frame do
        not. hixie drafts have no ping: only `idle_timeout` applies to them.
        Zero disables it. Must be shorter than `idle_timeout` when both are
        enabled. */
    std::chrono::milliseconds ping_interval{30000};

    /** Longest time one message may take to arrive, from its first byte
        to its last (all fragments). A slower message fails the connection
        with close code 1008 and `error::message_timeout`. Zero disables
        it. */
    std::chrono::milliseconds message_timeout{60000};

    /** Largest amount of outgoing data a socket may queue
        (`socket::buffered_amount()`, bytes): every byte the server writes
        counts (messages, pings, pongs, close frames and the handshake
        response). A message or a pong that would exceed it is not queued;
        the connection fails with close code 1008 and
        `error::buffer_overflow`, or, for a message with
        `overflow == overflow_action::drop`, the message is dropped (only
        the closing frame itself may pass the cap, by at most 125 bytes
        plus its header). A message is judged when `send` or `publish` is
        called, at its uncompressed frame size (header and payload): its
        compressed frame replaces that count once encoded. The default holds an
        echo of a `max_message_size` message plus `high_water_mark` plus one
        read of responses; keep that relation if you raise
        `max_message_size` and echo large messages. */
    std::size_t max_buffered_amount = 20 * 1024 * 1024;

    /** Backpressure: while `buffered_amount()` is at or above this many
        bytes, the socket stops reading from the peer, so a peer that sends
        without reading (a ping flood, requests whose answers it never
        reads) is held back by TCP flow control instead of growing server
        memory. Reading resumes when the amount falls to
        `low_water_mark`. */
    std::size_t high_water_mark = 1024 * 1024;

    /** Reading resumes when `buffered_amount()` falls to this many bytes;
        `socket::on_drain` fires then, after a send that reported
        `send_status::backpressure`. */
    std::size_t low_water_mark = 256 * 1024;

    /** What a message that would take `buffered_amount()` past
        `max_buffered_amount` does, for `socket::send` and for each
        subscriber of `server::publish` alike: `close` (the default) fails
        the connection with close code 1008 and `error::buffer_overflow`;
        `drop` discards the message and keeps the connection (the slow
        reader misses it; `send` says `send_status::dropped`). Pongs and
        close frames always follow the `close` rule. */
    overflow_action overflow = overflow_action::close;

    /// Picks a subprotocol among those offered; none: no subprotocol.
    subprotocol_chooser choose_subprotocol;

    /// Accepts or refuses (403) an origin; none: every origin.
    origin_checker check_origin;

    /** permessage-deflate (RFC 7692), off by default; hybi drafts only.
        See @ref permessage_deflate_options for the two modes. */
    permessage_deflate_options permessage_deflate;

    /** Believe `X-Forwarded-Proto: https` from the peer (only behind a
        trusted TLS-terminating proxy): hixie locations then say `wss://`. */
    bool trust_forwarded_proto = false;

    /** Checks that the settings are usable together.

        @throws std::invalid_argument naming the first offending member:
        a zero `max_message_size`, `max_header_size` or `high_water_mark`;
        a non-positive `handshake_timeout` or `close_timeout`; a negative
        `idle_timeout`, `ping_interval` or `message_timeout`;
        `low_water_mark > high_water_mark`;
        `high_water_mark > max_buffered_amount`; a `ping_interval` not
        shorter than an enabled `idle_timeout`; a `permessage_deflate`
        setting out of range (`compression_level` -1 to 9, `memory_level`
        1 to 9, either `*_max_window_bits` 8 to 15).

        @par Thread Safety
        A const member of a plain value: safe on distinct objects.
    */
    void
    validate() const
    {
        auto refuse = [](char const* what) {
            throw std::invalid_argument(
                std::string("boost::websocketio::options: ") + what);
        };
        if (max_message_size == 0)
            refuse("max_message_size must be positive");
        if (max_header_size == 0)
            refuse("max_header_size must be positive");
        if (handshake_timeout.count() <= 0)
            refuse("handshake_timeout must be positive");
        if (close_timeout.count() <= 0)
            refuse("close_timeout must be positive");
        if (idle_timeout.count() < 0)
            refuse("idle_timeout must not be negative (zero disables it)");
        if (ping_interval.count() < 0)
            refuse("ping_interval must not be negative (zero disables it)");
        if (message_timeout.count() < 0)
            refuse("message_timeout must not be negative (zero disables it)");
        if (high_water_mark == 0)
            refuse("high_water_mark must be positive");
        if (low_water_mark > high_water_mark)
            refuse("low_water_mark must not exceed high_water_mark");
        if (high_water_mark > max_buffered_amount)
            refuse("high_water_mark must not exceed max_buffered_amount");
        if (ping_interval.count() > 0 && idle_timeout.count() > 0 &&
            ping_interval >= idle_timeout)
            refuse("ping_interval must be shorter than idle_timeout (the "
                   "pong could never arrive in time)");
        auto const& d = permessage_deflate;
        if (d.compression_level < -1 || d.compression_level > 9)
            refuse("permessage_deflate.compression_level must be -1 to 9");
        if (d.memory_level < 1 || d.memory_level > 9)
            refuse("permessage_deflate.memory_level must be 1 to 9");
        if (d.server_max_window_bits < 8 || d.server_max_window_bits > 15)
            refuse("permessage_deflate.server_max_window_bits must be 8 to "
                   "15");
        if (d.client_max_window_bits < 8 || d.client_max_window_bits > 15)
            refuse("permessage_deflate.client_max_window_bits must be 8 to "
                   "15");
    }
};

} // namespace websocketio
} // namespace boost

#endif
