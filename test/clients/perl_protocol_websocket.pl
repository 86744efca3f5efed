#!/usr/bin/perl
#
# Copyright (c) 2026 The Boost.WebSocketIO authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# Official repository: https://github.com/boostorg/websocketio
#

# Perl Protocol::WebSocket (Debian libprotocol-websocket-perl) against
# wsio-echo: hixie-75, hixie-76 (hybi-00; it sends key3 with
# "Content-Length: 8", as Safari did), hybi-08 ('draft-ietf-hybi-10' sends
# Sec-WebSocket-Version: 8) and RFC 6455 ('draft-ietf-hybi-17').
#
# Handshake::Client builds the request and parses the answer (it checks the
# hixie-76 MD5 answer itself; for hybi it does not check
# Sec-WebSocket-Accept, so this script does); Frame encodes and decodes.
# Protocol::WebSocket::Client is not used: its disconnect() sends an
# unmasked close frame with no code, which RFC 6455 forbids.
#
# Over wss:// (WSIO_ECHO_URL wss://..., from run_client.py --tls) the same
# cases run over IO::Socket::SSL (Debian libio-socket-ssl-perl), which
# trusts only WSIO_ECHO_CA and checks the address against the certificate;
# it reports as "perl-protocol-websocket-wss". hixie answers must name the
# wss:// URL in their Location.

use strict;
use warnings;

use Digest::SHA qw(sha1_base64);
use Encode qw(encode);
use IO::Select;
use IO::Socket::INET;
use MIME::Base64 qw(encode_base64);
use Socket qw(IPPROTO_TCP TCP_NODELAY);

