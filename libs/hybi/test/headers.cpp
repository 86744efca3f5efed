//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// The module header must compile on its own: it comes first, alone. Each
// public header has its own such check in header_*.cpp, linked in here.
#include <boost/websocketio/hybi.hpp>

#define BOOST_TEST_MODULE hybi_headers
#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_CASE(module_header_compiles_alone_and_links)
{
    namespace hybi = boost::websocketio::hybi;
    BOOST_TEST(hybi::make_hybi13_factory()->version_token() == "13");
    BOOST_TEST(hybi::make_hybi08_factory()->version_token() == "8");
    BOOST_TEST(hybi::make_hybi07_factory()->version_token() == "7");
}
