//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_HIXIE_DETAIL_KEY_HPP
#define BOOST_WEBSOCKETIO_HIXIE_DETAIL_KEY_HPP

#include <boost/websocketio/error.hpp>

#include <array>
#include <cstdint>
#include <string_view>

namespace boost {
namespace websocketio {
namespace hixie {
namespace detail {

/** Computes the number a hixie-76 `Sec-WebSocket-Key1`/`Key2` stands for.

    draft-hixie-thewebsocketprotocol-76 section 5.2 step 4 (hybi-00 the
    same): the digits of the key, concatenated, read as a decimal integer,
    divided by the number of U+0020 SPACE characters in the key. Every
    other character is noise and is ignored.

    The key number is checked against 2^32-1 while it is accumulated, so
    no input can overflow or yield a silently wrong answer.

    @param key The header value.
    @param bad_key `error::bad_key1` or `error::bad_key2`: what to report
    when the key holds no digit at all.
    @param part Receives the quotient on success.

    @return `bad_key` (no digit), `error::key_overflow` (number over
    4294967295), `error::key_no_spaces` (no space) or
    `error::key_not_divisible` (number not a multiple of the spaces);
    success otherwise.
*/
boost::system::error_code
parse_key(std::string_view key, error bad_key, std::uint32_t& part) noexcept;

/** The 16-byte challenge response of draft-hixie-76 section 5.2 step 11:
    MD5 of the two key quotients as 32-bit big-endian integers followed by
    the 8 bytes of key3.

    @par Preconditions
    `key3.size() == 8`.
*/
std::array<std::uint8_t, 16>
challenge_response(std::uint32_t part1, std::uint32_t part2,
                   std::string_view key3);

} // namespace detail
} // namespace hixie
} // namespace websocketio
} // namespace boost

#endif
