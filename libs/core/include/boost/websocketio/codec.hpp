//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_CODEC_HPP
#define BOOST_WEBSOCKETIO_CODEC_HPP

#include <boost/websocketio/error.hpp>

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace boost {
namespace websocketio {

/// The parsed HTTP upgrade request, as Beast's parser produces it.
using request_type =
    boost::beast::http::request<boost::beast::http::empty_body>;

/// The kind of a frame or message, independent of the draft.
enum class frame_type : std::uint8_t
{
    text,   ///< UTF-8 text message
    binary, ///< binary message (hixie: the length-prefixed 0x80 frame type)
    ping,   ///< ping control frame (hybi only)
    pong,   ///< pong control frame (hybi only)
    close   ///< closing frame / closing handshake
};

/** What a draft can express on the wire. */
struct codec_capabilities
{
    bool binary = false;       ///< binary messages that clients deliver
    bool ping = false;         ///< ping/pong control frames
    bool close_frame = false;  ///< a closing handshake frame exists
    bool close_code = false;   ///< close frames carry a code and reason
    bool fragmentation = false;///< messages may be fragmented
};

/** Chooses a subprotocol from those the client offered.

    Receives the offered tokens in the client's order; returns the chosen
    token (echoed in the response) or an empty string for none.
*/
using subprotocol_chooser =
    std::function<std::string(std::vector<std::string_view> const&)>;

/** Decides whether an origin may connect. Receives the value of the draft's
    origin header (`Origin`, or `Sec-WebSocket-Origin` for hybi-07/08), empty
    when absent. Returning `false` refuses the upgrade with 403.
*/
using origin_checker = std::function<bool(std::string_view)>;

/** Input of a sans-I/O handshake. */
struct handshake_input
{
    /// The parsed upgrade request. Must outlive the call.
    request_type const* request = nullptr;

    /** The bytes received after the request header (hixie-76 key3 and
        possibly frame data), in order. Each call passes all bytes received
        so far after the header, not only the new ones.
    */
    std::string_view leftover;

    /** Whether the connection is secure (TLS, or a trusted proxy said so);
        selects `wss://` for the hixie `Location` header. */
    bool secure = false;

    /// Optional subprotocol chooser; none means no subprotocol is chosen.
    subprotocol_chooser const* choose_subprotocol = nullptr;

    /// Optional origin check; none means every origin is accepted.
    origin_checker const* check_origin = nullptr;
};

/** Output of a sans-I/O handshake. */
struct handshake_result
{
    /// What the server does next.
    enum class status
    {
        accepted,  ///< `response` is the 101 answer; the connection is open
        need_more, ///< call again once `bytes_needed` more bytes arrived
        rejected   ///< `response` is the HTTP error answer; close after it
    };

    /// The outcome. Default: `rejected`.
    status state = status::rejected;

    /// The exact bytes to write (101 response, or the HTTP error response).
    std::string response;

    /// With `need_more`: how many more bytes the handshake waits for.
    std::size_t bytes_needed = 0;

    /** With `accepted`: how many bytes of `leftover` belong to the handshake
        (8 for hixie-76 key3). The bytes after them are frame data. */
    std::size_t consumed = 0;

    /// With `rejected`: why.
    boost::system::error_code ec;

    /// With `accepted`: the negotiated subprotocol, empty for none.
    std::string subprotocol;

    /** With `accepted`: the `Sec-WebSocket-Extensions` value the response
        carries (e.g. `permessage-deflate; server_no_context_takeover`),
        empty when no extension was negotiated. */
    std::string extensions;

    /// The origin the client announced, empty when absent.
    std::string origin;
};

/** What one call to `codec::decode` produced. */
struct decode_result
{
    /// The kind of event a `decode` call completed.
    enum class event
    {
        need_more, ///< all input consumed, no complete event yet
        message,   ///< a whole text or binary message (`type`, `payload`)
        ping,      ///< a ping; `payload` is its application data
        pong,      ///< a pong; `payload` is its application data
        close,     ///< a closing frame; `code` and `payload` (the reason)
        error      ///< fail the connection: `ec`, and `code` to send
    };

    /// The event. Default: `need_more`.
    event what = event::need_more;

    /// How many input bytes this call consumed.
    std::size_t consumed = 0;

    /// For `message`: `frame_type::text` or `frame_type::binary`.
    frame_type type = frame_type::text;

    /** The payload. Points into the caller's input buffer (a whole message
        found in it) or into the codec's own buffer (a message assembled
        from pieces). Valid until the next call to `decode` and until the
        caller changes its input buffer.
    */
    std::string_view payload;

    /// For `close`: the code received (`no_status` when absent).
    /// For `error`: the code to send in the closing frame.
    close_code code = close_code::none;

    /// For `error`: why the connection fails.
    boost::system::error_code ec;

    /** How many whole frames this call consumed that raised no event of
        their own (non-final fragments of a message, RFC 6455 section
        5.4). Only for liveness: the socket's idle and keep-alive timers
        count complete frames, never loose bytes. Codecs without
        fragmentation leave it 0. */
    std::uint32_t fragments = 0;
};

/** permessage-deflate settings (RFC 7692): whether a server accepts the
    extension, and how it compresses. Only the hybi codecs (hybi-07, 08
    and RFC 6455) use them; hixie drafts have no extensions.

    Two modes:
    @li **shared** (`context_takeover == false`, the default): the server
        answers `server_no_context_takeover` and `client_no_context_takeover`
        (RFC 7692 sections 7.1.1.1 and 7.1.1.2), so every message is
        compressed and decompressed on its own, by one deflate and one
        inflate stream per thread; an idle connection owns no zlib memory.
    @li **dedicated** (`context_takeover == true`): each connection keeps
        its LZ77 history across messages in both directions, unless the
        client's offer holds `server_no_context_takeover` or
        `client_no_context_takeover` (then answered and honoured). Better ratio on small similar messages; each
        connection owns zlib state (doc/deflate.md gives the bytes per
        setting).

    @par Thread Safety
    A plain value.
*/
struct permessage_deflate_options
{
    /// Accept a `permessage-deflate` offer (default: off, as ws and uWS).
    bool enabled = false;

    /// Dedicated mode (see above); `false`: shared mode.
    bool context_takeover = false;

    /** zlib compression level, 0 (store) to 9 (best), or -1 for zlib's
        default (6). */
    int compression_level = -1;

    /** zlib `memLevel`, 1 to 9: size of the compressor's hash table and
        pending buffer, per thread in shared mode, per connection in
        dedicated mode. */
    int memory_level = 8;

    /** Base-2 log of the server's LZ77 window, 8 to 15; below 15 it is
        announced as `server_max_window_bits` even when not offered (RFC
        7692 section 7.1.2.1 allows it). An offer's smaller
        `server_max_window_bits` lowers it for that connection. Outside
        8 to 15, every offer is declined. */
    int server_max_window_bits = 15;

    /** Base-2 log of the largest window the server lets the client use,
        8 to 15 (RFC 7692 section 7.1.2.2). Below 15, an offer without
        `client_max_window_bits` is declined, since the answer must not
        name it and such a client may use 15 (Firefox and Safari offer
        none). An offer's smaller value lowers it for that connection.
        Outside 8 to 15, every offer is declined. */
    int client_max_window_bits = 15;

    /** Messages with fewer payload bytes than this are sent uncompressed
        (RSV1 clear; RFC 7692 section 6 allows it per message). */
    std::size_t threshold = 1024;
};

/** Limits and settings given to each codec instance. */
struct codec_config
{
    /** Largest message accepted (bytes), counted after reassembly and,
        with permessage-deflate, after decompression. */
    std::size_t max_message_size = 16 * 1024 * 1024;

    /// permessage-deflate (hybi codecs only).
    permessage_deflate_options permessage_deflate;
};

/** The bytes that surround a payload in one outgoing frame.

    A frame is `prefix`, then the payload bytes unchanged, then `suffix`.
    Servers never mask, so the payload can be sent without copying it.
*/
struct frame_header
{
    /// The bytes before the payload; the first `prefix_size` are used
    /// (hybi: 2 to 10 bytes of header; hixie: the frame type byte and,
    /// for binary, the base-128 length).
    std::uint8_t prefix[16];
    /// How many bytes of `prefix` are used (0 to 16).
    std::uint8_t prefix_size = 0;
    /// The bytes after the payload; the first `suffix_size` are used
    /// (hixie text: `0xFF`; hybi: none).
    std::uint8_t suffix[2];
    /// How many bytes of `suffix` are used (0 to 2).
    std::uint8_t suffix_size = 0;
};

/** One connection's protocol engine for one draft: handshake, decoder and
    encoder. Sans-I/O: it never touches a socket.

    @par Thread Safety
    Distinct objects: safe. Shared objects: unsafe.
*/
class codec
{
public:
    /// Destroys the codec and the buffers it owns; payload views it
    /// returned become invalid.
    virtual ~codec() = default;

    /// websocket.io's `name`: `"websocket"` or `"websocket-hixie"`.
    virtual std::string_view
    name() const noexcept = 0;

    /// `"hixie-75"`, `"hixie-76"`, `"hybi-07"`, `"hybi-08"`, `"hybi-13"`.
    virtual std::string_view
    protocol_version() const noexcept = 0;

    /// What this draft can express.
    virtual codec_capabilities
    capabilities() const noexcept = 0;

    /** Validates the upgrade request and computes the response.

        Call again with a longer `leftover` while the result says
        `need_more` (hixie-76 key3 may arrive in later TCP segments).
    */
    virtual handshake_result
    handshake(handshake_input const& in) = 0;

    /** Decodes frames from `data`, which the codec may modify in place
        (unmasking). Consumes input until one event is complete, or all of
        it. Call again with the unconsumed rest after handling an event.
        After an `error` or `close` event, do not call again.
    */
    virtual decode_result
    decode(char* data, std::size_t size) = 0;

    /** Gives back memory that the last event no longer needs.

        Called by the socket once the handlers of the events returned so
        far have run and no message is partly received: a codec that
        assembled a large message in a buffer of its own frees it here, so
        an idle connection returns to its idle footprint at once instead of
        at the next `decode`. The default does nothing.

        @par Postconditions
        Payloads returned by earlier `decode` calls are invalid.
    */
    virtual void
    release_memory() noexcept
    {
    }

    /** Called between messages when the connection has been quiet for a
        while (no message or control frame in either direction for one
        tick of the socket's timer: a quarter of its shortest enabled
        timeout, 7.5 s with the default `ping_interval`). Frees state that
        only saves work or ratio and can be rebuilt: the hybi codecs free a
        dedicated permessage-deflate compressor (about 270 KiB at window
        15 and memory level 8) and keep the inflater. Default: nothing. */
    virtual void
    release_idle_memory() noexcept
    {
    }

    /** The framing bytes of one outgoing frame of `type` carrying `size`
        payload bytes.

        @par Preconditions
        `type` is `text` or `binary`, or `ping`/`pong` when
        `capabilities().ping` (and then `size <= 125`).
    */
    virtual frame_header
    make_header(frame_type type, std::size_t size) const noexcept = 0;

    /** Appends the closing frame for `code` and `reason` to `out`.

        Returns `false` (appending nothing) for drafts without a closing
        frame (hixie-75). `close_code::no_status` or `none` gives a close
        frame without a code. Drafts without codes ignore them.
    */
    virtual bool
    encode_close(close_code code, std::string_view reason,
                 std::string& out) const = 0;

    /// Appends one whole frame (header, payload, suffix) to `out`.
    void
    encode(frame_type type, std::string_view payload, std::string& out) const
    {
        frame_header const h = make_header(type, payload.size());
        out.append(reinterpret_cast<char const*>(h.prefix), h.prefix_size);
        out.append(payload.data(), payload.size());
        out.append(reinterpret_cast<char const*>(h.suffix), h.suffix_size);
    }

    /** Appends the frame that sends the message or control frame
        `payload` of `type` to `out`, transformed as the connection's
        extensions say (the hybi codecs: compressed with permessage-deflate,
        RFC 7692 section 7.2.1, RSV1 set, one frame).

        The default is @ref encode. A codec whose
        @ref transforms_payload is `false` for `payload.size()` appends
        exactly what @ref encode does, so a caller may instead send
        @ref make_header's bytes and `payload` without copying it.

        @par Preconditions
        As @ref make_header.

        @throws std::bad_alloc
    */
    virtual void
    encode_message(frame_type type, std::string_view payload,
                   std::string& out)
    {
        encode(type, payload, out);
    }

    /** The `Sec-WebSocket-Extensions` value the handshake answered
        (RFC 6455 section 9.1), e.g. `permessage-deflate;
        server_no_context_takeover; client_no_context_takeover`; empty when
        no extension was negotiated (always, for drafts without
        extensions). Valid until the codec is destroyed.
    */
    virtual std::string_view
    extensions() const noexcept
    {
        return {};
    }

    /** Whether @ref encode_message transforms a text or binary message of
        `size` payload bytes (then only it gives the frame's bytes); when
        `false`, the frame is @ref make_header's prefix, the payload
        unchanged, then the suffix. Control frames are never transformed.
        The default is `false`; the hybi codecs answer `true` once
        permessage-deflate is started and `size` is at least
        `permessage_deflate_options::threshold`.
    */
    virtual bool
    transforms_payload(std::size_t size) const noexcept
    {
        (void)size;
        return false;
    }

    /** Names the bytes @ref encode_broadcast gives for a text or binary
        message of `size` payload bytes, so that a broadcast
        (`server::publish`) encodes each message once per name and shares
        the bytes: codecs of one server that return the same non-zero key
        give identical bytes for the same message. 0 (the default) means
        the bytes depend on this connection (permessage-deflate with
        context takeover; a custom codec that keeps no promise): the
        message is then encoded by each socket with @ref encode_message.

        The built-in codecs: 1 for the hixie drafts (`0x00` text `0xFF`,
        `0x80` length-prefixed binary), 2 for hybi-07, 08 and 13 without a
        transform, and for a permessage-deflate compressor without context
        takeover (RFC 7692 section 7.1.1.1) a key made of the compression
        level, memory level and window size.

        @par Thread Safety
        Called from any thread, concurrently with this codec's other
        functions, once the handshake is done: it may read only what the
        handshake fixed. */
    virtual std::uint32_t
    broadcast_key(frame_type type, std::size_t size) const noexcept
    {
        (void)type;
        (void)size;
        return 0;
    }

    /** Appends the whole frame for a broadcast message to `out`: exactly
        what @ref encode_message appends for it on any codec with the same
        non-zero @ref broadcast_key. Called only when `broadcast_key(type,
        payload.size())` is not 0. Default: @ref encode.

        @par Thread Safety
        As for @ref broadcast_key, from any thread, concurrently with this
        codec's other functions.

        @throws std::bad_alloc */
    virtual void
    encode_broadcast(frame_type type, std::string_view payload,
                     std::string& out) const
    {
        encode(type, payload, out);
    }
};

/** Creates codecs for one draft, and tells whether a request speaks it.

    A @ref registry holds an ordered list of factories.

    @par Thread Safety
    One factory serves every connection of every server that uses its
    registry, from many strands at once: an implementation's members must
    be safe to call concurrently (the built-in factories are immutable).
*/
class codec_factory
{
public:
    /// Destroys the factory; codecs it created are independent of it.
    virtual ~codec_factory() = default;

    /// The draft's `protocol_version()` string, e.g. `"hybi-13"`.
    virtual std::string_view
    protocol_version() const noexcept = 0;

    /** The exact `Sec-WebSocket-Version` value this draft answers to
        (`"13"`, `"8"`, `"7"`), or empty for drafts that predate the header
        (hixie), which are found by `detect` instead.
    */
    virtual std::string_view
    version_token() const noexcept = 0;

    /** For drafts without a version token: does this request speak it?
        Only asked when the request carries no `Sec-WebSocket-Version`.
    */
    virtual bool
    detect(request_type const& req) const
    {
        (void)req;
        return false;
    }

    /// A new codec for one connection.
    virtual std::unique_ptr<codec>
    create(codec_config const& cfg) const = 0;
};

} // namespace websocketio
} // namespace boost

#endif
