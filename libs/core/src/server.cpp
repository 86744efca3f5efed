//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#include <boost/websocketio/server.hpp>

#include <boost/websocketio/detail/server_state.hpp>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/system/system_error.hpp>

#include <vector>

#include <unistd.h>

namespace boost {
namespace websocketio {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {

std::vector<std::shared_ptr<socket>>
live_sockets(detail::server_state& st)
{
    std::vector<std::shared_ptr<socket>> all;
    std::lock_guard<std::mutex> lock(st.mutex);
    all.reserve(st.live.size());
    for (auto const& [id, w] : st.live)
        if (auto s = w.lock())
            all.push_back(std::move(s));
    return all;
}

// One async_shutdown call: waits for the sockets and for the HTTP server's
// connections, cuts the sockets left at the deadline. Its state lives on
// its own strand.
struct server_shutdown_op
{
    server_shutdown_op(asio::any_io_executor const& ex,
                       std::function<void(error_code)> d)
        : strand(asio::make_strand(ex)), timer(strand), done(std::move(d))
    {
    }

    asio::strand<asio::any_io_executor> strand;
    asio::steady_timer timer;
    std::function<void(error_code)> done;
    int pending = 1;         // parts left: the sockets, and the HTTP server
    bool sockets_done = false;
    bool forced = false;
    bool finished = false;

