//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#include <boost/websocketio/hixie/codec.hpp>

#include <boost/websocketio/hixie/detail/frame.hpp>

#include <algorithm>
#include <cstring>
#include <limits>

namespace boost {
namespace websocketio {
namespace hixie {

codec::codec(draft d, codec_config const& cfg)
    : draft_(d), max_message_size_(cfg.max_message_size)
{
}

std::string_view
codec::name() const noexcept
{
    return "websocket-hixie";
}

std::string_view
codec::protocol_version() const noexcept
{
    return draft_ == draft::hixie76 ? "hixie-76" : "hixie-75";
}

codec_capabilities
codec::capabilities() const noexcept
{
    codec_capabilities c;
    c.binary = false; // section 4.2: clients discard 0x80+ frames
    c.ping = false;
    c.close_frame = draft_ == draft::hixie76;
    c.close_code = false;
    c.fragmentation = false;
    return c;
}

decode_result
codec::fail(error e, std::size_t consumed)
{
    state_ = state::failed;
    ec_ = e;
    decode_result r = terminal();
    r.consumed = consumed;
    return r;
}

decode_result
codec::terminal() const
{
    decode_result r;
    if (state_ == state::closed)
    {
        r.what = decode_result::event::close;
        r.code = close_code::none;
    }
    else
    {
        r.what = decode_result::event::error;
        r.ec = ec_;
        r.code = to_close_code(ec_);
    }
    return r;
}

decode_result
codec::complete(frame_type type, char const* tail, std::size_t n,
                std::size_t consumed)
{
    decode_result r;
    r.what = decode_result::event::message;
    r.type = type;
    if (buf_.empty())
    {
        // The whole message is in the caller's buffer: zero copy.
        r.payload = std::string_view(tail, n);
    }
    else
    {
        buf_.append(tail, n);
        r.payload = buf_;
    }
    state_ = state::frame_start;
    r.consumed = consumed;
    return r;
}

// Frame reading: draft-hixie-76 section 5.3 (server side), the same in
// draft-hixie-75 section 4.2. Each byte is looked at once: partial frames
// are kept in buf_, and the scan resumes where the previous call ended.
decode_result
codec::decode(char* data, std::size_t size)
{
    if (state_ == state::closed || state_ == state::failed)
        return terminal();

    auto const* const p = reinterpret_cast<std::uint8_t const*>(data);
    std::size_t pos = 0;
    decode_result r;
    while (pos < size)
    {
        switch (state_)
        {
        case state::frame_start:
        {
            // buf_ may hold the previous message, which was valid only
            // until this call; release a large one.
            if (buf_.capacity() > shrink_threshold)
                std::string().swap(buf_);
            else
                buf_.clear();
            std::uint8_t const type = p[pos++];
            if (type == detail::text_frame_type)
            {
                utf8_.reset();
                state_ = state::text;
            }
            else if (type & detail::high_bit)
            {
                frame_type_ = type;
                length_ = 0;
                length_bytes_ = 0;
                state_ = state::length;
            }
            else
            {
                return fail(error::bad_frame_type, pos);
            }
            break;
        }

        case state::text:
        {
            auto const* const end = static_cast<std::uint8_t const*>(
                std::memchr(p + pos, detail::frame_end, size - pos));
            std::size_t const stop = end ? static_cast<std::size_t>(end - p)
                                         : size;
            std::size_t const n = stop - pos;
            // Bound the message before buffering any of it. The bytes that
            // fit are validated first, so the error reported does not
            // depend on how TCP split the stream (found by fuzz_hixie_frames).
            if (n > max_message_size_ ||
                buf_.size() > max_message_size_ - n)
            {
                std::size_t const room = max_message_size_ - buf_.size();
                if (!utf8_.feed(p + pos, room))
                    return fail(error::bad_utf8, stop);
                return fail(error::message_too_big, stop);
            }
            if (!utf8_.feed(p + pos, n))
                return fail(error::bad_utf8, stop);
            if (!end)
            {
                buf_.append(data + pos, n);
                pos = size;
                break;
            }
            if (!utf8_.finish())
                return fail(error::bad_utf8, stop + 1);
            return complete(frame_type::text, data + pos, n, stop + 1);
        }

        case state::length:
        {
            std::uint8_t const b = p[pos++];
            // 10 base-128 digits hold 64 bits; refuse anything longer, and
            // anything that would shift bits out, before it can wrap.
            if (++length_bytes_ > detail::max_length_bytes ||
                length_ > (std::numeric_limits<std::uint64_t>::max() >> 7))
                return fail(error::message_too_big, pos);
            length_ = (length_ << 7) | (b & 0x7F);
            // The value never decreases as digits arrive, so the limit can
            // be enforced on every byte, before any payload is read.
            if (length_ > max_message_size_)
                return fail(error::message_too_big, pos);
            if (b & detail::high_bit)
                break;
            if (length_ == 0)
            {
                if (frame_type_ == detail::frame_end)
                {
                    // 0xFF 0x00: the closing frame (hixie-76 section 4.2;
                    // a hixie-75 peer sending it means the same).
                    state_ = state::closed;
                    r = terminal();
                    r.consumed = pos;
                    return r;
                }
                state_ = state::frame_start;
                r.consumed = pos;
                r.what = decode_result::event::message;
                r.type = frame_type::binary;
                r.payload = std::string_view(data + pos, 0);
                return r;
            }
            state_ = state::payload;
            break;
        }

        case state::payload:
        {
            // length_ now counts the bytes still missing.
            std::size_t const n = static_cast<std::size_t>(
                std::min<std::uint64_t>(length_, size - pos));
            length_ -= n;
            if (length_ != 0)
            {
                buf_.append(data + pos, n);
                pos = size;
                break;
            }
            return complete(frame_type::binary, data + pos, n, pos + n);
        }

        case state::closed:
        case state::failed:
            return terminal();
        }
    }
    r.what = decode_result::event::need_more;
    r.consumed = size;
    return r;
}

frame_header
codec::make_header(frame_type type, std::size_t size) const noexcept
{
    frame_header h;
    switch (type)
    {
    case frame_type::text:
        h.prefix[0] = detail::text_frame_type;
        h.prefix_size = 1;
        h.suffix[0] = detail::frame_end;
        h.suffix_size = 1;
        break;
    case frame_type::binary:
        h.prefix[0] = detail::binary_frame_type;
        h.prefix_size = static_cast<std::uint8_t>(
            1 + detail::encode_length(size, h.prefix + 1));
        break;
    default:
        // ping, pong and close are not data frames in these drafts; the
        // precondition excludes them.
        break;
    }
    return h;
}

bool
codec::encode_close(close_code, std::string_view, std::string& out) const
{
    if (draft_ != draft::hixie76)
        return false;
    out += static_cast<char>(detail::frame_end);
    out += '\0';
    return true;
}

} // namespace hixie
} // namespace websocketio
} // namespace boost
