//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_TEST_INTEGRATION_DEFLATE_PEER_HPP
#define BOOST_WEBSOCKETIO_TEST_INTEGRATION_DEFLATE_PEER_HPP

// The peer's side of permessage-deflate (RFC 7692) for the integration
// tests, with zlib itself: an inflater for the server's messages, server
// options, and text that compresses well. Link the test with ZLIB::ZLIB.

#include <boost/websocketio/options.hpp>

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <string>

#include <zlib.h>

namespace wsio_test {

// Inflates one message (RFC 7692 section 7.2.2: the tail 00 00 ff ff
// appended first), keeping the window across calls, as a peer with
// context takeover does; a fresh inflater per message reads messages sent
// without it.
class inflater
{
public:
    inflater()
    {
        z_ = {};
        BOOST_REQUIRE(inflateInit2(&z_, -15) == Z_OK);
    }
    inflater(inflater const&) = delete;
    inflater& operator=(inflater const&) = delete;
    ~inflater() { inflateEnd(&z_); }

    std::string
    operator()(std::string in)
    {
        in.append("\0\0\xff\xff", 4);
        std::string out;
        z_.next_in = reinterpret_cast<Bytef*>(&in[0]);
        z_.avail_in = static_cast<uInt>(in.size());
        char buf[16384];
        do
        {
            z_.next_out = reinterpret_cast<Bytef*>(buf);
            z_.avail_out = sizeof buf;
            int const rc = ::inflate(&z_, Z_SYNC_FLUSH);
            BOOST_REQUIRE_MESSAGE(rc == Z_OK || rc == Z_BUF_ERROR,
                                  "inflate: " << rc);
            out.append(buf, sizeof buf - z_.avail_out);
        } while (z_.avail_in > 0 || z_.avail_out == 0);
        return out;
    }

private:
    z_stream z_;
};

// Server options with permessage-deflate on: dedicated (context takeover)
// or shared mode, and the threshold in bytes below which messages go out
// uncompressed.
inline boost::websocketio::options
deflate_options(bool dedicated, std::size_t threshold = 0)
{
    boost::websocketio::options o;
    o.permessage_deflate.enabled = true;
    o.permessage_deflate.context_takeover = dedicated;
    o.permessage_deflate.threshold = threshold;
    return o;
}

// JSON-like text of `size` bytes that compresses about 4:1, different for
// each `n`.
inline std::string
json_text(std::size_t size, int n)
{
    std::string s;
    int i = 0;
    while (s.size() < size)
    {
        s += "{\"id\":" + std::to_string(n * 1000 + i) +
             ",\"user\":\"name-" + std::to_string(i % 7) +
             "\",\"text\":\"the quick brown fox jumps over the lazy dog\"},";
        ++i;
    }
    s.resize(size);
    return s;
}

} // namespace wsio_test

#endif
