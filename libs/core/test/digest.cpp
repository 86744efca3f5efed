//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#define BOOST_TEST_MODULE core_digest
#include <boost/test/unit_test.hpp>

#include <boost/websocketio/detail/digest.hpp>

namespace d = boost::websocketio::detail;

BOOST_AUTO_TEST_SUITE(digest)

BOOST_AUTO_TEST_CASE(rfc6455_section_1_3_accept_example)
{
    BOOST_TEST(d::make_accept("dGhlIHNhbXBsZSBub25jZQ==") ==
               "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

BOOST_AUTO_TEST_CASE(md5_and_sha1_known_answers)
{
    auto const m = d::md5("abc");
    BOOST_TEST(d::base64_encode(m.data(), m.size()) ==
               "kAFQmDzST7DWlj99KOF/cg==");
    auto const s = d::sha1("abc");
    BOOST_TEST(d::base64_encode(s.data(), s.size()) ==
               "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=");
}

BOOST_AUTO_TEST_CASE(base64_round_trip_and_strict_decoding)
{
    BOOST_TEST(d::base64_encode("", 0) == "");
    BOOST_TEST(d::base64_encode("f", 1) == "Zg==");
    BOOST_TEST(d::base64_encode("fo", 2) == "Zm8=");
    BOOST_TEST(d::base64_encode("foo", 3) == "Zm9v");
    BOOST_TEST(*d::base64_decode("Zg==") == "f");
    BOOST_TEST(*d::base64_decode("Zm8=") == "fo");
    BOOST_TEST(*d::base64_decode("Zm9v") == "foo");
    BOOST_TEST(d::base64_decode("dGhlIHNhbXBsZSBub25jZQ==")->size() == 16u);
    BOOST_TEST(!d::base64_decode(""));
    BOOST_TEST(!d::base64_decode("Zg="));
    BOOST_TEST(!d::base64_decode(" Zg=="));
    BOOST_TEST(!d::base64_decode("Zg=a"));
    BOOST_TEST(!d::base64_decode("Z==="));
    BOOST_TEST(!d::base64_decode("Zm9v!A=="));
    // 24 characters without padding decode to 18 bytes, never 16
    // (firedancer PR#10142 overflowed a 16-byte buffer on this).
    BOOST_TEST(d::base64_decode("AAAAAAAAAAAAAAAAAAAAAAAA")->size() == 18u);
}

BOOST_AUTO_TEST_SUITE_END()
