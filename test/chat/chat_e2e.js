//
// Copyright (c) 2026 The Boost.WebSocketIO authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//
// Official repository: https://github.com/boostorg/websocketio
//

// End-to-end test of the wsio-chat example in a real browser: headless
// Chromium (Debian `chromium`, driven by npm `playwright-core`) loads the
// page wsio-chat serves, two people chat, a visitor who has not joined sees
// who is online, a raw hixie-76 client (draft section 1.2 handshake,
// 0x00 ... 0xFF frames) joins them, a probe sends bad input, an over-long
// message is cut with a notice, the server is stopped with SIGTERM and
// started again, and the page reconnects by itself and rejoins under the
// same nick.
//
//   node chat_e2e.js <path to wsio-chat> <screenshot.png>
//
// Prints one PASS/FAIL line per step, then "N passed, N failed". The steps
// build on each other: the first failure ends the run. Every wait is
// bounded; the whole run is bounded by RUN_MS.

'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const path = require('path');

const [SERVER, SCREENSHOT] = process.argv.slice(2);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const NODE_MODULES_DIR = process.env.WSIO_NODE_MODULES_DIR ||
    path.join(__dirname, '..', 'clients');
const WAIT_MS = 15000;  // one step
const RUN_MS = 110000;  // everything (ctest gives 120 s)

let passed = 0;
let failed = 0;
let server = null;
let serverExit = null;  // promise of {code, signal}
let serverErr = '';
let browser = null;
let hixie = null;

function finish() {
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed || !passed ? 1 : 0);
}

const runTimer = setTimeout(() => {
    console.log(`FAIL run: not finished within ${RUN_MS} ms`);
    ++failed;
    if (server) server.kill('SIGKILL');
    finish();
}, RUN_MS);

function withTimeout(promise, ms, what) {
    let timer;
    return Promise.race([
        promise,
        new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
        }),
    ]).finally(() => clearTimeout(timer));
}

async function step(name, fn) {
    try {
        await withTimeout(Promise.resolve().then(fn), 3 * WAIT_MS, name);
    } catch (e) {
        ++failed;
        console.log(`FAIL ${name}: ${e && e.message ? e.message : e}`);
        throw e;
    }
    ++passed;
    console.log(`PASS ${name}`);
}

function check(what, got, want) {
    if (got !== want)
        throw new Error(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}

//----------------------------------------------------------------------------
// The server

// Starts wsio-chat with no --address (the default must be 127.0.0.1, and
// it says so) on `port` (0: a free one); resolves to the port.
function startServer(port) {
    return new Promise((resolve, reject) => {
        server = spawn(SERVER, ['--port', String(port), '--threads', '2'],
            { stdio: ['ignore', 'pipe', 'pipe'] });
        serverExit = new Promise((res) => server.on('exit', (code, signal) => res({ code, signal })));
        let out = '';
        server.on('error', reject);
        server.stderr.on('data', (d) => { serverErr += d; });
        server.stdout.on('data', (d) => {
            out += d;
            const m = /^wsio-chat: listening on 127\.0\.0\.1:(\d+)\nwsio-chat: open http:\/\/127\.0\.0\.1:(\d+)\/ in a browser$/m.exec(out);
            if (m && m[1] === m[2]) resolve(Number(m[1]));
            else if (/open http/.test(out)) reject(new Error(`unexpected banner: ${out.trim()}`));
        });
        serverExit.then(({ code, signal }) =>
            reject(new Error(`wsio-chat exited early (${code ?? signal}): ${serverErr.trim()}`)));
    });
}

function get(port, target) {
    return new Promise((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, path: target, agent: false }, (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (d) => { body += d; });
            res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
        });
        req.on('error', reject);
    });
}

//----------------------------------------------------------------------------
// A raw hixie-76 client over a TCP socket

