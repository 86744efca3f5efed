//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_DETAIL_UTF8_HPP
#define BOOST_WEBSOCKETIO_DETAIL_UTF8_HPP

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace boost {
namespace websocketio {
namespace detail {

/** Incremental UTF-8 validator (RFC 3629), fail fast.

    Feed bytes in any split; `feed` returns `false` as soon as the bytes seen
    so far cannot start a valid sequence (overlong forms, surrogates, values
    over U+10FFFF included). `finish` says whether the input ended on a
    character boundary. ASCII runs are skipped eight bytes at a time.
*/
class utf8_validator
{
public:
    /// Validates the next bytes; false means the input is not UTF-8.
    bool
    feed(std::uint8_t const* p, std::size_t n) noexcept;

    bool
    feed(std::string_view s) noexcept
    {
        return feed(reinterpret_cast<std::uint8_t const*>(s.data()),
                    s.size());
    }

    /// True if everything fed so far is complete, valid UTF-8.
    bool
    finish() const noexcept
    {
        return need_ == 0;
    }

    /// Forget all state, ready for a new message.
    void
    reset() noexcept
    {
        need_ = 0;
        lower_ = 0x80;
        upper_ = 0xBF;
    }

private:
    std::uint8_t need_ = 0;     // continuation bytes still expected
    std::uint8_t lower_ = 0x80; // bounds of the next continuation byte
    std::uint8_t upper_ = 0xBF;
};

/// Whole-buffer check.
inline bool
is_valid_utf8(std::string_view s) noexcept
{
    utf8_validator v;
    return v.feed(s) && v.finish();
}

} // namespace detail
} // namespace websocketio
} // namespace boost

#endif
