//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// This header compiles first and alone in a translation unit:
// <boost/websocketio/hybi/detail/deflate.hpp>
#include <boost/websocketio/hybi/detail/deflate.hpp>
