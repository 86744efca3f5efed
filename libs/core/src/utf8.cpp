//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#include <boost/websocketio/detail/utf8.hpp>

#include <cstring>

namespace boost {
namespace websocketio {
namespace detail {

bool
utf8_validator::feed(std::uint8_t const* p, std::size_t n) noexcept
{
    std::uint8_t const* const end = p + n;
    std::uint8_t need = need_;
    std::uint8_t lower = lower_;
    std::uint8_t upper = upper_;
    while (p < end)
    {
        if (need == 0)
        {
            // ASCII fast path: 16, then 8 bytes at a time.
            while (end - p >= 16)
            {
                std::uint64_t a, b;
                std::memcpy(&a, p, 8);
                std::memcpy(&b, p + 8, 8);
                if (((a | b) & 0x8080808080808080ull) != 0)
                    break;
                p += 16;
            }
            while (end - p >= 8)
            {
                std::uint64_t a;
                std::memcpy(&a, p, 8);
                if ((a & 0x8080808080808080ull) != 0)
                    break;
                p += 8;
            }
            if (p == end)
                break;
            std::uint8_t const c = *p++;
            if (c < 0x80)
                continue;
            // RFC 3629 section 4: the first continuation byte's range
            // depends on the lead byte (no overlongs, surrogates, >U+10FFFF).
            lower = 0x80;
            upper = 0xBF;
            if (c >= 0xC2 && c <= 0xDF)
                need = 1;
            else if (c >= 0xE0 && c <= 0xEF)
            {
                need = 2;
                if (c == 0xE0)
                    lower = 0xA0;
                else if (c == 0xED)
                    upper = 0x9F;
            }
            else if (c >= 0xF0 && c <= 0xF4)
            {
                need = 3;
                if (c == 0xF0)
                    lower = 0x90;
                else if (c == 0xF4)
                    upper = 0x8F;
            }
            else
            {
                need_ = need;
                return false;
            }
        }
        else
        {
            std::uint8_t const c = *p++;
            if (c < lower || c > upper)
            {
                need_ = need;
                return false;
            }
            lower = 0x80;
            upper = 0xBF;
            --need;
        }
    }
    need_ = need;
    lower_ = lower;
    upper_ = upper;
    return true;
}

} // namespace detail
} // namespace websocketio
} // namespace boost
