//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#include <boost/websocketio/hixie/detail/key.hpp>

#include <boost/websocketio/detail/digest.hpp>

#include <string>

namespace boost {
namespace websocketio {
namespace hixie {
namespace detail {

boost::system::error_code
parse_key(std::string_view key, error bad_key, std::uint32_t& part) noexcept
{
    constexpr std::uint64_t max_number = 0xFFFFFFFFu;
    std::uint64_t number = 0;
    std::size_t spaces = 0;
    bool digits = false;
    for (char const c : key)
    {
        if (c >= '0' && c <= '9')
        {
            digits = true;
            // number <= 2^32-1 here, so number * 10 + 9 fits in 64 bits;
            // checking after each digit stops before anything can wrap.
            number = number * 10 + static_cast<std::uint64_t>(c - '0');
            if (number > max_number)
                return error::key_overflow;
        }
        else if (c == ' ')
        {
            ++spaces;
        }
    }
    if (!digits)
        return bad_key;
    if (spaces == 0)
        return error::key_no_spaces;
    if (number % spaces != 0)
        return error::key_not_divisible;
    part = static_cast<std::uint32_t>(number / spaces);
    return {};
}

std::array<std::uint8_t, 16>
challenge_response(std::uint32_t part1, std::uint32_t part2,
                   std::string_view key3)
{
    std::string challenge;
    challenge.reserve(16);
    for (std::uint32_t const part : {part1, part2})
        for (int shift = 24; shift >= 0; shift -= 8)
            challenge += static_cast<char>((part >> shift) & 0xFF);
    challenge.append(key3.data(), key3.size());
    return websocketio::detail::md5(challenge);
}

} // namespace detail
} // namespace hixie
} // namespace websocketio
} // namespace boost
