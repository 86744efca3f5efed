//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// libFuzzer target: RFC 6455 (hybi-13) framing: masking, lengths,
// fragmentation, control frames, close codes, UTF-8.
// The input is the byte stream a client sends after the handshake; see
// fuzz_frames.hpp for what is checked.

#include "fuzz_frames.hpp"

#include <boost/websocketio/hybi/factory.hpp>

extern "C" int
LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    static auto const factory =
        boost::websocketio::hybi::make_hybi13_factory();
    wsio_fuzz::frames_traits t;
    t.hybi = true;
    wsio_fuzz::fuzz_frames(*factory, t, data, size);
    return 0;
}
