//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#include <boost/websocketio/listen.hpp>

#include <boost/websocketio/detail/server_state.hpp>

#include <boost/asio/execution_context.hpp>
#include <boost/system/system_error.hpp>
#include <boost/throw_exception.hpp>

#include <memory>
#include <mutex>
#include <vector>

namespace boost {
namespace websocketio {

namespace asio = boost::asio;
namespace http = boost::beast::http;

namespace {

// Owns the servers made by attach/listen for the life of the context.
class owner_service : public asio::execution_context::service
{
public:
    static asio::execution_context::id id;

    explicit owner_service(asio::execution_context& ctx)
        : asio::execution_context::service(ctx)
    {
    }

    template <class T>
    T&
    keep(std::unique_ptr<T> p)
    {
        T& ref = *p;
        std::lock_guard<std::mutex> lock(mutex_);
        held_.push_back(std::shared_ptr<void>(std::move(p)));
        return ref;
    }

private:
    void
    shutdown() override
    {
        std::vector<std::shared_ptr<void>> held;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            held.swap(held_);
        }
        // Servers before the HTTP servers they were attached to.
        while (!held.empty())
            held.pop_back();
    }

    std::mutex mutex_;
    std::vector<std::shared_ptr<void>> held_;
};

asio::execution_context::id owner_service::id;

} // namespace

server&
attach(http_server& http, options opts)
{
    auto ex = http.get_executor();
    auto& ctx = asio::query(ex, asio::execution::context);
    auto& owner = asio::use_service<owner_service>(ctx);
    server& srv = owner.keep(std::make_unique<server>(ex, std::move(opts)));
    srv.state()->http.store(&http);
    {
        std::lock_guard<std::mutex> lock(srv.state()->mutex);
        srv.state()->http_impl = http.get_impl();
    }
    // Hold the state weakly: the HTTP server may outlive the server.
    std::weak_ptr<detail::server_state> weak = srv.state();
    server* const raw = &srv;
    http.on_upgrade().connect([weak, raw](http_server::upgrade_event& ev) {
        if (weak.expired())
            return;
        ev.taken = true;
        if (ev.tls_stream)
            raw->handle_upgrade(std::move(ev.request),
                                std::move(*ev.tls_stream), ev.leftover,
                                ev.started);
        else
            raw->handle_upgrade(std::move(ev.request), std::move(ev.socket),
                                ev.leftover, ev.started);
    });
    return srv;
}

server*
listen(asio::io_context& ioc, unsigned short port, options opts,
       std::string_view address, boost::system::error_code& ec)
{
    return listen(ioc, port, std::move(opts), address, http_server_options{},
                  ec);
}

server*
listen(asio::io_context& ioc, unsigned short port, options opts,
       std::string_view address, http_server_options hopts,
       boost::system::error_code& ec)
{
    // The upgrade request header is read by the HTTP server: hold it to the
    // WebSocket limits (slowloris peers are cut by handshake_timeout).
    hopts.request_timeout = opts.handshake_timeout;
    hopts.max_header_size = opts.max_header_size;
    auto made = std::make_unique<http_server>(ioc.get_executor(), hopts);
    made->listen(port, address, ec);
    if (ec)
        return nullptr; // nothing kept: the HTTP server goes now
    made->on_request().connect(
        [](http_server::request const&, http_server::response& res) {
            // websocket.io's listen: plain HTTP is not served.
            res.result(http::status::not_implemented);
            res.set(http::field::content_type, "text/plain");
            res.body() = "Not Implemented";
        });
    // Owned first, so it is destroyed after the server attached to it.
    auto& owner = asio::use_service<owner_service>(ioc);
    http_server& http = owner.keep(std::move(made));
    return &attach(http, std::move(opts));
}

server*
listen(asio::io_context& ioc, unsigned short port,
       boost::system::error_code& ec)
{
    return listen(ioc, port, options{}, "0.0.0.0", ec);
}

server&
listen(asio::io_context& ioc, unsigned short port, options opts,
       std::string_view address, http_server_options hopts)
{
    boost::system::error_code ec;
    server* const srv =
        listen(ioc, port, std::move(opts), address, std::move(hopts), ec);
    if (!srv)
        boost::throw_exception(boost::system::system_error(ec, "listen"));
    return *srv;
}

} // namespace websocketio
} // namespace boost
