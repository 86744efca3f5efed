//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#include <boost/websocketio/error.hpp>

#include <ostream>
#include <string>

namespace boost {
namespace websocketio {

namespace {

bool
is_handshake_error(int v) noexcept
{
    return v >= static_cast<int>(error::bad_method) &&
           v <= static_cast<int>(error::server_closing);
}

bool
is_framing_error(int v) noexcept
{
    return v >= static_cast<int>(error::unmasked_frame) &&
           v <= static_cast<int>(error::bad_compressed_data);
}

class error_category_impl : public boost::system::error_category
{
public:
    char const*
    name() const noexcept override
    {
        return "boost.websocketio";
    }

    std::string
    message(int ev) const override
    {
        switch (static_cast<error>(ev))
        {
        case error::bad_method: return "upgrade request method is not GET";
        case error::bad_http_version: return "upgrade request is not HTTP/1.1";
        case error::no_upgrade: return "Upgrade header does not name websocket";
        case error::no_connection_upgrade:
            return "Connection header does not contain upgrade";
        case error::no_host: return "Host header is missing";
        case error::unsupported_version:
            return "Sec-WebSocket-Version is not supported";
        case error::no_sec_key: return "Sec-WebSocket-Key is missing";
        case error::bad_sec_key:
            return "Sec-WebSocket-Key does not decode to 16 bytes";
        case error::bad_key1: return "Sec-WebSocket-Key1 is invalid";
        case error::bad_key2: return "Sec-WebSocket-Key2 is invalid";
        case error::key_no_spaces: return "hixie-76 key contains no space";
        case error::key_not_divisible:
            return "hixie-76 key number is not a multiple of its spaces";
        case error::key_overflow: return "hixie-76 key value exceeds 2^32-1";
        case error::path_mismatch: return "request path does not match";
        case error::origin_rejected: return "origin rejected";
        case error::handshake_timeout: return "handshake timed out";
        case error::header_too_large: return "request header too large";
        case error::bad_request: return "malformed HTTP request";
        case error::not_websocket: return "not a WebSocket upgrade request";
        case error::server_closing: return "server is shutting down";
        case error::unmasked_frame: return "client frame is not masked";
        case error::bad_reserved_bits:
            return "reserved bits set without a negotiated extension";
        case error::bad_opcode: return "reserved opcode";
        case error::control_too_big:
            return "control frame payload exceeds 125 bytes";
        case error::fragmented_control: return "fragmented control frame";
        case error::bad_continuation: return "unexpected continuation state";
        case error::bad_length: return "invalid payload length encoding";
        case error::bad_close_size: return "close frame payload of one byte";
        case error::bad_close_code: return "invalid close code";
        case error::bad_close_payload: return "close reason is not UTF-8";
        case error::bad_utf8: return "text message is not valid UTF-8";
        case error::message_too_big: return "message exceeds the size limit";
        case error::bad_frame_type: return "invalid frame type";
        case error::bad_compressed_data:
            return "compressed message is not valid DEFLATE data";
        case error::closed: return "WebSocket connection closed";
        case error::close_timeout: return "closing handshake timed out";
        case error::operation_not_supported:
            return "operation not supported by this protocol draft";
        case error::buffer_overflow:
            return "outgoing data exceeds max_buffered_amount";
        case error::ping_timeout: return "peer did not answer keep-alive";
        case error::idle_timeout:
            return "nothing complete received within idle_timeout";
        case error::message_timeout:
            return "message not received within message_timeout";
        case error::handler_exception: return "an event handler threw";
        case error::close_reason_too_long:
            return "close reason longer than 123 bytes";
        }
        return "boost.websocketio error " + std::to_string(ev);
    }

    boost::system::error_condition
    default_error_condition(int ev) const noexcept override
    {
        if (is_handshake_error(ev))
            return make_error_condition(condition::handshake_failed);
        if (is_framing_error(ev))
            return make_error_condition(condition::protocol_violation);
        return {ev, *this};
    }
};

class condition_category_impl : public boost::system::error_category
{
public:
    char const*
    name() const noexcept override
    {
        return "boost.websocketio.condition";
    }

    std::string
    message(int cv) const override
    {
        switch (static_cast<condition>(cv))
        {
        case condition::handshake_failed: return "WebSocket handshake failed";
        case condition::protocol_violation:
            return "WebSocket protocol violation";
        }
        return "boost.websocketio condition " + std::to_string(cv);
    }
};

} // namespace

boost::system::error_category const&
websocketio_category() noexcept
{
    static error_category_impl const cat;
    return cat;
}

boost::system::error_category const&
websocketio_condition_category() noexcept
{
    static condition_category_impl const cat;
    return cat;
}

close_code
to_close_code(boost::system::error_code const& ec) noexcept
{
    if (ec.category() != websocketio_category())
        return close_code::internal_error;
    switch (static_cast<error>(ec.value()))
    {
    case error::bad_close_payload:
    case error::bad_utf8:
    // RFC 7692 names no code; 1007 (RFC 6455 section 7.4.1: data not
    // consistent with the message type), as ws answers.
    case error::bad_compressed_data: return close_code::invalid_payload;
    case error::message_too_big: return close_code::too_big;
    case error::closed: return close_code::normal;
    case error::buffer_overflow:
    case error::message_timeout: return close_code::policy_violation;
    case error::idle_timeout: return close_code::going_away;
    case error::handler_exception: return close_code::internal_error;
    case error::ping_timeout:
    case error::close_timeout: return close_code::abnormal;
    default: break;
    }
    if (is_framing_error(ec.value()))
        return close_code::protocol_error;
    return close_code::internal_error;
}

unsigned
to_http_status(boost::system::error_code const& ec) noexcept
{
    if (ec.category() != websocketio_category())
        return 400;
    switch (static_cast<error>(ec.value()))
    {
    case error::origin_rejected: return 403;
    case error::path_mismatch: return 404;
    case error::handshake_timeout: return 408;
    case error::unsupported_version: return 426;
    case error::header_too_large: return 431;
    case error::not_websocket: return 501;
    case error::server_closing: return 503;
    default: return 400;
    }
}

std::ostream&
operator<<(std::ostream& os, close_code code)
{
    return os << static_cast<unsigned>(code);
}

std::ostream&
operator<<(std::ostream& os, error e)
{
    return os << make_error_code(e).message();
}

std::ostream&
operator<<(std::ostream& os, condition c)
{
    return os << make_error_condition(c).message();
}

} // namespace websocketio
} // namespace boost
