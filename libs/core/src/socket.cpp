//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#include <boost/websocketio/socket.hpp>

#include <boost/websocketio/detail/http.hpp>
#include <boost/websocketio/detail/server_state.hpp>
#include <boost/websocketio/detail/utf8.hpp>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>

namespace boost {
namespace websocketio {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {

// Small at first (idle connections cost little), doubled whenever a read
// fills it: busy connections reach max_read_size after a few reads.
constexpr std::size_t initial_read_size = 2 * 1024;
constexpr std::size_t max_read_size = 256 * 1024;
// Payloads this large are referenced, not copied, when shared.
constexpr std::size_t share_threshold = 1024;
// Batches that grew past this give their memory back after writing.
constexpr std::size_t keep_batch_capacity = 256 * 1024;

std::string_view
path_of(std::string_view target) noexcept
{
    auto const q = target.find('?');
    return q == std::string_view::npos ? target : target.substr(0, q);
}

bool
is_benign(error_code const& ec) noexcept
{
    return ec == asio::error::eof || ec == asio::error::operation_aborted ||
           ec == asio::error::connection_reset ||
           ec == asio::error::broken_pipe;
}

} // namespace

socket::socket(private_tag, std::uint64_t id, executor_type strand,
               asio::ip::tcp::socket sock,
               std::shared_ptr<request_type const> req,
               std::weak_ptr<detail::server_state> owner)
    : id_(id), strand_(std::move(strand)), sock_(std::move(sock)),
      timer_(strand_), ka_timer_(strand_), req_(std::move(req)),
      owner_(std::move(owner))
{
    error_code ec;
    remote_ = sock_.remote_endpoint(ec);
    if (auto st = owner_.lock())
        opts_hold_ = st->opts;
    else
        opts_hold_ = std::make_shared<options const>();
    opts_ = opts_hold_.get();
}

socket::~socket()
{
    if (auto st = owner_.lock())
        st->gone(id_);
}

std::string_view
socket::name() const noexcept
{
    return codec_ ? codec_->name() : std::string_view{};
}

std::string_view
socket::protocol_version() const noexcept
{
    return codec_ ? codec_->protocol_version() : std::string_view{};
}

socket::message_signal&
socket::on_message()
{
    if (!on_message_)
        on_message_ = std::make_unique<message_signal>();
    return *on_message_;
}

socket::message_signal&
socket::on_data()
{
    if (!on_data_)
        on_data_ = std::make_unique<message_signal>();
    return *on_data_;
}

socket::close_signal&
socket::on_close()
{
    if (!on_close_)
        on_close_ = std::make_unique<close_signal>();
    return *on_close_;
}

socket::error_signal&
socket::on_error()
{
    if (!on_error_)
        on_error_ = std::make_unique<error_signal>();
    return *on_error_;
}

//------------------------------------------------------------------------
// Public operations: run now on the strand, else post (keeping order).

socket&
socket::send(std::string_view data, frame_type type)
{
    if (strand_.running_in_this_thread())
    {
        do_send(data, type, nullptr);
        return *this;
    }
    auto p = std::make_shared<std::string const>(data);
    asio::post(strand_, [self = shared_from_this(), p, type] {
        self->do_send(*p, type, p);
    });
    return *this;
}

socket&
socket::send(std::shared_ptr<std::string const> data, frame_type type)
{
    if (!data)
        return *this;
    if (strand_.running_in_this_thread())
    {
        do_send(*data, type, data);
        return *this;
    }
    asio::post(strand_, [self = shared_from_this(), data, type] {
        self->do_send(*data, type, data);
    });
    return *this;
}

socket&
socket::ping(std::string_view payload)
{
    auto run = [this](std::string_view p) {
        if (ready_state() != websocketio::ready_state::open)
            return;
        if (!codec_->capabilities().ping || p.size() > 125)
        {
            emit_error(error::operation_not_supported);
            return;
        }
        enqueue(frame_type::ping, p, nullptr);
    };
    if (strand_.running_in_this_thread())
    {
        run(payload);
        return *this;
    }
    asio::post(strand_, [self = shared_from_this(), run,
                         p = std::string(payload)] { run(p); });
    return *this;
}

socket&
socket::close(close_code code, std::string_view reason)
{
    if (strand_.running_in_this_thread())
    {
        do_close(code, reason);
        return *this;
    }
    asio::post(strand_, [self = shared_from_this(), code,
                         r = std::string(reason)] { self->do_close(code, r); });
    return *this;
}

socket&
socket::destroy()
{
    auto run = [this] {
        if (ready_state() == websocketio::ready_state::closed)
            return;
        finish(close_code::abnormal, {});
    };
    if (strand_.running_in_this_thread())
    {
        run();
        return *this;
    }
    asio::post(strand_, [self = shared_from_this(), run] { run(); });
    return *this;
}

//------------------------------------------------------------------------
// Handshake

void
socket::start(std::string leftover,
              std::chrono::steady_clock::time_point started)
{
    asio::dispatch(strand_, [self = shared_from_this(), started,
                             leftover = std::move(leftover)]() mutable {
        self->handshake_bytes_ = std::move(leftover);
        // One budget for the whole handshake: header and hixie-76 key3.
        self->timer_.expires_at(started + self->opts_->handshake_timeout);
        self->timer_.async_wait(
            [self](error_code ec) {
                if (ec || self->ready_state() !=
                              websocketio::ready_state::opening)
                    return;
                // A client that never completed its handshake (hixie-76
                // key3 never sent, or a stalled peer): drop it.
                self->finish(close_code::abnormal, {});
            });
        self->do_handshake();
    });
}

void
socket::do_handshake()
{
    auto st = owner_.lock();
    if (!st || st->closing.load())
    {
        reject_handshake(
            detail::make_error_response(error::server_closing));
        return;
    }
    if (!opts_->path.empty())
    {
        auto const t = req_->target();
        if (path_of({t.data(), t.size()}) != opts_->path)
        {
            reject_handshake(
                detail::make_error_response(error::path_mismatch));
            return;
        }
    }
    registry const& reg = st->codecs ? *st->codecs : *registry::global();
    if (!codec_)
    {
        selection const sel = reg.select(*req_);
        if (!sel.factory)
        {
            reject_handshake(detail::make_error_response(
                sel.ec, reg.supported_versions()));
            return;
        }
        codec_config cfg;
        cfg.max_message_size = opts_->max_message_size;
        codec_ = sel.factory->create(cfg);
    }
    handshake_input in;
    in.request = req_.get();
    in.leftover = handshake_bytes_;
    in.secure = opts_->trust_forwarded_proto &&
                detail::iequals(
                    detail::field(*req_, "X-Forwarded-Proto"), "https");
    if (opts_->choose_subprotocol)
        in.choose_subprotocol = &opts_->choose_subprotocol;
    if (opts_->check_origin)
        in.check_origin = &opts_->check_origin;
    handshake_result r = codec_->handshake(in);
    switch (r.state)
    {
    case handshake_result::status::need_more:
        read_handshake_bytes(r.bytes_needed);
        return;
    case handshake_result::status::rejected:
        reject_handshake(std::move(r.response));
        return;
    case handshake_result::status::accepted: break;
    }
    subprotocol_ = std::move(r.subprotocol);
    origin_ = std::move(r.origin);
    enqueue_raw(r.response);
    handshake_bytes_.erase(0, r.consumed);
    on_handshake_done();
}

void
socket::read_handshake_bytes(std::size_t need)
{
    // Read what the handshake still lacks (hixie-76 key3), never much more.
    auto buf = std::make_shared<std::vector<char>>(std::max<std::size_t>(
        std::min<std::size_t>(need, 4096), 512));
    sock_.async_read_some(
        asio::buffer(*buf),
        asio::bind_executor(strand_, [self = shared_from_this(), buf](
                                         error_code ec, std::size_t n) {
            if (self->ready_state() != websocketio::ready_state::opening)
                return;
            if (ec)
            {
                self->finish(close_code::abnormal, {});
                return;
            }
            self->handshake_bytes_.append(buf->data(), n);
            self->do_handshake();
        }));
}

void
socket::reject_handshake(std::string response)
{
    state_.store(websocketio::ready_state::closing);
    shutdown_after_write_ = true;
    arm_close_timer();
    enqueue_raw(response);
}

void
socket::on_handshake_done()
{
    timer_.cancel();
    state_.store(websocketio::ready_state::open);
    auto self = shared_from_this();
    if (auto st = owner_.lock())
    {
        st->opened(self);
        in_process_ = true; // sends from the handler join the 101's write
        st->on_connection(self);
        in_process_ = false;
    }
    if (ready_state() == websocketio::ready_state::closed)
        return;
    rbuf_.resize(std::max(initial_read_size, handshake_bytes_.size()));
    std::size_t const n = handshake_bytes_.size();
    std::copy(handshake_bytes_.begin(), handshake_bytes_.end(), rbuf_.begin());
    std::string().swap(handshake_bytes_);
    if (n != 0)
        process(rbuf_.data(), n);
    else
        flush();
    arm_keepalive();
    if (ready_state() != websocketio::ready_state::closed)
        do_read();
}

//------------------------------------------------------------------------
// Reading

void
socket::do_read()
{
    if (rbuf_.empty())
        rbuf_.resize(initial_read_size);
    reading_ = true;
    sock_.async_read_some(
        asio::buffer(rbuf_),
        asio::bind_executor(strand_,
                            [self = shared_from_this()](error_code ec,
                                                        std::size_t n) {
                                self->on_read(ec, n);
                            }));
}

void
socket::on_read(error_code ec, std::size_t n)
{
    if (ready_state() == websocketio::ready_state::closed)
        return;
    if (ec)
    {
        if (lingering_ || close_received_)
            finish(close_code_, close_reason_);
        else
        {
            if (!is_benign(ec))
                emit_error(ec);
            finish(close_code::abnormal, {});
        }
        return;
    }
    got_traffic_ = true;
    if (!lingering_ && !close_received_)
    {
        process(rbuf_.data(), n);
        if (ready_state() == websocketio::ready_state::closed)
            return;
        // A full buffer means more is waiting: read bigger next time.
        if (n == rbuf_.size() && rbuf_.size() < max_read_size)
            rbuf_.resize(rbuf_.size() * 2);
    }
    do_read();
}

void
socket::process(char* data, std::size_t size)
{
    in_process_ = true;
    auto self = shared_from_this(); // handlers may drop the last reference
    while (size != 0 && !close_received_ &&
           ready_state() != websocketio::ready_state::closed && !failed_)
    {
        decode_result r = codec_->decode(data, size);
        data += r.consumed;
        size -= r.consumed;
        switch (r.what)
        {
        case decode_result::event::need_more: break;
        case decode_result::event::message:
        {
            message const m{r.type, r.payload};
            if (r.type == frame_type::text)
                delivering_ = r.payload;
            if (on_message_)
                (*on_message_)(m);
            if (on_data_ && ready_state() != websocketio::ready_state::closed)
                (*on_data_)(m);
            delivering_ = {};
            break;
        }
        case decode_result::event::ping:
            if (!close_sent_)
                enqueue(frame_type::pong, r.payload, nullptr);
            break;
        case decode_result::event::pong: ping_outstanding_ = false; break;
        case decode_result::event::close:
            close_received_ = true;
            close_code_ = r.code;
            close_reason_.assign(r.payload);
            if (!close_sent_)
            {
                // Peer-initiated: echo its code (RFC 6455 5.5.1).
                state_.store(websocketio::ready_state::closing);
                close_sent_ = append_close(r.code, {});
            }
            // The server closes the TCP connection first (RFC 6455 7.1.1).
            shutdown_after_write_ = true;
            arm_close_timer();
            break;
        case decode_result::event::error:
            fail(r.ec, r.code);
            break;
        }
    }
    in_process_ = false;
    flush();
}

//------------------------------------------------------------------------
// Writing

void
socket::enqueue_raw(std::string_view bytes)
{
    filling_.bytes.append(bytes);
    filling_.total += bytes.size();
    buffered_.fetch_add(bytes.size(), std::memory_order_relaxed);
    if (!in_process_)
        flush();
}

void
socket::enqueue(frame_type type, std::string_view data,
                std::shared_ptr<std::string const> const& shared)
{
    frame_header const h = codec_->make_header(type, data.size());
    std::size_t const n = h.prefix_size + data.size() + h.suffix_size;
    if ((type == frame_type::text || type == frame_type::binary) &&
        buffered_.load(std::memory_order_relaxed) + n >
            opts_->max_buffered_amount)
    {
        // The peer does not read fast enough: fail it rather than grow.
        // The message is not queued, so the cap really bounds memory.
        fail(error::buffer_overflow, close_code::policy_violation);
        return;
    }
    filling_.bytes.append(reinterpret_cast<char const*>(h.prefix),
                          h.prefix_size);
    if (shared && data.size() >= share_threshold)
        filling_.shared.emplace_back(filling_.bytes.size(), shared);
    else
        filling_.bytes.append(data.data(), data.size());
    filling_.bytes.append(reinterpret_cast<char const*>(h.suffix),
                          h.suffix_size);
    filling_.total += n;
    buffered_.fetch_add(n, std::memory_order_relaxed);
    if (!in_process_)
        flush();
}

void
socket::flush()
{
    if (writing_now_ || ready_state() == websocketio::ready_state::closed)
        return;
    if (filling_.total == 0)
    {
        if (shutdown_after_write_)
            after_final_write();
        return;
    }
    std::swap(filling_, writing_);
    std::vector<asio::const_buffer> bufs;
    bufs.reserve(1 + 2 * writing_.shared.size());
    std::size_t pos = 0;
    for (auto const& [at, payload] : writing_.shared)
    {
        if (at > pos)
            bufs.emplace_back(writing_.bytes.data() + pos, at - pos);
        bufs.emplace_back(payload->data(), payload->size());
        pos = at;
    }
    if (pos < writing_.bytes.size())
        bufs.emplace_back(writing_.bytes.data() + pos,
                          writing_.bytes.size() - pos);
    writing_now_ = true;
    asio::async_write(
        sock_, bufs,
        asio::bind_executor(strand_,
                            [self = shared_from_this()](error_code ec,
                                                        std::size_t n) {
                                self->on_write(ec, n);
                            }));
}

void
socket::on_write(error_code ec, std::size_t)
{
    writing_now_ = false;
    // finish() already zeroed the count: subtracting now would wrap it.
    if (ready_state() != websocketio::ready_state::closed)
        buffered_.fetch_sub(writing_.total, std::memory_order_relaxed);
    writing_.clear();
    if (writing_.bytes.capacity() > keep_batch_capacity)
        std::string().swap(writing_.bytes);
    if (ready_state() == websocketio::ready_state::closed)
        return;
    if (ec)
    {
        if (!is_benign(ec))
            emit_error(ec);
        finish(close_sent_ ? close_code_ : close_code::abnormal,
               close_reason_);
        return;
    }
    flush();
}

void
socket::after_final_write()
{
    // Half-close, then drain until the peer closes too (bounded by the
    // close timer), so our last bytes are not lost to a TCP reset.
    if (lingering_)
        return;
    lingering_ = true;
    error_code ec;
    sock_.shutdown(asio::ip::tcp::socket::shutdown_send, ec);
    arm_close_timer();
    if (reading_)
        return; // the read loop is running; it discards data until EOF
    if (rbuf_.empty())
        rbuf_.resize(512);
    linger_read();
}

void
socket::linger_read()
{
    sock_.async_read_some(
        asio::buffer(rbuf_),
        asio::bind_executor(strand_,
                            [self = shared_from_this()](error_code ec,
                                                        std::size_t) {
                                if (self->ready_state() ==
                                    websocketio::ready_state::closed)
                                    return;
                                if (ec)
                                    self->finish(self->close_code_,
                                                 self->close_reason_);
                                else
                                    self->linger_read();
                            }));
}

//------------------------------------------------------------------------
// Sending, closing, failing

void
socket::do_send(std::string_view data, frame_type type,
                std::shared_ptr<std::string const> const& shared)
{
    if (ready_state() != websocketio::ready_state::open)
        return;
    if (type != frame_type::text && type != frame_type::binary)
    {
        emit_error(error::operation_not_supported);
        return;
    }
    // Text must be UTF-8; this also keeps 0xFF out of hixie text frames.
    // The text message being delivered right now was validated on receipt.
    bool const validated = type == frame_type::text &&
                           data.data() == delivering_.data() &&
                           data.size() == delivering_.size();
    if (type == frame_type::text && !validated &&
        !detail::is_valid_utf8(data))
    {
        emit_error(error::bad_utf8);
        return;
    }
    enqueue(type, data, shared);
}

void
socket::do_close(close_code code, std::string_view reason)
{
    auto const st = ready_state();
    if (st == websocketio::ready_state::opening)
    {
        // Nothing was answered yet (hixie-76 waiting for key3): say why.
        reject_handshake(
            detail::make_error_response(error::server_closing));
        return;
    }
    if (st != websocketio::ready_state::open)
        return;
    state_.store(websocketio::ready_state::closing);
    close_code_ = code;
    close_reason_.assign(reason);
    close_sent_ = append_close(code, reason);
    if (!close_sent_)
        shutdown_after_write_ = true; // hixie-75: no closing frame
    arm_close_timer();
    if (!in_process_)
        flush();
}

bool
socket::append_close(close_code code, std::string_view reason)
{
    std::size_t const before = filling_.bytes.size();
    bool const sent = codec_->encode_close(code, reason, filling_.bytes);
    std::size_t const added = filling_.bytes.size() - before;
    filling_.total += added;
    buffered_.fetch_add(added, std::memory_order_relaxed);
    return sent;
}

void
socket::fail(error_code ec, close_code code)
{
    if (failed_ || ready_state() == websocketio::ready_state::closed)
        return;
    failed_ = true;
    emit_error(ec);
    if (ready_state() == websocketio::ready_state::closed)
        return;
    if (!close_sent_)
    {
        close_code_ = code;
        close_reason_.clear();
        state_.store(websocketio::ready_state::closing);
        close_sent_ = append_close(code, {});
    }
    shutdown_after_write_ = true;
    arm_close_timer();
    if (!in_process_)
        flush();
}

void
socket::arm_close_timer()
{
    if (close_timer_armed_)
        return;
    close_timer_armed_ = true;
    ka_timer_.cancel();
    timer_.expires_after(opts_->close_timeout);
    timer_.async_wait([self = shared_from_this()](error_code ec) {
        if (ec || self->ready_state() == websocketio::ready_state::closed)
            return;
        if (!self->close_received_ && !self->lingering_)
            self->emit_error(error::close_timeout);
        self->finish(self->close_received_ || self->lingering_
                         ? self->close_code_
                         : close_code::abnormal,
                     self->close_reason_);
    });
}

void
socket::finish(close_code code, std::string_view reason)
{
    auto const prev = state_.exchange(websocketio::ready_state::closed);
    if (prev == websocketio::ready_state::closed)
        return;
    auto self = shared_from_this();
    error_code ec;
    timer_.cancel();
    ka_timer_.cancel();
    sock_.close(ec);
    if (auto st = owner_.lock())
        st->gone(id_);
    buffered_.store(0, std::memory_order_relaxed);
    if (prev != websocketio::ready_state::opening && on_close_)
    {
        std::string const r(reason); // reason may live in our buffers
        (*on_close_)(code, r);
    }
    // Drop every slot so captured shared_ptrs cannot keep us alive. Not
    // here: a signal may be emitting right now (we can be inside a slot).
    asio::post(strand_, [self] {
        self->on_message_.reset();
        self->on_data_.reset();
        self->on_close_.reset();
        self->on_error_.reset();
        self->filling_.clear();
        std::string().swap(self->filling_.bytes);
        std::vector<char>().swap(self->rbuf_);
    });
}

void
socket::emit_error(error_code ec)
{
    // An error nobody listens to is simply dropped: never a crash.
    if (on_error_ && !on_error_->empty())
        (*on_error_)(ec);
}

//------------------------------------------------------------------------
// Keep-alive

void
socket::arm_keepalive()
{
    if (opts_->ping_interval.count() <= 0 ||
        ready_state() != websocketio::ready_state::open)
        return;
    ka_timer_.expires_after(opts_->ping_interval);
    ka_timer_.async_wait([self = shared_from_this()](error_code ec) {
        self->on_keepalive_timer(ec);
    });
}

void
socket::on_keepalive_timer(error_code ec)
{
    if (ec || ready_state() != websocketio::ready_state::open)
        return;
    if (got_traffic_)
    {
        got_traffic_ = false;
        silent_intervals_ = 0;
        ping_outstanding_ = false;
    }
    else if (++silent_intervals_ >= 2)
    {
        emit_error(error::ping_timeout);
        finish(close_code::abnormal, {});
        return;
    }
    else if (codec_->capabilities().ping && !ping_outstanding_)
    {
        ping_outstanding_ = true;
        enqueue(frame_type::ping, {}, nullptr);
    }
    arm_keepalive();
}

} // namespace websocketio
} // namespace boost
