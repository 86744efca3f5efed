#!/usr/bin/ruby
#
# Copyright (c) 2026 The Boost.WebSocketIO authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# Official repository: https://github.com/boostorg/websocketio
#

# Ruby `websocket` gem (Debian ruby-websocket) over a plain TCP socket against
# wsio-echo: versions 75 (hixie-75), 76 (hixie-76), 7, 8 and 13. Over wss://
# (WSIO_ECHO_URL wss://..., from run_client.py --tls) the same cases run over
# an OpenSSL::SSL::SSLSocket that trusts only WSIO_ECHO_CA and checks the
# address against the certificate; it reports as "ruby-websocket-wss".
#
# Its quirks: hybi text goes in as bytes (.b) or it masks per character; a
# close code goes in with `code:`; for 76 it checks the 16-byte answer only
# when that answer arrives with the headers (so the whole answer is read
# before it is handed over) and keeps it as "leftovers", which are not frame
# data.
#
# hixie-75 and hixie-76 answers must name the URL the client asked for in
# WebSocket-Location / Sec-WebSocket-Location, wss:// included.

require 'openssl'
require 'socket'

begin
  require 'websocket'
rescue LoadError => e
  puts "FAIL ruby-websocket - setup: #{e.message} " \
       '(install ruby and ruby-websocket: run .ci/install-deps)'
  exit 1
end

$stdout.sync = true
WebSocket.should_raise = true # raise errors instead of returning nil

TIMEOUT = 10
URL = ENV.fetch('WSIO_ECHO_URL')
TLS = URL.start_with?('wss://')
CLIENT = TLS ? 'ruby-websocket-wss' : 'ruby-websocket'
HOST = ENV.fetch('WSIO_ECHO_HOST')
PORT = Integer(ENV.fetch('WSIO_ECHO_PORT'))

ASCII = 'Hello, wsio-echo! 0123456789 ~!@#$%^&*()'
UTF8 = "h\u00e9llo w\u00f6rld \u2014 \u2603 \u4e2d\u6587 \u{1F600} \u{1D11E} end"
raise 'no 4-byte character' unless UTF8.b.include?("\xf0\x9f\x98\x80".b)
BINARY = (0...512).map { |i| i % 256 }.pack('C*')
LARGE_BINARY = (0...70_000).map { |i| (i * 131 + 7) & 0xff }.pack('C*')
LARGE_UTF8 = "\u4e2d\u{1F600}" * 10_000

DRAFTS = { 75 => 'hixie-75', 76 => 'hixie-76', 7 => 'hybi-7', 8 => 'hybi-8',
           13 => 'hybi-13' }.freeze

class StepFailure < StandardError; end

$passed = 0
$failed = 0

def step(draft, name)
  yield
  puts "PASS #{CLIENT} #{draft} #{name}"
  $passed += 1
  true
rescue StandardError => e
  puts "FAIL #{CLIENT} #{draft} #{name}: #{e.class}: #{e.message}"
  $failed += 1
  false
end

def show(v)
  return v.inspect unless v.is_a?(String)
  b = v.b
  "#{b.bytesize} bytes #{b[0, 16].unpack1('H*')}#{b.bytesize > 16 ? '...' : ''}"
end

def expect_eq(what, got, want)
  return if got == want
  raise StepFailure, "#{what}: got #{show(got)}, want #{show(want)}"
end

def hixie?(version)
  version == 75 || version == 76
end

def monotonic
  Process.clock_gettime(Process::CLOCK_MONOTONIC)
end

# Waits until io is ready as `want` (:wait_readable or :wait_writable) says,
# until deadline.
def wait_io(io, want, deadline)
  left = deadline - monotonic
  ready = left.positive? &&
          (want == :wait_readable ? IO.select([io], nil, nil, left) : IO.select(nil, [io], nil, left))
  raise StepFailure, "no data within #{TIMEOUT} s" unless ready
end

