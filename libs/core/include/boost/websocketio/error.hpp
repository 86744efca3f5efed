//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_ERROR_HPP
#define BOOST_WEBSOCKETIO_ERROR_HPP

#include <boost/system/error_code.hpp>

#include <cstdint>
#include <iosfwd>
#include <string_view>
#include <type_traits>

namespace boost {
namespace websocketio {

/** WebSocket close status codes (RFC 6455 section 7.4.1).

    The numeric value is what travels on the wire in a hybi close frame.
    `no_status` (1005), `abnormal` (1006) and `tls_handshake` (1015) are
    reserved: they describe a situation locally and are never sent.
*/
enum class close_code : std::uint16_t
{
    none = 0,                ///< no code (used by drafts with no close codes)
    normal = 1000,           ///< normal closure
    going_away = 1001,       ///< endpoint going away (server shutdown)
    protocol_error = 1002,   ///< protocol violation
    unsupported_data = 1003, ///< data type cannot be accepted
    no_status = 1005,        ///< close frame carried no code (never sent)
    abnormal = 1006,         ///< connection lost without close (never sent)
    invalid_payload = 1007,  ///< invalid UTF-8 in a text message
    policy_violation = 1008, ///< generic policy violation
    too_big = 1009,          ///< message over the size limit
    extension_required = 1010, ///< client needs an extension
    internal_error = 1011,     ///< unexpected server condition
    service_restart = 1012,    ///< server restarting
    try_again_later = 1013,    ///< temporary overload
    tls_handshake = 1015       ///< TLS failure (never sent)
};

/** Returns `true` if `code` may appear in a close frame received from a
    peer (RFC 6455 section 7.4): 1000-1003, 1007-1014 and 3000-4999.
*/
constexpr bool
is_valid_close_code(std::uint16_t code) noexcept
{
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
           (code >= 3000 && code <= 4999);
}

/** Error codes of this library.

    Handshake errors say why an upgrade request was refused; framing errors
    say why a connection is being failed. Use @ref to_close_code to learn the
    close code a framing error sends, and @ref to_http_status for the HTTP
    status a handshake error answers with.

    @par Thread Safety
    The categories are immutable singletons and every function here is
    pure: safe from any thread.
*/
enum class error
{
    // ---- handshake (HTTP) ------------------------------------------------
    bad_method = 1,         ///< the upgrade request is not a GET
    bad_http_version,       ///< the request is not HTTP/1.1 or later
    no_upgrade,             ///< `Upgrade` does not name websocket
    no_connection_upgrade,  ///< `Connection` does not contain `upgrade`
    no_host,                ///< `Host` is missing
    unsupported_version,    ///< `Sec-WebSocket-Version` not offered (426)
    no_sec_key,             ///< `Sec-WebSocket-Key` is missing
    bad_sec_key,            ///< `Sec-WebSocket-Key` is not 16 bytes in base64
    bad_key1,               ///< hixie-76 `Sec-WebSocket-Key1` is invalid
    bad_key2,               ///< hixie-76 `Sec-WebSocket-Key2` is invalid
    key_no_spaces,          ///< hixie-76 key contains no space
    key_not_divisible,      ///< hixie-76 key number not a multiple of spaces
    key_overflow,           ///< hixie-76 key number or quotient over 2^32-1
    path_mismatch,          ///< request path differs from `options::path`
    origin_rejected,        ///< the origin check refused the request
    handshake_timeout,      ///< the handshake did not finish in time
    header_too_large,       ///< the request header exceeds the limit
    bad_request,            ///< the request could not be parsed
    not_websocket,          ///< plain HTTP request to a WebSocket-only server
    server_closing,         ///< the server is shutting down (503)

