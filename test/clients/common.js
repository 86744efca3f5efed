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

function clientName(base) {
    return tls ? `${base}-wss` : base;
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
    url, tls, ca, clientName, expectTls, ASCII, UTF8, BINARY, largeBinary, step, pass, fail, withTimeout,
    Queue, expectEqual, describe, finish, STEP_MS,
};
