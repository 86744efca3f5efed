//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// libFuzzer target: a whole session through the socket, over an in-memory
// stream (test/support/memory_session.hpp): server::handle_upgrade, the
// socket's reads, writes, timers' cancellation, closing handshake and
// teardown, on one thread.
//
// Input: a selector byte, then steps.
//   selector bits 0-2  draft: hixie-75, hixie-76, hybi-07, hybi-08, hybi-13
//            bit 3     echo every message (else only record it)
//            bits 4-5  the server end's read/write sizes (whole, 1/16,
//                      7/64, 64/1024 bytes)
//            bit 6     the server starts the closing handshake at the end
//                      (else only the client's TCP close)
//            bit 7     hixie-76: key3 is not sent with the request: the
//                      input's chunks carry it (or not)
//   an input of odd length: the server end also writes without waiting,
//   as TCP does (write_now_transport), taking at most the write size at
//   once (so writes leave whole, or partly at once and the rest later)
//   step: a byte c, then
//     c < 0xF0   a chunk of the next c input bytes, written by the client
//     0xF0 n     the server sends a text message of n bytes
//     0xF1 n     the server sends a binary message of n bytes
//     0xF2 n     the server pings with n bytes (n may exceed 125)
//     0xF3 k     the server closes (code chosen by k, with a reason if odd)
//     0xF4       socket::destroy()
//     0xF5       server::close()
//     0xF6       the server sends a message larger than the send cap
//     0xF7       the client closes its end
//     0xF8 h l   a chunk of (h << 8 | l) input bytes
//     other      ignored
// The io_context is polled after every step. At the end the client closes
// its end and the io_context is polled: the session must be over without
// waiting for any timer.
//
// Checked after every step: no two reads or two writes at once on the
// stream, no write after the half-close, no exception out of a handler,
// no handler rescheduling itself forever; buffered_amount() within
// max_buffered_amount plus one closing frame; at most one on_connection
// and one on_close, none before on_connection, no message after
// on_close; text messages valid UTF-8 and no message over
// max_message_size. At the end: on_close fired exactly once if the socket
// opened, the server counts no connection and the socket is freed.

#include "fuzz_common.hpp"
#include "memory_session.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace {

using namespace wsio_test;

constexpr std::size_t max_message = 16 * 1024;
constexpr std::size_t max_buffered = 32 * 1024;

wsio::options
fuzz_options()
{
    wsio::options o = quiet_options();
    o.max_message_size = max_message;
    o.max_buffered_amount = max_buffered;
    o.high_water_mark = 8 * 1024;
    o.low_water_mark = 2 * 1024;
    return o;
}

void
check_invariants(memory_session& m)
{
    auto const& log = m.log();
    auto const& ev = m.events();
    WSIO_FUZZ_CHECK(log.overlapping_reads == 0);
    WSIO_FUZZ_CHECK(log.overlapping_writes == 0);
    WSIO_FUZZ_CHECK(log.writes_after_shutdown == 0);
    WSIO_FUZZ_CHECK(log.reads_pending <= 1);
    WSIO_FUZZ_CHECK(log.writes_pending <= 1);
    WSIO_FUZZ_CHECK(m.exceptions().empty());
    WSIO_FUZZ_CHECK(!m.runaway());
    WSIO_FUZZ_CHECK(ev.connections <= 1);
    WSIO_FUZZ_CHECK(ev.closes.size() <= ev.connections);
    if (!ev.closes.empty())
    {
        WSIO_FUZZ_CHECK(ev.messages.size() == ev.messages_before_close);
        WSIO_FUZZ_CHECK(ev.state_in_on_close[0] == wsio::ready_state::closed);
    }
    for (auto const& msg : ev.messages)
    {
        WSIO_FUZZ_CHECK(msg.second.size() <= max_message);
        if (msg.first == wsio::frame_type::text)
            WSIO_FUZZ_CHECK(wsio_fuzz::reference_utf8_valid(msg.second));
    }
    if (auto s = m.socket())
    {
        // Only a closing frame (at most 125 bytes and its header) may
        // pass the cap.
        WSIO_FUZZ_CHECK(s->buffered_amount() <= max_buffered + 125 + 14);
        if (!ev.closes.empty())
            WSIO_FUZZ_CHECK(s->ready_state() == wsio::ready_state::closed);
    }
}