    // ---- framing ----------------------------------------------------------
    unmasked_frame = 100,   ///< a client frame was not masked (1002)
    bad_reserved_bits,      ///< RSV bits set without an extension (1002)
    bad_opcode,             ///< reserved opcode (1002)
    control_too_big,        ///< control frame payload over 125 bytes (1002)
    fragmented_control,     ///< control frame without FIN (1002)
    bad_continuation,       ///< continuation with no message in progress,
                            ///< or new data frame inside a message (1002)
    bad_length,             ///< non-minimal or 2^63+ length encoding (1002)
    bad_close_size,         ///< close payload of exactly one byte (1002)
    bad_close_code,         ///< close code not allowed on the wire (1002)
    bad_close_payload,      ///< close reason is not valid UTF-8 (1007)
    bad_utf8,               ///< text message is not valid UTF-8 (1007)
    message_too_big,        ///< message over `max_message_size` (1009)
    bad_frame_type,         ///< hixie frame type byte not allowed (1002)
    bad_compressed_data,    ///< permessage-deflate payload is not valid
                            ///< DEFLATE data (RFC 7692 section 7.2.2; 1007)

    // ---- connection -------------------------------------------------------
    closed = 200,           ///< the WebSocket connection was closed
    close_timeout,          ///< the peer did not finish the closing handshake
    operation_not_supported,///< the draft cannot carry this (e.g. ping)
    buffer_overflow,        ///< outgoing data over `max_buffered_amount` (1008)
    ping_timeout,           ///< keep-alive: the peer stayed silent
    idle_timeout,           ///< nothing complete arrived for `idle_timeout` (1001)
    message_timeout,        ///< a message took longer than `message_timeout` (1008)
    handler_exception,      ///< an event handler (slot) threw (1011)
    close_reason_too_long   ///< `socket::close` reason over 123 bytes
};

/// Error conditions that group the codes above.
enum class condition
{
    handshake_failed = 1, ///< any handshake error
    protocol_violation    ///< any framing error
};

/// The library's error category, named `"boost.websocketio"`.
boost::system::error_category const&
websocketio_category() noexcept;

/// The library's condition category.
boost::system::error_category const&
websocketio_condition_category() noexcept;

/// The `error_code` of `e` in @ref websocketio_category; found by ADL, so
/// `error_code ec = error::bad_utf8;` works.
inline boost::system::error_code
make_error_code(error e) noexcept
{
    return {static_cast<int>(e), websocketio_category()};
}

/// The `error_condition` of `c`; found by ADL, so
/// `ec == condition::protocol_violation` works.
inline boost::system::error_condition
make_error_condition(condition c) noexcept
{
    return {static_cast<int>(c), websocketio_condition_category()};
}

/** The close code that a connection failed by `ec` sends to the peer.

    Returns `close_code::protocol_error` for framing errors not listed
    otherwise, `invalid_payload` for UTF-8 errors and
    `bad_compressed_data`, `too_big` for
    `message_too_big`, and `close_code::internal_error` for errors that are
    not this library's.
*/
close_code
to_close_code(boost::system::error_code const& ec) noexcept;

/** The HTTP status code that a refused upgrade answers with.

    400 for malformed requests, 403 for `origin_rejected`, 404 for
    `path_mismatch`, 408 for `handshake_timeout`, 426 for
    `unsupported_version`, 431 for `header_too_large`, 501 for
    `not_websocket`, 503 for `server_closing`.
*/
unsigned
to_http_status(boost::system::error_code const& ec) noexcept;

/// Writes the numeric close code, e.g. `1002`.
std::ostream&
operator<<(std::ostream& os, close_code code);

/// Writes the error's message.
std::ostream&
operator<<(std::ostream& os, error e);

/// Writes the condition's message.
std::ostream&
operator<<(std::ostream& os, condition c);

} // namespace websocketio
} // namespace boost

namespace boost {
namespace system {
/// Makes boost::websocketio::error convertible to `error_code`.
template <>
struct is_error_code_enum<::boost::websocketio::error> : std::true_type
{
};
/// Makes boost::websocketio::condition convertible to `error_condition`.
template <>
struct is_error_condition_enum<::boost::websocketio::condition>
    : std::true_type
{
};
} // namespace system
} // namespace boost

#endif
