//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_TEST_FUZZ_FRAMES_HPP
#define BOOST_WEBSOCKETIO_TEST_FUZZ_FRAMES_HPP

// The driver shared by fuzz_hixie_frames and fuzz_hybi_frames: decode the
// input with a fresh codec whole, in random chunks and one byte at a time,
// checking the decode() contract on every call, and require the three runs
// to produce the same events with the same payloads.

#include "fuzz_common.hpp"

#include <boost/websocketio/codec.hpp>

#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace wsio_fuzz {

namespace wsio = boost::websocketio;

constexpr std::size_t max_message_size = 64 * 1024;

struct frames_traits
{
    bool hybi = false; // ping/pong, close codes and reasons exist
    // Called on each new codec before decoding (e.g. to start an
    // extension); may be empty.
    std::function<void(wsio::codec&)> prepare;
};

struct decoded_event
{
    wsio::decode_result::event what;
    wsio::frame_type type;
    std::string payload;
    wsio::close_code code;
    boost::system::error_code ec;

    bool
    operator==(decoded_event const& o) const
    {
        return what == o.what && type == o.type && payload == o.payload &&
               code == o.code && ec == o.ec;
    }
};

// What one event may look like, whatever the split of the input.
inline void
check_event(wsio::decode_result const& r, frames_traits t)
{
    using ev = wsio::decode_result::event;
    switch (r.what)
    {
    case ev::message:
        WSIO_FUZZ_CHECK(r.payload.size() <= max_message_size);
        WSIO_FUZZ_CHECK(r.type == wsio::frame_type::text ||
                        r.type == wsio::frame_type::binary);
        if (r.type == wsio::frame_type::text)
            WSIO_FUZZ_CHECK(reference_utf8_valid(r.payload));
        break;
    case ev::ping:
    case ev::pong:
        WSIO_FUZZ_CHECK(t.hybi);
        WSIO_FUZZ_CHECK(r.payload.size() <= 125);
        break;
    case ev::close:
        if (t.hybi)
        {
            auto const code = static_cast<std::uint16_t>(r.code);
            if (r.code == wsio::close_code::no_status)
                WSIO_FUZZ_CHECK(r.payload.empty());
            else
                WSIO_FUZZ_CHECK(wsio::is_valid_close_code(code));
            WSIO_FUZZ_CHECK(r.payload.size() <= 123);
            WSIO_FUZZ_CHECK(reference_utf8_valid(r.payload));
        }
        else
        {
            WSIO_FUZZ_CHECK(r.payload.empty());
        }
        break;
    case ev::error:
        WSIO_FUZZ_CHECK(r.ec.failed());
        if (t.hybi)
        {
            // The code sent back must be one that may go on the wire.
            auto const code = static_cast<std::uint16_t>(r.code);
            WSIO_FUZZ_CHECK(wsio::is_valid_close_code(code));
        }
        break;
    case ev::need_more: break;
    }
}

/** Decodes `data` with a fresh codec, feeding chunks of `next_size(left)`
    bytes (each copied to a buffer of exactly that size, so ASan sees reads
    past it). Returns the events up to and including the first close or
    error. */
template <class NextSize>
std::vector<decoded_event>
decode_all(wsio::codec_factory const& factory, frames_traits t,
           std::uint8_t const* data, std::size_t size, NextSize next_size)
{
    using ev = wsio::decode_result::event;
    wsio::codec_config cfg;
    cfg.max_message_size = max_message_size;
    auto const codec = factory.create(cfg);
    WSIO_FUZZ_CHECK(codec != nullptr);
    if (t.prepare)
        t.prepare(*codec);

    std::vector<decoded_event> events;
    std::size_t pos = 0;
    do
    {
        std::size_t const n = next_size(size - pos);
        std::unique_ptr<char[]> chunk(new char[n ? n : 1]);
        if (n != 0)
            std::memcpy(chunk.get(), data + pos, n);
        pos += n;
        char* p = chunk.get();
        std::size_t left = n;
        for (;;)
        {
            wsio::decode_result const r = codec->decode(p, left);
            WSIO_FUZZ_CHECK(r.consumed <= left);
            if (r.what == ev::need_more)
            {
                // need_more means every byte was taken in.
                WSIO_FUZZ_CHECK(r.consumed == left);
                break;
            }
            check_event(r, t);
            events.push_back({r.what, r.type, std::string(r.payload), r.code,
                              r.ec});
            if (r.what == ev::close || r.what == ev::error)
            {
                // Past the end, the codec takes nothing more in.
                auto const again =
                    codec->decode(p + r.consumed, left - r.consumed);
                WSIO_FUZZ_CHECK(again.consumed == 0);
                WSIO_FUZZ_CHECK(again.what == ev::close ||
                                again.what == ev::error);
                return events;
            }
            // Progress: an event that is not the last one consumed bytes,
            // or a caller looping "while (size != 0)" would spin.
            WSIO_FUZZ_CHECK(r.consumed > 0);
            p += r.consumed;
            left -= r.consumed;
            if (left == 0)
                break;
        }
    } while (pos < size);
    return events;
}

inline void
fuzz_frames(wsio::codec_factory const& factory, frames_traits t,
            std::uint8_t const* data, std::size_t size)
{
    auto const whole = decode_all(factory, t, data, size,
                                  [](std::size_t left) { return left; });
    chunker ch(data, size);
    auto const chunked =
        decode_all(factory, t, data, size,
                   [&](std::size_t left) { return ch.next_size(left); });
    WSIO_FUZZ_CHECK(chunked.size() == whole.size());
    for (std::size_t i = 0; i < whole.size(); ++i)
        WSIO_FUZZ_CHECK(chunked[i] == whole[i]);
    auto const bytewise = decode_all(
        factory, t, data, size,
        [](std::size_t left) { return left < 1 ? left : 1; });
    WSIO_FUZZ_CHECK(bytewise.size() == whole.size());
    for (std::size_t i = 0; i < whole.size(); ++i)
        WSIO_FUZZ_CHECK(bytewise[i] == whole[i]);
}

} // namespace wsio_fuzz

#endif
