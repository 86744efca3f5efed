//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_TEST_DOC_SNIPPET_PRELUDE_HPP
#define BOOST_WEBSOCKETIO_TEST_DOC_SNIPPET_PRELUDE_HPP

// What a `function` or `namespace` snippet of README.md and doc/*.md may
// take for granted (test/doc/check_snippets.py, doc/reference.md): the
// library, Asio and Beast HTTP, the usual standard headers, and these
// namespace aliases. A `function` snippet also has `ioc`, an
// `io_context&`. A `program` snippet gets none of this.

#include <boost/websocketio.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wsio = boost::websocketio;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using namespace std::chrono_literals;

#endif
