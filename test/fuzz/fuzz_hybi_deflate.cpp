//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// libFuzzer target: RFC 6455 framing with permessage-deflate (RFC 7692)
// started: RSV1 rules, inflating across fragments, the inflated-size limit
// (64 KiB here, so bombs end in 1009), invalid DEFLATE data (1007), UTF-8
// after inflating. The first input byte picks the agreed parameters
// (context takeover each way, the client's window); the rest is the byte
// stream a client sends after the handshake. fuzz_frames.hpp checks that
// every event is well formed and that whole, chunked and byte-by-byte
// decoding agree.

#include "fuzz_frames.hpp"

#include <boost/websocketio/hybi/codec.hpp>
#include <boost/websocketio/hybi/factory.hpp>

extern "C" int
LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    namespace hybi = boost::websocketio::hybi;
    static auto const factory = hybi::make_hybi13_factory();
    if (size == 0)
        return 0;
    std::uint8_t const pick = data[0];
    hybi::detail::deflate_params p;
    p.server_no_context_takeover = (pick & 1) != 0;
    p.client_no_context_takeover = (pick & 2) != 0;
    p.client_max_window_bits = static_cast<std::uint8_t>(8 + ((pick >> 2) & 7));
    p.server_max_window_bits = 15;
    boost::websocketio::permessage_deflate_options o;
    o.enabled = true;
    o.context_takeover = !p.server_no_context_takeover;
    o.threshold = 0;
    wsio_fuzz::frames_traits t;
    t.hybi = true;
    t.prepare = [p, o](boost::websocketio::codec& c) {
        auto* const h = dynamic_cast<hybi::codec*>(&c);
        WSIO_FUZZ_CHECK(h != nullptr);
        h->start_deflate(p, o);
    };
    wsio_fuzz::fuzz_frames(*factory, t, data + 1, size - 1);
    return 0;
}
