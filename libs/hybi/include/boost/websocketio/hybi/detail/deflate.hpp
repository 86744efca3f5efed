//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_HYBI_DETAIL_DEFLATE_HPP
#define BOOST_WEBSOCKETIO_HYBI_DETAIL_DEFLATE_HPP

#include <boost/websocketio/codec.hpp>
#include <boost/websocketio/hybi/detail/deflate_params.hpp>
#include <boost/websocketio/hybi/detail/message_buffer.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace boost {
namespace websocketio {
namespace hybi {
namespace detail {

/** One zlib stream (deflate or inflate) whose memory is counted.

    Opaque here so that <zlib.h> stays out of the public headers; defined
    in src/deflate.cpp.
*/
class zlib_stream;

/// RSV1, the "Per-Message Compressed" bit (RFC 7692 section 6).
constexpr std::uint8_t rsv1_bit = 0x40;

/// Deleter of @ref zlib_stream (its type is incomplete in this header).
struct zlib_stream_deleter
{
    /// Ends the stream and frees its memory.
    void
    operator()(zlib_stream* s) const noexcept;
};

/// An owned zlib stream.
using zlib_stream_ptr = std::unique_ptr<zlib_stream, zlib_stream_deleter>;

/** What permessage-deflate agreed on a connection, with the server's
    settings (RFC 7692 section 7): the negotiated @ref deflate_params,
    compression level, memory level, threshold and the
    `Sec-WebSocket-Extensions` answer. Immutable and interned: every
    connection that agreed the same thing points to one object (there are
    at most a few hundred shapes per set of server options), so a
    connection pays a pointer for it. Interned objects are never freed.

    @par Thread Safety
    Distinct objects: safe. Shared objects: safe (immutable;
    @ref compress_stateless uses the calling thread's streams).
*/
class deflate_config
{
public:
    /** The interned object for `p`, the server's settings `o` and the
        handshake's `answer`.

        @throws std::invalid_argument if `o.compression_level` is not -1
        to 9, `o.memory_level` not 1 to 9, or a window size in `p` not
        8 to 15.
        @throws std::bad_alloc
    */
    static deflate_config const&
    intern(deflate_params const& p, permessage_deflate_options const& o,
           std::string_view answer = {});

    /// What was agreed.
    deflate_params const&
    params() const noexcept
    {
        return params_;
    }

    /// Messages of fewer bytes than this are sent uncompressed.
    std::size_t
    threshold() const noexcept
    {
        return threshold_;
    }

    /// The `Sec-WebSocket-Extensions` value the handshake answered.
    std::string_view
    answer() const noexcept
    {
        return answer_;
    }

    /** Whether messages are compressed without context takeover
        (`server_no_context_takeover`): then every message's bytes depend
        only on it and the settings, and @ref compress_stateless gives
        them from any thread. */
    bool
    stateless_compressor() const noexcept
    {
        return params_.server_no_context_takeover;
    }

    /** The compressor's settings as one number (level, memory level,
        window size): equal keys compress equally. */
    std::uint32_t
    settings_key() const noexcept;

    /** As @ref deflate_engine::compress, with the calling thread's shared
        compressor of these settings; any thread may call it.
        @par Preconditions
        `stateless_compressor()`.
        @throws std::bad_alloc */
    void
    compress_stateless(std::string_view in, std::string& out) const;

private:
    friend class deflate_engine;
    deflate_config() = default;

    int level_ = 0;
    int mem_level_ = 0;
    std::size_t threshold_ = 0;
    deflate_params params_;
    std::string answer_;
};

/** The permessage-deflate state of one connection (RFC 7692 section
    7.2): compresses outgoing messages, inflates incoming ones, with the
    agreed @ref deflate_config.

    Which zlib streams it uses follows the negotiated @ref deflate_params:

    @li compressor: with `server_no_context_takeover` a per-thread stream,
        keyed by (level, memLevel, window bits) and reset before each
        message, so the connection owns nothing for it; otherwise a stream
        of its own, made at the first compressed message and kept, whose
        LZ77 window carries over (section 7.1.1.1);
    @li inflater: with `client_no_context_takeover` a stream taken from a
        per-thread pool (window 15, which decodes any window of 8 to 15
        bits) at the first frame of a compressed message and given back
        after its last, so only a connection with a message in progress
        holds one; otherwise a stream of its own of
        `client_max_window_bits`, made at the first compressed message
        (section 7.1.1.2). zlib allocates an inflater's window only when it
        first produces output.

    The object itself is three pointers and three flags, kept inside the
    connection's decoder: an idle connection in shared mode (no context
    takeover either way) owns nothing on the heap for permessage-deflate.

    zlib rejects a raw deflate window of 8 bits, so an agreed
    `server_max_window_bits` of 8 compresses with 9 bits: zlib never
    refers farther back than the window size less 262 bytes (its
    MIN_LOOKAHEAD), which for 9 bits is 250 bytes, inside a 256-byte
    window, so the peer's 8-bit inflater decodes every message.

    @par Thread Safety
    Distinct objects: safe (the per-thread streams are per thread).
    Shared objects: unsafe.
*/
class deflate_engine
{
public:
    /// What @ref inflate reports.
    enum class inflate_status : std::uint8_t
    {
        ok,       ///< every byte given was inflated
        too_big,  ///< the output would exceed the limit (close 1009)
        bad_data  ///< not a valid DEFLATE stream (close 1007)
    };

