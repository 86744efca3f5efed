//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// wsio-echo: echoes every message back, text as text and binary as binary,
// for every draft (hixie-75, hixie-76, hybi-07, hybi-08, RFC 6455).
//
// Two upgrade paths are fan-out endpoints instead (the paths of the
// uWebSockets reference server the benchmarks compare with):
//   /sub...  (any path that starts with /sub) subscribes the socket to the
//            topic "t"; it echoes nothing it receives;
//   /pub...  publishes every message it receives to "t" (server::publish;
//            text as text, binary as binary), to every subscriber.
// Every other path echoes. --path P lets only the exact path P upgrade
// (others get 404), so with --path neither /sub nor /pub is reachable
// unless P is one of them.
//
//   wsio-echo --port P [--address A] [--path /p] [--threads N]
//             [--tls-cert FILE --tls-key FILE]
//             [--permessage-deflate shared|dedicated]
//
// Listens on 127.0.0.1 unless --address says otherwise (0.0.0.0 or :: for
// every interface). With --tls-cert and --tls-key (PEM: the certificate
// chain, server certificate first, and its unencrypted private key) it
// speaks TLS 1.2 or 1.3 only: wss://, and https:// for plain requests
// (answered 501). SIGINT/SIGTERM shut it down gracefully: every client
// gets a 1001 close, and the process exits once they are all closed (at
// most 5 s); a second signal exits at once. --permessage-deflate accepts
// the compression extension of RFC 7692 (hybi drafts) in its shared mode
// (no context takeover, no zlib memory per idle connection) or its
// dedicated mode (context takeover, zlib state per connection); messages
// of 1 KiB and more are then sent compressed.

#include <boost/websocketio.hpp>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/strand.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace wsio = boost::websocketio;

namespace {

[[noreturn]] void
usage(char const* msg)
{
    std::cerr << "wsio-echo: " << msg << "\n"
              << "usage: wsio-echo --port P [--address A] [--path /p] "
                 "[--threads N]\n"
                 "                 [--tls-cert FILE --tls-key FILE]\n"
                 "                 [--permessage-deflate shared|dedicated]\n"
                 "                 [--max-buffered BYTES] [--overflow close|drop]\n"
                 "  --address A      address to bind (default 127.0.0.1; "
                 "0.0.0.0 for every interface)\n"
                 "  --path /p        only this exact upgrade path (default: "
                 "any path)\n"
                 "  --tls-cert FILE  PEM certificate chain (server "
                 "certificate first): serve wss://\n"
                 "  --tls-key FILE   PEM private key of that certificate, "
                 "unencrypted; both or neither\n"
                 "  --permessage-deflate MODE  accept RFC 7692 compression: "
                 "shared (no context\n"
                 "                   takeover) or dedicated (context "
                 "takeover)\n"
                 "  --max-buffered BYTES  options::max_buffered_amount: "
                 "bytes queued for a\n"
                 "                   socket at most (default 20 MiB)\n"
                 "  --overflow ACTION  past it: close (1008, the default) or "
                 "drop the message\n"
                 "Paths: /sub... subscribes to topic \"t\" (echoes "
                 "nothing); /pub... publishes\n"
                 "every message to \"t\"; any other path echoes.\n";
    std::exit(2);
}

// A TLS server context (TLS 1.2 or 1.3) with the certificate chain and key
// of the two PEM files, or null after saying on stderr what is wrong.
std::shared_ptr<asio::ssl::context>
make_tls_context(std::string const& cert, std::string const& key)
{
    using ssl = asio::ssl::context;
    auto ctx = std::make_shared<ssl>(ssl::tls_server);
    ctx->set_options(ssl::default_workarounds | ssl::no_sslv2 | ssl::no_sslv3 |
                     ssl::no_tlsv1 | ssl::no_tlsv1_1 | ssl::single_dh_use);
    // An encrypted key fails to load instead of prompting on the terminal.
    ctx->set_password_callback(
        [](std::size_t, ssl::password_purpose) { return std::string(); });
    boost::system::error_code ec;
    ctx->use_certificate_chain_file(cert, ec);
    if (ec)
    {
        std::cerr << "wsio-echo: cannot load the TLS certificate chain " << cert
                  << ": " << ec.message() << "\n";
        return nullptr;
    }
    // Fails too when the key does not match the certificate.
    ctx->use_private_key_file(key, ssl::pem, ec);
    if (ec)
    {
        std::cerr << "wsio-echo: cannot load the TLS private key " << key
                  << ": " << ec.message() << "\n";
        return nullptr;
    }
    return ctx;
}

} // namespace