const KEY1 = '4 @1  46546xW%0l 1 5';    // draft-hixie-76 section 1.2
const KEY2 = '12998 5 Y3 1  .P00';
const KEY3 = '^n:ds[4U';
const ANSWER = "8jKS'y:G*Co,Wxa-";

class Hixie76 {
    constructor(port) {
        this.port = port;
        this.buf = Buffer.alloc(0);
        this.frames = [];   // decoded text frames, and {close: true}
        this.waiters = [];
        this.ended = false;
    }

    connect() {
        return new Promise((resolve, reject) => {
            this.sock = net.connect(this.port, '127.0.0.1');
            this.sock.on('error', (e) => { this.error = e; this.push({ end: true }); reject(e); });
            this.sock.on('end', () => { this.ended = true; this.push({ end: true }); });
            let header = null;
            this.sock.on('data', (d) => {
                this.buf = Buffer.concat([this.buf, d]);
                if (!header) {
                    const i = this.buf.indexOf('\r\n\r\n');
                    if (i < 0 || this.buf.length < i + 4 + 16) return;
                    header = this.buf.subarray(0, i).toString('latin1');
                    this.answer = this.buf.subarray(i + 4, i + 20).toString('latin1');
                    this.buf = this.buf.subarray(i + 20);
                    resolve(header);
                }
                this.parse();
            });
            this.sock.write(
                'GET /chat HTTP/1.1\r\n' +
                `Host: 127.0.0.1:${this.port}\r\n` +
                'Connection: Upgrade\r\n' +
                `Sec-WebSocket-Key2: ${KEY2}\r\n` +
                'Upgrade: WebSocket\r\n' +
                `Sec-WebSocket-Key1: ${KEY1}\r\n` +
                'Origin: http://example.com\r\n' +
                '\r\n' + KEY3, 'latin1');
        });
    }

    parse() {
        for (;;) {
            if (this.buf.length === 0) return;
            if (this.buf[0] === 0x00) {
                const end = this.buf.indexOf(0xff);
                if (end < 0) return;
                this.push({ text: this.buf.subarray(1, end).toString('utf8') });
                this.buf = this.buf.subarray(end + 1);
            } else if (this.buf[0] === 0xff) {
                if (this.buf.length < 2) return;
                this.push({ close: this.buf[1] === 0x00 });
                this.buf = this.buf.subarray(2);
            } else {
                this.push({ bad: this.buf[0] });
                this.buf = Buffer.alloc(0);
            }
        }
    }

    push(ev) {
        if (this.waiters.length) this.waiters.shift()(ev);
        else this.frames.push(ev);
    }

    next() {
        return withTimeout(this.frames.length ? Promise.resolve(this.frames.shift())
            : new Promise((resolve) => this.waiters.push(resolve)), WAIT_MS, 'hixie-76 frame');
    }

    // The next event, which must be a JSON text frame.
    async json() {
        const ev = await this.next();
        if (ev.text === undefined) throw new Error(`expected a text frame, got ${JSON.stringify(ev)}`);
        return JSON.parse(ev.text);
    }

    // Skips frames until one whose JSON satisfies pred.
    async until(pred, what) {
        for (;;) {
            const m = await this.json();
            if (pred(m)) return m;
            if (m.type === 'error') throw new Error(`${what}: got error ${m.message}`);
        }
    }

    send(text) {
        this.sock.write(Buffer.concat([Buffer.from([0x00]), Buffer.from(text, 'utf8'), Buffer.from([0xff])]));
    }
}

//----------------------------------------------------------------------------
// Browser helpers

const MSG_TEXTS = () => [...document.querySelectorAll('#log .msg')].map((m) => ({
    nick: m.querySelector('.nick').textContent,
    text: m.querySelector('.text').textContent,
    mine: m.classList.contains('mine'),
}));

// The names in the online list, as shown ("(you)" marks one's own).
const PEOPLE = () => [...document.querySelectorAll('#people li')].map((li) => li.textContent);

