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
#include <boost/websocketio/detail/topics.hpp>
#include <boost/websocketio/detail/utf8.hpp>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/execution_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/write.hpp>
#include <boost/assert.hpp>
#include <boost/system/system_error.hpp>

#include <algorithm>
#include <functional>
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
// Payloads this large go straight to the OS when nothing is queued before
// them (TCP): no copy into the send batch for what the OS takes at once.
constexpr std::size_t direct_write_threshold = 16 * 1024;
// Batches that grew past this give their memory back after writing.
constexpr std::size_t keep_batch_capacity = 256 * 1024;
// Once everything is written, batches past this are released too, so an
// idle connection returns to its idle footprint.
constexpr std::size_t idle_batch_capacity = 4 * 1024;
// A batch written in parts keeps only its rest once this much, and at
// least half of it, is out (compact_writing).
constexpr std::size_t compact_threshold = 64 * 1024;

bool
is_benign(error_code const& ec) noexcept
{
    // A TLS peer that closes TCP without close_notify ends its stream as
    // a TCP peer does with a FIN: no error of ours to report.
    return ec == asio::error::eof || ec == asio::error::operation_aborted ||
           ec == asio::error::connection_reset ||
           ec == asio::error::broken_pipe ||
           ec == asio::ssl::error::stream_truncated;
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
               std::unique_ptr<transport> stream,
               std::shared_ptr<request_type> req,
               std::weak_ptr<detail::server_state> owner)
    : id_(id), strand_(std::move(strand)), transport_(std::move(stream)),
      timer_(strand_.get_inner_executor()), req_(std::move(req)),
      owner_(std::move(owner))
{
    remote_ = transport_->remote_endpoint();
    secure_ = transport_->is_secure();
    service_ = &asio::use_service<detail::socket_service>(
        asio::query(transport_->get_executor(), asio::execution::context));
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
    {
        st->topics.unsubscribe_all(*this);
        st->gone(id_);
    }
}

// The io_context is being destroyed: no handler will run again. Close the
// connection and drop everything that may refer back to this socket.
void
socket::abandon() noexcept
{
    phase_.store(phase::closed);
    transport_->close();
    timer_.cancel();
    if (auto st = owner_.lock())
    {
        st->topics.unsubscribe_all(*this);
        st->gone(id_);
    }
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
    if (!read_pending_)
        std::vector<char>().swap(rbuf_);
}

websocketio::ready_state
socket::ready_state() const noexcept
{
    switch (phase_.load(std::memory_order_acquire))
    {
    case phase::handshake: return websocketio::ready_state::opening;
    case phase::open: return websocketio::ready_state::open;
    case phase::closed: return websocketio::ready_state::closed;
    default: return websocketio::ready_state::closing;
    }
}

void
socket::set_phase(phase p) noexcept
{
    // closed is final: a write that failed at once (inside enqueue or
    // flush) may have finished the connection under its caller's feet.
    if (current() == phase::closed)
        return;
    phase_.store(p, std::memory_order_release);
}

transport_handler::executor_type
transport_handler::get_executor() const noexcept
{
    return socket_->strand_;
}

void
transport_handler::operator()(error_code ec, std::size_t n)
{
    // Moved out first: the socket may drop its last other reference.
    auto s = std::move(socket_);
    s->on_io(op_, ec, n);
}

transport_handler
socket::handler(transport_handler::op o)
{
    return transport_handler(shared_from_this(), o);
}

