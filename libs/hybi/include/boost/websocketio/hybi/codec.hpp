//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_HYBI_CODEC_HPP
#define BOOST_WEBSOCKETIO_HYBI_CODEC_HPP

#include <boost/websocketio/codec.hpp>
#include <boost/websocketio/hybi/detail/decoder.hpp>
#include <boost/websocketio/hybi/detail/deflate_params.hpp>
#include <boost/websocketio/hybi/draft.hpp>

#include <memory>
#include <optional>

namespace boost {
namespace websocketio {
namespace hybi {

/** The codec of hybi-07, hybi-08 and RFC 6455 (hybi-13).

    One framing engine (RFC 6455 section 5) serves the three drafts; the
    @ref draft only changes the handshake's origin header and the version
    strings.

    Incoming frames must be masked (section 5.1); RSV bits must be clear
    unless permessage-deflate is started (@ref start_deflate; then RSV1
    marks a compressed message, RFC 7692 section 6); text and close
    reasons must be UTF-8 (section 8.1); messages over
    `codec_config::max_message_size` fail with 1009 before any of their
    payload is stored (compressed ones: once their inflated size passes
    it). Outgoing frames are unmasked, unfragmented and use the shortest
    length form.

    @par Thread Safety
    Distinct objects: safe. Shared objects: unsafe.
*/
class codec final : public websocketio::codec
{
public:
    /** A codec for one connection speaking `d`. Keeps a copy of
        `cfg.permessage_deflate` until the handshake ends, only when it is
        enabled, and nothing else of `cfg` but the decoder's limit.
        @throws std::bad_alloc */
    codec(draft const& d, codec_config const& cfg)
        : draft_(d), decoder_(cfg.max_message_size),
          deflate_options_(cfg.permessage_deflate.enabled
                               ? std::make_unique<permessage_deflate_options>(
                                     cfg.permessage_deflate)
                               : nullptr)
    {
    }

    /// `"websocket"`.
    std::string_view
    name() const noexcept override
    {
        return "websocket";
    }

    /// `"hybi-13"`, `"hybi-08"` or `"hybi-07"`.
    std::string_view
    protocol_version() const noexcept override
    {
        return draft_.protocol_version;
    }

    /// Everything: binary, ping/pong, close frames with codes, fragments.
    codec_capabilities
    capabilities() const noexcept override;

    /** The opening handshake, RFC 6455 section 4.2 (the same in hybi-07
        and -08 but for the origin header). The registry has already
        checked the method, `Upgrade`, `Connection` and the version. This
        requires `Host` (else `error::no_host`) and a `Sec-WebSocket-Key`
        that is strict base64 of exactly 16 bytes (section 4.2.1; else
        `no_sec_key` / `bad_sec_key`), asks the origin check
        (`origin_rejected`, 403) and negotiates a subprotocol. With
        `codec_config::permessage_deflate.enabled` it accepts the first
        permessage-deflate offer the options allow (RFC 7692; the rules
        are in doc/deflate.md): the response gets one
        `Sec-WebSocket-Extensions` line, `extensions` its value, and
        @ref negotiated_deflate the parameters. No other extension is ever
        accepted. Answers at once: never `need_more`, and `consumed` is 0.
    */
    handshake_result
    handshake(handshake_input const& in) override;

    /** The permessage-deflate parameters the last @ref handshake agreed
        on; empty before it, when it rejected the upgrade, and when no
        offer was accepted. */
    std::optional<detail::deflate_params> const&
    negotiated_deflate() const noexcept
    {
        return negotiated_deflate_;
    }

    /** Decodes frames (RFC 6455 section 5), unmasking `data` in place;
        control frames may arrive between the fragments of a message
        (section 5.4). Errors: see @ref error (100-113) for each rule and
        the close code it sends. With permessage-deflate started, a
        message whose first frame has RSV1 set is inflated (RFC 7692
        section 7.2.2) and delivered from the codec's buffer; RSV1 on a
        continuation or control frame, or RSV2/RSV3, fail with
        `bad_reserved_bits` (1002); invalid DEFLATE data with
        `bad_compressed_data` (1007); an inflated size over
        `max_message_size` with `message_too_big` (1009). */
    decode_result
    decode(char* data, std::size_t size) override
    {
        return decoder_.decode(data, size);
    }

