//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_EXAMPLE_LINE_CODEC_HPP
#define BOOST_WEBSOCKETIO_EXAMPLE_LINE_CODEC_HPP

// A worked example of a codec of your own (doc/custom-codec.md): "x-line",
// a toy draft where, after an upgrade with `Sec-WebSocket-Version: x-line`,
// every message is one line of UTF-8 text ending in '\n'. Small as it is,
// it shows every part of the interface: selection, a sans-I/O handshake,
// an incremental decoder that accepts any split, framing, and limits.

#include <boost/websocketio/codec.hpp>
#include <boost/websocketio/detail/http.hpp>
#include <boost/websocketio/detail/utf8.hpp>

#include <cstring>
#include <memory>
#include <string>

namespace line_codec {

namespace wsio = boost::websocketio;

class codec : public wsio::codec
{
public:
    explicit codec(wsio::codec_config const& cfg) : cfg_(cfg) {}

    std::string_view
    name() const noexcept override
    {
        return "websocket";
    }

    std::string_view
    protocol_version() const noexcept override
    {
        return "x-line";
    }

    wsio::codec_capabilities
    capabilities() const noexcept override
    {
        return {}; // text only: no binary, ping, close frame or fragments
    }

    wsio::handshake_result
    handshake(wsio::handshake_input const& in) override
    {
        wsio::handshake_result r;
        if (!wsio::detail::has_field(*in.request, "Host"))
        {
            r.state = wsio::handshake_result::status::rejected;
            r.ec = wsio::error::no_host;
            r.response = wsio::detail::make_error_response(r.ec);
            return r;
        }
        r.state = wsio::handshake_result::status::accepted;
        r.response = "HTTP/1.1 101 Switching Protocols\r\n"
                     "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Version: x-line\r\n\r\n";
        return r;
    }

    wsio::decode_result
    decode(char* data, std::size_t size) override
    {
        wsio::decode_result r;
        if (delivered_)
        {
            line_.clear(); // the previous message's view is now dead
            delivered_ = false;
        }
        // Scan each byte once; keep partial lines across calls.
        void const* nl = std::memchr(data, '\n', size);
        std::size_t const take =
            nl ? static_cast<std::size_t>(static_cast<char const*>(nl) - data)
               : size;
        if (line_.size() + take > cfg_.max_message_size)
            return error(r, wsio::error::message_too_big);
        if (!utf8_.feed(reinterpret_cast<std::uint8_t const*>(data), take))
            return error(r, wsio::error::bad_utf8);
        line_.append(data, take);
        r.consumed = take;
        if (!nl)
            return r; // need_more: everything consumed
        r.consumed += 1;
        if (!utf8_.finish())
            return error(r, wsio::error::bad_utf8);
        utf8_.reset();
        r.what = wsio::decode_result::event::message;
        r.type = wsio::frame_type::text;
        r.payload = line_;
        delivered_ = true;
        return r;
    }

    wsio::frame_header
    make_header(wsio::frame_type, std::size_t) const noexcept override
    {
        wsio::frame_header h;
        h.suffix[0] = '\n';
        h.suffix_size = 1;
        return h;
    }

    bool
    encode_close(wsio::close_code, std::string_view,
                 std::string&) const override
    {
        return false; // no closing frame: the TCP close ends it
    }

private:
    static wsio::decode_result&
    error(wsio::decode_result& r, wsio::error e)
    {
        r.what = wsio::decode_result::event::error;
        r.ec = e;
        r.code = wsio::to_close_code(r.ec);
        return r;
    }

    wsio::codec_config cfg_;
    wsio::detail::utf8_validator utf8_;
    std::string line_;
    bool delivered_ = false;
};

class factory : public wsio::codec_factory
{
public:
    std::string_view
    protocol_version() const noexcept override
    {
        return "x-line";
    }

    std::string_view
    version_token() const noexcept override
    {
        return "x-line"; // matched exactly against Sec-WebSocket-Version
    }

    std::unique_ptr<wsio::codec>
    create(wsio::codec_config const& cfg) const override
    {
        return std::make_unique<codec>(cfg);
    }
};

} // namespace line_codec

#endif
