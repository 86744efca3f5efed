//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_HIXIE_DETAIL_FRAME_HPP
#define BOOST_WEBSOCKETIO_HIXIE_DETAIL_FRAME_HPP

#include <cstddef>
#include <cstdint>

namespace boost {
namespace websocketio {
namespace hixie {
namespace detail {

// Wire constants of draft-hixie-thewebsocketprotocol-75 section 4.2 and
// -76 section 4.2 / 5.3 (hybi-00 the same).

/// Frame type of a sentinel-terminated text frame.
constexpr std::uint8_t text_frame_type = 0x00;

/// Terminator of a text frame; also the closing frame type (with length 0).
constexpr std::uint8_t frame_end = 0xFF;

/// The length-prefixed frame type this library sends binary data with.
constexpr std::uint8_t binary_frame_type = 0x80;

/// Set in frame types that carry a length, and in non-final length bytes.
constexpr std::uint8_t high_bit = 0x80;

/** The longest length encoding accepted: 10 base-128 digits hold any
    64-bit value; an 11th digit can only be padding or overflow. */
constexpr std::size_t max_length_bytes = 10;

/** Writes `n` as a base-128 big-endian number, high bit set on every byte
    but the last (draft-hixie-76 section 5.3, "length" of a 0x80+ frame).

    @param out Receives the bytes; must hold `max_length_bytes`.
    @return The number of bytes written, 1 to `max_length_bytes`.
*/
inline std::size_t
encode_length(std::uint64_t n, std::uint8_t* out) noexcept
{
    std::uint8_t tmp[max_length_bytes];
    std::size_t k = 0;
    do
    {
        tmp[k++] = static_cast<std::uint8_t>(n & 0x7F);
        n >>= 7;
    } while (n != 0);
    for (std::size_t i = 0; i < k; ++i)
    {
        std::uint8_t const b = tmp[k - 1 - i];
        out[i] = (i + 1 < k) ? static_cast<std::uint8_t>(b | high_bit) : b;
    }
    return k;
}

} // namespace detail
} // namespace hixie
} // namespace websocketio
} // namespace boost

#endif