wsio::close_code
pick_code(std::uint8_t k)
{
    static constexpr std::uint16_t codes[] = {1000, 1001, 1002, 1003,
                                              1007, 1008, 1011, 4000};
    if ((k & 0x0E) == 0x0E)
        return wsio::close_code::none;
    return static_cast<wsio::close_code>(codes[(k >> 1) & 7]);
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    if (size == 0)
        return 0;
    std::uint8_t const sel = data[0];
    std::string_view const draft = all_drafts[(sel & 7) % 5];
    static constexpr std::size_t reads[] = {
        (std::numeric_limits<std::size_t>::max)(), 1, 7, 64};
    static constexpr std::size_t writes[] = {
        (std::numeric_limits<std::size_t>::max)(), 16, 64, 1024};

    session_config cfg;
    cfg.opts = fuzz_options();
    cfg.echo = (sel & 0x08) != 0;
    cfg.read_size = reads[(sel >> 4) & 3];
    cfg.write_size = writes[(sel >> 4) & 3];
    if ((size & 1) != 0)
        cfg.write_now = std::make_shared<std::size_t>(cfg.write_size);
    bool const server_closes = (sel & 0x40) != 0;
    bool const key3_in_input = (sel & 0x80) != 0;

    {
        memory_session m(cfg);
        std::string req = upgrade_request(draft);
        if (draft == "hixie-76" && !key3_in_input)
            req += memory_hixie76_key3;
        WSIO_FUZZ_CHECK(m.upgrade(req));
        check_invariants(m);

        std::size_t i = 1;
        auto next = [&]() -> std::uint8_t {
            return i < size ? data[i++] : 0;
        };
        while (i < size)
        {
            std::uint8_t const c = data[i++];
            auto const s = m.socket();
            if (c < 0xF0 || c == 0xF8)
            {
                std::size_t n = c;
                if (c == 0xF8)
                {
                    n = static_cast<std::size_t>(next()) << 8;
                    n |= next();
                }
                n = (std::min)(n, size - i);
                // A heap copy of exactly the chunk: ASan sees overreads.
                std::string const chunk(
                    reinterpret_cast<char const*>(data + i), n);
                i += n;
                m.send(chunk);
            }
            else if (c == 0xF0 || c == 0xF1)
            {
                std::size_t const n = next();
                if (s)
                    s->send(std::string(n, 'a'), c == 0xF0
                                                     ? wsio::frame_type::text
                                                     : wsio::frame_type::binary);
            }
            else if (c == 0xF2)
            {
                std::size_t const n = next();
                if (s)
                    s->ping(std::string(n, 'p'));
            }
            else if (c == 0xF3)
            {
                std::uint8_t const k = next();
                auto const code = pick_code(k);
                if (s)
                    s->close(code, (k & 1) && code != wsio::close_code::none
                                       ? "fuzz"
                                       : "");
            }
            else if (c == 0xF4)
            {
                if (s)
                    s->destroy();
            }
            else if (c == 0xF5)
            {
                m.server().close();
            }
            else if (c == 0xF6)
            {
                if (s)
                    s->send(std::string(max_buffered + 1, 'b'),
                            wsio::frame_type::binary);
            }
            else if (c == 0xF7)
            {
                m.close_client();
            }
            m.poll();
            check_invariants(m);
        }

        if (server_closes)
        {
            if (auto s = m.socket())
                s->close();
            m.poll();
            check_invariants(m);
        }
        bool const opened = m.events().connections != 0;
        m.close_client();
        m.poll();
        check_invariants(m);
        // Over without waiting for a timer.
        WSIO_FUZZ_CHECK(m.events().closes.size() == (opened ? 1u : 0u));
        WSIO_FUZZ_CHECK(m.server().connections_count() == 0);
        WSIO_FUZZ_CHECK(m.drained());
        WSIO_FUZZ_CHECK(m.log().closes >= 1);
    }
    return 0;
}
