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
#include <boost/asio/execution_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/system/system_error.hpp>

#include <algorithm>
#include <mutex>
#include <unordered_map>

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
// Once everything is written, batches past this are released too, so an
// idle connection returns to its idle footprint.
constexpr std::size_t idle_batch_capacity = 4 * 1024;

bool
is_benign(error_code const& ec) noexcept
{
    return ec == asio::error::eof || ec == asio::error::operation_aborted ||
           ec == asio::error::connection_reset ||
           ec == asio::error::broken_pipe;
}

} // namespace

namespace detail {

// Knows every socket of one execution context, so that destroying the
// io_context with connections open (their handlers holding the sockets'
// shared_ptrs, as the docs allow) closes them and breaks the reference
// cycles, without relying on posted work that will never run.
class socket_service : public asio::execution_context::service
{
public:
    static asio::execution_context::id id;

    explicit socket_service(asio::execution_context& ctx)
        : asio::execution_context::service(ctx)
    {
    }

    void
    add(websocketio::socket* s, std::weak_ptr<websocketio::socket> w)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        sockets_.emplace(s, std::move(w));
    }

    void
    remove(websocketio::socket* s) noexcept
    {
        std::lock_guard<std::mutex> lock(mutex_);
        sockets_.erase(s);
    }

private:
    void
    shutdown() override
    {
        std::vector<std::shared_ptr<websocketio::socket>> all;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            all.reserve(sockets_.size());
            for (auto const& entry : sockets_)
                if (auto s = entry.second.lock())
                    all.push_back(std::move(s));
        }
        // Outside the lock: dropping the last reference runs ~socket,
        // which calls remove().
        for (auto const& s : all)
            s->abandon();
    }

    std::mutex mutex_;
    std::unordered_map<websocketio::socket*,
                       std::weak_ptr<websocketio::socket>>
        sockets_;
};

asio::execution_context::id socket_service::id;

} // namespace detail

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
    service_ = &asio::use_service<detail::socket_service>(
        asio::query(sock_.get_executor(), asio::execution::context));
    if (auto st = owner_.lock())
        opts_hold_ = st->opts;
    else
        opts_hold_ = std::make_shared<options const>();
    opts_ = opts_hold_.get();
}

socket::~socket()
{
    if (service_)
        service_->remove(this);
    if (auto st = owner_.lock())
        st->gone(id_);
}

