//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// libFuzzer target: hixie-76 (hybi-00) framing: 0x00 text 0xFF frames,
// 0x80+ length-prefixed frames, the 0xFF 0x00 closing frame.
// The input is the byte stream a client sends after the handshake; see
// fuzz_frames.hpp for what is checked.

#include "fuzz_frames.hpp"

#include <boost/websocketio/hixie/factory.hpp>

extern "C" int
LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    static auto const factory =
        boost::websocketio::hixie::make_hixie76_factory();
    wsio_fuzz::frames_traits t;
    t.hybi = false;
    wsio_fuzz::fuzz_frames(*factory, t, data, size);
    return 0;
}
