//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_HIXIE_CODEC_HPP
#define BOOST_WEBSOCKETIO_HIXIE_CODEC_HPP

#include <boost/websocketio/codec.hpp>
#include <boost/websocketio/detail/utf8.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace boost {
namespace websocketio {
namespace hixie {

/// The two hixie drafts, which share one framing.
enum class draft : std::uint8_t
{
    /// draft-hixie-thewebsocketprotocol-75: no key challenge, no closing
    /// frame.
    hixie75,

    /// draft-hixie-thewebsocketprotocol-76, identical to
    /// draft-ietf-hybi-thewebsocketprotocol-00: key challenge and the
    /// `0xFF 0x00` closing frame.
    hixie76
};

/** The codec of draft-hixie-75 and draft-hixie-76 (hybi-00).

    Framing (draft-hixie-76 section 4.2 and 5.3): a text frame is `0x00`,
    UTF-8, `0xFF`; a frame whose type has the high bit set carries a
    base-128 length and that many bytes. `0xFF 0x00` is the closing frame.
    Other `0x80`+ frames are handed to the application as binary messages.

    The decoder scans every byte once (no rescanning on partial input),
    validates UTF-8 as text arrives and refuses a message over
    `codec_config::max_message_size` before buffering it.

    @par Thread Safety
    Distinct objects: safe. Shared objects: unsafe.
*/
class codec final : public websocketio::codec
{
public:
    /** Capacity above which the reassembly buffer is released when the
        next message starts, so an idle connection does not pin the memory
        of its largest message. */
    static constexpr std::size_t shrink_threshold = 64 * 1024;

    /// A codec for one connection speaking `d`, with the limits of `cfg`.
    explicit codec(draft d, codec_config const& cfg = {});

    /// The draft this codec speaks.
    draft
    which() const noexcept
    {
        return draft_;
    }

    /// `"websocket-hixie"`.
    std::string_view
    name() const noexcept override;

    /// `"hixie-75"` or `"hixie-76"`.
    std::string_view
    protocol_version() const noexcept override;

    /// Text only, no ping; a closing frame for hixie-76 only.
    codec_capabilities
    capabilities() const noexcept override;

    /** Validates the upgrade request and computes the response.

        hixie-75 (section 5.1 of its draft) answers at once. hixie-76
        (section 5.2) validates `Sec-WebSocket-Key1`/`Key2` first, then
        waits for the 8 bytes of key3 at the start of `in.leftover`,
        answering `need_more` until they are there; the bytes after them
        are frame data.

        Pure: the result depends only on `in`, so the call may be repeated
        with a longer `leftover` (the origin check runs on each call, the
        subprotocol chooser only when accepting).
    */
    handshake_result
    handshake(handshake_input const& in) override;

    /** Decodes frames from `data` (never modified), one event per call.

        After a `close` or `error` event, further calls return that event
        again and consume nothing.
    */
    decode_result
    decode(char* data, std::size_t size) override;

    /** `text`: prefix `0x00`, suffix `0xFF`. `binary`: prefix `0x80` and
        the base-128 length, no suffix. Other types violate the
        precondition and give an empty header.
    */
    frame_header
    make_header(frame_type type, std::size_t size) const noexcept override;

    /** 1: hixie-75 and hixie-76 frame every message alike (see
        `websocketio::codec::broadcast_key`). */
    std::uint32_t
    broadcast_key(frame_type type, std::size_t size) const noexcept override
    {
        (void)type;
        (void)size;
        return 1;
    }

    /** hixie-76: appends `0xFF 0x00` (section 4.2, closing handshake) and
        returns `true`; codes and reasons do not exist in this draft.
        hixie-75: returns `false`, it has no closing frame.
    */
    bool
    encode_close(close_code code, std::string_view reason,
                 std::string& out) const override;

    /** Frees the reassembly buffer between frames (not while a frame is
        being assembled). Payloads returned earlier are invalid afterwards.
    */
    void
    release_memory() noexcept override
    {
        if (state_ != state::text && state_ != state::payload &&
            buf_.capacity() != 0)
            std::string().swap(buf_);
    }

    /// The capacity of the reassembly buffer, for tests and monitoring.
    std::size_t
    buffer_capacity() const noexcept
    {
        return buf_.capacity();
    }

private:
    enum class state : std::uint8_t
    {
        frame_start, // expecting a frame type byte
        text,        // inside a 0x00 frame, scanning for 0xFF
        length,      // reading the base-128 length of a 0x80+ frame
        payload,     // reading the bytes of a 0x80+ frame
        closed,      // a closing frame was received
        failed       // an error was reported
    };

    decode_result
    fail(error e, std::size_t consumed);

    decode_result
    terminal() const;

    // A message ends with the n bytes at `tail`; `consumed` is the total
    // this call used.
    decode_result
    complete(frame_type type, char const* tail, std::size_t n,
             std::size_t consumed);

    handshake_result
    handshake75(handshake_input const& in) const;

    handshake_result
    handshake76(handshake_input const& in) const;

    draft draft_;
    state state_ = state::frame_start;
    std::uint8_t frame_type_ = 0;     // type byte of the current 0x80+ frame
    std::uint8_t length_bytes_ = 0;   // length bytes read so far
    std::uint64_t length_ = 0;        // length decoded so far / remaining
    std::size_t max_message_size_;
    boost::system::error_code ec_;    // the error, once failed
    std::string buf_;                 // a message assembled across calls
    websocketio::detail::utf8_validator utf8_;
};

} // namespace hixie
} // namespace websocketio
} // namespace boost

#endif
