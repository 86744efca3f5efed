//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_TEST_INTEGRATION_MEASURE_HPP
#define BOOST_WEBSOCKETIO_TEST_INTEGRATION_MEASURE_HPP

// Figures the integration tests assert: elapsed milliseconds and this
// process's resident set size. Shared by wire.hpp's and helpers.hpp's users.

#include <chrono>
#include <cstddef>
#include <fstream>
#include <string>

namespace wsio_test {

/// A duration in whole milliseconds (printable in test messages).
template <class Rep, class Period>
long long
ms(std::chrono::duration<Rep, Period> d)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

/// This process's resident set size in bytes (VmRSS).
inline std::size_t
rss_bytes()
{
    std::ifstream f("/proc/self/status");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind("VmRSS:", 0) == 0)
            return static_cast<std::size_t>(std::stoull(line.substr(6))) *
                   1024;
    return 0;
}

} // namespace wsio_test

#endif