    /// Not started: `started()` is false and nothing else may be called.
    deflate_engine() noexcept = default;

    /// Ready to transform with `c`.
    explicit deflate_engine(deflate_config const& c) noexcept : config_(&c)
    {
    }

    /** Ready to transform with the agreed `p` and the server's settings
        `o` (level, memory level, threshold): `deflate_config::intern(p,
        o)`.

        @throws std::invalid_argument as @ref deflate_config::intern
    */
    deflate_engine(deflate_params const& p,
                   permessage_deflate_options const& o)
        : config_(&deflate_config::intern(p, o))
    {
    }

    /// Frees the connection's streams (a pool stream it holds too).
    ~deflate_engine();

    /// Takes over the settings, the streams and the message state.
    deflate_engine(deflate_engine&& other) noexcept;

    /// Frees this engine's streams, then takes over `other`'s.
    deflate_engine&
    operator=(deflate_engine&& other) noexcept;

    /// Whether permessage-deflate was started (a config is set).
    bool
    started() const noexcept
    {
        return config_ != nullptr;
    }

    /// What was agreed. @par Preconditions `started()`.
    deflate_config const&
    config() const noexcept
    {
        return *config_;
    }

    /// Messages of fewer bytes than this are sent uncompressed.
    std::size_t
    threshold() const noexcept
    {
        return config_->threshold();
    }

    /// The `Sec-WebSocket-Extensions` value the handshake answered.
    std::string_view
    answer() const noexcept
    {
        return config_->answer();
    }

    /** Appends the compressed form of `in` to `out`: raw DEFLATE ended by
        a sync flush whose final `00 00 ff ff` is removed (section
        7.2.1). An empty `in` gives the single byte `00` (section
        7.2.3.6).

        @throws std::bad_alloc
    */
    void
    compress(std::string_view in, std::string& out);

    /// See @ref deflate_config::stateless_compressor.
    bool
    stateless_compressor() const noexcept
    {
        return config_->stateless_compressor();
    }

    /// See @ref deflate_config::settings_key.
    std::uint32_t
    settings_key() const noexcept
    {
        return config_->settings_key();
    }

    /// See @ref deflate_config::compress_stateless.
    void
    compress_stateless(std::string_view in, std::string& out) const
    {
        config_->compress_stateless(in, out);
    }

    /** Starts inflating a new message (its first frame had RSV1 set). */
    void
    begin_message() noexcept;

    /** Inflates `n` compressed bytes of the current message, appending
        the output to `out`; with `last`, these are the message's final
        bytes and the `00 00 ff ff` of section 7.2.2 is inflated after
        them. A message of no compressed byte at all is the empty message.

        `slack` is how many bytes after `p + n` belong to the caller's
        input and may be borrowed: with `last` and `slack >= 4`, the tail
        is written there and inflated with the data in one zlib call, and
        those 4 bytes are restored before this returns (or throws). With
        less, the tail is inflated on its own.

        Bounded: `out` never holds more than `limit` bytes, this never
        grows its capacity past `limit + 1` (one byte more is how an
        overflow is seen), and it grows in steps with the output, so a small frame
        that inflates to gigabytes costs at most `limit + 1` bytes before
        `too_big`. After `too_big` or `bad_data` the engine must not be
        used to inflate again.

        @throws std::bad_alloc
    */
    inflate_status
    inflate(unsigned char* p, std::size_t n, bool last, std::size_t slack,
            message_buffer& out, std::size_t limit);

    /** Frees the connection's own compressor (dedicated mode), keeping
        the inflater: the peer's history must stay, ours need not. The
        next message starts a new compressor with an empty window, which
        the peer's inflater decodes like any other (RFC 7692 section 7.2.1
        lets a compressor leave the window unused); only that message's
        ratio is lost. Call between messages. */
    void
    release_compressor() noexcept
    {
        deflate_.reset();
    }

    /** Bytes of zlib memory this connection owns now (its own streams and
        a pool stream it holds mid-message), counted by the allocator
        zlib is given. The per-thread streams of shared mode are not
        counted. */
    std::size_t
    memory() const noexcept;

    /** Bytes of zlib memory the calling thread's shared streams hold
        (compressors and idle pooled inflaters of every setting). */
    static std::size_t
    thread_memory() noexcept;

private:
    zlib_stream*
    inflater();

    deflate_config const* config_ = nullptr;
    zlib_stream_ptr deflate_; // own compressor (context takeover)
    zlib_stream_ptr inflate_; // own inflater, or a borrowed pool stream
    bool ended_ = false;      // BFINAL seen in the current message
    bool boundary_ = false;   // inflating stopped between two blocks
    bool fed_ = false;        // the current message had compressed bytes
};

} // namespace detail
} // namespace hybi
} // namespace websocketio
} // namespace boost

#endif
