//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#ifndef BOOST_WEBSOCKETIO_TEST_TLS_SUPPORT_HPP
#define BOOST_WEBSOCKETIO_TEST_TLS_SUPPORT_HPP

// TLS for tests: a self-signed certificate made at run time (no key is ever
// committed), a server ssl::context using it, and a blocking TLS client
// (OpenSSL over a TCP socket with a receive timeout) that says how the
// server ended the stream: close_notify, or a bare TCP close.

#include "raw_client.hpp"

#include <boost/asio/ssl/context.hpp>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace wsio_test {

/// A certificate and its private key, PEM.
struct test_certificate
{
    std::string cert_pem;
    std::string key_pem;
};

/// A fresh self-signed P-256 certificate for CN=localhost, valid one day,
/// with subjectAltName DNS:localhost and IP:127.0.0.1.
inline test_certificate
make_test_certificate()
{
    auto fail = [](char const* what) -> void {
        throw std::runtime_error(std::string("test certificate: ") + what);
    };
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        EVP_EC_gen("P-256"), &EVP_PKEY_free);
    if (!key)
        fail("EVP_EC_gen");
    std::unique_ptr<X509, decltype(&X509_free)> x(X509_new(), &X509_free);
    X509_set_version(x.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(x.get()), -60);
    X509_gmtime_adj(X509_getm_notAfter(x.get()), 24 * 3600);
    X509_set_pubkey(x.get(), key.get());
    X509_NAME* name = X509_get_subject_name(x.get());
    X509_NAME_add_entry_by_txt(
        name, "CN", MBSTRING_ASC,
        reinterpret_cast<unsigned char const*>("localhost"), -1, -1, 0);
    X509_set_issuer_name(x.get(), name);
    X509V3_CTX v3;
    X509V3_set_ctx_nodb(&v3);
    X509V3_set_ctx(&v3, x.get(), x.get(), nullptr, nullptr, 0);
    X509_EXTENSION* san = X509V3_EXT_conf_nid(
        nullptr, &v3, NID_subject_alt_name,
        const_cast<char*>("DNS:localhost,IP:127.0.0.1"));
    if (!san)
        fail("subjectAltName");
    X509_add_ext(x.get(), san, -1);
    X509_EXTENSION_free(san);
    if (X509_sign(x.get(), key.get(), EVP_sha256()) == 0)
        fail("X509_sign");
    auto pem = [](auto write) {
        std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()),
                                                       &BIO_free);
        write(bio.get());
        char* data = nullptr;
        long const n = BIO_get_mem_data(bio.get(), &data);
        return std::string(data, static_cast<std::size_t>(n));
    };
    test_certificate c;
    c.cert_pem = pem([&](BIO* b) { PEM_write_bio_X509(b, x.get()); });
    c.key_pem = pem([&](BIO* b) {
        PEM_write_bio_PrivateKey(b, key.get(), nullptr, nullptr, 0, nullptr,
                                 nullptr);
    });
    return c;
}

/// A server context (TLS 1.2 and up) with `c`.
inline std::shared_ptr<asio::ssl::context>
make_server_context(test_certificate const& c)
{
    auto ctx =
        std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
    ctx->set_options(asio::ssl::context::default_workarounds |
                     asio::ssl::context::no_sslv2 |
                     asio::ssl::context::no_sslv3 |
                     asio::ssl::context::no_tlsv1 |
                     asio::ssl::context::no_tlsv1_1);
    ctx->use_certificate_chain(asio::buffer(c.cert_pem));
    ctx->use_private_key(asio::buffer(c.key_pem), asio::ssl::context::pem);
    return ctx;
}

/// How a TLS peer ended its stream.
enum class tls_end
{
    open,         ///< not ended (yet)
    close_notify, ///< a clean TLS close (close_notify), then EOF
    truncated,    ///< TCP closed without close_notify
    reset         ///< TCP reset, or a TLS error
};

/** A blocking TLS client for tests: the raw_client API (send, read_*)
    over TLS, verifying the server against `cert`. Every read times out
    after `timeout` (throws "receive timeout"). */
