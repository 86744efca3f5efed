//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// Node `ws` (npm) against wsio-echo, protocolVersion 8 and 13; over wss://
// too (run_client.py --tls), trusting only WSIO_ECHO_CA.
//
// ws offers permessage-deflate by default ("permessage-deflate;
// client_max_window_bits"); the 'extensions' step checks the offer went
// out. Without run_client.py --deflate the server must decline it: no
// Sec-WebSocket-Extensions and ws.extensions === ''. With
// --deflate MODE the client compresses every message (threshold 0: ws's
// default threshold of 1024 bytes applies when client_no_context_takeover is
// negotiated, as in shared mode), ws.extensions must be
// 'permessage-deflate' with exactly the parameters of the mode
// (common.checkExtensions), and the session also echoes
// common.deflateCases() and common.burstMessages().

'use strict';

const c = require('./common');
const WebSocket = require('ws');

const CLIENT = c.clientName('node-ws');

async function session(version) {
    const draft = `hybi-${version}`;
    const events = new c.Queue();
    let ws;
    let extensionsHeader;
    let offered;
    const opened = await c.step(CLIENT, draft, 'connect', () => new Promise((resolve, reject) => {
        ws = new WebSocket(c.url, {
            protocolVersion: version,
            ...(c.tls ? { ca: c.ca } : {}),
            ...(c.deflate ? { perMessageDeflate: { threshold: 0 } } : {}),
            // The offer, read just before ws sends the request
            // (finishRequest must then end it).
            finishRequest: (req) => {
                offered = req.getHeader('sec-websocket-extensions');
                req.end();
            },
        });
        ws.on('upgrade', (res) => {
            extensionsHeader = res.headers['sec-websocket-extensions'];
        });
        ws.on('open', () => {
            try {
                c.expectTls(ws._socket);
                resolve();
            } catch (e) {
                reject(e);
            }
        });
        ws.on('error', reject);
        ws.on('unexpected-response', (req, res) =>
            reject(new Error(`HTTP ${res.statusCode} instead of 101`)));
    }));
    if (!opened) {
        if (ws) ws.terminate();
        return;
    }
    // The 101 answer's Sec-WebSocket-Extensions, and what ws made of it
    // (ws.extensions lists the names of the extensions in use, no parameters).
    await c.step(CLIENT, draft, 'extensions', async () => {
        // Without an offer, "no extension" would prove nothing.
        if (!c.parseExtensions(offered).some((e) => e.name === 'permessage-deflate'))
            throw new Error(`the client did not offer permessage-deflate: ${JSON.stringify(offered)}`);
        c.checkExtensions(extensionsHeader);
        c.expectEqual('ws.extensions', ws.extensions, c.deflate ? 'permessage-deflate' : '');
    });
    ws.removeAllListeners('error');
    ws.on('message', (data, isBinary) => events.push({ kind: 'message', data, isBinary }));
    ws.on('pong', (data) => events.push({ kind: 'pong', data }));
    ws.on('close', (code, reason) => events.push({ kind: 'close', code, reason: reason.toString() }));
    ws.on('error', (e) => events.push({ kind: 'error', error: e }));

    const nextMessage = async () => {
        const ev = await events.next();
        if (ev.kind !== 'message')
            throw new Error(`expected a message, got ${ev.kind} ${ev.error || ev.code || ''}`);
        return ev;
    };
    const echoText = async (text, send = () => ws.send(text)) => {
        send();
        const m = await nextMessage();
        c.expectEqual('binary flag', m.isBinary, false);
        c.expectEqual('text', m.data.toString('utf8'), text);
    };
    const echoBinary = async (bytes) => {
        ws.send(bytes, { binary: true });
        const m = await nextMessage();
        c.expectEqual('binary flag', m.isBinary, true);
        c.expectEqual('bytes', m.data, bytes);
    };

    await c.step(CLIENT, draft, 'text', () => echoText(c.ASCII));
    await c.step(CLIENT, draft, 'utf8', () => echoText(c.UTF8));
    await c.step(CLIENT, draft, 'binary', () => echoBinary(c.BINARY));
    await c.step(CLIENT, draft, 'large-binary', () => echoBinary(c.largeBinary()));
    // One text message in three frames; the 4-byte character is split
    // across frames, so the server must validate UTF-8 across fragments.
    await c.step(CLIENT, draft, 'fragmented-utf8', () => {
        const bytes = Buffer.from(c.UTF8, 'utf8');
        const cut = bytes.indexOf(Buffer.from([0xf0, 0x9f])) + 2;
        return echoText(c.UTF8, () => {
            ws.send(bytes.subarray(0, 5), { binary: false, fin: false });
            ws.send(bytes.subarray(5, cut), { binary: false, fin: false });
            ws.send(bytes.subarray(cut), { binary: false, fin: true });
        });
    });
    if (c.deflate) {
        for (const [name, payload] of c.deflateCases()) {
            await c.step(CLIENT, draft, name, () =>
                (Buffer.isBuffer(payload) ? echoBinary(payload) : echoText(payload)));
        }
        await c.step(CLIENT, draft, `burst-${c.BURST_COUNT}x1536`, async () => {
            const burst = c.burstMessages();
            for (const m of burst) ws.send(m);
            for (let i = 0; i < burst.length; ++i) {
                const m = await nextMessage();
                c.expectEqual(`message ${i}: binary flag`, m.isBinary, false);
                c.expectEqual(`message ${i} of ${burst.length}`, m.data.toString('utf8'), burst[i]);
            }
        });
    }
    await c.step(CLIENT, draft, 'ping', async () => {
        ws.ping(Buffer.from('are you there'));
        const ev = await events.next();
        c.expectEqual('event', ev.kind, 'pong');
        c.expectEqual('pong payload', ev.data, Buffer.from('are you there'));
    });
    await c.step(CLIENT, draft, 'close', async () => {
        ws.close(1000, 'bye');
        const ev = await events.next();
        c.expectEqual('event', ev.kind, 'close');
        c.expectEqual('close code from server', ev.code, 1000);
        c.expectEqual('ready state', ws.readyState, WebSocket.CLOSED);
    });
    ws.terminate();
}

(async () => {
    for (const version of [8, 13]) await session(version);
    c.finish();
})().catch((e) => {
    c.fail(CLIENT, '-', 'script', e.stack || e);
    c.finish();
});
