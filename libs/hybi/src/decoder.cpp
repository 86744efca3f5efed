//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#include <boost/websocketio/hybi/detail/decoder.hpp>

#include <boost/websocketio/detail/mask.hpp>

#include <algorithm>
#include <cstring>

namespace boost {
namespace websocketio {
namespace hybi {
namespace detail {

namespace {

constexpr error no_error = error{};

// A reassembly buffer above this capacity is released between messages,
// so one large message does not pin its memory for the connection's life.
constexpr std::size_t release_threshold = 64 * 1024;
// Reassembly grows with what has arrived, never with what is declared: at
// most this much (or half of what is buffered, whichever is more) is
// reserved ahead, so a peer that declares a large frame and trickles it
// makes us hold little more than the bytes it really sent.
constexpr std::size_t reserve_step = 64 * 1024;

decode_result
need_more(std::size_t consumed) noexcept
{
    decode_result r;
    r.what = decode_result::event::need_more;
    r.consumed = consumed;
    return r;
}

} // namespace

decode_result
frame_decoder::fail(error e, std::size_t consumed) noexcept
{
    state_ = state::done;
    err_ = e;
    decode_result r;
    r.what = decode_result::event::error;
    r.consumed = consumed;
    r.ec = err_;
    r.code = to_close_code(err_);
    return r;
}

// Checks made as soon as the first byte arrives (RFC 6455 section 5.2).
error
frame_decoder::check_first_byte() const noexcept
{
    std::uint8_t const b = hdr_[0];
    std::uint8_t const op = b & opcode_bits;
    // Section 5.2: RSV1-3 MUST be 0 unless an extension defines them.
    // RFC 7692 section 6: permessage-deflate sets RSV1 on the first frame
    // of a compressed data message only, never on a continuation or
    // control frame (section 6.1).
    std::uint8_t const rsv = b & rsv_bits;
    if (rsv != 0 &&
        (rsv != rsv1_bit || !deflate_.started() ||
         (op != static_cast<std::uint8_t>(opcode::text) &&
          op != static_cast<std::uint8_t>(opcode::binary))))
        return error::bad_reserved_bits;
    if (is_reserved(op))
        return error::bad_opcode;
    if (is_control(op))
    {
        // Section 5.5: control frames MUST NOT be fragmented.
        if ((b & fin_bit) == 0)
            return error::fragmented_control;
        return no_error;
    }
    // Section 5.4: continuations only inside a message, and the frames of
    // two messages never interleave.
    if (op == static_cast<std::uint8_t>(opcode::cont))
        return in_message_ ? no_error : error::bad_continuation;
    return in_message_ ? error::bad_continuation : no_error;
}

error
frame_decoder::check_second_byte() const noexcept
{
    std::uint8_t const b = hdr_[1];
    // Section 5.1: a server MUST close on an unmasked client frame.
    if ((b & mask_bit) == 0)
        return error::unmasked_frame;
    // Section 5.5: control payloads fit the 7-bit length.
    if (is_control(hdr_[0] & opcode_bits) &&
        (b & length_bits) > max_control_payload)
        return error::control_too_big;
    return no_error;
}

// Runs once the length is known, before the masking key and before any
// payload byte is read or any memory is reserved for it.
error
frame_decoder::check_length() noexcept
{
    std::uint8_t const len7 = hdr_[1] & length_bits;
    if (len7 == length_16)
    {
        length_ = read_big_endian(hdr_ + 2, 2);
        // Section 5.2: the minimal number of bytes MUST be used.
        if (length_ < length_16)
            return error::bad_length;
    }
    else if (len7 == length_64)
    {
        length_ = read_big_endian(hdr_ + 2, 8);
        // Section 5.2: the most significant bit MUST be 0.
        if ((length_ >> 63) != 0 || length_ <= 0xFFFF)
            return error::bad_length;
    }
    else
        length_ = len7;

    std::uint8_t const op = hdr_[0] & opcode_bits;
    if (is_control(op))
        return no_error;
    // Section 10.4: limit the message size from the declared length.
    std::uint64_t const before =
        op == static_cast<std::uint8_t>(opcode::cont) ? message_size_ : 0;
    if (length_ > max_message_size_ - before)
        return error::message_too_big;
    return no_error;
}

void
frame_decoder::start_frame() noexcept
{
    op_ = hdr_[0] & opcode_bits;
    fin_ = (hdr_[0] & fin_bit) != 0;
    std::memcpy(key_, hdr_ + hdr_size_ - 4, 4);
    remaining_ = length_;
    offset_ = 0;
    hdr_size_ = 0;
    state_ = state::payload;
    if (is_control(op_))
        return;
    if (op_ == static_cast<std::uint8_t>(opcode::cont))
    {
        message_size_ += length_;
        return;
    }
    in_message_ = true;
    text_ = op_ == static_cast<std::uint8_t>(opcode::text);
    compressed_ = (hdr_[0] & rsv1_bit) != 0;
    if (compressed_)
        deflate_.begin_message();
    message_size_ = length_;
    utf8_.reset();
    if (buffer_.capacity() > release_threshold)
        buffer_.release();
    else
        buffer_.clear();
}

decode_result
frame_decoder::message_event(char const* p, std::size_t n,
                             std::size_t consumed) noexcept
{
    in_message_ = false;
    decode_result r;
    r.what = decode_result::event::message;
    r.consumed = consumed;
    r.type = text_ ? frame_type::text : frame_type::binary;
    r.payload = std::string_view(p, n);
    return r;
}

decode_result
frame_decoder::control_event(std::uint8_t const* p, std::size_t n,
                             std::size_t consumed)
{
    decode_result r;
    r.consumed = consumed;
    char const* const s = reinterpret_cast<char const*>(p);
    switch (static_cast<opcode>(op_))
    {
    case opcode::ping:
        r.what = decode_result::event::ping;
        r.payload = std::string_view(s, n);
        return r;
    case opcode::pong:
        r.what = decode_result::event::pong;
        r.payload = std::string_view(s, n);
        return r;
    default: break;
    }
    // Section 5.5.1: an empty close has no code; otherwise a 2-byte code
    // (section 7.4) then a UTF-8 reason.
    if (n == 1)
        return fail(error::bad_close_size, consumed);
    r.what = decode_result::event::close;
    r.code = close_code::no_status;
    if (n >= 2)
    {
        auto const code = static_cast<std::uint16_t>((p[0] << 8) | p[1]);
        if (!is_valid_close_code(code))
            return fail(error::bad_close_code, consumed);
        std::string_view const reason(s + 2, n - 2);
        if (!websocketio::detail::is_valid_utf8(reason))
            return fail(error::bad_close_payload, consumed);
        r.code = static_cast<close_code>(code);
        r.payload = reason;
    }
    state_ = state::done;
    err_ = error::closed;
    return r;
}

decode_result
frame_decoder::decode(char* data, std::size_t size)
{
    std::uint32_t const before = fragments_;
    decode_result r = decode_frames(data, size);
    r.fragments = fragments_ - before;
    return r;
}

decode_result
frame_decoder::decode_frames(char* data, std::size_t size)
{
    if (state_ == state::done)
    {
        decode_result r;
        r.what = decode_result::event::error;
        r.ec = err_;
        r.code = to_close_code(err_);
        return r;
    }
    // The previous event's payload is no longer needed.
    if (!in_message_ && buffer_.capacity() > release_threshold)
        buffer_.release();

    auto* const in = reinterpret_cast<std::uint8_t*>(data);
    std::size_t pos = 0;
    for (;;)
    {
        if (state_ == state::header)
        {
            while (hdr_size_ < 2)
            {
                if (pos == size)
                    return need_more(size);
                hdr_[hdr_size_++] = in[pos++];
                error const e = hdr_size_ == 1 ? check_first_byte()
                                               : check_second_byte();
                if (e != no_error)
                    return fail(e, pos);
                if (hdr_size_ == 2 && extended_length_size(hdr_[1]) == 0)
                {
                    error const le = check_length();
                    if (le != no_error)
                        return fail(le, pos);
                }
            }
            std::size_t const length_end = 2 + extended_length_size(hdr_[1]);
            if (hdr_size_ < length_end)
            {
                std::size_t const n =
                    (std::min)(length_end - hdr_size_, size - pos);
                std::memcpy(hdr_ + hdr_size_, in + pos, n);
                hdr_size_ = static_cast<std::uint8_t>(hdr_size_ + n);
                pos += n;
                if (hdr_size_ < length_end)
                    return need_more(size);
                error const e = check_length();
                if (e != no_error)
                    return fail(e, pos);
            }
            std::size_t const header_end = length_end + 4;
            std::size_t const k =
                (std::min)(header_end - hdr_size_, size - pos);
            std::memcpy(hdr_ + hdr_size_, in + pos, k);
            hdr_size_ = static_cast<std::uint8_t>(hdr_size_ + k);
            pos += k;
            if (hdr_size_ < header_end)
                return need_more(size);
            start_frame();
        }

        std::size_t const avail = size - pos;
        std::uint8_t* const p = in + pos;
        if (is_control(op_))
        {
            if (offset_ == 0 && avail >= remaining_)
            {
                // The whole frame is here: deliver it in place.
                auto const n = static_cast<std::size_t>(remaining_);
                websocketio::detail::unmask(p, n, key_, 0);
                state_ = state::header;
                return control_event(p, n, pos + n);
            }
            auto const n =
                static_cast<std::size_t>((std::min<std::uint64_t>)(avail,
                                                                  remaining_));
            websocketio::detail::unmask(p, n, key_,
                                        static_cast<std::size_t>(offset_));
            std::memcpy(control_ + offset_, p, n);
            offset_ += n;
            remaining_ -= n;
            pos += n;
            if (remaining_ != 0)
                return need_more(size);
            state_ = state::header;
            return control_event(control_, static_cast<std::size_t>(offset_),
                                 pos);
        }

        if (compressed_)
        {
            // RFC 7692 section 7.2.2: inflate as the bytes arrive, into
            // the reassembly buffer, bounded by the message size limit.
            auto const n = static_cast<std::size_t>(
                (std::min<std::uint64_t>)(avail, remaining_));
            websocketio::detail::unmask(p, n, key_,
                                        static_cast<std::size_t>(offset_));
            offset_ += n;
            remaining_ -= n;
            pos += n;
            std::size_t const before = buffer_.size();
            // The bytes after this frame's (the next frame's, still
            // masked) may hold the 00 00 ff ff tail for a moment.
            deflate_engine::inflate_status const st = deflate_.inflate(
                p, n, fin_ && remaining_ == 0, size - pos, buffer_,
                max_message_size_);
            // Section 8.1 of RFC 6455, on the inflated text. Checked
            // before a size or DEFLATE error of the same step: the text
            // inflated ahead of that error came first in the stream, so the
            // error reported does not depend on how the input was split.
            if (text_ &&
                !utf8_.feed(reinterpret_cast<std::uint8_t const*>(
                                buffer_.data() + before),
                            buffer_.size() - before))
                return fail(error::bad_utf8, pos);
            if (st == deflate_engine::inflate_status::too_big)
                return fail(error::message_too_big, pos);
            if (st == deflate_engine::inflate_status::bad_data)
                return fail(error::bad_compressed_data, pos);
            if (remaining_ != 0)
                return need_more(size);
            state_ = state::header;
            if (!fin_)
            {
                ++fragments_;
                continue;
            }
            if (text_ && !utf8_.finish())
                return fail(error::bad_utf8, pos);
            return message_event(buffer_.data(), buffer_.size(), pos);
        }

        if (op_ != static_cast<std::uint8_t>(opcode::cont) && fin_ &&
            offset_ == 0 && avail >= remaining_)
        {
            // A whole unfragmented message: zero copy.
            auto const n = static_cast<std::size_t>(remaining_);
            websocketio::detail::unmask(p, n, key_, 0);
            state_ = state::header;
            if (text_ && !(utf8_.feed(p, n) && utf8_.finish()))
                return fail(error::bad_utf8, pos + n);
            return message_event(reinterpret_cast<char const*>(p), n, pos + n);
        }

        auto const n = static_cast<std::size_t>(
            (std::min<std::uint64_t>)(avail, remaining_));
        websocketio::detail::unmask(p, n, key_,
                                    static_cast<std::size_t>(offset_));
        // Section 8.1: fail as soon as the bytes cannot be UTF-8.
        if (text_ && !utf8_.feed(p, n))
            return fail(error::bad_utf8, pos + n);
        if (buffer_.capacity() - buffer_.size() < n)
        {
            // Grow by at least half (amortized linear copying, also for a
            // message of many small frames), up to one step ahead of the
            // bytes that arrived within the declared rest of this frame,
            // and never past the message size limit by growing.
            std::size_t const have = buffer_.size() + n;
            std::size_t const ahead = (std::min<std::size_t>)(
                (std::max<std::size_t>)(reserve_step, have / 2),
                static_cast<std::size_t>((std::min<std::uint64_t>)(
                    remaining_ - n, max_message_size_)));
            std::size_t const grown = (std::min)(
                buffer_.capacity() / 2 * 3, max_message_size_);
            buffer_.reserve((std::max)(have + ahead, grown));
        }
        buffer_.append(reinterpret_cast<char const*>(p), n);
        offset_ += n;
        remaining_ -= n;
        pos += n;
        if (remaining_ != 0)
            return need_more(size);
        state_ = state::header;
        if (!fin_)
        {
            ++fragments_;
            continue;
        }
        if (text_ && !utf8_.finish())
            return fail(error::bad_utf8, pos);
        return message_event(buffer_.data(), buffer_.size(), pos);
    }
}

} // namespace detail
} // namespace hybi
} // namespace websocketio
} // namespace boost