class tls_client
{
public:
    tls_client(unsigned short port, test_certificate const& cert,
               std::chrono::milliseconds timeout =
                   std::chrono::milliseconds(5000),
               bool handshake = true)
        : sock_(ioc_), ctx_(SSL_CTX_new(TLS_client_method()), &SSL_CTX_free),
          ssl_(nullptr, &SSL_free)
    {
        sock_.connect({asio::ip::make_address("127.0.0.1"), port});
        timeval tv{};
        tv.tv_sec = static_cast<long>(timeout.count() / 1000);
        tv.tv_usec = static_cast<long>((timeout.count() % 1000) * 1000);
        ::setsockopt(sock_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv,
                     sizeof(tv));
        // Trust exactly the test certificate.
        std::unique_ptr<BIO, decltype(&BIO_free)> bio(
            BIO_new_mem_buf(cert.cert_pem.data(),
                            static_cast<int>(cert.cert_pem.size())),
            &BIO_free);
        X509* x = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
        X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx_.get()), x);
        X509_free(x);
        SSL_CTX_set_verify(ctx_.get(), SSL_VERIFY_PEER, nullptr);
        ssl_.reset(SSL_new(ctx_.get()));
        SSL_set_fd(ssl_.get(), sock_.native_handle());
        SSL_set_tlsext_host_name(ssl_.get(), "localhost");
        if (handshake)
            this->handshake();
    }

    /// The TLS handshake (client side); throws on failure.
    void
    handshake()
    {
        if (SSL_connect(ssl_.get()) != 1)
            throw std::runtime_error("TLS handshake failed");
    }

    void
    send(std::string_view bytes)
    {
        std::size_t done = 0;
        while (done < bytes.size())
        {
            int const n = SSL_write(ssl_.get(), bytes.data() + done,
                                    static_cast<int>(bytes.size() - done));
            if (n <= 0)
                throw std::runtime_error("TLS write failed");
            done += static_cast<std::size_t>(n);
        }
    }

    std::string
    read_until(std::string_view delim)
    {
        for (;;)
        {
            auto const pos = buf_.find(delim);
            if (pos != std::string::npos)
            {
                std::string out = buf_.substr(0, pos + delim.size());
                buf_.erase(0, pos + delim.size());
                return out;
            }
            if (!fill())
                throw std::runtime_error("connection closed before delimiter");
        }
    }

    std::string
    read_exactly(std::size_t n)
    {
        while (buf_.size() < n)
            if (!fill())
                throw std::runtime_error("connection closed early");
        std::string out = buf_.substr(0, n);
        buf_.erase(0, n);
        return out;
    }

    std::string
    read_http_header()
    {
        return read_until("\r\n\r\n");
    }

    frame
    read_frame()
    {
        auto const h = read_exactly(2);
        frame f;
        f.fin = (static_cast<unsigned char>(h[0]) & 0x80) != 0;
        f.opcode = static_cast<std::uint8_t>(h[0] & 0x0F);
        std::uint64_t len = static_cast<unsigned char>(h[1]) & 0x7F;
        if (len == 126)
        {
            auto const e = read_exactly(2);
            len = (std::uint64_t(static_cast<unsigned char>(e[0])) << 8) |
                  static_cast<unsigned char>(e[1]);
        }
        else if (len == 127)
        {
            auto const e = read_exactly(8);
            len = 0;
            for (char c : e)
                len = (len << 8) | static_cast<unsigned char>(c);
        }
        f.payload = read_exactly(static_cast<std::size_t>(len));
        return f;
    }

    /// Everything until the server ends the stream; then `end()` says how.
    std::string
    read_to_end()
    {
        while (fill())
        {
        }
        std::string out;
        out.swap(buf_);
        return out;
    }

    /// How the server ended the stream (after a read returned the end).
    tls_end
    end() const noexcept
    {
        return end_;
    }

    /// Sends close_notify (a clean TLS close of our direction).
    void
    send_close_notify()
    {
        SSL_shutdown(ssl_.get());
    }

    /// Closes the TCP connection without close_notify.
    void
    hang_up()
    {
        boost::system::error_code ec;
        sock_.close(ec);
    }

private:
    bool
    fill()
    {
        char tmp[16384];
        ERR_clear_error();
        errno = 0;
        int const n = SSL_read(ssl_.get(), tmp, sizeof(tmp));
        if (n > 0)
        {
            buf_.append(tmp, static_cast<std::size_t>(n));
            return true;
        }
        int const err = SSL_get_error(ssl_.get(), n);
        if (err == SSL_ERROR_ZERO_RETURN)
            end_ = tls_end::close_notify;
        else if (err == SSL_ERROR_SYSCALL && errno == 0)
            end_ = tls_end::truncated;
        else if (errno == EAGAIN || errno == EWOULDBLOCK)
            throw std::runtime_error("receive timeout");
        else if (err == SSL_ERROR_SSL &&
                 ERR_GET_REASON(ERR_peek_error()) ==
                     SSL_R_UNEXPECTED_EOF_WHILE_READING)
            end_ = tls_end::truncated;
        else
            end_ = tls_end::reset;
        return false;
    }

    asio::io_context ioc_;
    tcp::socket sock_;
    std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx_;
    std::unique_ptr<SSL, decltype(&SSL_free)> ssl_;
    std::string buf_;
    tls_end end_ = tls_end::open;
};

} // namespace wsio_test

#endif
