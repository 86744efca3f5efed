#!/usr/bin/ruby
#
# Copyright (c) 2026 The Boost.WebSocketIO authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# Official repository: https://github.com/boostorg/websocketio
#

# Ruby `websocket` gem (Debian ruby-websocket) over a plain TCPSocket against
# wsio-echo: versions 75 (hixie-75), 76 (hixie-76), 7, 8 and 13.
#
# Its quirks: hybi text goes in as bytes (.b) or it masks per character; a
# close code goes in with `code:`; for 76 it checks the 16-byte answer only
# when that answer arrives with the headers (so the whole answer is read
# before it is handed over) and keeps it as "leftovers", which are not frame
# data.

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

CLIENT = 'ruby-websocket'
TIMEOUT = 10
URL = ENV.fetch('WSIO_ECHO_URL')
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

# One connection: socket, parser.
class Conn
  attr_reader :sock, :version, :incoming

  def initialize(version)
    @version = version
    @sock = Socket.tcp(HOST, PORT, connect_timeout: TIMEOUT)
    @sock.setsockopt(Socket::IPPROTO_TCP, Socket::TCP_NODELAY, 1)
    @incoming = WebSocket::Frame::Incoming::Client.new(version: version)
  end

  # Bytes, or nil at EOF.
  def read_some
    raise StepFailure, "no data within #{TIMEOUT} s" unless IO.select([@sock], nil, nil, TIMEOUT)
    @sock.readpartial(65_536)
  rescue EOFError
    nil
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

  def expect_eof
    chunk = read_some
    raise StepFailure, "expected the server to close TCP, got #{show(chunk)}" if chunk
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
      # No closing handshake: the client closes TCP, the server follows.
      conn.sock.close_write
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
