//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_HYBI_DETAIL_DECODER_HPP
#define BOOST_WEBSOCKETIO_HYBI_DETAIL_DECODER_HPP

#include <boost/websocketio/codec.hpp>
#include <boost/websocketio/detail/utf8.hpp>
#include <boost/websocketio/hybi/detail/deflate.hpp>
#include <boost/websocketio/hybi/detail/frame.hpp>
#include <boost/websocketio/hybi/detail/message_buffer.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace boost {
namespace websocketio {
namespace hybi {
namespace detail {

/** The incremental decoder of client frames (RFC 6455 section 5), shared
    by hybi-07, hybi-08 and hybi-13.

    Input may be split anywhere: a partial header (at most 14 bytes) is kept
    inside, payload bytes are unmasked in the caller's buffer as they arrive
    and, for a message that does not fit one input, appended to a buffer the
    decoder owns. A whole unfragmented frame found in one input is delivered
    in place, without a copy. Text is validated as it is unmasked, so a
    message fails on its first invalid byte.

    The RSV bits must be clear, except RSV1 on the first frame of a text
    or binary message once permessage-deflate is started (RFC 7692
    section 6): that message is inflated as its frames arrive (control
    frames may come between them), and its size limit and UTF-8 check
    apply to the inflated bytes.

    @par Thread Safety
    Distinct objects: safe. Shared objects: unsafe.
*/
class frame_decoder
{
public:
    /// A decoder refusing messages over `max_message_size` bytes.
    explicit frame_decoder(std::size_t max_message_size) noexcept
        : max_message_size_(max_message_size)
    {
    }

    /** Accepts compressed messages from now on, with the agreed
        settings `c`. See @ref hybi::codec::start_deflate.
    */
    void
    start_deflate(deflate_config const& c) noexcept
    {
        deflate_ = deflate_engine(c);
    }

    /// The permessage-deflate engine, or null before @ref start_deflate.
    deflate_engine*
    deflate() noexcept
    {
        return deflate_.started() ? &deflate_ : nullptr;
    }

    /// The permessage-deflate engine, or null before @ref start_deflate.
    deflate_engine const*
    deflate() const noexcept
    {
        return deflate_.started() ? &deflate_ : nullptr;
    }

    /// See @ref websocketio::codec::decode.
    decode_result
    decode(char* data, std::size_t size);

    /** Frees the reassembly buffer unless a message is being assembled in
        it. Payloads returned earlier are invalid afterwards. */
    void
    release_memory() noexcept
    {
        if (!in_message_)
            buffer_.release();
    }

    /// Capacity of the reassembly buffer (for tests of memory bounds).
    std::size_t
    buffer_capacity() const noexcept
    {
        return buffer_.capacity();
    }

private:
    enum class state : std::uint8_t
    {
        header,  // collecting header bytes into hdr_
        payload, // unmasking the current frame's payload
        done     // a close or error was reported
    };

    decode_result
    decode_frames(char* data, std::size_t size);
    error
    check_first_byte() const noexcept;
    error
    check_second_byte() const noexcept;
    error
    check_length() noexcept;
    void
    start_frame() noexcept;
    decode_result
    control_event(std::uint8_t const* p, std::size_t n, std::size_t consumed);
    decode_result
    message_event(char const* p, std::size_t n, std::size_t consumed) noexcept;
    decode_result
    fail(error e, std::size_t consumed) noexcept;

    std::size_t max_message_size_;
    std::uint32_t fragments_ = 0; // non-final data frames completed

    // Frame header being collected, then the current frame (section 5.2).
    std::uint8_t hdr_[max_header_size];
    std::uint8_t hdr_size_ = 0;
    state state_ = state::header;
    std::uint8_t op_ = 0;
    bool fin_ = false;
    bool compressed_ = false; // the message in progress had RSV1 set
    std::uint8_t key_[4] = {};
    std::uint64_t length_ = 0;    // declared payload length
    std::uint64_t remaining_ = 0; // payload bytes still to come
    std::uint64_t offset_ = 0;    // payload bytes already unmasked

    // A control frame split across inputs (section 5.5: at most 125 bytes).
    std::uint8_t control_[max_control_payload];

    // The data message in progress (section 5.4), whose frames may have
    // control frames between them.
    bool in_message_ = false;
    bool text_ = false;
    std::uint64_t message_size_ = 0; // declared bytes so far
    websocketio::detail::utf8_validator utf8_;
    error err_ = error{}; // what `done` reports again
    message_buffer buffer_;

    // permessage-deflate, once started (RFC 7692): inside the decoder, so
    // that an idle connection in shared mode owns nothing for it.
    deflate_engine deflate_;
};

} // namespace detail
} // namespace hybi
} // namespace websocketio
} // namespace boost

#endif
