//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// Headless Chromium (Debian `chromium`, driven by npm `playwright-core`)
// against wsio-echo, RFC 6455: the browser's own WebSocket, run by
// page.evaluate in a blank page. Over wss:// (run_client.py --tls) the page
// is https://127.0.0.1:PORT/, a secure context, and Chromium accepts the
// test certificate by its public key only
// (--ignore-certificate-errors-spki-list with the SHA-256 of WSIO_ECHO_CA's
// key): any other certificate still fails.
//
// Chromium always offers "permessage-deflate; client_max_window_bits" and
// compresses every message once it is accepted. The page reports
// ws.extensions (the HTML standard's "extensions in use": the value of the
// server's Sec-WebSocket-Extensions), and common.checkExtensions
// asserts it: empty without run_client.py --deflate (server default: off),
// exactly the mode's parameters with --deflate MODE. With --deflate the page
// also echoes common.deflateCases() (its random bytes made in the page) and
// common.burstMessages().

'use strict';

const c = require('./common');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const CLIENT = c.clientName('chromium');
const DRAFT = 'hybi-13';
const EXECUTABLE = process.env.CHROMIUM || '/usr/bin/chromium';

// Runs in the page: every case in one WebSocket session, each step bounded.
// Returns [{name, ok, reason}], and after connect {name: 'extensions',
// extensions: ws.extensions} for the Node side to check.
async function inPage({ url, tls, ascii, utf8, binary, large, deflateCases, burst, stepMs }) {
    const results = [];
    const queue = [];
    const waiters = [];
    const push = (ev) => (waiters.length ? waiters.shift()(ev) : queue.push(ev));
    const next = () => (queue.length ? Promise.resolve(queue.shift())
        : new Promise((resolve) => waiters.push(resolve)));
    const step = async (name, fn) => {
        let timer;
        try {
            await Promise.race([fn(), new Promise((_, reject) => {
                timer = setTimeout(() => reject(new Error(`no answer within ${stepMs} ms`)), stepMs);
            })]);
            results.push({ name, ok: true });
            return true;
        } catch (e) {
            results.push({ name, ok: false, reason: String(e && e.message || e) });
            return false;
        } finally {
            clearTimeout(timer);
        }
    };
    const expect = (what, got, want) => {
        if (got === want) return;
        if (typeof got === 'string' && typeof want === 'string' && (got.length > 64 || want.length > 64)) {
            let i = 0;
            while (i < got.length && i < want.length && got[i] === want[i]) ++i;
            throw new Error(`${what}: got ${got.length} UTF-16 units, want ${want.length}; first ` +
                            `difference at ${i}: got ${JSON.stringify(got.slice(i, i + 32))}, ` +
                            `want ${JSON.stringify(want.slice(i, i + 32))}`);
        }
        throw new Error(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    };
    const expectBytes = (got, want) => {
        const a = new Uint8Array(got);
        expect('byte length', a.length, want.length);
        for (let i = 0; i < a.length; ++i)
            if (a[i] !== want[i]) throw new Error(`byte ${i}: got ${a[i]}, want ${want[i]}`);
    };

    if (tls) {
        const secure = await step('secure-context', async () => {
            expect('page protocol', location.protocol, 'https:');
            expect('isSecureContext', window.isSecureContext, true);
            expect('WebSocket URL scheme', new URL(url).protocol, 'wss:');
        });
        if (!secure) return results;
    }

    let ws;
    const opened = await step('connect', () => new Promise((resolve, reject) => {
        ws = new WebSocket(url);
        ws.binaryType = 'arraybuffer';
        ws.onopen = resolve;
        ws.onerror = () => reject(new Error('error event before open'));
        ws.onclose = (e) => reject(new Error(`closed before open: ${e.code}`));
    }));
    if (!opened) return results;
    // Checked by the Node side (common.checkExtensions), in this place.
    results.push({ name: 'extensions', extensions: ws.extensions });
    ws.onerror = () => push({ kind: 'error' });
    ws.onmessage = (e) => push({ kind: 'message', data: e.data });
    ws.onclose = (e) => push({ kind: 'close', code: e.code, reason: e.reason, wasClean: e.wasClean });
    const message = async () => {
        const ev = await next();
        if (ev.kind !== 'message') throw new Error(`expected a message, got ${ev.kind} ${ev.code || ''}`);
        return ev.data;
    };
    const echoText = async (text) => {
        ws.send(text);
        const got = await message();
        expect('type', typeof got, 'string');
        expect('text', got, text);
    };
    const echoBinary = async (bytes) => {
        const u8 = Uint8Array.from(bytes);
        ws.send(u8.buffer);
        const got = await message();
        expect('type', got instanceof ArrayBuffer, true);
        expectBytes(got, u8);
    };

    await step('text', () => echoText(ascii));
    await step('utf8', () => echoText(utf8));
    await step('binary', () => echoBinary(binary));
    await step('large-binary', () => echoBinary(large));
    for (const [name, kind, payload] of deflateCases) {
        if (kind === 'text') {
            await step(name, () => echoText(payload));
        } else {
            // `payload` random bytes, made here (getRandomValues fills at
            // most 65536 bytes per call).
            const bytes = new Uint8Array(payload);
            for (let i = 0; i < bytes.length; i += 65536)
                crypto.getRandomValues(bytes.subarray(i, i + 65536));
            await step(name, () => echoBinary(bytes));
        }
    }
    if (burst.length) {
        await step(`burst-${burst.length}x1536`, async () => {
            for (const m of burst) ws.send(m);
            for (let i = 0; i < burst.length; ++i) {
                const got = await message();
                expect(`message ${i}: type`, typeof got, 'string');
                expect(`message ${i} of ${burst.length}`, got, burst[i]);
            }
        });
    }
    await step('close', async () => {
        ws.close(1000, 'bye');
        const ev = await next();
        expect('event', ev.kind, 'close');
        expect('close code', ev.code, 1000);
        expect('wasClean', ev.wasClean, true);
    });
    return results;
}

async function main() {
    if (!fs.existsSync(EXECUTABLE)) {
        c.fail(CLIENT, DRAFT, 'setup', `${EXECUTABLE} not found (install Debian chromium: run .ci/install-deps)`);
        c.finish();
    }
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wsio-chromium-'));
    const tlsArgs = [];
    if (c.tls) {
        const spki = new crypto.X509Certificate(c.ca).publicKey.export({ type: 'spki', format: 'der' });
        tlsArgs.push('--ignore-certificate-errors-spki-list=' +
                     crypto.createHash('sha256').update(spki).digest('base64'));
    }
    let context;
    try {
        context = await c.withTimeout(chromium.launchPersistentContext(userDataDir, {
            executablePath: EXECUTABLE,
            headless: true,
            args: [
                '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
                '--disable-background-networking', '--disable-component-update',
                '--disable-sync', '--no-first-run', ...tlsArgs,
            ],
            // Chromium's Local Network Access checks refuse to let a page
            // whose address space is not local reach loopback
            // (net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS). That holds
            // for about:blank (opaque origin, where a permission cannot be
            // granted) and for a page playwright serves itself; so the page
            // below gets a real origin and this permission. (A
            // --disable-features=LocalNetworkAccessChecks flag would also do,
            // but it would replace the feature list playwright passes.)
            permissions: ['local-network-access'],
            timeout: 30000,
        }), 40000, 'launching chromium');
        c.pass(CLIENT, DRAFT, 'launch');
        const page = context.pages()[0] || await context.newPage();
        // The page's origin is the server's own, http://127.0.0.1:PORT
        // (https:// over wss://), as for an application page served next
        // to its WebSocket endpoint. wsio-echo answers plain HTTP with 501,
        // so playwright serves the page itself; the WebSocket connection is
        // not intercepted.
        const origin = new URL(c.url.replace(/^ws/, 'http')).origin;
        await page.route(`${origin}/**`, (route) => route.fulfill({
            status: 200, contentType: 'text/html', body: '<!doctype html><title>wsio-echo client</title>',
        }));
        await page.goto(`${origin}/`);
        // Binary cases travel as their size: the page makes the bytes.
        const deflateCases = c.deflate
            ? c.deflateCases((n) => n).map(([name, p]) => [name, typeof p === 'string' ? 'text' : 'binary', p])
            : [];
        const burst = c.deflate ? c.burstMessages() : [];
        const steps = 7 + deflateCases.length + (burst.length ? 1 : 0);
        const results = await c.withTimeout(page.evaluate(inPage, {
            url: c.url,
            tls: c.tls,
            ascii: c.ASCII,
            utf8: c.UTF8,
            binary: Array.from(c.BINARY),
            large: Array.from(c.largeBinary()),
            deflateCases,
            burst,
            stepMs: c.STEP_MS,
        }), steps * c.STEP_MS + 5000, 'page.evaluate');
        for (const r of results) {
            if (r.name === 'extensions') {
                try {
                    c.checkExtensions(r.extensions);
                    c.pass(CLIENT, DRAFT, r.name);
                } catch (e) {
                    c.fail(CLIENT, DRAFT, r.name, e.message);
                }
            } else if (r.ok) {
                c.pass(CLIENT, DRAFT, r.name);
            } else {
                c.fail(CLIENT, DRAFT, r.name, r.reason);
            }
        }
    } catch (e) {
        c.fail(CLIENT, DRAFT, 'browser', e.message || String(e));
    } finally {
        if (context) await context.close().catch(() => {});
        fs.rmSync(userDataDir, { recursive: true, force: true });
    }
    c.finish();
}

main();
