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

#include <boost/asio/strand.hpp>
#include <boost/system/system_error.hpp>

#include <vector>

namespace boost {
namespace websocketio {

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
    if (started == std::chrono::steady_clock::time_point{})
        started = std::chrono::steady_clock::now();
    auto const id = state_->next_id.fetch_add(1);
    auto strand = boost::asio::make_strand(sock.get_executor());
    auto s = std::make_shared<socket>(
        socket::private_tag{}, id, std::move(strand), std::move(sock),
        std::make_shared<request_type const>(std::move(req)), state_);
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
    std::vector<std::shared_ptr<socket>> all;
    {
        std::lock_guard<std::mutex> lock(state_->mutex);
        all.reserve(state_->live.size());
        for (auto const& [id, w] : state_->live)
            if (auto s = w.lock())
                all.push_back(std::move(s));
    }
    for (auto const& s : all)
        s->close(code);
}

} // namespace websocketio
} // namespace boost
