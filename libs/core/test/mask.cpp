//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#define BOOST_TEST_MODULE core_mask
#include <boost/test/unit_test.hpp>

#include <boost/websocketio/detail/mask.hpp>

#include <random>
#include <vector>

namespace d = boost::websocketio::detail;

BOOST_AUTO_TEST_SUITE(mask)

BOOST_AUTO_TEST_CASE(rfc6455_5_7_masked_hello)
{
    std::uint8_t const key[4] = {0x37, 0xfa, 0x21, 0x3d};
    std::uint8_t data[] = {0x7f, 0x9f, 0x4d, 0x51, 0x58};
    d::unmask(data, 5, key, 0);
    BOOST_TEST(std::string(reinterpret_cast<char*>(data), 5) == "Hello");
}

BOOST_AUTO_TEST_CASE(word_loop_matches_byte_loop_at_every_offset_and_size)
{
    std::mt19937 rng(7);
    std::uint8_t const key[4] = {0xde, 0xad, 0xbe, 0xef};
    for (std::size_t n = 0; n < 100; ++n)
    {
        for (std::size_t off = 0; off < 4; ++off)
        {
            std::vector<std::uint8_t> a(n + 3);
            for (auto& b : a)
                b = static_cast<std::uint8_t>(rng());
            auto expect = a;
            for (std::size_t i = 0; i < n; ++i)
                expect[3 + i] ^= key[(off + i) & 3];
            d::unmask(a.data() + 3, n, key, off); // unaligned on purpose
            BOOST_TEST_REQUIRE((a == expect));
        }
    }
}

BOOST_AUTO_TEST_CASE(unmasking_in_pieces_equals_unmasking_at_once)
{
    std::uint8_t const key[4] = {1, 2, 3, 4};
    std::vector<std::uint8_t> whole(1000), pieces;
    for (std::size_t i = 0; i < whole.size(); ++i)
        whole[i] = static_cast<std::uint8_t>(i * 31);
    pieces = whole;
    d::unmask(whole.data(), whole.size(), key, 0);
    std::size_t pos = 0;
    for (std::size_t step : {1u, 7u, 13u, 64u, 3u, 200u, 712u})
    {
        d::unmask(pieces.data() + pos, step, key, pos);
        pos += step;
    }
    BOOST_TEST(pos == whole.size());
    BOOST_TEST((whole == pieces));
}

BOOST_AUTO_TEST_SUITE_END()