my $url = $ENV{WSIO_ECHO_URL} or die "WSIO_ECHO_URL is not set\n";
my $TLS = $url =~ m{^wss://};

my $ok = eval {
    require Protocol::WebSocket::Handshake::Client;
    require Protocol::WebSocket::Frame;
    1;
};
unless ($ok) {
    print "FAIL perl-protocol-websocket - setup: $@ "
      . "(install libprotocol-websocket-perl: run .ci/install-deps)\n";
    exit 1;
}
if ($TLS && !eval { require IO::Socket::SSL; 1 }) {
    print "FAIL perl-protocol-websocket-wss - setup: $@ "
      . "(install libio-socket-ssl-perl: run .ci/install-deps)\n";
    exit 1;
}

$| = 1;
my $CLIENT = $TLS ? 'perl-protocol-websocket-wss' : 'perl-protocol-websocket';
my $TIMEOUT = 10;
my $host = $ENV{WSIO_ECHO_HOST};
my $port = $ENV{WSIO_ECHO_PORT};

my $ASCII = 'Hello, wsio-echo! 0123456789 ~!@#$%^&*()';
# 2-, 3- and 4-byte UTF-8 (U+1F600, U+1D11E), as bytes.
my $UTF8 = encode('UTF-8',
    "h\x{e9}llo w\x{f6}rld \x{2014} \x{2603} \x{4e2d}\x{6587} \x{1F600} \x{1D11E} end");
die "no 4-byte character" unless index($UTF8, "\xf0\x9f\x98\x80") >= 0;
my $BINARY = join '', map { chr($_ % 256) } 0 .. 511;
my $LARGE_BINARY = join '', map { chr(($_ * 131 + 7) & 0xff) } 0 .. 69999;
my $LARGE_UTF8 = encode('UTF-8', "\x{4e2d}\x{1F600}" x 10000);

my ($passed, $failed) = (0, 0);

sub step {
    my ($draft, $name, $code) = @_;
    my $ok = eval { $code->(); 1 };
    if ($ok) {
        print "PASS $CLIENT $draft $name\n";
        ++$passed;
        return 1;
    }
    my $err = $@;
    $err =~ s/\s+$//;
    print "FAIL $CLIENT $draft $name: $err\n";
    ++$failed;
    return 0;
}

sub show {
    my ($s) = @_;
    return 'undef' unless defined $s;
    return $s if $s =~ /^\d+$/;
    my $hex = unpack('H*', substr($s, 0, 16));
    return length($s) . " bytes $hex" . (length($s) > 16 ? '...' : '');
}

sub expect_eq {
    my ($what, $got, $want) = @_;
    die "$what: got " . show($got) . ", want " . show($want) . "\n"
      unless defined $got && $got eq $want;
}

# One connection: socket (IO::Socket::SSL over wss://, with {raw}, a
# duplicate of its TCP descriptor), bytes read but not yet parsed, frame
# parser.
#
# Bytes, or undef at EOF; over TLS the EOF must be the server's
# close_notify. $fh: the connection's socket, or {raw} for the TCP
# connection under TLS.
sub read_some {
    my ($c, $fh) = @_;
    $fh ||= $c->{sock};
    my $tls = $TLS && $fh == $c->{sock};
    # Decrypted bytes already inside OpenSSL make no descriptor readable.
    unless ($tls && $fh->pending) {
        my $sel = IO::Select->new($fh);
        die "no data within ${TIMEOUT} s\n" unless $sel->can_read($TIMEOUT);
    }
    my $n = sysread($fh, my $chunk, 65536);
    die "read error: $!" . ($tls ? " ($IO::Socket::SSL::SSL_ERROR)" : '') . "\n"
      unless defined $n;
    return $chunk if $n;
    if ($tls) {
        my $got = Net::SSLeay::get_shutdown($fh->_get_ssl_object);
        die "TCP closed without TLS close_notify\n"
          unless $got & Net::SSLeay::RECEIVED_SHUTDOWN();
    }
    return undef;    # EOF
}

# Over TLS: sends close_notify unless it was sent already.
sub send_close_notify {
    my ($c) = @_;
    my $ssl = $c->{sock}->_get_ssl_object;
    Net::SSLeay::shutdown($ssl)
      unless Net::SSLeay::get_shutdown($ssl) & Net::SSLeay::SENT_SHUTDOWN();
}

sub send_bytes {
    my ($c, $bytes) = @_;
    my $off = 0;
    while ($off < length $bytes) {
        my $n = syswrite($c->{sock}, $bytes, length($bytes) - $off, $off);
        die "write error: $!\n" unless defined $n;
        $off += $n;
    }
}

# Next message as (opcode, payload bytes).
sub next_frame {
    my ($c) = @_;
    while (1) {
        my $bytes = $c->{frame}->next_bytes;
        return ($c->{frame}->opcode, $bytes) if defined $bytes;
        my $chunk = read_some($c);
        die "connection closed while waiting for a frame\n"
          unless defined $chunk;
        $c->{frame}->append($chunk);
    }
}

# The server must close TCP; over TLS it must send close_notify first,
# which the client answers with its own (RFC 8446 section 6.1, RFC 5246
# section 7.2.1) before it waits for the TCP close.
sub expect_eof {
    my ($c) = @_;
    my $chunk = read_some($c);
    die "expected the server to close " . ($TLS ? 'TLS' : 'TCP') . ", got "
      . show($chunk) . "\n"
      if defined $chunk;
    return unless $TLS;
    send_close_notify($c);
    $chunk = read_some($c, $c->{raw});
    die "expected the server to close TCP after close_notify, got "
      . show($chunk) . "\n"
      if defined $chunk;
}

sub is_hixie { $_[0] eq 'draft-hixie-75' || $_[0] eq 'draft-ietf-hybi-00' }

sub make_frame {
    my ($version, %args) = @_;
    return Protocol::WebSocket::Frame->new(
        version => $version,
        (is_hixie($version) ? () : (masked => 1)),
        max_payload_size => 0,
        %args
    )->to_bytes;
}

sub session {
    my ($version, $draft) = @_;
    my $c;

    step($draft, 'connect', sub {
        my $sock = IO::Socket::INET->new(
            PeerAddr => $host, PeerPort => $port, Proto => 'tcp',
            Timeout => $TIMEOUT)
          or die "connect: $!\n";
        setsockopt($sock, IPPROTO_TCP, TCP_NODELAY, 1);
        binmode $sock;
        my $raw;
        if ($TLS) {
            open($raw, '+<&', $sock) or die "dup: $!\n";
            binmode $raw;
            # TLS 1.2 or later; only the test certificate is trusted; the
            # certificate must name the address (no SNI for an IP address).
            IO::Socket::SSL->start_SSL($sock,
                SSL_version         => 'SSLv23:!SSLv3:!TLSv1:!TLSv1_1',
                SSL_ca_file         => $ENV{WSIO_ECHO_CA},
                SSL_verify_mode     => IO::Socket::SSL::SSL_VERIFY_PEER(),
                SSL_verifycn_scheme => 'http',
                SSL_verifycn_name   => $host,
                Timeout             => $TIMEOUT)
              or die "TLS handshake: $IO::Socket::SSL::SSL_ERROR\n";
            my $v = $sock->get_sslversion;
            die "TLS version $v\n" unless $v eq 'TLSv1_2' || $v eq 'TLSv1_3';
        }
        my $hs = Protocol::WebSocket::Handshake::Client->new(
            url => $url, version => $version);
        my $key;
        unless (is_hixie($version)) {
            $key = encode_base64(join('', map { chr int rand 256 } 1 .. 16), '');
            $hs->req->key($key);
        }
        my $request = $hs->to_string;
        if ($version eq 'draft-ietf-hybi-00') {
            die "request lacks Content-Length: 8\n"
              unless $request =~ /\r\nContent-Length: 8\r\n/;
        }
        $c = { sock => $sock, raw => $raw };
        send_bytes($c, $request);
        my $rest = '';
        until ($hs->is_done) {
            my $chunk = read_some($c);
            die "EOF during the handshake\n" unless defined $chunk;
            $hs->parse($chunk) or die "handshake: " . $hs->error . "\n";
            $rest = $chunk;    # parse() leaves the bytes after the answer
        }
        die "handshake: " . $hs->error . "\n" if $hs->error;
        if (is_hixie($version)) {
            expect_eq('location', $hs->res->location, $url);
        }
        else {
            my $accept =
              sha1_base64($key . '258EAFA5-E914-47DA-95CA-C5AB0DC85B11') . '=';
            expect_eq('Sec-WebSocket-Accept',
                $hs->res->field('Sec-WebSocket-Accept'), $accept);
        }
        $c->{frame} = Protocol::WebSocket::Frame->new(
            version => $version, max_payload_size => 0);
        $c->{frame}->append($rest) if length $rest;
    }) or do { close $c->{sock} if $c && $c->{sock}; return };

    my $echo = sub {
        my ($payload, $type) = @_;
        send_bytes($c, make_frame($version, buffer => $payload, type => $type));
        my ($opcode, $got) = next_frame($c);
        expect_eq('payload', $got, $payload);
        expect_eq('opcode', $opcode, $type eq 'text' ? 1 : 2)
          unless is_hixie($version);
    };
    step($draft, 'text', sub { $echo->($ASCII, 'text') });
    step($draft, 'utf8', sub { $echo->($UTF8, 'text') });
    if (is_hixie($version)) {
        step($draft, 'large-utf8', sub { $echo->($LARGE_UTF8, 'text') });
    }
    else {
        step($draft, 'binary',       sub { $echo->($BINARY,       'binary') });
        step($draft, 'large-binary', sub { $echo->($LARGE_BINARY, 'binary') });
    }

    step($draft, 'close', sub {
        if ($version eq 'draft-hixie-75') {
            # No closing handshake in hixie-75: the client closes TCP (after
            # close_notify over TLS), and the server must close its side in
            # turn.
            send_close_notify($c) if $TLS;
            shutdown($c->{sock}, 1) or die "shutdown: $!\n";
            expect_eof($c);
        }
        elsif ($version eq 'draft-ietf-hybi-00') {
            # 0xFF 0x00, answered with 0xFF 0x00 and a TCP close.
            send_bytes($c, make_frame($version, type => 'close'));
            my ($opcode, $got) = next_frame($c);
            expect_eq('answer', $opcode, 8);
            expect_eq('close frame payload', $got, '');
            expect_eof($c);
        }
        else {
            send_bytes($c, make_frame($version, type => 'close',
                buffer => pack('n', 1000) . 'bye'));
            my ($opcode, $got) = next_frame($c);
            expect_eq('answer opcode', $opcode, 8);
            die "close frame payload too short: " . show($got) . "\n"
              unless length($got) >= 2;
            expect_eq('close code', unpack('n', $got), 1000);
            expect_eof($c);
        }
    });
    close $c->{sock};
    close $c->{raw} if $c->{raw};
}

for my $v (
    ['draft-hixie-75',     'hixie-75'],
    ['draft-ietf-hybi-00', 'hixie-76'],
    ['draft-ietf-hybi-10', 'hybi-8'],
    ['draft-ietf-hybi-17', 'hybi-13'])
{
    session(@$v);
}
print "$passed passed, $failed failed\n";
exit($failed || !$passed ? 1 : 0);
