//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// The module header comes first and alone: it must compile on its own.
#include <boost/websocketio/hixie.hpp>

#define BOOST_TEST_MODULE hixie_headers
#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_SUITE(headers)

BOOST_AUTO_TEST_CASE(module_header_declares_the_factories_and_the_codec)
{
    namespace hixie = boost::websocketio::hixie;
    auto const f = hixie::make_hixie76_factory();
    BOOST_TEST(f->protocol_version() == "hixie-76");
    hixie::codec const c(hixie::draft::hixie75);
    BOOST_TEST(c.protocol_version() == "hixie-75");
}

BOOST_AUTO_TEST_SUITE_END()
