//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_TEST_FUZZ_COMMON_HPP
#define BOOST_WEBSOCKETIO_TEST_FUZZ_COMMON_HPP

// Shared by the libFuzzer targets: a check that aborts (libFuzzer reports it
// as a crash and saves the input), the chunk splitter, and a reference UTF-8
// decoder written independently of detail::utf8_validator.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string_view>

namespace wsio_fuzz {

[[noreturn]] inline void
check_failed(char const* expr, char const* file, int line)
{
    std::fprintf(stderr, "%s:%d: fuzz invariant violated: %s\n", file, line,
                 expr);
    std::fflush(stderr);
    std::abort();
}

// Always on, also in release builds.
#define WSIO_FUZZ_CHECK(expr)                                                 \
    ((expr) ? (void)0 : ::wsio_fuzz::check_failed(#expr, __FILE__, __LINE__))

/** Splits an input into chunks whose sizes are drawn from a PRNG seeded by
    the first bytes of the input (and its size), so a given input always
    splits the same way and a reproducer replays exactly.

    The seed also picks the size class: one byte at a time, tiny chunks,
    medium chunks, or large chunks; empty chunks occur now and then, since
    a reader may legitimately hand a decoder zero bytes.
*/
class chunker
{
public:
    chunker(std::uint8_t const* data, std::size_t size) noexcept
    {
        std::uint64_t h = 0xcbf29ce484222325ull ^ size;
        for (std::size_t i = 0; i < size && i < 8; ++i)
            h = (h ^ data[i]) * 0x100000001b3ull;
        state_ = h | 1;
        static constexpr std::size_t classes[] = {1,  2,  3,   7,
                                                  16, 64, 700, 4096};
        max_ = classes[next() % 8];
        allow_empty_ = (next() % 4) == 0;
    }

    /// The size of the next chunk, at most `remaining`.
    std::size_t
    next_size(std::size_t remaining) noexcept
    {
        if (allow_empty_ && next() % 8 == 0)
            return 0;
        std::size_t n = 1 + static_cast<std::size_t>(next() % max_);
        return n < remaining ? n : remaining;
    }

    /// More pseudo-random bits from the same seed (for other choices).
    std::uint64_t
    bits() noexcept
    {
        return next();
    }

private:
    std::uint64_t
    next() noexcept
    {
        // xorshift64*
        state_ ^= state_ >> 12;
        state_ ^= state_ << 25;
        state_ ^= state_ >> 27;
        return state_ * 0x2545F4914F6CDD1Dull;
    }

    std::uint64_t state_;
    std::size_t max_;
    bool allow_empty_;
};

/** Reference UTF-8 check (RFC 3629), by decoding code points arithmetically
    rather than with a table of lead-byte ranges.

    Returns the index of the first byte at which the input stops being a
    prefix of some valid UTF-8 string, or `npos`; `complete` says whether
    the input ends on a character boundary (meaningful when `npos`).
*/
constexpr std::size_t npos = std::numeric_limits<std::size_t>::max();

namespace ref_detail {

// Can a sequence of `len` bytes starting with the `k` bytes at `b` (lead
// byte plus k-1 continuation bytes) still encode a valid scalar value?
inline bool
extendable(std::uint8_t const* b, std::size_t k, std::size_t len) noexcept
{
    std::uint32_t cp = b[0] & (0x7Fu >> len);
    for (std::size_t j = 1; j < k; ++j)
        cp = (cp << 6) | (b[j] & 0x3Fu);
    unsigned const free_bits = 6u * static_cast<unsigned>(len - k);
    std::uint32_t const lo = cp << free_bits;
    std::uint32_t const hi = lo | ((1u << free_bits) - 1u);
    static constexpr std::uint32_t min_cp[] = {0, 0x80, 0x800, 0x10000};
    static constexpr std::uint32_t max_cp[] = {0x7F, 0x7FF, 0xFFFF, 0x10FFFF};
    std::uint32_t const a = lo > min_cp[len - 1] ? lo : min_cp[len - 1];
    std::uint32_t const z = hi < max_cp[len - 1] ? hi : max_cp[len - 1];
    if (a > z)
        return false; // overlong or above U+10FFFF whatever follows
    if (a >= 0xD800 && z <= 0xDFFF)
        return false; // only surrogates remain
    return true;
}

} // namespace ref_detail

inline std::size_t
reference_utf8_first_bad(std::uint8_t const* p, std::size_t n,
                         bool& complete) noexcept
{
    complete = false;
    std::size_t i = 0;
    while (i < n)
    {
        std::uint8_t const c = p[i];
        std::size_t len = 0;
        if (c < 0x80)
            len = 1;
        else if ((c >> 5) == 0x6)
            len = 2;
        else if ((c >> 4) == 0xE)
            len = 3;
        else if ((c >> 3) == 0x1E)
            len = 4;
        else
            return i; // continuation byte or 0xF8..0xFF as a lead byte
        if (len == 1)
        {
            ++i;
            continue;
        }
        for (std::size_t k = 1; k <= len; ++k)
        {
            if (k > 1)
            {
                if (i + k - 1 >= n)
                    return npos; // truncated, but still a valid prefix
                if ((p[i + k - 1] & 0xC0) != 0x80)
                    return i + k - 1;
            }
            if (!ref_detail::extendable(p + i, k, len))
                return i + k - 1;
        }
        i += len;
    }
    complete = true;
    return npos;
}

inline bool
reference_utf8_valid(std::string_view s) noexcept
{
    bool complete = false;
    auto const* p = reinterpret_cast<std::uint8_t const*>(s.data());
    return reference_utf8_first_bad(p, s.size(), complete) == npos &&
           complete;
}

} // namespace wsio_fuzz

#endif