async function waitPeople(page, names) {
    try {
        await page.waitForFunction((want) => JSON.stringify([...document.querySelectorAll('#people li')]
            .map((li) => li.textContent)) === want, JSON.stringify(names), { timeout: WAIT_MS });
    } catch (e) {
        throw new Error(`online list: got ${JSON.stringify(await page.evaluate(PEOPLE))}, want ${JSON.stringify(names)}`);
    }
}

async function waitOnline(page, n) {
    await page.locator(`#online[data-count="${n}"]`).waitFor({ timeout: WAIT_MS });
    check('online pill', await page.locator('#online').textContent(), `${n} online`);
}

async function waitNotice(page, text) {
    await page.waitForFunction((t) => [...document.querySelectorAll('#log .notice')]
        .some((e) => e.textContent === t), text, { timeout: WAIT_MS });
}

async function waitMessage(page, nick, text) {
    await page.waitForFunction(({ nick, text }) => [...document.querySelectorAll('#log .msg')]
        .some((m) => m.querySelector('.nick').textContent === nick &&
                     m.querySelector('.text').textContent === text),
    { nick, text }, { timeout: WAIT_MS });
}

async function joinAs(page, base, nick) {
    await page.goto(base, { timeout: WAIT_MS });
    await page.locator('#join:not([disabled])').waitFor({ timeout: WAIT_MS });
    check('status', await page.locator('#status-text').textContent(), 'connected');
    await page.fill('#nick', nick);
    await page.click('#join');
    await page.locator('#send-form').waitFor({ state: 'visible', timeout: WAIT_MS });
    check('join form hidden', await page.locator('#join-form').isHidden(), true);
    check('me', await page.locator('#me').textContent(), `as ${nick}`);
    await waitNotice(page, `You joined as ${nick}.`);
}

async function say(page, text) {
    await page.fill('#text', text);
    await page.click('#send');
}

// Runs in a page: raw WebSocket checks of the protocol's error paths.
async function probeInPage({ url, waitMs }) {
    const out = [];
    const open = (u) => new Promise((resolve, reject) => {
        const ws = new WebSocket(u);
        ws.binaryType = 'arraybuffer';
        const events = [];
        const waiters = [];
        const push = (e) => (waiters.length ? waiters.shift()(e) : events.push(e));
        ws.onmessage = (e) => push({ data: e.data });
        ws.onclose = (e) => push({ close: e.code, reason: e.reason });
        ws.onopen = () => resolve({
            ws,
            next: () => Promise.race([
                events.length ? Promise.resolve(events.shift()) : new Promise((r) => waiters.push(r)),
                new Promise((_, rej) => setTimeout(() => rej(new Error('no event in time')), waitMs)),
            ]),
        });
        ws.onerror = () => reject(new Error('could not connect'));
    });
    const reply = async (c, send) => {
        c.ws.send(send);
        const e = await c.next();
        if (e.data === undefined) throw new Error(`expected a reply to ${send.slice(0, 40)}, got close ${e.close}`);
        return JSON.parse(e.data);
    };
    const c = await open(url);
    out.push(['roster', JSON.parse((await c.next()).data)]);
    out.push(['not JSON', await reply(c, 'hello? this is not JSON')]);
    out.push(['wrong shape', await reply(c, '["type","join"]')]);
    out.push(['message before join', await reply(c, JSON.stringify({ type: 'message', text: 'too early' }))]);
    out.push(['unknown type', await reply(c, JSON.stringify({ type: 'dance' }))]);
    out.push(['nick too long', await reply(c, JSON.stringify({ type: 'join', nick: 'n'.repeat(33) }))]);
    out.push(['blank nick', await reply(c, JSON.stringify({ type: 'join', nick: '   ' }))]);
    out.push(['taken nick', await reply(c, JSON.stringify({ type: 'join', nick: ' alice ' }))]);
    out.push(['text too long', await reply(c, JSON.stringify({ type: 'message', text: 'x'.repeat(2001) }))]);
    out.push(['still open', c.ws.readyState]);
    c.ws.send(new Uint8Array([1, 2, 3]).buffer);
    out.push(['binary', await c.next()]);
    const big = await open(url);
    await big.next(); // the roster
    big.ws.send('x'.repeat(70 * 1024));
    out.push(['oversized', await big.next()]);
    return out;
}