void
socket::on_io(transport_handler::op o, error_code ec, std::size_t n)
{
    switch (o)
    {
    case transport_handler::op::read: on_read(ec, n); break;
    case transport_handler::op::write: on_write(ec, n); break;
    case transport_handler::op::shutdown: on_shutdown(ec); break;
    }
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

std::string_view
socket::extensions() const noexcept
{
    return codec_ ? codec_->extensions() : std::string_view{};
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

socket::drain_signal&
socket::on_drain()
{
    if (!on_drain_)
        on_drain_ = std::make_unique<drain_signal>();
    return *on_drain_;
}

//------------------------------------------------------------------------
// Topics: the server's table does the work (under its mutex).

bool
socket::subscribe(std::string_view topic)
{
    auto st = owner_.lock();
    return st && st->topics.subscribe(*this, topic);
}

bool
socket::unsubscribe(std::string_view topic)
{
    auto st = owner_.lock();
    return st && st->topics.unsubscribe(*this, topic);
}

bool
socket::is_subscribed(std::string_view topic) const
{
    auto st = owner_.lock();
    return st && st->topics.is_subscribed(*this, topic);
}

std::size_t
socket::publish(std::string_view topic, std::string_view data,
                frame_type type)
{
    auto st = owner_.lock();
    return st ? st->topics.publish(topic, data, type, this) : 0;
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

namespace {

// Sets a flag for a scope: corked, sends only append to the batch and the
// scope's end flushes once.
struct cork
{
    bool& flag;
    explicit cork(bool& f) : flag(f) { flag = true; }
    cork(cork const&) = delete;
    cork& operator=(cork const&) = delete;
    ~cork() { flag = false; }
};

} // namespace

// Queues `m`; true when the mailbox was empty, and the caller must then
// post run_mail (post_mail_run). Any thread.
bool
socket::put_mail(mail m)
{
    posted_.fetch_add(1, std::memory_order_acq_rel);
    std::lock_guard<std::mutex> lock(mail_mutex_);
    bool const first = mail_.empty();
    if (mail_.capacity() == 0)
    {
        // An emptied mailbox that run_mail gave back on this thread, so a
        // fan-out allocates no mailbox per subscriber per publish.
        auto& pool = mail_pool();
        if (!pool.empty())
        {
            mail_.swap(pool.back());
            pool.pop_back();
        }
        else
            mail_.reserve(8);
    }
    mail_.push_back(std::move(m));
    return first;
}

// Mailboxes of this thread's finished runs, empty with their capacity,
// for put_mail on this thread (at most max_pooled_mailboxes; none kept
// larger than max_pooled_mail entries). Sockets keep none while idle.
namespace {
constexpr std::size_t max_pooled_mailboxes = 256;
constexpr std::size_t max_pooled_mail = 64;
} // namespace

std::vector<std::vector<socket::mail>>&
socket::mail_pool() noexcept
{
    thread_local std::vector<std::vector<mail>> pool;
    return pool;
}

void
socket::post_mail_run(std::shared_ptr<socket> self)
{
    asio::post(strand_, [self = std::move(self)] { self->run_mail(); });
}

// On the strand: runs all the mail queued so far, in order, corked, so a
// burst of publishes or sends becomes one write. Mail queued meanwhile
// (also by what runs here) has posted a run of its own.
void
socket::run_mail()
{
    std::vector<mail> batch;
    {
        std::lock_guard<std::mutex> lock(mail_mutex_);
        batch.swap(mail_);
    }
    {
        cork const corked(corked_);
        for (mail& m : batch)
        {
            posted_.fetch_sub(1, std::memory_order_acq_rel);
            switch (m.what)
            {
            case mail::kind::frame: enqueue_frame(m.bytes, m.reserved); break;
            case mail::kind::payload:
                do_send(*m.bytes, m.type, m.bytes, m.reserved);
                break;
            case mail::kind::op: m.op->run(*this); break;
            }
        }
    }
    batch.clear();
    auto& pool = mail_pool();
    if (batch.capacity() <= max_pooled_mail &&
        pool.size() < max_pooled_mailboxes)
    {
        try
        {
            pool.push_back(std::move(batch));
        }
        catch (std::bad_alloc const&)
        {
            // Not pooled: freed here, as without the pool.
        }
    }
    flush();
}

template <class Op>
void
socket::post_op(Op op)
{
    post_op(shared_from_this(), std::move(op));
}

template <class Op>
void
socket::post_op(std::shared_ptr<socket> self, Op op)
{
    struct impl final : mail_op
    {
        Op f;
        explicit impl(Op o) : f(std::move(o)) {}
        void run(socket& s) override { f(s); }
    };
    if (put_mail({mail::kind::op, frame_type::text, 0, nullptr,
                  std::make_unique<impl>(std::move(op))}))
        post_mail_run(std::move(self));
}

std::size_t
socket::frame_size(frame_type type, std::size_t size) const noexcept
{
    frame_header const h = codec_->make_header(type, size);
    return h.prefix_size + size + h.suffix_size;
}

bool
socket::reserve(std::size_t n, send_status& st) noexcept
{
    // Judged now, in the caller's thread: the count includes what earlier
    // calls reserved and the strand has not queued yet.
    std::size_t const cap = opts_->max_buffered_amount;
    std::size_t cur = buffered_.load(std::memory_order_relaxed);
    do
    {
        if (cur > cap || n > cap - cur)
            return false;
    } while (!buffered_.compare_exchange_weak(cur, cur + n,
                                              std::memory_order_relaxed));
    if (cur + n > opts_->high_water_mark)
    {
        st = send_status::backpressure;
        drain_armed_.store(true, std::memory_order_relaxed);
    }
    else
        st = send_status::queued;
    return true;
}

void
socket::release(std::size_t n) noexcept
{
    // Saturating: finish() zeroes the count, and a reservation made
    // around then is given back after it.
    std::size_t cur = buffered_.load(std::memory_order_relaxed);
    while (!buffered_.compare_exchange_weak(cur, cur > n ? cur - n : 0,
                                            std::memory_order_relaxed))
    {
    }
}

void
socket::overflowed(std::shared_ptr<socket> const& self, bool may_run_inline)
{
    if (opts_->overflow == overflow_action::drop)
        return;
    auto run = [](socket& s) {
        s.fail(error::buffer_overflow, close_code::policy_violation);
    };
    if (may_run_inline && can_run_inline())
        run(*this);
    else
        post_op(self, run);
}

void
socket::report(error_code ec)
{
    if (can_run_inline())
        emit_error(ec);
    else
        post_op(shared_from_this(), [ec](socket& s) { s.emit_error(ec); });
}

send_status
socket::send_message(std::string_view data, frame_type type,
                     std::shared_ptr<std::string const> shared)
{
    if (current() != phase::open || ending_.load(std::memory_order_relaxed))
        return send_status::dropped;
    if (type != frame_type::text && type != frame_type::binary)
    {
        report(error::operation_not_supported);
        return send_status::dropped;
    }
    bool const here = can_run_inline();
    // Text must be UTF-8; this also keeps 0xFF out of hixie text frames.
    // The text message being delivered right now was validated on receipt.
    bool const validated = here && type == frame_type::text &&
                           data.data() == delivering_.data() &&
                           data.size() == delivering_.size();
    if (type == frame_type::text && !validated &&
        !detail::is_valid_utf8(data))
    {
        report(error::bad_utf8);
        return send_status::dropped;
    }
    std::size_t const n = frame_size(type, data.size());
    send_status st;
    if (!reserve(n, st))
    {
        // The peer does not read fast enough: the message is not queued,
        // so the cap really bounds memory.
        overflowed(shared_from_this(), true);
        return send_status::dropped;
    }
    if (here)
    {
        do_send(data, type, shared, n);
        return st;
    }
    if (!shared)
        shared = std::make_shared<std::string const>(data);
    if (put_mail({mail::kind::payload, type, n, std::move(shared), nullptr}))
        post_mail_run(shared_from_this());
    return st;
}

send_status
socket::send(std::string_view data, frame_type type)
{
    return send_message(data, type, nullptr);
}

send_status
socket::send(std::shared_ptr<std::string const> data, frame_type type)
{
    if (!data)
        return send_status::dropped;
    std::string_view const v(*data);
    return send_message(v, type, std::move(data));
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
    ending_.store(true, std::memory_order_relaxed);
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
    ending_.store(true, std::memory_order_relaxed);
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
        // One budget for the whole handshake: TLS, header and hixie-76 key3.
        self->arm_timer(started + self->opts_->handshake_timeout);
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
        cfg.permessage_deflate = opts_->permessage_deflate;
        codec_ = sel.factory->create(cfg);
    }
    handshake_input in;
    in.request = req_.get();
    in.leftover = handshake_bytes_;
    in.secure = secure_ ||
                (opts_->trust_forwarded_proto &&
                 detail::iequals(
                     detail::field(*req_, "X-Forwarded-Proto"), "https"));
    if (opts_->choose_subprotocol)
        in.choose_subprotocol = &opts_->choose_subprotocol;
    if (opts_->check_origin)
        in.check_origin = &opts_->check_origin;
    handshake_result r = codec_->handshake(in);
    switch (r.state)
    {
    case handshake_result::status::need_more:
        // Read what the handshake still lacks (hixie-76 key3), never much
        // more; start_read sizes the buffer in this phase.
        rbuf_.resize(std::max<std::size_t>(
            std::min<std::size_t>(r.bytes_needed, 4096), 512));
        start_read();
        return;
    case handshake_result::status::rejected:
        reject_handshake(std::move(r.response));
        return;
    case handshake_result::status::accepted: break;
    }
    subprotocol_ = std::move(r.subprotocol);
    origin_ = std::move(r.origin);
    if (!opts_->keep_handshake_fields)
    {
        // Consumed by the handshake; an idle connection keeps the rest.
        namespace http = boost::beast::http;
        for (auto const f :
             {http::field::sec_websocket_key, http::field::sec_websocket_version,
              http::field::sec_websocket_extensions, http::field::upgrade,
              http::field::connection})
            req_->erase(f);
        req_->erase("Sec-WebSocket-Key1");
        req_->erase("Sec-WebSocket-Key2");
    }
    // Corked until on_handshake_done has run on_connection: the 101 and
    // what the handler sends leave in one write.
    corked_ = true;
    enqueue_raw(r.response);
    handshake_bytes_.erase(0, r.consumed);
    on_handshake_done();
}

void
socket::reject_handshake(std::string response)
{
    // handshake -> flushing: the HTTP error goes out, then the shutdown.
    set_phase(phase::flushing);
    arm_timer(clock_type::now() + opts_->close_timeout);
    enqueue_raw(response);
}

void
socket::on_handshake_done()
{
    // handshake -> open
    set_phase(phase::open);
    std::vector<char>().swap(rbuf_);
    auto self = shared_from_this();
    last_life_ = clock_type::now();
    if (auto st = owner_.lock())
    {
        st->opened(self);
        opened_ = true;
        deliver(st->on_connection, self); // corked: sends join the 101
    }
    corked_ = false;
    if (current() == phase::closed)
        return;
    if (!handshake_bytes_.empty())
    {
        // Frames that came with the upgrade, processed in place.
        std::string bytes = std::move(handshake_bytes_);
        process(bytes.data(), bytes.size());
    }
    std::string().swap(handshake_bytes_);
    flush();
    if (current() == phase::open)
        arm_tick();
    start_read();
}

//------------------------------------------------------------------------
// Reading: start_read is the only place a read starts, on_read the only
// place one ends (read_pending_ says which).

namespace {

// The buffer a readiness-based read fills: one per thread, not per socket,
// so an idle connection owns none. Input is consumed before the handler
// returns (the codec copies what belongs to an unfinished frame). Large
// enough that several 64 KiB frames arrive whole in one read and are
// delivered in place: at 64 KiB a 64 KiB message never fit with its
// header, so every one was copied into the codec's reassembly buffer.
// Pages never touched (small-message loads) cost no memory.
constexpr std::size_t thread_buffer_size = 512 * 1024;

// The smallest read near the high-water mark (what it may pass it by).
constexpr std::size_t min_read_size = 64 * 1024;

char*
thread_buffer()
{
    thread_local std::unique_ptr<char[]> buf(new char[thread_buffer_size]);
    return buf.get();
}

} // namespace

void
socket::start_read()
{
    if (read_pending_)
        return; // the pending read continues in the current phase
    switch (current())
    {
    case phase::handshake:
        break;
    case phase::open:
    case phase::closing_sent:
        // Backpressure: a peer whose answers pile up is not read from, so
        // TCP flow control holds it back (on_write resumes at low water).
        if (buffered_.load(std::memory_order_relaxed) >=
            opts_->high_water_mark)
        {
            read_paused_ = true;
            return;
        }
        break;
    case phase::lingering:
        break;
    case phase::flushing: // input is over
    case phase::shutting_down:
    case phase::closed: return;
    }
    read_paused_ = false;
    read_pending_ = true;
    if (current() != phase::handshake && transport_->can_wait_read())
    {
        transport_->async_wait_read(handler(transport_handler::op::read));
        return;
    }
    if (rbuf_.empty())
        rbuf_.resize(current() == phase::lingering ? 512 : initial_read_size);
    transport_->async_read_some(asio::buffer(rbuf_),
                                handler(transport_handler::op::read));
}

void
socket::on_read(error_code ec, std::size_t n)
{
    read_pending_ = false;
    phase const ph = current();
    if (ph == phase::closed)
    {
        std::vector<char>().swap(rbuf_); // kept for the read until now
        return;
    }
    if (ph == phase::shutting_down)
    {
        // The read was cancelled so that the shutdown runs alone.
        transport_->async_shutdown(handler(transport_handler::op::shutdown));
        return;
    }
    bool const by_readiness =
        ph != phase::handshake && transport_->can_wait_read();
    if (!ec && by_readiness)
    {
        // Readable: read what is there into the thread's buffer, until a
        // short read says the kernel's buffer is empty (each wait re-arms
        // the descriptor, so nothing that arrives later is missed).
        char* const buf = thread_buffer();
        for (int rounds = 0; rounds < 16; ++rounds)
        {
            // What is read can come back as large (pongs, echoes): near the
            // high-water mark read only what keeps the queue within one
            // small read of it, so backpressure holds per connection.
            std::size_t want = thread_buffer_size;
            if (current() != phase::lingering)
            {
                std::size_t const queued =
                    buffered_.load(std::memory_order_relaxed);
                std::size_t const hw = opts_->high_water_mark;
                if (queued + want > hw)
                    want = (std::max)(min_read_size,
                                      hw > queued ? hw - queued : 0);
            }
            std::size_t const got =
                transport_->read_some_now(asio::buffer(buf, want), ec);
            if (ec == asio::error::would_block ||
                ec == asio::error::try_again)
            {
                ec = {};
                break;
            }
            if (ec)
                break;
            consume(buf, got);
            if (got < want || read_pending_)
                break;
            phase const now = current();
            if (now != phase::open && now != phase::closing_sent &&
                now != phase::lingering)
                break;
            if (buffered_.load(std::memory_order_relaxed) >=
                    opts_->high_water_mark &&
                now != phase::lingering)
                break;
        }
    }
    else if (!ec)
        consume(rbuf_.data(), n);
    if (current() == phase::closed)
        return;
    if (ec)
    {
        phase const now = current();
        if (now == phase::shutting_down)
        {
            transport_->async_shutdown(
                handler(transport_handler::op::shutdown));
            return;
        }
        if (ec == asio::error::eof && transport_->is_secure() &&
            (now == phase::open || now == phase::closing_sent ||
             now == phase::flushing))
        {
            // The peer ended TLS cleanly (close_notify): answer with ours
            // before closing TCP (RFC 8446 6.1), after what is queued.
            if (!close_received_)
            {
                close_code_ = close_code::abnormal;
                close_reason_.clear();
            }
            if (now == phase::open)
                arm_timer(clock_type::now() + opts_->close_timeout);
            set_phase(phase::flushing);
            flush();
            return;
        }
        if (now == phase::lingering || close_received_)
            finish(close_code_, close_reason_);
        else
        {
            if (!is_benign(ec) && now != phase::flushing)
                emit_error(ec);
            finish(close_code::abnormal, {});
        }
        return;
    }
    if (current() == phase::handshake || read_pending_)
        return; // the handshake started the next read (into rbuf_)
    if (!by_readiness && !partial_ && rbuf_.size() > initial_read_size &&
        n < rbuf_.size())
    {
        // Caught up at a message boundary: give back the read buffer a
        // burst of large messages grew.
        std::vector<char>(initial_read_size).swap(rbuf_);
    }
    else if (!by_readiness && n == rbuf_.size() &&
             rbuf_.size() < max_read_size && current() != phase::lingering)
    {
        // A full buffer means more is waiting: read bigger next time.
        rbuf_.resize(rbuf_.size() * 2);
    }
    start_read();
}

void
socket::consume(char* data, std::size_t n)
{
    switch (current())
    {
    case phase::handshake:
        handshake_bytes_.append(data, n);
        do_handshake();
        return;
    case phase::open:
    case phase::closing_sent:
        process(data, n);
        if (!partial_ && current() != phase::closed)
        {
            // At a message boundary the codec's reassembly buffer is
            // not needed any more: an idle connection keeps none.
            codec_->release_memory();
        }
        return;
    default:
        // flushing / lingering: what the peer sends now is discarded.
        return;
    }
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
    auto self = shared_from_this(); // handlers may drop the last reference
    {
        cork const corked(corked_);
        while (size != 0 && (current() == phase::open ||
                             current() == phase::closing_sent))
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
                phase const now = current();
                if (on_data_ &&
                    (now == phase::open || now == phase::closing_sent))
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
                    if (current() == phase::open)
                        arm_timer(clock_type::now() + opts_->close_timeout);
                    close_sent_ = append_close(r.code, {});
                }
                // open | closing_sent -> flushing: the server closes the
                // TCP connection first (RFC 6455 7.1.1).
                set_phase(phase::flushing);
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
// Writing: flush is the only place a write starts, on_write the only place
// one ends; the shutdown is the write side's last operation.

void
socket::enqueue_raw(std::string_view bytes)
{
    filling_.bytes.append(bytes);
    filling_.total += bytes.size();
    buffered_.fetch_add(bytes.size(), std::memory_order_relaxed);
    if (!corked_)
        flush();
}

// `reserved`: bytes of buffered_ that send_message already counted for
// this message (its uncompressed frame size); 0 for control frames, which
// are counted and capped here.
bool
socket::enqueue(frame_type type, std::string_view data,
                std::shared_ptr<std::string const> const& shared,
                std::size_t reserved)
{
    if ((type == frame_type::text || type == frame_type::binary) &&
        codec_->transforms_payload(data.size()))
    {
        // An extension rewrites the payload (permessage-deflate): the
        // codec builds the whole frame into the batch, whose compressed
        // size then replaces the reservation.
        std::size_t const before = filling_.bytes.size();
        try
        {
            codec_->encode_message(type, data, filling_.bytes);
        }
        catch (...)
        {
            release(reserved);
            throw;
        }
        std::size_t const n = filling_.bytes.size() - before;
        filling_.total += n;
        if (n >= reserved)
            buffered_.fetch_add(n - reserved, std::memory_order_relaxed);
        else
            release(reserved - n);
        if (!corked_)
            flush();
        return true;
    }
    frame_header const h = codec_->make_header(type, data.size());
    std::size_t const n = h.prefix_size + data.size() + h.suffix_size;
    if (reserved == 0 &&
        buffered_.load(std::memory_order_relaxed) + n >
            opts_->max_buffered_amount)
    {
        // The peer does not read fast enough: fail it rather than grow.
        // Every frame counts (pongs and pings too); the frame is not
        // queued, so the cap really bounds memory.
        fail(error::buffer_overflow, close_code::policy_violation);
        return false;
    }
    if (data.size() >= direct_write_threshold && filling_.total == 0 &&
        !write_pending_ && !shared && transport_->can_write_now())
    {
        // Nothing is queued before it: write header, payload and suffix
        // now, and queue (copy) only what the OS did not take.
        asio::const_buffer const parts[3] = {
            {h.prefix, h.prefix_size},
            {data.data(), data.size()},
            {h.suffix, h.suffix_size}};
        error_code ec;
        std::size_t const sent = transport_->write_some_now(parts, 3, ec);
        if (ec && ec != asio::error::would_block &&
            ec != asio::error::try_again)
        {
            // The connection is broken: the pending read sees it too.
            if (!is_benign(ec))
                emit_error(ec);
            finish(close_code::abnormal, {});
            return false;
        }
        if (sent == n)
        {
            ++writes_done_;
            release(reserved);
            drain_soon();
            return true;
        }
        std::size_t skip = sent;
        for (auto const& part : parts)
        {
            std::size_t const k = (std::min)(skip, part.size());
            filling_.bytes.append(static_cast<char const*>(part.data()) + k,
                                  part.size() - k);
            skip -= k;
        }
        filling_.total += n - sent;
        if (reserved != 0)
            release(sent);
        else
            buffered_.fetch_add(n - sent, std::memory_order_relaxed);
        if (!corked_)
            flush();
        return true;
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
    if (reserved == 0)
        buffered_.fetch_add(n, std::memory_order_relaxed);
    if (!corked_)
        flush();
    return true;
}

void
socket::flush()
{
    if (write_pending_)
        return;
    if (write_now())
        after_write_now();
}

// Writes batches until none is left, one is only partly taken (the rest
// goes on asynchronously) or the transport cannot write without blocking
// (then asynchronously, as TLS and other streams always do): true when a
// batch left whole at once. A batch that leaves at once costs no
// completion handler, the cost that dominates at fan-out, where each round
// of publishes is one small write per socket. Runs no handler of the
// application's (it may finish the connection on a write error).
bool
socket::write_now()
{
    bool wrote = false;
    while (!write_pending_)
    {
        phase const ph = current();
        if (ph == phase::closed || ph == phase::shutting_down ||
            ph == phase::lingering)
            return wrote;
        if (filling_.total == 0)
        {
            if (ph == phase::flushing)
                begin_shutdown();
            return wrote;
        }
        std::swap(filling_, writing_);
        gather();
        write_pending_ = true;
        if (!transport_->can_write_now())
        {
            write_rest(0);
            return wrote;
        }
        error_code ec;
        std::size_t const sent =
            transport_->write_some_now(wbufs_.data(), wbufs_.size(), ec);
        if (ec == asio::error::would_block || ec == asio::error::try_again)
            ec = {};
        if (ec || sent == writing_.total)
        {
            if (!end_write(ec))
                return false;
            wrote = true;
            continue;
        }
        // The OS took part of it: the rest leaves when it can.
        write_rest(sent);
        return wrote;
    }
    return wrote;
}

// The buffers of writing_, in order: its bytes, with each shared payload
// at its offset.
void
socket::gather()
{
    wbufs_.clear();
    wfirst_ = 0;
    std::size_t pos = 0;
    for (auto const& [at, payload] : writing_.shared)
    {
        if (at > pos)
            wbufs_.emplace_back(writing_.bytes.data() + pos, at - pos);
        wbufs_.emplace_back(payload->data(), payload->size());
        pos = at;
    }
    if (pos < writing_.bytes.size())
        wbufs_.emplace_back(writing_.bytes.data() + pos,
                            writing_.bytes.size() - pos);
}

// Half or more of the batch being written is out (and at least
// compact_threshold bytes): its rest moves into a batch of its own, so the
// memory of what left is freed as its count was (buffered_amount() no
// longer counts it). Copies only the batch's own bytes that are left, at
// most what already left, and keeps shared payloads by reference.
void
socket::compact_writing()
{
    auto const* const first =
        static_cast<char const*>(wbufs_[wfirst_].data());
    char const* const b = writing_.bytes.data();
    std::less<char const*> const before;
    std::size_t cut = 0;  // bytes of writing_.bytes that are out
    std::size_t keep = 0; // the first shared payload not wholly out
    std::size_t done = 0; // of what is kept, bytes out (a payload's start)
    if (!before(first, b) && before(first, b + writing_.bytes.size()))
    {
        cut = static_cast<std::size_t>(first - b);
        // A payload at `cut` comes before bytes[cut]: it is out too.
        while (keep < writing_.shared.size() &&
               writing_.shared[keep].first <= cut)
            ++keep;
    }
    else
    {
        // Inside a shared payload, which starts the new batch.
        while (keep < writing_.shared.size())
        {
            std::string const& pl = *writing_.shared[keep].second;
            if (!before(first, pl.data()) &&
                before(first, pl.data() + pl.size()))
                break;
            ++keep;
        }
        BOOST_ASSERT(keep < writing_.shared.size());
        cut = writing_.shared[keep].first;
        done = static_cast<std::size_t>(
            first - writing_.shared[keep].second->data());
    }
    out_batch rest;
    rest.bytes.assign(b + cut, writing_.bytes.size() - cut);
    rest.total = rest.bytes.size();
    rest.shared.reserve(writing_.shared.size() - keep);
    for (std::size_t i = keep; i < writing_.shared.size(); ++i)
    {
        rest.shared.emplace_back(writing_.shared[i].first - cut,
                                 std::move(writing_.shared[i].second));
        rest.total += rest.shared.back().second->size();
    }
    rest.sent = done;
    BOOST_ASSERT(writing_.total - writing_.sent == rest.total - rest.sent);
    writing_ = std::move(rest);
    gather();
    wbufs_[0] += done;
}

// `sent` more bytes of the batch being written (less than what is left)
// are out: they leave the buffered amount now, not when the whole batch is
// (a peer that read them makes room for more at once), and the rest is
// written asynchronously, in as many parts as the transport takes it.
void
socket::write_rest(std::size_t sent)
{
    if (sent != 0)
    {
        writing_.sent += sent;
        // finish() already zeroed the count: subtracting now would wrap it.
        if (current() != phase::closed)
            buffered_.fetch_sub(sent, std::memory_order_relaxed);
        // The peer takes what we write: it is alive while we hold it back.
        ++writes_done_;
        while (sent >= wbufs_[wfirst_].size())
            sent -= wbufs_[wfirst_++].size();
        wbufs_[wfirst_] += sent;
        if (writing_.sent >= compact_threshold &&
            writing_.sent >= writing_.total - writing_.sent)
            compact_writing();
    }
    transport_->async_write_some(wbufs_.data() + wfirst_,
                                 wbufs_.size() - wfirst_,
                                 handler(transport_handler::op::write));
}

// A batch is out (or failed) and writing_ is free again: false when the
// connection ended.
bool
socket::end_write(error_code ec)
{
    write_pending_ = false;
    // finish() already zeroed the count: subtracting now would wrap it.
    if (current() != phase::closed)
        buffered_.fetch_sub(writing_.total - writing_.sent,
                            std::memory_order_relaxed);
    writing_.clear();
    if (writing_.bytes.capacity() > keep_batch_capacity)
        std::string().swap(writing_.bytes);
    if (current() == phase::closed)
        return false;
    if (ec)
    {
        if (!is_benign(ec))
            emit_error(ec);
        // The connection is lost: 1006 unless the peer's close frame
        // arrived (RFC 6455 7.1.5), even when ours was queued.
        finish(close_received_ ? close_code_ : close_code::abnormal,
               close_reason_);
        return false;
    }
    bool const first_write = writes_done_++ == 0;
    if (filling_.total == 0)
    {
        // Caught up: a burst of large messages does not pin its batches;
        // nor does the handshake's answer (then the connection is usually
        // idle: it owns no buffer until it sends).
        if (writing_.bytes.capacity() > idle_batch_capacity || first_write)
            std::string().swap(writing_.bytes);
        if (filling_.bytes.capacity() > idle_batch_capacity)
            std::string().swap(filling_.bytes);
        if (wbufs_.capacity() > 16 || first_write)
            std::vector<asio::const_buffer>().swap(wbufs_);
    }
    return true;
}

// After batches left at once (inside a send, a publish's mail, a read or
// the handshake): what on_write does after an asynchronous write, except
// that on_drain is posted, never run inside the caller, and only a read
// that start_read held back at high water starts here (the caller starts
// its own reads when it is done).
void
socket::after_write_now()
{
    if (current() == phase::closed)
        return;
    drain_soon();
    if (read_paused_ &&
        buffered_.load(std::memory_order_relaxed) <= opts_->low_water_mark)
        start_read();
}

void
socket::on_write(error_code ec, std::size_t n)
{
    if (!ec && current() != phase::closed &&
        n < writing_.total - writing_.sent)
        write_rest(n); // a part: on with the rest, then as after a write
    else
    {
        if (!end_write(ec))
            return;
        flush();
    }
    maybe_drain();
    if (current() == phase::closed)
        return;
    // Reading paused at high water (open or closing_sent, no read
    // pending) resumes at low water.
    if (!read_pending_ &&
        buffered_.load(std::memory_order_relaxed) <= opts_->low_water_mark)
        start_read();
}

// flushing -> shutting_down -> lingering: the last byte is written; end
// the sending direction (FIN, or TLS close_notify), then drain the peer
// until its end of stream (bounded by the close timer), so our last bytes
// are not lost to a TCP reset.
void
socket::begin_shutdown()
{
    error_code ec;
    if (transport_->shutdown_now(ec))
    {
        // flushing -> lingering at once (TCP: the FIN is sent); a pending
        // read goes on draining.
        set_phase(phase::lingering);
        if (ec)
        {
            finish(close_code_, close_reason_);
            return;
        }
        start_read();
        return;
    }
    set_phase(phase::shutting_down);
    if (read_pending_)
    {
        // One operation at a time on the stream (TLS needs it): the read
        // ends first, then on_read starts the shutdown.
        transport_->cancel();
        return;
    }
    transport_->async_shutdown(handler(transport_handler::op::shutdown));
}

void
socket::on_shutdown(error_code ec)
{
    if (current() != phase::shutting_down)
        return;
    set_phase(phase::lingering);
    if (ec)
    {
        // The peer is gone already (or a TLS peer closed without
        // close_notify): after a closing handshake that is no error.
        finish(close_code_, close_reason_);
        return;
    }
    rbuf_.clear();
    start_read();
}

//------------------------------------------------------------------------
// Sending, closing, failing

// The message was checked and `reserved` bytes of buffered_ are its own.
void
socket::do_send(std::string_view data, frame_type type,
                std::shared_ptr<std::string const> const& shared,
                std::size_t reserved)
{
    if (current() != phase::open)
    {
        release(reserved);
        return;
    }
    enqueue(type, data, shared, reserved);
}

// A publish's frame, built once for every subscriber of its wire format:
// queued by reference (copied when small: cheaper than a buffer of its own).
void
socket::enqueue_frame(std::shared_ptr<std::string const> const& frame,
                      std::size_t reserved)
{
    if (current() != phase::open)
    {
        release(reserved);
        return;
    }
    if (frame->size() >= share_threshold)
        filling_.shared.emplace_back(filling_.bytes.size(), frame);
    else
        filling_.bytes.append(*frame);
    filling_.total += frame->size();
    if (!corked_)
        flush();
}

// Called by topic_table::publish under its mutex: queued, never run here
// (the socket's machinery can end in finish(), which takes that mutex).
void
socket::post_published(std::shared_ptr<std::string const> const& bytes,
                       bool framed, frame_type type, std::size_t reserved)
{
    if (!put_mail({framed ? mail::kind::frame : mail::kind::payload, type,
                   reserved, bytes, nullptr}))
        return; // a run is already posted
    // Null once the last owner let go: its destructor waits for the
    // table's mutex to leave the topic, and the mail dies with it.
    if (std::shared_ptr<socket> self = weak_from_this().lock())
        post_mail_run(std::move(self));
}

void
socket::maybe_drain()
{
    if (!drain_armed_.load(std::memory_order_relaxed) ||
        buffered_.load(std::memory_order_relaxed) > opts_->low_water_mark ||
        current() == phase::closed)
        return;
    drain_armed_.store(false, std::memory_order_relaxed);
    if (on_drain_ && !on_drain_->empty())
        deliver(*on_drain_);
}

// The queue fell to low water outside a write's completion (inside a send,
// a publish's mail or a read): on_drain runs from the strand's queue, so a
// slot that sends again is never called from within that send.
void
socket::drain_soon()
{
    if (!drain_armed_.load(std::memory_order_relaxed) ||
        buffered_.load(std::memory_order_relaxed) > opts_->low_water_mark)
        return;
    asio::post(strand_, [self = shared_from_this()] { self->maybe_drain(); });
}

void
socket::do_close(close_code code, std::string_view reason)
{
    phase const ph = current();
    if (ph == phase::handshake)
    {
        // Nothing was answered yet (hixie-76 waiting for key3): say why.
        reject_handshake(
            detail::make_error_response(error::server_closing));
        return;
    }
    if (ph != phase::open)
        return;
    close_code_ = code;
    close_reason_.assign(reason);
    arm_timer(clock_type::now() + opts_->close_timeout);
    close_sent_ = append_close(code, reason);
    // open -> closing_sent (wait for the peer's close), or, for hixie-75
    // (no closing frame), open -> flushing.
    set_phase(close_sent_ ? phase::closing_sent : phase::flushing);
    if (!corked_)
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
    phase const ph = current();
    if (ph != phase::open && ph != phase::closing_sent)
        return;
    emit_error(ec);
    if (current() != ph)
        return; // a slot of on_error closed or destroyed the socket
    if (!close_sent_)
    {
        close_code_ = code;
        close_reason_.clear();
        arm_timer(clock_type::now() + opts_->close_timeout);
        close_sent_ = append_close(code, {});
    }
    // open | closing_sent -> flushing: no more input; close after writing.
    set_phase(phase::flushing);
    if (!corked_)
        flush();
}

void
socket::finish(close_code code, std::string_view reason)
{
    // any -> closed
    auto const prev = phase_.exchange(phase::closed);
    if (prev == phase::closed)
        return;
    auto self = shared_from_this();
    timer_.cancel();
    transport_->close();
    if (auto st = owner_.lock())
    {
        st->topics.unsubscribe_all(*this);
        st->gone(id_);
    }
    buffered_.store(0, std::memory_order_relaxed);
    if (opened_ && on_close_)
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
        self->on_drain_.reset();
        self->filling_.clear();
        std::string().swap(self->filling_.bytes);
        // A read still pending (TLS, other streams) may write into rbuf_
        // when it completes, even after close: on_read frees it then.
        if (!self->read_pending_)
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
// The one timer: handshake budget (handshake), tick (open), close timeout
// (every closing phase). Each arm supersedes the last; a completion that
// belongs to an earlier arm is ignored.

void
socket::arm_timer(clock_type::time_point at)
{
    std::uint32_t const gen = ++timer_gen_;
    timer_.expires_at(at);
    // The timer runs on the strand's inner executor (no heap block for
    // an any_io_executor holding a strand); the handler carries the strand.
    timer_.async_wait(asio::bind_executor(
        strand_, [self = shared_from_this(), gen](error_code ec) {
            if (ec || gen != self->timer_gen_)
                return;
            self->on_timer();
        }));
}

void
socket::on_timer()
{
    switch (current())
    {
    case phase::closed: return;
    case phase::handshake:
        // A client that never completed its handshake (hixie-76 key3
        // never sent, a stalled TLS or HTTP peer): drop it.
        finish(close_code::abnormal, {});
        return;
    case phase::open: on_tick(); return;
    default:
    {
        bool const ended = close_received_ ||
                           current() == phase::shutting_down ||
                           current() == phase::lingering;
        if (!ended)
            emit_error(error::close_timeout);
        finish(ended ? close_code_ : close_code::abnormal, close_reason_);
        return;
    }
    }
}

// Timeouts while open: idle, keep-alive and message. The tick runs at a
// quarter of the shortest enabled timeout; the read path only counts
// events, so the hot path reads no clock.
void
socket::arm_tick()
{
    if (tick_ == clock_type::duration::zero())
    {
        clock_type::duration shortest = clock_type::duration::max();
        for (auto const d : {opts_->idle_timeout, opts_->ping_interval,
                             opts_->message_timeout})
            if (d.count() > 0)
                shortest = (std::min)(shortest, clock_type::duration(d));
        if (shortest == clock_type::duration::max())
        {
            // Every timeout is off: supersede the handshake deadline.
            ++timer_gen_;
            timer_.cancel();
            return;
        }
        tick_ = (std::max)(clock_type::duration(std::chrono::milliseconds(1)),
                           shortest / 4);
    }
    arm_timer(clock_type::now() + tick_);
}

void
socket::on_tick()
{
    auto const now = clock_type::now();
    // Nothing in either direction since the last tick, between messages:
    // the codec may drop what only saves work (a deflate compressor).
    if (events_in_ == seen_events_ && writes_done_ == seen_writes_ &&
        !partial_)
        codec_->release_idle_memory();
    // Reading is paused (backpressure) when open with no read pending.
    bool const paused = !read_pending_;
    if (events_in_ != seen_events_ || (paused && writes_done_ != seen_writes_))
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
