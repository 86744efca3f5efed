//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// WebSocket-Node (npm `websocket`) against wsio-echo, webSocketVersion 8
// and 13. It fragments outgoing messages above 16 KiB by itself, so the
// large cases arrive at the server as several frames. Over wss:// too
// (run_client.py --tls), trusting only WSIO_ECHO_CA.

'use strict';

const c = require('./common');
const { client: WebSocketClient } = require('websocket');

const CLIENT = c.clientName('node-websocket');

// Long enough to be cut into 16 KiB fragments, and made of 3- and 4-byte
// characters so that the cuts fall inside characters.
const LARGE_UTF8 = '\u4e2d\u{1F600}'.repeat(6000);

async function session(version) {
    const draft = `hybi-${version}`;
    const events = new c.Queue();
    let conn;
    const opened = await c.step(CLIENT, draft, 'connect', () => new Promise((resolve, reject) => {
        const client = new WebSocketClient({
            webSocketVersion: version, ...(c.tls ? { tlsOptions: { ca: c.ca } } : {}),
        });
        client.on('connect', (connection) => {
            conn = connection;
            try {
                c.expectTls(connection.socket);
                resolve();
            } catch (e) {
                reject(e);
            }
        });
        client.on('connectFailed', reject);
        client.connect(c.url);
    }));
    if (!opened) return;
    c.expectEqual('negotiated version', conn.webSocketVersion, version);
    conn.on('message', (m) => events.push({ kind: 'message', m }));
    conn.on('pong', (data) => events.push({ kind: 'pong', data }));
    conn.on('close', (code, description) => events.push({ kind: 'close', code, description }));
    conn.on('error', (e) => events.push({ kind: 'error', error: e }));

    const nextMessage = async () => {
        const ev = await events.next();
        if (ev.kind !== 'message')
            throw new Error(`expected a message, got ${ev.kind} ${ev.error || ev.code || ''} ${ev.description || ''}`);
        return ev.m;
    };
    const echoText = async (text) => {
        conn.sendUTF(text);
        const m = await nextMessage();
        c.expectEqual('message type', m.type, 'utf8');
        c.expectEqual('text', m.utf8Data, text);
    };
    const echoBinary = async (bytes) => {
        conn.sendBytes(bytes);
        const m = await nextMessage();
        c.expectEqual('message type', m.type, 'binary');
        c.expectEqual('bytes', m.binaryData, bytes);
    };

    await c.step(CLIENT, draft, 'text', () => echoText(c.ASCII));
    await c.step(CLIENT, draft, 'utf8', () => echoText(c.UTF8));
    await c.step(CLIENT, draft, 'binary', () => echoBinary(c.BINARY));
    await c.step(CLIENT, draft, 'large-binary', () => echoBinary(c.largeBinary()));
    await c.step(CLIENT, draft, 'large-utf8', () => echoText(LARGE_UTF8));
    await c.step(CLIENT, draft, 'ping', async () => {
        conn.ping(Buffer.from('ping?'));
        const ev = await events.next();
        c.expectEqual('event', ev.kind, 'pong');
        c.expectEqual('pong payload', ev.data, Buffer.from('ping?'));
    });
    await c.step(CLIENT, draft, 'close', async () => {
        // Once it has sent its close frame, WebSocket-Node stops parsing
        // input (processReceivedData returns when !connected) and its
        // 'close' event reports the code it sent itself. So read the
        // server's answer off the TCP socket: it must be one unmasked close
        // frame carrying 1000, and then the server closes TCP.
        const after = [];
        conn.socket.on('data', (d) => after.push(d));
        conn.close(1000, 'bye');
        const ev = await events.next();
        c.expectEqual('event', ev.kind, 'close');
        c.expectEqual('close code', ev.code, 1000);
        c.expectEqual('socket ended cleanly', conn.socketHadError, false);
        const bytes = Buffer.concat(after);
        if (bytes.length < 4 || bytes[0] !== 0x88 || (bytes[1] & 0x80) ||
            (bytes[1] & 0x7f) !== bytes.length - 2)
            throw new Error(`server's answer is not one unmasked close frame: ${c.describe(bytes)}`);
        c.expectEqual('close code echoed by the server', bytes.readUInt16BE(2), 1000);
    });
    if (conn.connected) conn.drop();
}

(async () => {
    for (const version of [8, 13]) await session(version);
    c.finish();
})().catch((e) => {
    c.fail(CLIENT, '-', 'script', e.stack || e);
    c.finish();
});