# One connection: TCP socket, the TLS socket over it for wss://, parser.
class Conn
  attr_reader :sock, :tcp, :version, :incoming

  def initialize(version)
    @version = version
    @tcp = Socket.tcp(HOST, PORT, connect_timeout: TIMEOUT)
    @tcp.setsockopt(Socket::IPPROTO_TCP, Socket::TCP_NODELAY, 1)
    @sock = TLS ? tls_connect : @tcp
    @incoming = WebSocket::Frame::Incoming::Client.new(version: version)
  end

  # TLS 1.2 or later, verified against WSIO_ECHO_CA, host checked.
  def tls_connect
    ctx = OpenSSL::SSL::SSLContext.new
    ctx.min_version = OpenSSL::SSL::TLS1_2_VERSION
    ctx.ca_file = ENV.fetch('WSIO_ECHO_CA')
    ctx.verify_mode = OpenSSL::SSL::VERIFY_PEER
    ssl = OpenSSL::SSL::SSLSocket.new(@tcp, ctx)
    ssl.sync = true
    ssl.sync_close = true
    deadline = monotonic + TIMEOUT
    loop do
      r = ssl.connect_nonblock(exception: false)
      break unless r.is_a?(Symbol)
      wait_io(@tcp, r, deadline)
    end
    ssl.post_connection_check(HOST) # the certificate must name HOST
    raise StepFailure, "TLS version #{ssl.ssl_version}" unless %w[TLSv1.2 TLSv1.3].include?(ssl.ssl_version)
    ssl
  end

  # Bytes, or nil at EOF (over TLS: at the peer's close_notify; an EOF
  # without it raises OpenSSL::SSL::SSLError). io: @sock, or @tcp for the
  # TCP connection under TLS.
  def read_some(io = @sock)
    deadline = monotonic + TIMEOUT
    loop do
      r = io.read_nonblock(65_536, exception: false)
      return r unless r.is_a?(Symbol)
      wait_io(io, r, deadline)
    end
  end

  def write(bytes)
    @sock.write(bytes)
  end

  def next_frame
    loop do
      frame = @incoming.next
      return frame if frame
      chunk = read_some
      raise StepFailure, 'connection closed while waiting for a frame' unless chunk
      @incoming << chunk
    end
  end

  # The server must close TCP; over TLS it must send close_notify first,
  # which the client answers with its own (RFC 8446 section 6.1, RFC 5246
  # section 7.2.1) before it waits for the TCP close.
  def expect_eof
    chunk = read_some
    raise StepFailure, "expected the server to close #{TLS ? 'TLS' : 'TCP'}, got #{show(chunk)}" if chunk
    return unless TLS

    @sock.send(:stop) # close_notify, unless it was sent already
    chunk = read_some(@tcp)
    raise StepFailure, "expected the server to close TCP after close_notify, got #{show(chunk)}" if chunk
  end

  # The client's end of the stream: close_notify over TLS, then a TCP
  # half-close.
  def close_write
    @sock.send(:stop) if TLS # SSL_shutdown: sends close_notify, no wait
    @tcp.shutdown(Socket::SHUT_WR)
  end

  def send_frame(type, data = nil, code: nil)
    args = { version: @version, type: type }
    args[:data] = data if data
    args[:code] = code if code
    write(WebSocket::Frame::Outgoing::Client.new(**args).to_s)
  end
end

def session(version)
  draft = DRAFTS.fetch(version)
  conn = nil
  connected = step(draft, 'connect') do
    conn = Conn.new(version)
    hs = WebSocket::Handshake::Client.new(url: URL, version: version)
    conn.write(hs.to_s)
    # Read the whole answer, plus the 16-byte MD5 answer for 76, and give it
    # to the handshake in one piece.
    data = String.new(encoding: Encoding::BINARY)
    need_after = version == 76 ? 16 : 0
    until (i = data.index("\r\n\r\n")) && data.bytesize >= i + 4 + need_after
      chunk = conn.read_some
      raise StepFailure, "EOF during the handshake after #{show(data)}" unless chunk
      data << chunk
    end
    hs << data
    raise StepFailure, 'handshake not finished' unless hs.finished?
    raise StepFailure, "handshake invalid: #{hs.error.inspect}" unless hs.valid?
    if hixie?(version)
      field = version == 75 ? 'WebSocket-Location' : 'Sec-WebSocket-Location'
      location = data[0, data.index("\r\n\r\n")].split("\r\n").filter_map do |line|
        name, value = line.split(':', 2)
        value.strip if value && name.casecmp?(field)
      end
      expect_eq(field, location, [URL])
    end
    head = data[0, data.index("\r\n\r\n") + 4 + need_after]
    rest = data[head.bytesize..]
    conn.incoming << rest unless rest.empty?
  end
  unless connected
    conn&.sock&.close
    return
  end

  echo = lambda do |payload, type|
    # hybi: bytes (.b), or the gem masks per character. hixie: UTF-8.
    conn.send_frame(type, hixie?(version) ? payload : payload.b)
    frame = conn.next_frame
    expect_eq('frame type', frame.type, type)
    expect_eq('payload', frame.data.to_s.b, payload.b)
  end

  step(draft, 'text') { echo.call(ASCII, :text) }
  step(draft, 'utf8') { echo.call(UTF8, :text) }
  if hixie?(version)
    step(draft, 'large-utf8') { echo.call(LARGE_UTF8, :text) }
  else
    step(draft, 'binary') { echo.call(BINARY, :binary) }
    step(draft, 'large-binary') { echo.call(LARGE_BINARY, :binary) }
  end

  step(draft, 'close') do
    case version
    when 75
      # No closing handshake: the client closes TCP (after close_notify
      # over TLS), the server follows.
      conn.close_write
      conn.expect_eof
    when 76
      # 0xFF 0x00, answered with 0xFF 0x00 and a TCP close.
      conn.send_frame(:close)
      frame = conn.next_frame
      expect_eq('answer', frame.type, :close)
      conn.expect_eof
    else
      conn.send_frame(:close, 'bye', code: 1000)
      frame = conn.next_frame
      expect_eq('answer', frame.type, :close)
      expect_eq('close code', frame.code, 1000)
      conn.expect_eof
    end
  end
  conn.sock.close
end

[75, 76, 7, 8, 13].each { |v| session(v) }
puts "#{$passed} passed, #{$failed} failed"
exit($failed.positive? || $passed.zero? ? 1 : 0)