    /** Starts permessage-deflate (RFC 7692) with the parameters the
        handshake agreed on, `p`, and the server's settings `o`: from now
        on a client message with RSV1 set is inflated, and
        @ref encode_message compresses text and binary messages of at
        least `o.threshold` bytes. Called once, after the 101 response
        that accepted the extension and before the first frame is
        decoded. `answer` is the `Sec-WebSocket-Extensions` value the 101
        gave (@ref extensions returns it). Until it is called the codec
        owns no zlib state. The agreed settings are interned (one object
        per distinct setting, shared by every connection). After: in
        dedicated mode (context takeover) the
        connection makes its own compressor at its first compressed
        message and its own inflater at the first compressed message it
        receives, and keeps them (@ref deflate_memory counts them); with
        `server_no_context_takeover` / `client_no_context_takeover` it
        uses per-thread streams instead and owns nothing between
        messages (doc/deflate.md gives the bytes per setting).

        @throws std::invalid_argument if `o.compression_level` is not -1
        to 9, `o.memory_level` not 1 to 9, or a window size in `p` not 8
        to 15.
    */
    void
    start_deflate(detail::deflate_params const& p,
                  permessage_deflate_options const& o,
                  std::string_view answer = {})
    {
        decoder_.start_deflate(detail::deflate_config::intern(p, o, answer));
    }

    /** The frame for `payload`: with permessage-deflate started, a text
        or binary message of at least `threshold` bytes is compressed
        (RFC 7692 section 7.2.1) into one frame with RSV1 set; anything
        else is @ref encode's frame. Compressing uses the connection's
        own LZ77 window (context takeover) or the thread's shared stream
        (`server_no_context_takeover`).

        @throws std::bad_alloc (then `out` is as it was)
    */
    void
    encode_message(frame_type type, std::string_view payload,
                   std::string& out) override;

    /// `true` when @ref encode_message compresses a message of `size`
    /// bytes: permessage-deflate started and `size >= threshold`.
    bool
    transforms_payload(std::size_t size) const noexcept override
    {
        detail::deflate_engine const* const d = decoder_.deflate();
        return d != nullptr && size >= d->threshold();
    }

    /** 2 for a frame without a transform; for a message permessage-deflate
        compresses, a key of the compressor's settings when it keeps no
        context (shared mode), else 0 (see
        `websocketio::codec::broadcast_key`). */
    std::uint32_t
    broadcast_key(frame_type type, std::size_t size) const noexcept override;

    /** The frame @ref encode_message would give, built without this
        connection's state (see `websocketio::codec::encode_broadcast`).
        @throws std::bad_alloc */
    void
    encode_broadcast(frame_type type, std::string_view payload,
                     std::string& out) const override;

    /** Frees a dedicated permessage-deflate compressor (see
        `websocketio::codec::release_idle_memory`). */
    void
    release_idle_memory() noexcept override
    {
        if (detail::deflate_engine* const d = decoder_.deflate())
            d->release_compressor();
    }

    /** The `Sec-WebSocket-Extensions` value answered (RFC 7692 section
        7), empty when permessage-deflate was not negotiated. */
    std::string_view
    extensions() const noexcept override
    {
        detail::deflate_engine const* const d = decoder_.deflate();
        return d ? d->answer() : std::string_view();
    }

    /** Bytes of zlib memory this connection owns (0 before
        @ref start_deflate), for tests of memory bounds and for
        accounting: the zlib streams it keeps (dedicated mode) or holds in
        the middle of a message, as counted by the allocator given to
        zlib. */
    std::size_t
    deflate_memory() const noexcept
    {
        detail::deflate_engine const* const d = decoder_.deflate();
        return d != nullptr ? d->memory() : 0;
    }

    /// Frees a reassembly buffer that is not in use.
    void
    release_memory() noexcept override
    {
        decoder_.release_memory();
    }

    /// An unmasked frame with FIN set, shortest length (section 5.2).
    frame_header
    make_header(frame_type type, std::size_t size) const noexcept override;

    /** A close frame (section 5.5.1): empty for `none` and for the codes
        that must never be sent (1005, 1006, 1015, section 7.4.1), else
        the 2-byte code and the reason cut to 123 bytes at a UTF-8
        character boundary. Returns `true`.
    */
    bool
    encode_close(close_code code, std::string_view reason,
                 std::string& out) const override;

    /// Capacity of the reassembly buffer (for tests of memory bounds).
    std::size_t
    buffer_capacity() const noexcept
    {
        return decoder_.buffer_capacity();
    }

private:
    // The engine that compresses a message of `type` and `size`, or null
    // when it goes uncompressed (no deflate, control frame, under the
    // threshold).
    detail::deflate_engine const*
    compressor_for(frame_type type, std::size_t size) const noexcept;

    draft draft_;
    detail::frame_decoder decoder_;
    // Only while the handshake may still need them, and only when enabled
    // (an idle connection's codec stays small).
    std::unique_ptr<permessage_deflate_options> deflate_options_;
    std::optional<detail::deflate_params> negotiated_deflate_;
};

} // namespace hybi
} // namespace websocketio
} // namespace boost

#endif
