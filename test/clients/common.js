//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// Shared helpers for the Node client scripts: payloads, a per-step timeout,
// a message queue, and PASS/FAIL reporting in the format run_client.py reads.
// Over wss:// (run_client.py --tls) `tls` is true, `ca` holds the PEM
// certificate of WSIO_ECHO_CA (the only one the clients trust) and
// clientName() appends "-wss" to the client's name.
//
// permessage-deflate (RFC 7692): WSIO_ECHO_DEFLATE (run_client.py --deflate
// MODE) is "shared" or "dedicated" when wsio-echo runs with
// --permessage-deflate MODE, and unset when it runs without (the server's
// default: off). `deflate` holds it; checkExtensions() asserts the
// Sec-WebSocket-Extensions answer for that mode; deflateCases() gives the
// payloads the deflate variants echo on top of the plain cases; and
// clientName() appends "-deflate-MODE".

'use strict';

const fs = require('fs');

const url = process.env.WSIO_ECHO_URL;
if (!url) {
    console.log('FAIL setup: WSIO_ECHO_URL is not set (run through run_client.py)');
    process.exit(1);
}
const tls = url.startsWith('wss://');
let ca;
if (tls) {
    try {
        ca = fs.readFileSync(process.env.WSIO_ECHO_CA || '');
    } catch (e) {
        console.log(`FAIL setup: wss:// needs WSIO_ECHO_CA, the certificate to trust: ${e.message}`);
        process.exit(1);
    }
}

const deflate = process.env.WSIO_ECHO_DEFLATE || '';
if (deflate !== '' && deflate !== 'shared' && deflate !== 'dedicated') {
    console.log(`FAIL setup: WSIO_ECHO_DEFLATE is ${JSON.stringify(deflate)}, not shared or dedicated`);
    process.exit(1);
}

function clientName(base) {
    return base + (deflate ? `-deflate-${deflate}` : '') + (tls ? '-wss' : '');
}

// Over wss://: the connection's TLS socket must be encrypted, verified
// against `ca`, and TLS 1.2 or 1.3.
function expectTls(socket) {
    if (!tls) return;
    if (!socket || !socket.encrypted) throw new Error('wss:// connection without TLS');
    if (!socket.authorized) throw new Error(`certificate not verified: ${socket.authorizationError}`);
    const v = socket.getProtocol();
    if (v !== 'TLSv1.2' && v !== 'TLSv1.3') throw new Error(`TLS version ${v}`);
}

// ASCII, and UTF-8 of 2, 3 and 4 bytes per character (U+1F600, U+1D11E).
const ASCII = 'Hello, wsio-echo! 0123456789 ~!@#$%^&*()';
const UTF8 = 'h\u00e9llo w\u00f6rld \u2014 \u2603 \u4e2d\u6587 \u{1F600} \u{1D11E} end';
if (!Buffer.from(UTF8, 'utf8').includes(Buffer.from([0xf0, 0x9f, 0x98, 0x80])))
    throw new Error('UTF8 payload lacks its 4-byte character');

// Every byte value, twice, including the ones that are invalid UTF-8.
const BINARY = Buffer.alloc(512, 0).map((_, i) => i % 256);

// Larger than 65535 bytes: the server must use the 64-bit length form.
function largeBinary(n = 70000) {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; ++i) b[i] = (i * 131 + 7) & 0xff;
    return b;
}

// --- permessage-deflate ----------------------------------------------------

// The exact parameters wsio-echo answers to the offer every client here
// makes ("permessage-deflate; client_max_window_bits", no value), with the
// server's default window sizes (15 bits both ways, so no *_max_window_bits
// is named):
// - shared mode answers server_no_context_takeover and
//   client_no_context_takeover whatever the offer (RFC 7692 sections
//   7.1.1.1 and 7.1.1.2 let a server add both);
// - dedicated mode keeps context takeover both ways: no parameter at all.
const DEFLATE_PARAMS = {
    shared: ['client_no_context_takeover', 'server_no_context_takeover'],
    dedicated: [],
};

function expectedExtensions() {
    return deflate ? ['permessage-deflate', ...DEFLATE_PARAMS[deflate]].join('; ') : '(none)';
}

// Parses a Sec-WebSocket-Extensions value (RFC 6455 section 9.1, RFC 7692
// section 5): [{name, params: ["name" or "name=value", ...]}], names in
// lower case, quotes around values removed.
function parseExtensions(header) {
    if (!header) return [];
    return header.split(',').map((ext) => {
        const parts = ext.split(';').map((p) => p.trim());
        const params = parts.slice(1).map((p) => {
            const eq = p.indexOf('=');
            if (eq < 0) return p.toLowerCase();
            const value = p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
            return `${p.slice(0, eq).trim().toLowerCase()}=${value}`;
        });
        return { name: parts[0].toLowerCase(), params };
    });
}

// Throws unless `header` (the Sec-WebSocket-Extensions value the client got,
// undefined or '' when absent) is what wsio-echo answers in this mode: no
// extension without --permessage-deflate, else exactly one permessage-deflate
// with exactly the DEFLATE_PARAMS of the mode (in any order).
function checkExtensions(header) {
    const got = parseExtensions(header);
    if (!deflate) {
        if (got.length)
            throw new Error(`server negotiated ${JSON.stringify(header)} but runs without ` +
                            '--permessage-deflate (default: off), want no Sec-WebSocket-Extensions');
        return;
    }
    if (!got.length)
        throw new Error('server did not negotiate permessage-deflate (no Sec-WebSocket-Extensions in ' +
                        `its answer; want ${JSON.stringify(expectedExtensions())} for --permessage-deflate ${deflate})`);
    const want = DEFLATE_PARAMS[deflate];
    const params = got.length === 1 ? [...got[0].params].sort() : [];
    if (got.length !== 1 || got[0].name !== 'permessage-deflate' ||
        params.length !== want.length || params.some((p, i) => p !== want[i]))
        throw new Error(`Sec-WebSocket-Extensions ${JSON.stringify(header)}, want ` +
                        `${JSON.stringify(expectedExtensions())} (in any order) for --permessage-deflate ${deflate}`);
}

