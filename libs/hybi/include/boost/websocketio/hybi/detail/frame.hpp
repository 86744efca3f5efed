//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_HYBI_DETAIL_FRAME_HPP
#define BOOST_WEBSOCKETIO_HYBI_DETAIL_FRAME_HPP

#include <cstddef>
#include <cstdint>

namespace boost {
namespace websocketio {
namespace hybi {
namespace detail {

// The base framing protocol of RFC 6455 section 5.2. hybi-07 and hybi-08
// use the same frame layout, opcodes and masking as the RFC.

/// Frame opcodes (RFC 6455 section 5.2 and section 11.8).
enum class opcode : std::uint8_t
{
    cont = 0x0,   ///< continuation frame (section 5.4)
    text = 0x1,   ///< first frame of a text message
    binary = 0x2, ///< first frame of a binary message
    close = 0x8,  ///< close control frame (section 5.5.1)
    ping = 0x9,   ///< ping control frame (section 5.5.2)
    pong = 0xA    ///< pong control frame (section 5.5.3)
};

/// First header byte: FIN, RSV1-3 and the opcode.
constexpr std::uint8_t fin_bit = 0x80;
constexpr std::uint8_t rsv_bits = 0x70;
constexpr std::uint8_t opcode_bits = 0x0F;

/// Second header byte: MASK and the 7-bit payload length.
constexpr std::uint8_t mask_bit = 0x80;
constexpr std::uint8_t length_bits = 0x7F;

/// 7-bit length values that announce a 16-bit or 64-bit extended length.
constexpr std::uint8_t length_16 = 126;
constexpr std::uint8_t length_64 = 127;

/// Control frames carry at most 125 payload bytes (section 5.5).
constexpr std::size_t max_control_payload = 125;

/// The longest frame header: 2 + 8 (length) + 4 (masking key).
constexpr std::size_t max_header_size = 14;

/// Whether `op` is a control opcode (section 5.5: high bit of the nibble).
constexpr bool
is_control(std::uint8_t op) noexcept
{
    return (op & 0x8) != 0;
}

/// Whether `op` is reserved for further frames (section 5.2: 0x3-0x7 and
/// 0xB-0xF), which an endpoint without extensions must fail on.
constexpr bool
is_reserved(std::uint8_t op) noexcept
{
    return (op >= 0x3 && op <= 0x7) || op >= 0xB;
}

/// How many extended length bytes follow the second header byte.
constexpr std::size_t
extended_length_size(std::uint8_t second_byte) noexcept
{
    switch (second_byte & length_bits)
    {
    case length_16: return 2;
    case length_64: return 8;
    default: return 0;
    }
}

/// Reads `n` big-endian bytes (network order, section 5.2).
inline std::uint64_t
read_big_endian(std::uint8_t const* p, std::size_t n) noexcept
{
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i)
        v = (v << 8) | p[i];
    return v;
}

/** Writes the header of an unmasked server frame with FIN set, using the
    shortest length form (section 5.2: "the minimal number of bytes MUST
    be used"). `out` must hold 10 bytes; returns the header size.
*/
inline std::size_t
write_header(std::uint8_t* out, opcode op, std::uint64_t size) noexcept
{
    out[0] = static_cast<std::uint8_t>(fin_bit | static_cast<std::uint8_t>(op));
    if (size <= 125)
    {
        out[1] = static_cast<std::uint8_t>(size);
        return 2;
    }
    if (size <= 0xFFFF)
    {
        out[1] = length_16;
        out[2] = static_cast<std::uint8_t>(size >> 8);
        out[3] = static_cast<std::uint8_t>(size);
        return 4;
    }
    out[1] = length_64;
    for (std::size_t i = 0; i < 8; ++i)
        out[2 + i] = static_cast<std::uint8_t>(size >> (56 - 8 * i));
    return 10;
}

} // namespace detail
} // namespace hybi
} // namespace websocketio
} // namespace boost

#endif