int
main(int argc, char** argv)
{
    unsigned long port = 0;
    bool have_port = false;
    std::string address = "127.0.0.1";
    std::string path;
    unsigned long threads = 1;
    std::string tls_cert;
    std::string tls_key;
    std::string deflate;
    wsio::options opts;
    for (int i = 1; i < argc; ++i)
    {
        std::string const a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc)
                usage(("missing value after " + a).c_str());
            return argv[++i];
        };
        auto number = [&](std::string const& v, unsigned long max) {
            char* end = nullptr;
            unsigned long const n = std::strtoul(v.c_str(), &end, 10);
            if (v.empty() || *end != '\0' || n > max)
                usage(("bad number: " + v).c_str());
            return n;
        };
        if (a == "--port")
        {
            port = number(value(), 65535);
            have_port = true;
        }
        else if (a == "--address")
            address = value();
        else if (a == "--path")
            path = value();
        else if (a == "--threads")
            threads = number(value(), 256);
        else if (a == "--tls-cert")
            tls_cert = value();
        else if (a == "--tls-key")
            tls_key = value();
        else if (a == "--permessage-deflate")
        {
            deflate = value();
            if (deflate != "shared" && deflate != "dedicated")
                usage("--permessage-deflate takes shared or dedicated");
        }
        else if (a == "--max-buffered")
        {
            opts.max_buffered_amount = number(value(), ~0UL);
            if (opts.max_buffered_amount == 0)
                usage("--max-buffered takes a number of bytes above 0");
        }
        else if (a == "--overflow")
        {
            std::string const v = value();
            if (v == "close")
                opts.overflow = wsio::overflow_action::close;
            else if (v == "drop")
                opts.overflow = wsio::overflow_action::drop;
            else
                usage("--overflow takes close or drop");
        }
        else if (a == "--help" || a == "-h")
            usage("echo server");
        else
            usage(("unknown argument " + a).c_str());
    }
    if (!have_port)
        usage("--port is required");
    if (tls_cert.empty() != tls_key.empty())
        usage("--tls-cert and --tls-key go together, each with a file");
    if (threads == 0)
        threads = 1;
    // A cap below the default water marks brings them down with it.
    opts.high_water_mark =
        (std::min)(opts.high_water_mark, opts.max_buffered_amount);
    opts.low_water_mark =
        (std::min)(opts.low_water_mark, opts.high_water_mark / 4);

    asio::io_context ioc(static_cast<int>(threads));
    opts.path = path;
    opts.client_tracking = false; // an echo server needs no table
    if (!deflate.empty())
    {
        opts.permessage_deflate.enabled = true;
        opts.permessage_deflate.context_takeover = deflate == "dedicated";
    }
    wsio::http_server_options hopts; // listen() sets its limits from opts
    if (!tls_cert.empty())
    {
        hopts.tls = make_tls_context(tls_cert, tls_key);
        if (!hopts.tls)
            return 1;
    }
    bool const tls = hopts.tls != nullptr;
    boost::system::error_code ec;
    wsio::server* const srv = wsio::listen(
        ioc, static_cast<unsigned short>(port), opts, address, hopts, ec);
    if (!srv)
    {
        std::cerr << "wsio-echo: cannot listen on " << address << ":" << port
                  << ": " << ec.message() << "\n";
        return 1;
    }

    srv->on_connection().connect([srv](std::shared_ptr<wsio::socket> const& s) {
        auto const target = s->req().target();
        std::string_view const t(target.data(), target.size());
        if (t.compare(0, 4, "/sub") == 0)
        {
            s->subscribe("t"); // fan-out subscriber: reads, echoes nothing
            return;
        }
        if (t.compare(0, 4, "/pub") == 0)
        {
            // fan-out publisher: every message goes to every subscriber
            s->on_message().connect([srv](wsio::message const& m) {
                srv->publish("t", m.data, m.type);
            });
            return;
        }
        wsio::socket* const raw = s.get(); // slots die with the socket
        s->on_message().connect([raw](wsio::message const& m) {
            raw->send(m.data, m.type);
        });
    });

    // Graceful shutdown in one call: no new connections, 1001 to every
    // client, idle HTTP connections closed; whatever is still open after
    // 5 s is dropped. run() then returns by itself. The signal set and the
    // completion share a strand (several threads may run the context).
    asio::signal_set signals(asio::make_strand(ioc), SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code ec, int) {
        if (ec)
            return;
        signals.async_wait([&](boost::system::error_code ec, int) {
            if (!ec)
                ioc.stop(); // a second signal: stop at once
        });
        srv->async_shutdown(
            std::chrono::seconds(5),
            asio::bind_executor(signals.get_executor(),
                                [&](boost::system::error_code ec) {
                                    if (ec)
                                        std::cerr << "wsio-echo: some "
                                                     "connections were cut "
                                                     "at the deadline\n";
                                    signals.cancel();
                                }));
    });

    // The address really bound (the port too, when --port 0).
    auto const ep = srv->http_server()->local_endpoint();
    std::string host = ep.address().to_string();
    if (ep.address().is_v6())
        host = "[" + host + "]";
    std::cout << "wsio-echo listening on " << (tls ? "wss://" : "ws://")
              << host << ":" << ep.port()
              << (path.empty() ? "/" : path) << " (threads: " << threads
              << ")" << std::endl;

    std::vector<std::thread> pool;
    for (unsigned long i = 1; i < threads; ++i)
        pool.emplace_back([&] { ioc.run(); });
    ioc.run();
    for (auto& t : pool)
        t.join();
    return 0;
}
