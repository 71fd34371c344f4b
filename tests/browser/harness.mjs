// The harness of the browser tests: one dancu server on the demo data per environment, one
// headless Chromium per run, and helpers to sign in as any user (password, then TOTP —
// enrolment included), call the API as a user, take screenshots and run the CLI.
// See README.md for the API; run.mjs drives the test files.
import { chromium, request } from 'playwright-core';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export { assert };

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '..', '..');
export const SCREENSHOTS = path.join(HERE, 'screenshots');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const sleep = ms => new Promise(r => setTimeout(r, ms));

// ------------------------------------------------------------------ TOTP (RFC 6238)

function base32Decode(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, value = 0;
  const out = [];
  for (const c of s.toUpperCase().replace(/[\s=-]/g, '')) {
    const i = alphabet.indexOf(c);
    if (i < 0) throw new Error(`base32: bad character ${c}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 255); bits -= 8; }
  }
  return Buffer.from(out);
}

// The 6-digit code of a 30-second step (SHA-1).
export function totpAt(secretBase32, step) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(secretBase32)).update(msg).digest();
  const off = mac[mac.length - 1] & 15;
  const n = ((mac[off] & 127) << 24) | (mac[off + 1] << 16) | (mac[off + 2] << 8) | mac[off + 3];
  return String(n % 1e6).padStart(6, '0');
}

export const currentStep = () => Math.floor(Date.now() / 30000);

// ------------------------------------------------------------------ the environment

let binary = process.env.DANCU_BIN ? path.resolve(process.env.DANCU_BIN) : path.join(REPO, 'build', 'dancu');
let keepDirs = !!process.env.KEEP;
let browser = null;
let templateDir = null;   // `dancu demo` once per run; each environment copies its var/
let current = null;       // the environment of the test file being run
const environments = [];

export function configure({ binary: b, keep } = {}) {
  if (b) binary = path.resolve(b);
  if (keep !== undefined) keepDirs = keep;
}

// The status of a GET (0 when the server does not answer).
function httpStatus(url) {
  return new Promise(resolve => {
    const req = http.get(url, res => { res.resume(); resolve(res.statusCode); });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => { req.destroy(); resolve(0); });
  });
}

function run(file, args, opts = {}) {
  return new Promise(resolve => {
    execFile(file, args, { maxBuffer: 64 << 20, timeout: 120000, ...opts }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

// Reads var/demo-users.txt: login, password, role, unit_code, account, display_name.
function readUsers(file) {
  const users = new Map();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [login, password, role, unit_code = '', account = '', display_name = ''] = line.split('\t');
    users.set(login, { login, password, role, unit_code, account, display_name });
  }
  return users;
}

async function makeTemplate() {
  if (templateDir) return templateDir;
  if (!fs.existsSync(binary)) throw new Error(`Không thấy ${binary}: hãy chạy make build (hoặc --binary / DANCU_BIN).`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dancu-browser-demo-'));
  const r = await run(binary, ['--db', path.join(dir, 'var', 'dancu.db'), 'demo'], { cwd: dir });
  if (r.code !== 0) throw new Error(`dancu demo thất bại (${r.code}): ${r.stderr}${r.stdout}`);
  templateDir = dir;
  return dir;
}

// One running server on its own copy of the demo data.
export class Environment {
  constructor(dir) {
    this.dir = dir;
    this.db = path.join(dir, 'var', 'dancu.db');
    this.logFile = path.join(dir, 'server.log');
    this.base = '';
    this.users = readUsers(path.join(dir, 'var', 'demo-users.txt'));
    const keyFile = path.join(dir, 'var', 'demo-api-key.txt');
    this.apiKey = fs.existsSync(keyFile) ? fs.readFileSync(keyFile, 'utf8').trim() : '';
    this.totp = new Map();      // login → { secret, lastStep }
    this.sessions = new Map();  // login → storageState of a signed-in session (pageAs / apiAs)
    this.server = null;
  }

  static async create() {
    const template = await makeTemplate();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dancu-browser-'));
    fs.cpSync(path.join(template, 'var'), path.join(dir, 'var'), { recursive: true });
    const env = new Environment(dir);
    await env.start();
    environments.push(env);
    return env;
  }

  async start() {
    const log = fs.openSync(this.logFile, 'a');
    this.server = spawn(binary, ['--db', this.db, 'serve', '--listen', '127.0.0.1:0'],
      { cwd: this.dir, stdio: ['ignore', 'pipe', log] });
    this.server.stdout.on('data', b => fs.appendFileSync(this.logFile, b));
    const exited = new Promise(resolve => this.server.once('exit', code => resolve(code)));
    const deadline = Date.now() + 30000;
    while (!this.base) {
      const text = fs.readFileSync(this.logFile, 'utf8');
      const m = /http:\/\/(127\.0\.0\.1:\d+)\//.exec(text);
      if (m) this.base = 'http://' + m[1];
      else if (this.server.exitCode !== null || Date.now() > deadline) {
        throw new Error(`Máy chủ không khởi động: ${text.slice(-2000)}`);
      } else await Promise.race([sleep(50), exited]);
    }
    for (;;) {
      if (await httpStatus(this.base + '/healthz') === 200) break;
      if (Date.now() > deadline) throw new Error(`/healthz không trả lời: ${this.logTail()}`);
      await sleep(50);
    }
  }

  logTail(lines = 30) {
    try { return fs.readFileSync(this.logFile, 'utf8').split('\n').slice(-lines - 1).join('\n'); } catch { return ''; }
  }

  // The demo user of a role (focal: daumoi.stttt, whose form is active and has a commitment).
  userOf(role) {
    const pref = { focal: 'daumoi.stttt' }[role];
    if (pref && this.users.has(pref)) return this.users.get(pref);
    for (const u of this.users.values()) if (u.role === role) return u;
    throw new Error(`Không có người dùng mẫu vai trò ${role} trong demo-users.txt`);
  }

  user(login) {
    const u = this.users.get(login);
    if (!u) throw new Error(`Không biết mật khẩu của ${login}: thêm bằng addUser() hoặc dùng người dùng mẫu.`);
    return u;
  }

  async stop() {
    if (this.server && this.server.exitCode === null) {
      const gone = new Promise(resolve => this.server.once('exit', resolve));
      this.server.kill('SIGTERM');
      const t = setTimeout(() => this.server.kill('SIGKILL'), 10000);
      await gone;
      clearTimeout(t);
    }
    if (!keepDirs) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

// The environment of the running test file.
export function env() {
  if (!current) throw new Error('Chưa có môi trường: chạy các tệp kiểm thử bằng run.mjs.');
  return current;
}

let shared = null;  // the environment the files without `fresh` share

export async function useEnvironment(fresh) {
  if (fresh) current = await Environment.create();
  else current = shared || (shared = await Environment.create());
  return current;
}

// Stops the current environment when it was a file's own (fresh) one.
export async function releaseEnvironment() {
  if (current && current !== shared) {
    environments.splice(environments.indexOf(current), 1);
    await current.stop();
  }
  current = null;
}

export async function getBrowser() {
  if (!browser) {
    // --no-sandbox: Debian's Chromium runs headless as root (CI) only without its sandbox.
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
      args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  }
  return browser;
}

export async function shutdown() {
  if (browser) await browser.close().catch(() => {});
  browser = null;
  for (const e of environments.splice(0)) await e.stop();
  shared = null;
  if (templateDir && !keepDirs) fs.rmSync(templateDir, { recursive: true, force: true });
  templateDir = null;
  current = null;
}

// ------------------------------------------------------------------ per-test resources

// Contexts opened during the running test: closed after it, screenshotted when it fails.
const opened = { contexts: [], requests: [] };

export async function endTest() {
  for (const c of opened.contexts.splice(0)) await c.close().catch(() => {});
  for (const r of opened.requests.splice(0)) await r.dispose().catch(() => {});
}

export function openPages() {
  return opened.contexts.flatMap(c => c.pages()).filter(p => !p.isClosed());
}

// A new, empty browser context (no session) with the server as base URL.
export async function newContext(options = {}) {
  const b = await getBrowser();
  const ctx = await b.newContext({ baseURL: env().base, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh',
    viewport: { width: 1280, height: 900 }, ...options });
  // Generous: CI machines are small and shared; a wait that succeeds returns at once anyway.
  ctx.setDefaultTimeout(30000);
  opened.contexts.push(ctx);
  return ctx;
}

// An API client without a session.
export async function anon(options = {}) {
  const r = await request.newContext({ baseURL: env().base, ...options });
  opened.requests.push(r);
  return r;
}

// ------------------------------------------------------------------ TOTP bookkeeping

export function rememberTotp(login, secret, step) {
  env().totp.set(login, { secret, lastStep: step ?? 0 });
}

export function totpSecret(login) {
  const t = env().totp.get(login);
  return t ? t.secret : null;
}

// A code the server will accept for `login`: each 30-s step is accepted once and the server
// allows one step of clock drift, so this uses the current step, else the next one, else
// waits for time to move on.
export async function nextTotp(login) {
  const t = env().totp.get(login);
  if (!t) throw new Error(`Chưa biết khóa TOTP của ${login} (chưa đăng ký qua harness).`);
  for (;;) {
    const now = currentStep();
    const step = Math.max(now, t.lastStep + 1);
    if (step <= now + 1) { t.lastStep = step; return totpAt(t.secret, step); }
    await sleep((now + 1) * 30000 - Date.now() + 100);
  }
}

// A six-digit code that is wrong for every step the server would try now.
export function wrongTotp(login) {
  const t = env().totp.get(login);
  const now = currentStep();
  const near = t ? [now - 1, now, now + 1, now + 2].map(s => totpAt(t.secret, s)) : [];
  for (const c of ['000000', '111111', '123456', '999999']) if (!near.includes(c)) return c;
  return '424242';
}

// ------------------------------------------------------------------ pages

// Waits until app.js has drawn the page (the "Đang tải…" placeholder gone) and the network is quiet.
export async function ready(page) {
  await page.waitForLoadState('load');
  await page.locator('#content > p.muted', { hasText: 'Đang tải…' }).waitFor({ state: 'detached', timeout: 15000 });
  await page.waitForLoadState('networkidle').catch(() => {});
  return page;
}

// Goes to `path` and waits for the page to be drawn; returns the navigation's response.
export async function goto(page, path) {
  const resp = await page.goto(path);
  await ready(page);
  return resp;
}

// A full-page PNG in tests/browser/screenshots/<name>.png (name may contain '/').
export async function screenshot(page, name) {
  const file = path.join(SCREENSHOTS, name.replace(/[^\p{L}\p{N}._/-]+/gu, '_') + '.png');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

function pageOf(target) {
  return typeof target.goto === 'function' && typeof target.context === 'function' ? target : null;
}

// Signs in through the login page as a user would: password, then the TOTP step (enrolment
// by QR code the first time for admins and auditors; the secret is remembered for later
// sign-ins). `target`: a BrowserContext (a new page is opened), a Page, or nothing (a new
// context). Returns the page on the role's home (or on ?next=). Throws with the page's
// message when the sign-in is refused.
export async function loginAs(target, login, { password } = {}) {
  const u = password ? { login, password } : env().user(login);
  let page = target ? pageOf(target) : null;
  if (!page) page = await (target || await newContext()).newPage();
  if (!new URL(page.url(), 'http://x').pathname.startsWith('/dang-nhap')) await page.goto('/dang-nhap');
  await ready(page);
  if (new URL(page.url()).pathname !== '/dang-nhap') {
    throw new Error(`loginAs(${login}): trình duyệt này đã đăng nhập (đang ở ${page.url()}); hãy dùng một context mới.`);
  }
  await markMessagesOld(page);
  await page.getByLabel('Tên đăng nhập').fill(u.login);
  await page.getByLabel('Mật khẩu').fill(u.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();

  const screen = await loginScreen(page);
  if (screen === 'enrol') {
    const secret = (await page.locator('#totp-secret').textContent()).trim();
    rememberTotp(login, secret, 0);
    await page.getByLabel('Mã 6 số ứng dụng hiển thị').fill(await nextTotp(login));
    await markMessagesOld(page);
    await page.getByRole('button', { name: 'Xác nhận và vào hệ thống' }).click();
    const after = await loginScreen(page, ['home']);
    if (after !== 'home') throw new Error(`Đăng ký TOTP của ${login} không thành công: ${after}`);
  } else if (screen === 'totp') {
    await page.getByLabel('Mã 6 số trong ứng dụng xác thực').fill(await nextTotp(login));
    await markMessagesOld(page);
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    const after = await loginScreen(page, ['home']);
    if (after !== 'home') throw new Error(`Mã TOTP của ${login} bị từ chối: ${after}`);
  }
  await ready(page);
  return page;
}

// Marks the error messages shown so far (data-old), so that loginScreen sees only new ones.
export async function markMessagesOld(page) {
  await page.evaluate(() => document.querySelectorAll('.notice.error').forEach(n => n.setAttribute('data-old', '')));
}

// Which screen the login page shows now: 'home' (left the login page), 'enrol', 'totp', or
// the text of the error shown (anything else is a failure of the caller's expectation).
export async function loginScreen(page, accept = ['home', 'enrol', 'totp'], timeout = 15000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const url = new URL(page.url());
    if (accept.includes('home') && !url.pathname.startsWith('/dang-nhap')) return 'home';
    if (accept.includes('enrol') && await page.locator('#totp-secret').isVisible()) return 'enrol';
    if (accept.includes('totp') && await page.getByLabel('Mã 6 số trong ứng dụng xác thực').isVisible()) return 'totp';
    // (The page may be navigating away: a message read fails then, and the loop goes on.)
    const err = page.locator('#content .notice.error:not([data-old])').first();
    const text = await err.innerText({ timeout: 200 }).catch(() => null);
    if (text !== null && await err.isVisible().catch(() => false)) return text.trim();
    if (Date.now() > deadline) throw new Error(`Trang đăng nhập không chuyển bước (đang ở ${page.url()}).`);
    await sleep(50);
  }
}

// ------------------------------------------------------------------ API sessions

// Signs in through the JSON API (password, TOTP or enrolment). Returns the APIRequestContext
// (cookies set) and the session's CSRF token.
async function apiLogin(login) {
  const u = env().user(login);
  const r = await request.newContext({ baseURL: env().base });
  try {
    await r.get('/dang-nhap');
    const pre = (await r.storageState()).cookies.find(c => c.name === 'dancu_pre');
    const resp = await r.post('/api/v1/session', { data: { login: u.login, password: u.password },
      headers: { 'X-CSRF-Token': pre ? pre.value : '' } });
    const body = await resp.json().catch(() => ({}));
    if (!resp.ok()) throw new Error(`Đăng nhập ${login} qua API bị từ chối (${resp.status()}): ${JSON.stringify(body)}`);
    const h = { 'X-CSRF-Token': body.csrf };
    if (body.stage === 'need_enrolment') {
      const e = await (await r.post('/api/v1/session/enrolment', { headers: h })).json();
      rememberTotp(login, e.secret, 0);
      const c = await r.post('/api/v1/session/enrolment/confirm', { headers: h, data: { code: await nextTotp(login) } });
      if (!c.ok()) throw new Error(`Xác nhận TOTP của ${login} bị từ chối: ${await c.text()}`);
    } else if (body.stage === 'need_totp') {
      const c = await r.post('/api/v1/session/totp', { headers: h, data: { code: await nextTotp(login) } });
      if (!c.ok()) throw new Error(`Mã TOTP của ${login} bị từ chối: ${await c.text()}`);
    }
    return { r, csrf: body.csrf };
  } catch (e) {
    await r.dispose();
    throw e;
  }
}

// The signed-in session of `login` (cookies), reused while the server still accepts it.
async function sessionOf(login, fresh = false) {
  const e = env();
  const cached = e.sessions.get(login);
  if (cached && !fresh) {
    const probe = await request.newContext({ baseURL: e.base, storageState: cached.state });
    const who = await probe.get('/api/v1/session');
    const body = who.ok() ? await who.json() : null;
    await probe.dispose();
    if (body && body.stage === 'complete') return { state: cached.state, csrf: body.csrf };
  }
  const { r, csrf } = await apiLogin(login);
  const state = await r.storageState();
  await r.dispose();
  e.sessions.set(login, { state });
  return { state, csrf };
}

// An API client signed in as `login`: a Playwright APIRequestContext whose every request
// carries the session cookie and the X-CSRF-Token header (properties .login and .csrf).
// Reuses the login's cached session unless { fresh: true }.
export async function apiAs(login, { fresh = false } = {}) {
  const s = await sessionOf(login, fresh);
  const r = await request.newContext({ baseURL: env().base, storageState: s.state,
    extraHTTPHeaders: { 'X-CSRF-Token': s.csrf } });
  r.login = login;
  r.csrf = s.csrf;
  opened.requests.push(r);
  return r;
}

// A new browser context already signed in as `login`: it shares the login's cached session
// (no login screens, no TOTP wait).
export async function contextAs(login) {
  const s = await sessionOf(login);
  return newContext({ storageState: s.state });
}

// A page signed in as `login` (see contextAs), opened at `path` (default: the role's home)
// and drawn.
export async function pageAs(login, path = '/') {
  const page = await (await contextAs(login)).newPage();
  await goto(page, path);
  return page;
}

// ------------------------------------------------------------------ the CLI

// Runs `dancu --db <test db> args…` in the environment's directory: { code, stdout, stderr }.
export async function dancu(...args) {
  return run(binary, ['--db', env().db, ...args], { cwd: env().dir });
}

// Same with --format json; parses stdout, throws on a non-zero exit.
export async function dancuJson(...args) {
  const r = await dancu(...args, '--format', 'json');
  if (r.code !== 0) throw new Error(`dancu ${args.join(' ')}: mã ${r.code}: ${r.stderr}${r.stdout}`);
  return JSON.parse(r.stdout);
}

// Creates a user with a known password (`dancu user add`) and makes it usable by loginAs /
// apiAs / pageAs. Returns { login, password, role, unit_code, account, display_name }.
export async function addUser(login, role, { unit = '', account = '', name = 'Người dùng kiểm thử', password } = {}) {
  const pw = password || `Thu-${Math.random().toString(36).slice(2, 10)}-9x`;
  const file = path.join(env().dir, `pw-${login}.txt`);
  fs.writeFileSync(file, pw + '\n', { mode: 0o600 });
  const args = ['user', 'add', login, '--role', role, '--name', name, '--password-file', file];
  if (unit) args.push('--unit', unit);
  if (account) args.push('--account', account);
  const r = await dancu(...args);
  fs.rmSync(file, { force: true });
  if (r.code !== 0) throw new Error(`dancu user add ${login}: mã ${r.code}: ${r.stderr}${r.stdout}`);
  const u = { login, password: pw, role, unit_code: unit, account, display_name: name };
  env().users.set(login, u);
  return u;
}

// ------------------------------------------------------------------ small asserts

// Asserts an APIResponse's status is one of `codes`; the message shows the body.
export async function expectStatus(resp, codes, what = '') {
  const want = [].concat(codes);
  if (!want.includes(resp.status())) {
    const body = (await resp.text().catch(() => '')).slice(0, 300);
    assert.fail(`${what || resp.url()}: trạng thái ${resp.status()}, mong đợi ${want.join('/')}; ${body}`);
  }
  return resp;
}

// Collects what goes wrong on a page: uncaught errors, CSP refusals, console errors, and API
// answers 401/403/5xx. Call .problems() after the page is drawn.
export function watch(page) {
  const errors = [], console_ = [], api = [];
  page.on('pageerror', e => errors.push(String(e.message || e)));
  page.on('console', m => { if (m.type() === 'error') console_.push(m.text()); });
  page.on('response', r => {
    const u = new URL(r.url());
    // (GET /api/v1/session answers 401 on the login page: that is how app.js learns it.)
    if (u.pathname === '/api/v1/session' && r.status() === 401) return;
    if (u.pathname.startsWith('/api/') && (r.status() === 401 || r.status() === 403 || r.status() >= 500)) {
      api.push(`${r.request().method()} ${u.pathname}${u.search} → ${r.status()}`);
    }
  });
  return {
    errors, console: console_, api,
    problems() {
      const csp = console_.filter(t => /Content Security Policy|Refused to/.test(t));
      return [...errors.map(e => `lỗi JavaScript: ${e}`), ...csp.map(t => `CSP: ${t}`), ...api.map(a => `API: ${a}`)];
    },
  };
}
