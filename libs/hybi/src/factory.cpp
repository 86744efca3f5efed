//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

#include <boost/websocketio/hybi/factory.hpp>

#include <boost/websocketio/hybi/codec.hpp>
#include <boost/websocketio/hybi/draft.hpp>

namespace boost {
namespace websocketio {
namespace hybi {

namespace {

// hybi drafts are selected by their exact Sec-WebSocket-Version token, so
// `detect` keeps its default (never).
class factory final : public codec_factory
{
public:
    explicit factory(draft const& d) noexcept : draft_(d) {}

    std::string_view
    protocol_version() const noexcept override
    {
        return draft_.protocol_version;
    }

    std::string_view
    version_token() const noexcept override
    {
        return draft_.version_token;
    }

    std::unique_ptr<websocketio::codec>
    create(codec_config const& cfg) const override
    {
        return std::make_unique<codec>(draft_, cfg);
    }

private:
    draft draft_;
};

} // namespace

std::shared_ptr<codec_factory const>
make_hybi13_factory()
{
    return std::make_shared<factory const>(hybi13_draft);
}

std::shared_ptr<codec_factory const>
make_hybi08_factory()
{
    return std::make_shared<factory const>(hybi08_draft);
}

std::shared_ptr<codec_factory const>
make_hybi07_factory()
{
    return std::make_shared<factory const>(hybi07_draft);
}

} // namespace hybi
} // namespace websocketio
} // namespace boost
