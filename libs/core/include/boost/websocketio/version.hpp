//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_VERSION_HPP
#define BOOST_WEBSOCKETIO_VERSION_HPP

/** The library's version, as one integer, in the form of `BOOST_VERSION`.

    `BOOST_WEBSOCKETIO_VERSION % 100` is the patch level,
    `BOOST_WEBSOCKETIO_VERSION / 100 % 1000` the minor version and
    `BOOST_WEBSOCKETIO_VERSION / 100000` the major version: 0.1.0 is 100,
    1.2.3 would be 100203. Compare it with `>=` to test for a release:

    @code
    #if BOOST_WEBSOCKETIO_VERSION >= 100 // 0.1.0 or later
    @endcode

    The top-level CMakeLists.txt holds the same version in
    `project(... VERSION ...)` and stops at configure time when the two
    differ; see CHANGELOG.md for what each version changed.
*/
#define BOOST_WEBSOCKETIO_VERSION 100

/** The library's version as a string, "major.minor.patch".
*/
#define BOOST_WEBSOCKETIO_VERSION_STRING "0.1.0"

#endif