    // On the strand.
    void
    part_done(bool part_forced)
    {
        if (part_forced)
            forced = true;
        if (--pending != 0 || finished)
            return;
        finished = true;
        timer.cancel();
        auto d = std::move(done);
        d(forced ? error_code(asio::error::timed_out) : error_code());
    }
};

} // namespace

server::server(boost::asio::any_io_executor ex, options opts)
    : state_(std::make_shared<detail::server_state>())
{
    opts.validate();
    state_->ex = std::move(ex);
    state_->codecs = opts.codecs ? opts.codecs : registry::global();
    state_->opts = std::make_shared<options const>(std::move(opts));
}

server::~server()
{
    close(close_code::going_away);
}

server::connection_signal&
server::on_connection() noexcept
{
    return state_->on_connection;
}

std::map<std::uint64_t, std::shared_ptr<socket>>
server::clients() const
{
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->clients;
}

void
server::visit_clients(void (*fn)(void*, socket&), void* ctx) const
{
    // Gathered under the lock into a buffer this thread reuses (no
    // allocation once it is big enough), visited outside it. A visit
    // inside a visit (f calls for_each_client) gets a buffer of its own.
    thread_local std::vector<std::shared_ptr<socket>> reused;
    thread_local bool in_use = false;
    std::vector<std::shared_ptr<socket>> own;
    bool const nested = in_use;
    std::vector<std::shared_ptr<socket>>& v = nested ? own : reused;
    struct guard
    {
        std::vector<std::shared_ptr<socket>>& v;
        bool& flag;
        bool nested;
        ~guard()
        {
            v.clear(); // drop the references, keep the capacity
            if (!nested)
                flag = false;
        }
    } const g{v, in_use, nested};
    in_use = true;
    {
        std::lock_guard<std::mutex> lock(state_->mutex);
        v.reserve(state_->clients.size());
        for (auto const& entry : state_->clients)
            v.push_back(entry.second);
    }
    for (auto const& s : v)
        fn(ctx, *s);
}

std::size_t
server::publish(std::string_view topic, std::string_view data,
                frame_type type)
{
    return state_->topics.publish(topic, data, type, nullptr);
}

std::size_t
server::subscribers(std::string_view topic) const
{
    return state_->topics.subscribers(topic);
}

std::size_t
server::clients_count() const noexcept
{
    return state_->clients_count.load(std::memory_order_relaxed);
}

std::size_t
server::connections_count() const
{
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->live.size();
}

options const&
server::get_options() const noexcept
{
    return *state_->opts;
}

websocketio::http_server*
server::http_server() const noexcept
{
    return state_->http.load();
}

void
server::handle_upgrade(request_type req, boost::asio::ip::tcp::socket sock,
                       std::string_view leftover,
                       std::chrono::steady_clock::time_point started)
{
    // A connection accepted by http_server already runs on a strand of
    // its own (the HTTP session is over): reuse it rather than stacking a
    // second strand on it (one more dispatch per handler, and memory).
    // The descriptor itself moves to the strand's inner executor: the
    // socket's handlers carry the strand as their associated executor, so
    // the I/O object needs no strand of its own, and an any_io_executor
    // holding a strand costs a heap block for the object and another for
    // every operation it has pending (Asio's outstanding-work copy).
    auto ex = sock.get_executor();
    if (auto const* st = ex.target<socket::executor_type>())
    {
        socket::executor_type strand = *st;
        boost::system::error_code ec;
        auto const protocol = sock.local_endpoint(ec).protocol();
        if (!ec)
        {
            asio::ip::tcp::socket moved(strand.get_inner_executor());
            auto const fd = sock.release(ec);
            if (ec) // still ours: serve it where it is
            {
                start_socket(std::move(req),
                             make_tcp_transport(std::move(sock)),
                             std::move(strand), leftover, started);
                return;
            }
            moved.assign(protocol, fd, ec);
            if (ec)
            {
                ::close(fd); // cannot be registered again: nothing to serve
                return;
            }
            sock = std::move(moved);
        }
        start_socket(std::move(req), make_tcp_transport(std::move(sock)),
                     std::move(strand), leftover, started);
        return;
    }
    auto strand = boost::asio::make_strand(ex);
    start_socket(std::move(req), make_tcp_transport(std::move(sock)),
                 std::move(strand), leftover, started);
}

void
server::handle_upgrade(request_type req, std::unique_ptr<transport> stream,
                       std::string_view leftover,
                       std::chrono::steady_clock::time_point started)
{
    if (!stream)
        return;
    // As above: reuse the strand of a connection that already has one.
    auto ex = stream->get_executor();
    socket::executor_type strand =
        ex.target<socket::executor_type>()
            ? *ex.target<socket::executor_type>()
            : boost::asio::make_strand(std::move(ex));
    start_socket(std::move(req), std::move(stream), std::move(strand),
                 leftover, started);
}

void
server::start_socket(request_type req, std::unique_ptr<transport> stream,
                     socket::executor_type strand, std::string_view leftover,
                     std::chrono::steady_clock::time_point started)
{
    if (started == std::chrono::steady_clock::time_point{})
        started = std::chrono::steady_clock::now();
    auto const id = state_->next_id.fetch_add(1);
    auto s = std::make_shared<socket>(
        socket::private_tag{}, id, std::move(strand), std::move(stream),
        std::make_shared<request_type>(std::move(req)), state_);
    {
        std::lock_guard<std::mutex> lock(state_->mutex);
        state_->live.emplace(id, s);
    }
    s->start(std::string(leftover), started);
}

void
server::close(close_code code)
{
    if (code != close_code::none &&
        !is_valid_close_code(static_cast<std::uint16_t>(code)))
        throw boost::system::system_error(
            make_error_code(error::bad_close_code),
            "boost::websocketio::server::close");
    state_->closing.store(true);
    for (auto const& s : live_sockets(*state_))
        s->close(code);
}

asio::any_io_executor
server::executor_of(std::shared_ptr<detail::server_state> const& st) noexcept
{
    return st->ex;
}

void
server::start_shutdown(std::shared_ptr<detail::server_state> const& st,
                       std::chrono::milliseconds deadline,
                       std::function<void(error_code)> done)
{
    auto op = std::make_shared<server_shutdown_op>(st->ex, std::move(done));
    std::shared_ptr<websocketio::http_server::impl> http;
    {
        std::lock_guard<std::mutex> lock(st->mutex);
        http = st->http_impl.lock();
    }
    // Set before any part can complete (completions are posted).
    op->pending = http ? 2 : 1;
    // Posted, not run here: the handler never runs inside the call.
    asio::post(op->strand, [op, st, deadline] {
        if (op->finished)
            return;
        op->timer.expires_after(deadline);
        op->timer.async_wait([op, st](error_code ec) {
            if (ec || op->finished || op->sockets_done)
                return;
            // Closing handshakes still unfinished: drop them (1006).
            op->forced = true;
            for (auto const& s : live_sockets(*st))
                s->destroy();
        });
    });
    if (http)
        websocketio::http_server::start_shutdown(
            http, deadline, [op](error_code ec) {
                asio::post(op->strand,
                           [op, ec] { op->part_done(static_cast<bool>(ec)); });
            });
    st->closing.store(true);
    for (auto const& s : live_sockets(*st))
        s->close(close_code::going_away);
    st->when_drained([op] {
        asio::post(op->strand, [op] {
            op->sockets_done = true;
            op->part_done(false);
        });
    });
}

} // namespace websocketio
} // namespace boost
