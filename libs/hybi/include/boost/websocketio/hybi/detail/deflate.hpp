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

/** The permessage-deflate transform of one connection (RFC 7692 section
    7.2): compresses outgoing messages, inflates incoming ones.

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

    /** Ready to transform with the agreed `p` and the server's settings
        `o` (level, memory level, threshold).

        @throws std::invalid_argument if `o.compression_level` is not -1
        to 9, `o.memory_level` not 1 to 9, or a window size in `p` not
        8 to 15.
    */
    deflate_engine(deflate_params const& p,
                   permessage_deflate_options const& o);

    /// Frees the connection's streams (a pool stream it holds too).
    ~deflate_engine();

    deflate_engine(deflate_engine const&) = delete;
    deflate_engine&
    operator=(deflate_engine const&) = delete;

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
        return answer_ ? std::string_view(*answer_) : std::string_view();
    }

    /** Keeps the answer. Answers are interned: every connection that
        agreed the same parameters points to one string (there are at most
        a few hundred shapes), so a connection pays a pointer for it.
        @throws std::bad_alloc */
    void
    set_answer(std::string_view a);

    /** Appends the compressed form of `in` to `out`: raw DEFLATE ended by
        a sync flush whose final `00 00 ff ff` is removed (section
        7.2.1). An empty `in` gives the single byte `00` (section
        7.2.3.6).

        @throws std::bad_alloc
    */
    void
    compress(std::string_view in, std::string& out);

    /** Whether this connection compresses without context takeover
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

    /** As @ref compress, with the calling thread's shared compressor of
        this connection's settings; touches nothing of this object but its
        settings, so any thread may call it, concurrently with the
        connection's own work.
        @par Preconditions
        `stateless_compressor()`.
        @throws std::bad_alloc */
    void
    compress_stateless(std::string_view in, std::string& out) const;

    /** Starts inflating a new message (its first frame had RSV1 set). */
    void
    begin_message();

    /** Inflates `n` compressed bytes of the current message, appending
        the output to `out`; with `last`, these are the message's final
        bytes and the `00 00 ff ff` of section 7.2.2 is inflated after
        them. A message of no compressed byte at all is the empty message.

        Bounded: `out` never holds more than `limit` bytes, this never
        grows its capacity past `limit + 1` (one byte more is how an
        overflow is seen), and it grows in steps with the output, so a small frame
        that inflates to gigabytes costs at most `limit + 1` bytes before
        `too_big`. After `too_big` or `bad_data` the engine must not be
        used to inflate again.

        @throws std::bad_alloc
    */
    inflate_status
    inflate(unsigned char const* p, std::size_t n, bool last,
            std::string& out, std::size_t limit);

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

    deflate_params params_;
    int level_;
    int mem_level_;
    std::size_t threshold_;
    std::string const* answer_ = nullptr;
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