// The io_context is being destroyed: no handler will run again. Close the
// connection and drop everything that may refer back to this socket.
void
socket::abandon() noexcept
{
    state_.store(websocketio::ready_state::closed);
    error_code ec;
    sock_.close(ec);
    timer_.cancel();
    ka_timer_.cancel();
    if (auto st = owner_.lock())
        st->gone(id_);
    buffered_.store(0, std::memory_order_relaxed);
    // Slots may hold the last references to this socket: keep it alive
    // until they are gone.
    auto self = shared_from_this();
    on_message_.reset();
    on_data_.reset();
    on_close_.reset();
    on_error_.reset();
    filling_.clear();
    std::string().swap(filling_.bytes);
    std::vector<char>().swap(rbuf_);
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

bool
socket::can_run_inline() const noexcept
{
    // On the strand, and nothing posted from another thread is still
    // waiting: running now keeps the order of the calls.
    return strand_.running_in_this_thread() &&
           posted_.load(std::memory_order_acquire) == 0;
}

template <class Op>
void
socket::post_op(Op op)
{
    posted_.fetch_add(1, std::memory_order_acq_rel);
    asio::post(strand_, [self = shared_from_this(), op = std::move(op)]() mutable {
        self->posted_.fetch_sub(1, std::memory_order_acq_rel);
        op(*self);
    });
}

socket&
socket::send(std::string_view data, frame_type type)
{
    if (can_run_inline())
    {
        do_send(data, type, nullptr);
        return *this;
    }
    auto p = std::make_shared<std::string const>(data);
    post_op([p, type](socket& s) { s.do_send(*p, type, p); });
    return *this;
}

socket&
socket::send(std::shared_ptr<std::string const> data, frame_type type)
{
    if (!data)
        return *this;
    if (can_run_inline())
    {
        do_send(*data, type, data);
        return *this;
    }
    post_op([data, type](socket& s) { s.do_send(*data, type, data); });
    return *this;
}

socket&
socket::ping(std::string_view payload)
{
    if (can_run_inline())
    {
        do_ping(payload);
        return *this;
    }
    post_op([p = std::string(payload)](socket& s) { s.do_ping(p); });
    return *this;
}

void
socket::do_ping(std::string_view p)
{
    if (ready_state() != websocketio::ready_state::open)
        return;
    if (!codec_->capabilities().ping || p.size() > 125)
    {
        emit_error(error::operation_not_supported);
        return;
    }
    enqueue(frame_type::ping, p, nullptr);
}

socket&
socket::close(close_code code, std::string_view reason)
{
    // RFC 6455 7.4: only some codes may be sent; 5.5: a control frame
    // carries at most 125 bytes (2 of them the code); 5.6: UTF-8 reason.
    auto const c = static_cast<std::uint16_t>(code);
    if (code == close_code::none ? !reason.empty() : !is_valid_close_code(c))
        throw boost::system::system_error(
            make_error_code(error::bad_close_code),
            "boost::websocketio::socket::close: close code " +
                std::to_string(c) + " may not be sent");
    if (reason.size() > 123)
        throw boost::system::system_error(
            make_error_code(error::close_reason_too_long),
            "boost::websocketio::socket::close");
    if (!detail::is_valid_utf8(reason))
        throw boost::system::system_error(
            make_error_code(error::bad_close_payload),
            "boost::websocketio::socket::close");
    if (can_run_inline())
    {
        do_close(code, reason);
        return *this;
    }
    post_op([code, r = std::string(reason)](socket& s) { s.do_close(code, r); });
    return *this;
}

socket&
socket::destroy()
{
    auto run = [](socket& s) {
        if (s.ready_state() != websocketio::ready_state::closed)
            s.finish(close_code::abnormal, {});
    };
    if (can_run_inline())
        run(*this);
    else
        post_op(run);
    return *this;
}

//------------------------------------------------------------------------
// Handshake

void
socket::start(std::string leftover,
              std::chrono::steady_clock::time_point started)
{
    service_->add(this, weak_from_this());
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
    // The path of an origin-form or absolute-form target (RFC 7230
    // 5.3); other target forms are refused 400.
    if (auto const ec = detail::check_target(*req_, opts_->path))
    {
        reject_handshake(detail::make_error_response(ec));
        return;
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
    last_life_ = clock_type::now();
    if (auto st = owner_.lock())
    {
        st->opened(self);
        in_process_ = true; // sends from the handler join the 101's write
        deliver(st->on_connection, self);
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
    arm_tick();
    if (ready_state() != websocketio::ready_state::closed)
        do_read();
}

//------------------------------------------------------------------------
// Reading

void
socket::do_read()
{
    if (reading_ || ready_state() == websocketio::ready_state::closed)
        return;
    // Backpressure: a peer whose answers pile up is not read from, so TCP
    // flow control holds it back (on_write resumes at low water).
    if (!lingering_ && buffered_.load(std::memory_order_relaxed) >=
                           opts_->high_water_mark)
    {
        read_paused_ = true;
        return;
    }
    read_paused_ = false;
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
    reading_ = false;
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
    if (lingering_)
    {
        // Draining until the peer's FIN; what it sends is discarded.
        linger_read();
        return;
    }
    if (!close_received_)
    {
        process(rbuf_.data(), n);
        if (ready_state() == websocketio::ready_state::closed)
            return;
        if (!partial_)
        {
            // At a message boundary the codec's reassembly buffer is
            // not needed any more: an idle connection keeps none.
            codec_->release_memory();
        }
        if (n == rbuf_.size())
        {
            // A full buffer means more is waiting: read bigger next time.
            if (rbuf_.size() < max_read_size)
                rbuf_.resize(rbuf_.size() * 2);
        }
        else if (!partial_ && rbuf_.size() > initial_read_size)
        {
            // Caught up at a message boundary: give back the read buffer
            // a burst of large messages grew.
            std::vector<char>(initial_read_size).swap(rbuf_);
        }
    }
    if (lingering_)
    {
        linger_read();
        return;
    }
    do_read();
}

template <class Signal, class... Args>
bool
socket::deliver(Signal& sig, Args const&... args)
{
    // A throwing slot must not unwind through Asio and leave this socket
    // half-processed: report it and fail the connection (1011).
    try
    {
        sig(args...);
        return true;
    }
    catch (...)
    {
        fail(error::handler_exception, close_code::internal_error);
        return false;
    }
}

void
socket::process(char* data, std::size_t size)
{
    struct cork
    {
        bool& flag;
        explicit cork(bool& f) : flag(f) { flag = true; }
        ~cork() { flag = false; }
    };
    auto self = shared_from_this(); // handlers may drop the last reference
    {
        cork const corked(in_process_);
        while (size != 0 && !close_received_ &&
               ready_state() != websocketio::ready_state::closed && !failed_)
        {
            decode_result r = codec_->decode(data, size);
            data += r.consumed;
            size -= r.consumed;
            if (r.what == decode_result::event::need_more)
            {
                events_in_ += r.fragments; // whole fragments are life
                // Bytes went into an unfinished frame: a message is in
                // progress (message_timeout counts from its first byte).
                if (r.consumed != 0 && !partial_)
                {
                    partial_ = true;
                    message_started_ = clock_type::now();
                }
                continue;
            }
            partial_ = false;
            ++events_in_;
            switch (r.what)
            {
            case decode_result::event::need_more: break;
            case decode_result::event::message:
            {
                message const m{r.type, r.payload};
                if (r.type == frame_type::text)
                    delivering_ = r.payload;
                if (on_message_)
                    deliver(*on_message_, m);
                if (on_data_ && !failed_ &&
                    ready_state() != websocketio::ready_state::closed)
                    deliver(*on_data_, m);
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
                // The server closes the TCP connection first (RFC 6455
                // 7.1.1).
                shutdown_after_write_ = true;
                arm_close_timer();
                break;
            case decode_result::event::error:
                fail(r.ec, r.code);
                break;
            }
        }
    }
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

bool
socket::enqueue(frame_type type, std::string_view data,
                std::shared_ptr<std::string const> const& shared)
{
    frame_header const h = codec_->make_header(type, data.size());
    std::size_t const n = h.prefix_size + data.size() + h.suffix_size;
    if (buffered_.load(std::memory_order_relaxed) + n >
        opts_->max_buffered_amount)
    {
        // The peer does not read fast enough: fail it rather than grow.
        // Every frame counts (pongs and pings too); the frame is not
        // queued, so the cap really bounds memory.
        fail(error::buffer_overflow, close_code::policy_violation);
        return false;
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
    return true;
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
    ++writes_done_;
    if (filling_.total == 0)
    {
        // Caught up: a burst of large messages does not pin its batches.
        if (writing_.bytes.capacity() > idle_batch_capacity)
            std::string().swap(writing_.bytes);
        if (filling_.bytes.capacity() > idle_batch_capacity)
            std::string().swap(filling_.bytes);
    }
    flush();
    if (read_paused_ && !reading_ &&
        buffered_.load(std::memory_order_relaxed) <= opts_->low_water_mark)
        do_read();
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
        return; // the pending read sees lingering_ and drains until EOF
    linger_read();
}

void
socket::linger_read()
{
    if (rbuf_.empty())
        rbuf_.resize(512);
    reading_ = true;
    sock_.async_read_some(
        asio::buffer(rbuf_),
        asio::bind_executor(strand_,
                            [self = shared_from_this()](error_code ec,
                                                        std::size_t) {
                                self->reading_ = false;
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
        try
        {
            (*on_close_)(code, r);
        }
        catch (...)
        {
            // Nothing left to fail: the connection is closed already.
        }
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
socket::emit_error(error_code ec) noexcept
{
    // An error nobody listens to is simply dropped: never a crash. Nor
    // does a throwing error handler unwind into the socket's machinery.
    if (on_error_ && !on_error_->empty())
    {
        try
        {
            (*on_error_)(ec);
        }
        catch (...)
        {
        }
    }
}

//------------------------------------------------------------------------
// Timeouts after the handshake: idle, keep-alive and message. One timer
// ticks at a quarter of the shortest enabled timeout; the read path only
// counts events, so the hot path reads no clock.

void
socket::arm_tick()
{
    if (ready_state() != websocketio::ready_state::open)
        return;
    if (tick_ == clock_type::duration::zero())
    {
        clock_type::duration shortest = clock_type::duration::max();
        for (auto const d : {opts_->idle_timeout, opts_->ping_interval,
                             opts_->message_timeout})
            if (d.count() > 0)
                shortest = (std::min)(shortest, clock_type::duration(d));
        if (shortest == clock_type::duration::max())
            return; // every timeout is off
        tick_ = (std::max)(clock_type::duration(std::chrono::milliseconds(1)),
                           shortest / 4);
    }
    ka_timer_.expires_after(tick_);
    ka_timer_.async_wait([self = shared_from_this()](error_code ec) {
        self->on_tick(ec);
    });
}

void
socket::on_tick(error_code ec)
{
    if (ec || ready_state() != websocketio::ready_state::open)
        return;
    auto const now = clock_type::now();
    if (events_in_ != seen_events_ ||
        (read_paused_ && writes_done_ != seen_writes_))
    {
        // Something complete arrived (or, while we hold the peer back,
        // it read what we wrote): it is alive.
        seen_events_ = events_in_;
        last_life_ = now;
        ping_outstanding_ = false;
    }
    seen_writes_ = writes_done_;
    if (opts_->message_timeout.count() > 0 && partial_ &&
        now - message_started_ >= opts_->message_timeout)
    {
        fail(error::message_timeout, close_code::policy_violation);
        return;
    }
    auto const silent = now - last_life_;
    if (opts_->idle_timeout.count() > 0 && silent >= opts_->idle_timeout)
    {
        fail(error::idle_timeout, close_code::going_away);
        return;
    }
    if (opts_->ping_interval.count() > 0 && codec_->capabilities().ping)
    {
        if (ping_outstanding_)
        {
            if (now - ping_sent_ >= opts_->ping_interval)
            {
                // Half-open or hung peer: no closing handshake can work.
                emit_error(error::ping_timeout);
                finish(close_code::abnormal, {});
                return;
            }
        }
        else if (silent >= opts_->ping_interval)
        {
            if (!enqueue(frame_type::ping, {}, nullptr))
                return;
            ping_outstanding_ = true;
            ping_sent_ = now;
        }
    }
    arm_tick();
}

} // namespace websocketio
} // namespace boost