// Compressible JSON-like ASCII text of exactly `size` bytes: records that
// differ in a few digits, as an application's messages do; `seed` varies
// the numbers so that messages of one size still differ.
function jsonText(size, seed = 0) {
    let s = '[';
    for (let i = 0; s.length < size; ++i) {
        const n = seed * 1000 + i;
        s += `{"id":${n},"user":"user-${n % 97}","room":"lobby","score":${(n * 37) % 1000},` +
             `"active":${n % 3 === 0},"tags":["alpha","beta","gamma"]},`;
    }
    return s.slice(0, size - 1) + ']';
}

// The messages every deflate session echoes, in this order, each checked
// byte-exact (name, payload: string for text, Buffer for binary):
// - empty text (a compressed empty message is a lone empty deflate block,
//   RFC 7692 section 7.2.3.6);
// - 16 bytes of text, below the server's 1024-byte threshold, so its echo
//   is sent uncompressed (RSV1 clear) while the client's may be compressed;
// - 1 KiB and 64 KiB of JSON-like text (64 KiB needs the 64-bit length);
// - 256 KiB of random bytes: deflate cannot shrink them;
// - 2,000 times "kosme" in Greek (U+03BA U+1F79 U+03C3 U+03BC U+03B5,
//   11 UTF-8 bytes): 22,000 bytes of 2- and 3-byte characters, which the
//   server must validate after inflating.
// randomBytes(n) supplies the random bytes (Node's crypto by default).
function deflateCases(randomBytes = (n) => require('crypto').randomBytes(n)) {
    const kosme = '\u03ba\u1f79\u03c3\u03bc\u03b5';
    return [
        ['empty-text', ''],
        ['text-16', 'sixteen bytes!!!'],
        ['json-1k', jsonText(1024)],
        ['json-64k', jsonText(64 * 1024)],
        ['random-binary-256k', randomBytes(256 * 1024)],
        ['utf8-kosme-2000', kosme.repeat(2000)],
    ];
}

// 100 messages of 1.5 KiB of similar JSON-like text, sent back to back
// before any echo is read: in dedicated mode each message is compressed
// against the ones before it (context takeover, RFC 7692 section 7.2.3.3),
// so one echo out of order or one history mismatch shows.
const BURST_COUNT = 100;
function burstMessages() {
    return Array.from({ length: BURST_COUNT }, (_, i) => jsonText(1536, i + 1));
}

const STEP_MS = 10000;

let failures = 0;
let passes = 0;

function pass(client, draft, name) {
    ++passes;
    console.log(`PASS ${client} ${draft} ${name}`);
}

function fail(client, draft, name, reason) {
    ++failures;
    console.log(`FAIL ${client} ${draft} ${name}: ${reason}`);
}

// Runs fn() (an async function); prints PASS or FAIL with the error.
async function step(client, draft, name, fn) {
    try {
        await withTimeout(fn(), STEP_MS, name);
        pass(client, draft, name);
        return true;
    } catch (e) {
        fail(client, draft, name, e && e.message ? e.message : String(e));
        return false;
    }
}

function withTimeout(promise, ms, what) {
    let timer;
    return Promise.race([
        promise,
        new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
        }),
    ]).finally(() => clearTimeout(timer));
}

// A FIFO of events that a callback-style client pushes and steps await.
class Queue {
    constructor() {
        this.items = [];
        this.waiters = [];
    }
    push(item) {
        const w = this.waiters.shift();
        if (w) w(item);
        else this.items.push(item);
    }
    next() {
        if (this.items.length) return Promise.resolve(this.items.shift());
        return new Promise((resolve) => this.waiters.push(resolve));
    }
}

function expectEqual(what, got, want) {
    if (Buffer.isBuffer(want)) {
        if (!Buffer.isBuffer(got) || !got.equals(want))
            throw new Error(`${what}: got ${describe(got)}, want ${describe(want)}`);
    } else if (got !== want) {
        if (typeof got === 'string' && typeof want === 'string' && (got.length > 64 || want.length > 64)) {
            let i = 0;
            while (i < got.length && i < want.length && got[i] === want[i]) ++i;
            throw new Error(`${what}: got ${got.length} UTF-16 units, want ${want.length}; first ` +
                            `difference at ${i}: got ${JSON.stringify(got.slice(i, i + 32))}, ` +
                            `want ${JSON.stringify(want.slice(i, i + 32))}`);
        }
        throw new Error(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    }
}

function describe(v) {
    if (Buffer.isBuffer(v))
        return `${v.length} bytes ${v.subarray(0, 16).toString('hex')}${v.length > 16 ? '...' : ''}`;
    return JSON.stringify(v);
}

function finish() {
    console.log(`${passes} passed, ${failures} failed`);
    process.exit(failures || !passes ? 1 : 0);
}

module.exports = {
    url, tls, ca, deflate, clientName, checkExtensions, parseExtensions, expectedExtensions, DEFLATE_PARAMS,
    jsonText, deflateCases, burstMessages, BURST_COUNT, expectTls, ASCII, UTF8, BINARY, largeBinary, step, pass, fail, withTimeout,
    Queue, expectEqual, describe, finish, STEP_MS,
};
