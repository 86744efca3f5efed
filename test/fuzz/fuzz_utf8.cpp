//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// libFuzzer target: detail::utf8_validator against an independent reference
// decoder, fed whole, in random chunks and one byte at a time. Checks the
// verdict, the fail-fast position (feed() must return false on exactly the
// chunk holding the first byte that cannot start valid UTF-8) and finish().

#include "fuzz_common.hpp"

#include <boost/websocketio/detail/utf8.hpp>

#include <cstring>
#include <memory>
#include <string_view>

namespace {

namespace wd = boost::websocketio::detail;
using namespace wsio_fuzz;

// Feeds [data, data+size) in chunks of `sizes` and checks every answer.
template <class NextSize>
void
feed_in_chunks(wd::utf8_validator& v, std::uint8_t const* data,
               std::size_t size, std::size_t bad, bool complete,
               NextSize next_size)
{
    std::size_t pos = 0;
    do
    {
        std::size_t const n = next_size(size - pos);
        // An exact-size copy, so ASan sees any read past the chunk.
        std::unique_ptr<std::uint8_t[]> chunk(new std::uint8_t[n ? n : 1]);
        if (n != 0)
            std::memcpy(chunk.get(), data + pos, n);
        bool const ok = v.feed(chunk.get(), n);
        if (!ok)
        {
            // Fail fast: the first bad byte is in this chunk.
            WSIO_FUZZ_CHECK(bad != npos);
            WSIO_FUZZ_CHECK(bad >= pos && bad < pos + n);
            return;
        }
        WSIO_FUZZ_CHECK(bad == npos || bad >= pos + n);
        pos += n;
    } while (pos < size);
    WSIO_FUZZ_CHECK(bad == npos);
    WSIO_FUZZ_CHECK(v.finish() == complete);
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    bool complete = false;
    std::size_t const bad = reference_utf8_first_bad(data, size, complete);
    bool const valid = bad == npos && complete;

    std::string_view const whole(reinterpret_cast<char const*>(data), size);
    WSIO_FUZZ_CHECK(wd::is_valid_utf8(whole) == valid);

    wd::utf8_validator v;
    chunker ch(data, size);
    feed_in_chunks(v, data, size, bad, complete,
                   [&](std::size_t left) { return ch.next_size(left); });

    // reset() gives a fresh validator, whatever state it was left in.
    v.reset();
    feed_in_chunks(v, data, size, bad, complete,
                   [](std::size_t left) { return left < 1 ? left : 1; });

    v.reset();
    feed_in_chunks(v, data, size, bad, complete,
                   [](std::size_t left) { return left; });
    return 0;
}