//----------------------------------------------------------------------------

async function main() {
    if (!SERVER || !SCREENSHOT) {
        console.log('usage: node chat_e2e.js <wsio-chat> <screenshot.png>');
        process.exit(2);
    }
    let chromium;
    await step('setup', () => {
        if (!fs.existsSync(CHROMIUM))
            throw new Error(`${CHROMIUM} not found (install Debian chromium: run .ci/install-deps)`);
        let where;
        try {
            where = require.resolve('playwright-core', { paths: [NODE_MODULES_DIR] });
        } catch (e) {
            throw new Error(`npm playwright-core not found from ${NODE_MODULES_DIR} ` +
                            '(run .ci/install-deps, or npm ci in test/clients)');
        }
        ({ chromium } = require(where));
    });

    const port = await withTimeout(startServer(0), WAIT_MS, 'starting wsio-chat');
    const base = `http://127.0.0.1:${port}/`;
    console.log(`# wsio-chat on ${base}`);

    await step('GET / serves the page, other paths 404', async () => {
        const page = await get(port, '/');
        check('GET / status', page.status, 200);
        check('content-type', page.headers['content-type'], 'text/html; charset=utf-8');
        if (!page.body.includes('<title>wsio chat</title>')) throw new Error('no title in the page');
        const external = /\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i.exec(page.body);
        if (external) throw new Error(`the page loads an external asset: ${external[0]}`);
        check('GET /nope status', (await get(port, '/nope')).status, 404);
        check('GET /chat without upgrade', (await get(port, '/chat')).status, 404);
    });

    browser = await withTimeout(chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: [
            '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
            '--disable-background-networking', '--disable-component-update',
            '--disable-sync', '--no-first-run',
        ],
        timeout: 30000,
    }), 40000, 'launching chromium');

    // Each person has a browser context of their own; page errors (script
    // errors, CSP violations) fail the run.
    const problems = [];
    let serverDown = false; // then failed WebSocket connects are expected
    const person = async (name) => {
        const ctx = await browser.newContext({ viewport: { width: 820, height: 620 }, deviceScaleFactor: 1 });
        const page = await ctx.newPage();
        page.on('pageerror', (e) => problems.push(`${name}: page error: ${e.message}`));
        page.on('console', (m) => {
            if (m.type() === 'error' && !(serverDown && /^WebSocket connection to .* failed/.test(m.text())))
                problems.push(`${name}: console error: ${m.text()}`);
        });
        return { ctx, page };
    };
    const noProblems = () => {
        if (problems.length) throw new Error(problems.join('; '));
    };
    const alice = await person('alice');
    const bob = await person('bob');
    const A = alice.page;
    const B = bob.page;

    await step('alice joins: welcome, 1 online, the list names her', async () => {
        await joinAs(A, base, 'alice');
        await waitOnline(A, 1);
        await waitPeople(A, ['alice(you)']);
        noProblems();
    });

    await step('bob sees alice online before joining; then both see 2 online by name', async () => {
        await B.goto(base, { timeout: WAIT_MS });
        await waitPeople(B, ['alice']);
        await waitOnline(B, 1);
        check('join form shown', await B.locator('#join-form').isVisible(), true);
        await joinAs(B, base, 'bob');
        await waitOnline(B, 2);
        await waitOnline(A, 2);
        await waitNotice(A, 'bob joined');
        await waitPeople(A, ['alice(you)', 'bob']);
        await waitPeople(B, ['alice', 'bob(you)']);
    });

    const t1 = 'Hi bob! Is the new chat server up?';
    const t2 = 'Yes: page and WebSocket on one port, every draft welcome. Grüße ☺';
    const t3 = 'Does <b>this</b> stay plain text?';
    await step('each sees the other\'s messages, HTML stays text', async () => {
        await say(A, t1);
        await waitMessage(B, 'alice', t1);
        await waitMessage(A, 'alice', t1);
        await say(B, t2);
        await waitMessage(A, 'bob', t2);
        await say(A, t3);
        await waitMessage(B, 'alice', t3);
        check('bold elements in bob\'s log', await B.locator('#log b').count(), 0);
        const a = await A.evaluate(MSG_TEXTS);
        check('alice\'s log', JSON.stringify(a), JSON.stringify([
            { nick: 'alice', text: t1, mine: true },
            { nick: 'bob', text: t2, mine: false },
            { nick: 'alice', text: t3, mine: true },
        ]));
        check('input cleared after sending', await A.inputValue('#text'), '');
    });

    const t4 = 'Hello from a 2010 browser (hixie-76)';
    await step('a raw hixie-76 client joins and chats', async () => {
        hixie = new Hixie76(port);
        const visitor = await person('visitor');
        await visitor.page.goto(base, { timeout: WAIT_MS });
        await waitPeople(visitor.page, ['alice', 'bob']);
        const header = await withTimeout(hixie.connect(), WAIT_MS, 'hixie-76 handshake');
        const lines = header.split('\r\n');
        check('status line', lines[0], 'HTTP/1.1 101 WebSocket Protocol Handshake');
        const h = Object.fromEntries(lines.slice(1).map((l) => {
            const i = l.indexOf(':');
            return [l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim()];
        }));
        check('Sec-WebSocket-Location', h['sec-websocket-location'], `ws://127.0.0.1:${port}/chat`);
        check('Sec-WebSocket-Origin', h['sec-websocket-origin'], 'http://example.com');
        check('16-byte answer', hixie.answer, ANSWER);
        check('roster first', JSON.stringify(await hixie.json()),
              JSON.stringify({ type: 'roster', online: ['alice', 'bob'] }));
        hixie.send(JSON.stringify({ type: 'join', nick: 'oldtimer' }));
        const welcome = await hixie.json();
        check('welcome type', welcome.type, 'welcome');
        check('welcome you', welcome.you, 'oldtimer');
        check('welcome online', welcome.online, 3);
        check('history', JSON.stringify(welcome.history.map((m) => [m.nick, m.text])),
              JSON.stringify([['alice', t1], ['bob', t2], ['alice', t3]]));
        for (const m of welcome.history)
            if (!Number.isInteger(m.time) || Math.abs(Date.now() - m.time) > 600000)
                throw new Error(`history time ${m.time} is not a recent epoch-ms integer`);
        await waitNotice(A, 'oldtimer joined');
        await waitOnline(A, 3);
        await waitOnline(B, 3);
        await waitPeople(A, ['alice(you)', 'bob', 'oldtimer']);
        await waitPeople(visitor.page, ['alice', 'bob', 'oldtimer']);
        check('the visitor sees no messages', await visitor.page.locator('#log .msg').count(), 0);
        await visitor.ctx.close();
        hixie.send(JSON.stringify({ type: 'message', text: t4 }));
        const own = await hixie.json();
        check('own message back', JSON.stringify([own.type, own.nick, own.text]),
              JSON.stringify(['message', 'oldtimer', t4]));
        await waitMessage(A, 'oldtimer', t4);
        await waitMessage(B, 'oldtimer', t4);
    });

    const t5 = 'Sorry, my keyboard slipped. Still here!';
    await step('hixie-76 non-JSON text gets an error and the connection stays', async () => {
        hixie.send('hello, is this thing on?');
        const err = await hixie.json();
        check('reply type', err.type, 'error');
        if (!/JSON/.test(err.message)) throw new Error(`error message: ${err.message}`);
        hixie.send(JSON.stringify({ type: 'message', text: t5 }));
        check('still chatting', (await hixie.json()).text, t5);
        await waitMessage(A, 'oldtimer', t5);
        await say(B, 'Welcome, oldtimer!');
        await waitMessage(A, 'bob', 'Welcome, oldtimer!');
        check('hixie client sees the browser', (await hixie.until((m) => m.type === 'message', 'bob\'s message')).text,
              'Welcome, oldtimer!');
    });

    await step('screenshot mid-conversation', async () => {
        await A.locator('#text').fill('Nice to see everyone here.');
        await A.screenshot({ path: SCREENSHOT });
        const size = fs.statSync(SCREENSHOT).size;
        if (size < 10000) throw new Error(`screenshot is only ${size} bytes`);
        await A.locator('#text').fill('');
        console.log(`# screenshot: ${SCREENSHOT}`);
    });

    await step('bad input gets error replies; binary closes 1003, oversized 1009', async () => {
        const probe = await person('probe');
        await probe.page.goto(base, { timeout: WAIT_MS });
        const url = `ws://127.0.0.1:${port}/chat`;
        const r = Object.fromEntries(await probe.page.evaluate(probeInPage, { url, waitMs: WAIT_MS }));
        for (const k of ['not JSON', 'wrong shape', 'message before join', 'unknown type',
                         'nick too long', 'blank nick', 'text too long'])
            check(`${k}: reply type`, r[k].type, 'error');
        if (!/join first/.test(r['message before join'].message))
            throw new Error(`message before join: ${r['message before join'].message}`);
        if (!/2000/.test(r['text too long'].message))
            throw new Error(`text too long: ${r['text too long'].message}`);
        check('roster', JSON.stringify(r.roster), JSON.stringify({ type: 'roster', online: ['alice', 'bob', 'oldtimer'] }));
        check('taken nick: unique-ish', `${r['taken nick'].type} ${r['taken nick'].you}`, 'welcome alice2');
        check('still open after bad input', r['still open'], 1);
        check('binary close code', r.binary.close, 1003);
        check('oversized close code', r.oversized.close, 1009);
        await waitNotice(A, 'alice2 joined');
        await waitNotice(A, 'alice2 left');
        await waitOnline(A, 3);
        await probe.ctx.close();
    });

    await step('a newcomer gets the last 50 messages in order', async () => {
        for (let i = 1; i <= 55; ++i)
            hixie.send(JSON.stringify({ type: 'message', text: `filler ${i}` }));
        await hixie.until((m) => m.type === 'message' && m.text === 'filler 55', 'the last filler');
        await waitMessage(A, 'oldtimer', 'filler 55');
        const late = new Hixie76(port);
        await withTimeout(late.connect(), WAIT_MS, 'second hixie-76 handshake');
        check('roster first', (await late.json()).type, 'roster');
        late.send(JSON.stringify({ type: 'join', nick: 'latecomer' }));
        const welcome = await late.json();
        late.sock.destroy();
        check('welcome online', welcome.online, 4);
        const want = [];
        for (let i = 6; i <= 55; ++i) want.push(`oldtimer: filler ${i}`);
        check('history', JSON.stringify(welcome.history.map((m) => `${m.nick}: ${m.text}`)),
              JSON.stringify(want));
        await waitNotice(A, 'latecomer left');
        await waitOnline(A, 3);
    });

    await step('an over-long message is cut to 2000 characters, with a notice', async () => {
        // 2010 code points of 2 UTF-16 units each: the cut counts code
        // points, as the server does, and never splits a pair.
        const long = '\u{1F600}'.repeat(2010);
        await say(A, long);
        await waitNotice(A, 'Your message was cut to 2000 characters (10 more were not sent).');
        const want = '\u{1F600}'.repeat(2000);
        await waitMessage(B, 'alice', want);
        await waitMessage(A, 'alice', want);
        check('text input cleared', await A.inputValue('#text'), '');
        check('no error notice', await A.locator('#log .notice.error').count(), 0);
    });

    await step('hixie-76 client leaves with 0xFF 0x00: 2 online', async () => {
        hixie.sock.write(Buffer.from([0xff, 0x00]));
        let ev;
        do ev = await hixie.next(); while (ev.text !== undefined);
        check('server answers the closing handshake', JSON.stringify(ev), JSON.stringify({ close: true }));
        check('then the TCP connection ends', JSON.stringify(await hixie.next()), JSON.stringify({ end: true }));
        await waitNotice(A, 'oldtimer left');
        await waitOnline(A, 2);
        await waitOnline(B, 2);
    });

    await step('bob closes his page: alice sees him leave, 1 online', async () => {
        await bob.ctx.close();
        await waitNotice(A, 'bob left');
        await waitOnline(A, 1);
        await waitPeople(A, ['alice(you)']);
        noProblems();
    });

    await step('SIGTERM: the page says so and counts down to a reconnect, the server exits 0', async () => {
        serverDown = true;
        server.kill('SIGTERM');
        await A.locator('#closed').waitFor({ state: 'visible', timeout: WAIT_MS });
        check('closed text', await A.locator('#closed-text').textContent(),
              'Disconnected: the server went away (1001).');
        check('online pill', await A.locator('#online').textContent(), '\u2013 online');
        check('online list', JSON.stringify(await A.evaluate(PEOPLE)), JSON.stringify(['Not connected.']));
        const retry = await A.locator('#retry-text').textContent();
        if (!/^Reconnecting in \d+ s\u2026$/.test(retry)) throw new Error(`retry text: ${JSON.stringify(retry)}`);
        check('reconnect button', await A.locator('#reconnect').isVisible(), true);
        await waitNotice(A, 'Connection closed: the server went away. Reconnecting by itself and joining again as alice.');
        const { code, signal } = await withTimeout(serverExit, WAIT_MS, 'wsio-chat exit');
        check('exit', `${code} ${signal}`, '0 null');
        server = null;
    });

    await step('the server comes back: the page reconnects by itself and rejoins as alice', async () => {
        check('port', await withTimeout(startServer(port), WAIT_MS, 'restarting wsio-chat'), port);
        serverDown = false;
        // The page retries after 1 s, 2 s, 4 s (+-20 %): within 15 s.
        await A.locator('#send-form').waitFor({ state: 'visible', timeout: WAIT_MS });
        check('status', await A.locator('#status-text').textContent(), 'connected');
        check('closed bar hidden', await A.locator('#closed').isHidden(), true);
        check('me', await A.locator('#me').textContent(), 'as alice');
        await waitNotice(A, 'You joined as alice.');
        await waitPeople(A, ['alice(you)']);
        await waitOnline(A, 1);
        await say(A, 'Back again.');
        await waitMessage(A, 'alice', 'Back again.');
        noProblems();
    });

    await step('SIGTERM again: the server exits 0', async () => {
        server.kill('SIGTERM');
        await A.locator('#closed').waitFor({ state: 'visible', timeout: WAIT_MS });
        const { code, signal } = await withTimeout(serverExit, WAIT_MS, 'wsio-chat exit');
        check('exit', `${code} ${signal}`, '0 null');
        server = null;
    });
}

main()
    .catch((e) => {
        if (!failed) {
            ++failed;
            console.log(`FAIL ${e && e.message ? e.message : e}`);
        }
        if (serverErr) console.log(`# wsio-chat stderr: ${serverErr.trim()}`);
    })
    .finally(async () => {
        clearTimeout(runTimer);
        if (hixie && hixie.sock) hixie.sock.destroy();
        if (browser) await browser.close().catch(() => {});
        if (server) server.kill('SIGKILL');
        finish();
    });
