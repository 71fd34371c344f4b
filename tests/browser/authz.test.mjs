// Authorisation: every page and API route of `dancu routes`, called as nobody and as each role,
// must be refused (401 / redirect to the login page / 403) or let through exactly as the route
// table says; the focal point is kept to its own unit; and an independent table of the most
// sensitive routes — written here, not read from the server — must never be granted to the
// wrong role. Then every page is opened in the browser by every role allowed to it.
//
// State-changing routes are called with empty bodies and, where the path names a campaign or
// an account, an id that does not exist; the file runs on its own fresh server all the same.
import {
  assert, env, anon, apiAs, contextAs, goto, screenshot, watch, dancu,
} from './harness.mjs';

export const fresh = true;

const ROLES = ['admin', 'focal', 'official', 'auditor'];
const OTHER_UNIT = '000.00.16.H33';  // Sở TT&TT: the scope test's "someone else's unit"
const SCOPE_FOCAL = 'daumoi.honda';  // focal of 000.00.34.H33

// The routes that need no session: a new one must be added here on purpose. The value is
// the status nobody gets (null: not checked).
const PUBLIC = {
  'GET /': 302,
  'GET /dang-nhap': 200,
  'GET /healthz': 200,
  'GET /openapi.json': 200,
  'GET /assets/{name}': 200,
  'POST /api/v1/lookups': 401,
  'POST /soap': null,
  'GET /soap': 200,  // the WSDL (issue 11 item 5)
  'POST /token': 401,  // OAuth 2.0 client credentials: no client credentials (issue 11 item 1)
  'GET /api/v1/session': 401,
  'POST /api/v1/session': 403,
  'POST /api/v1/session/totp': 401,
  'POST /api/v1/session/enrolment': 401,
  'POST /api/v1/session/enrolment/confirm': 401,
  'DELETE /api/v1/session': 401,
  'POST /api/v1/session/logout-all': 401,
};

// The independent table: concrete requests that these roles must never get through,
// whatever the server's table says ('nobody' = no session).
const A = '/api/v1/campaigns/1/registrations/000.00.02.H33';  // a submitted form
const NOT_ADMIN = ['nobody', 'focal', 'official', 'auditor'];
const SENSITIVE = [
  // The audit log (who looked up which citizen) is the auditor's alone.
  ['GET', '/api/v1/audit/records', ['nobody', 'admin', 'focal', 'official']],
  ['POST', '/api/v1/audit/records', ['nobody', 'admin', 'focal', 'official']],
  ['GET', '/api/v1/audit/export.csv', ['nobody', 'admin', 'focal', 'official']],
  ['POST', '/api/v1/audit/verify', ['nobody', 'focal', 'official']],
  // Looking up a citizen is the official's alone (the gateway has its own key).
  ['POST', '/api/v1/me/lookups', ['nobody', 'admin', 'focal', 'auditor']],
  ['GET', '/api/v1/users', ['nobody', 'focal', 'official']],
  ['POST', '/api/v1/users', NOT_ADMIN],
  ['POST', '/api/v1/users/quantri/password', NOT_ADMIN],
  ['POST', '/api/v1/users/quantri/disable', NOT_ADMIN],
  ['POST', '/api/v1/users/quantri/reset-totp', NOT_ADMIN],
  ['GET', '/api/v1/units/000.00.16.H33/overview', ['nobody', 'official']],
  ['POST', `${A}/approve`, NOT_ADMIN],
  ['POST', `${A}/return`, NOT_ADMIN],
  ['POST', `${A}/send`, NOT_ADMIN],
  ['POST', `${A}/activate`, NOT_ADMIN],
  ['POST', '/api/v1/accounts/1/suspend', NOT_ADMIN],
  ['POST', '/api/v1/accounts/1/resume', NOT_ADMIN],
  ['POST', '/api/v1/accounts/1/revoke', NOT_ADMIN],
  ['POST', '/api/v1/campaigns', NOT_ADMIN],
  ['POST', '/api/v1/campaigns/1/letters/reminder', NOT_ADMIN],
  ['GET', '/api/v1/campaigns/1/registrations', ['nobody', 'focal', 'official']],
  ['GET', '/api/v1/campaigns/1/accounts.csv', ['nobody', 'focal', 'official']],
  ['GET', '/api/v1/campaigns/1/accounts.xlsx', ['nobody', 'focal', 'official']],
  ['GET', A, ['nobody', 'official']],
  ['GET', '/api/v1/orgs', ['nobody', 'official']],
  ['POST', '/api/v1/commitments', ['nobody', 'official', 'auditor']],
  ['POST', '/api/v1/campaigns/1/registrations/000.00.16.H33/submit', ['nobody', 'official', 'auditor']],
  ['POST', '/api/v1/campaigns/1/registrations/000.00.16.H33/import', ['nobody', 'official', 'auditor']],
];

// Rules over the server's table (each returns a complaint or null).
const RULES = [
  r => (r.public && !(key(r) in PUBLIC)
    ? `tuyến công khai mới ${key(r)}: không cần đăng nhập — nếu đúng ý, thêm vào PUBLIC trong authz.test.mjs` : null),
  r => (!r.public && !r.roles.length ? `${key(r)}: không công khai nhưng không vai trò nào dùng được` : null),
  // The auditor reads; its only non-GET routes are its own read-like ones (verify, search…).
  r => (r.roles.includes('auditor') && r.method !== 'GET' && !r.pattern.startsWith('/api/v1/audit/') &&
        r.pattern !== '/api/v1/me/password'
    ? `giám sát được ${key(r)} (giám sát không được thay đổi dữ liệu)` : null),
  r => (r.roles.includes('official') && /^\/api\/v1\/(campaigns|orgs|units|accounts|users|admin|audit|commitments)(\/|$)/.test(r.pattern)
    ? `cán bộ khai thác được ${key(r)}` : null),
  r => (!r.public && r.method !== 'GET' && /lookups/.test(r.pattern) && r.roles.some(x => x !== 'official')
    ? `${key(r)} (tra cứu công dân) cho vai trò ${r.roles.join(',')}: chỉ cán bộ khai thác được tra cứu` : null),
  r => (r.roles.includes('focal') && /\/(approve|return|send|activate|suspend|resume|revoke|reset-totp|disable|enable)$/.test(r.pattern)
    ? `đầu mối được ${key(r)} (chỉ quản trị duyệt/đổi trạng thái)` : null),
  r => (r.roles.includes('focal') && /^\/api\/v1\/(users|admin|audit)(\/|$)/.test(r.pattern) ? `đầu mối được ${key(r)}` : null),
  r => ((r.roles.includes('focal') || r.roles.includes('official')) && r.pattern.includes('{unit}') && r.scope !== 'path_unit'
    ? `${key(r)} có {unit} nhưng không giới hạn theo đơn vị (scope ${r.scope})` : null),
  r => ((r.roles.includes('focal') || r.roles.includes('official')) && r.pattern.includes('{commitment}') && r.scope !== 'commitment_unit'
    ? `${key(r)} có {commitment} nhưng không giới hạn theo đơn vị (scope ${r.scope})` : null),
];

function key(r) { return `${r.method} ${r.pattern}`; }

// ------------------------------------------------------------------ the server's table

let cache = null;
async function routes() {
  if (!cache) {
    const r = await dancu('routes');
    assert.equal(r.code, 0, r.stderr);
    cache = JSON.parse(r.stdout);
    assert.ok(cache.length > 20, `dancu routes: ${cache.length} tuyến`);
  }
  return cache;
}

function segs(p) { return p.split('/').filter(Boolean); }

// The route the server would pick for a concrete request (same rules as routes.cc).
function match(all, method, path) {
  const s = segs(path.split('?')[0]);
  for (const r of all) {
    if (r.method !== method) continue;
    const p = segs(r.pattern);
    let ok = true, rest = false;
    for (let i = 0; i < p.length && ok && !rest; i++) {
      if (p[i] === '{*}') { ok = i < s.length; rest = true; }
      else if (i >= s.length) ok = false;
      else if (!/^\{.+\}$/.test(p[i]) && p[i] !== s[i]) ok = false;
    }
    if (ok && (rest || p.length === s.length)) return r;
  }
  return null;
}

// ------------------------------------------------------------------ values for {params}

let commitmentsCache = null;
async function commitmentOf(unit) {
  if (!commitmentsCache) commitmentsCache = new Map();
  if (!commitmentsCache.has(unit)) {
    const admin = await apiAs(env().userOf('admin').login);
    const resp = await admin.get(`/api/v1/orgs/${unit}/commitments`);
    assert.equal(resp.status(), 200, `GET /api/v1/orgs/${unit}/commitments (quản trị): ${resp.status()}`);
    const body = await resp.json();
    const list = Array.isArray(body) ? body : (body.items || body.commitments || []);
    commitmentsCache.set(unit, list.length ? String(list[0].id) : null);
  }
  return commitmentsCache.get(unit);
}

// Fills a route's pattern for a caller: its own unit (admins and auditors: Sở TT&TT), a real
// commitment of that unit, its own login, and for state-changing calls ids and logins that
// name nothing (so that nothing is suspended, disabled or reset). A new {param}: add it here.
async function fill(route, who, overrides = {}) {
  const unit = overrides.unit || (who && who.unit_code) || OTHER_UNIT;
  const write = route.method !== 'GET';
  const values = { id: write ? '999999' : '1', login: write ? 'khong.co.ai' : (who ? who.login : 'quantri'),
    kind: 'cccd', name: 'app.js', '*': 'khong-co', unit, ...overrides };
  const out = [];
  for (const s of segs(route.pattern)) {
    const m = /^\{(.+)\}$/.exec(s);
    if (!m) { out.push(s); continue; }
    let v = values[m[1]];
    if (m[1] === 'commitment' && v === undefined) v = await commitmentOf(unit);
    if (v === null || v === undefined) v = '1';
    out.push(encodeURIComponent(v));
  }
  return '/' + out.join('/');
}

async function call(client, method, path, data) {
  const opts = { method, maxRedirects: 0, failOnStatusCode: false, timeout: 60000 };
  if (method !== 'GET' && method !== 'HEAD') opts.data = data === undefined ? {} : data;
  const resp = await client.fetch(path, opts);
  let message = '';
  if ((resp.headers()['content-type'] || '').includes('json')) {
    const j = await resp.json().catch(() => null);
    message = (j && j.error && j.error.message) || '';
  }
  return { status: resp.status(), location: resp.headers().location || '', type: resp.headers()['content-type'] || '', message };
}

async function clients() {
  const c = { nobody: { client: await anon(), who: null } };
  for (const role of ROLES) {
    const who = env().userOf(role);
    c[role] = { client: await apiAs(who.login), who };
  }
  return c;
}

function failIf(problems, title) {
  if (problems.length) assert.fail(`${title}: ${problems.length} lỗi\n  - ${problems.join('\n  - ')}`);
}

const isApi = path => path.startsWith('/api/');

// ------------------------------------------------------------------ tests

export const tests = [
  {
    name: 'bảng tuyến của máy chủ: không cấp quyền sai (quy tắc độc lập)',
    fn: async () => {
      const all = await routes();
      const problems = [];
      for (const r of all) for (const rule of RULES) { const p = rule(r); if (p) problems.push(p); }
      for (const [method, path, denied] of SENSITIVE) {
        const r = match(all, method, path);
        if (!r) continue;  // no such route: refused by default (checked over HTTP below)
        for (const role of denied) {
          if (role === 'nobody' ? r.public : r.roles.includes(role)) {
            problems.push(`bảng tuyến cho ${role} ${method} ${path} (tuyến ${key(r)}, vai trò ${r.roles.join(',') || 'công khai'})`);
          }
        }
      }
      failIf(problems, 'bảng tuyến');
      return `${all.length} tuyến, ${RULES.length} quy tắc, ${SENSITIVE.length} tuyến nhạy cảm`;
    },
  },
  {
    name: 'người chưa đăng nhập: API 401, trang chuyển tới /dang-nhap, tuyến công khai đúng như khai',
    fn: async () => {
      const all = await routes();
      const { nobody } = await clients();
      const problems = [];
      for (const r of all) {
        const path = await fill(r, null);
        const got = await call(nobody.client, r.method, path);
        const where = `nobody ${r.method} ${path}`;
        if (r.public) {
          const want = PUBLIC[key(r)];
          if (want && got.status !== want) problems.push(`${where}: mong đợi ${want}, nhận ${got.status} ${got.message}`);
          if (key(r) === 'GET /' && !got.location.startsWith('/dang-nhap')) problems.push(`${where}: chuyển tới ${got.location}`);
        } else if (isApi(path)) {
          if (got.status !== 401) problems.push(`${where}: mong đợi 401, nhận ${got.status} ${got.message}`);
          else if (!got.type.includes('json')) problems.push(`${where}: 401 không phải JSON (${got.type})`);
        } else if (got.status !== 302 || !got.location.startsWith('/dang-nhap?next=')) {
          problems.push(`${where}: mong đợi 302 tới /dang-nhap, nhận ${got.status} ${got.location}`);
        }
      }
      // The machine gateway checks its own key.
      const noKey = await call(nobody.client, 'POST', '/api/v1/lookups', {});
      if (noKey.status !== 401) problems.push(`POST /api/v1/lookups không có khóa: mong đợi 401, nhận ${noKey.status}`);
      const badKey = await nobody.client.post('/api/v1/lookups', { data: {}, headers: { 'X-API-Key': 'khong-dung' } });
      if (badKey.status() !== 401) problems.push(`POST /api/v1/lookups khóa sai: mong đợi 401, nhận ${badKey.status()}`);
      if (env().apiKey) {
        const withKey = await nobody.client.post('/api/v1/lookups', { data: {}, headers: { 'X-API-Key': env().apiKey } });
        if ([401, 403].includes(withKey.status())) problems.push(`POST /api/v1/lookups khóa mẫu đúng: bị từ chối ${withKey.status()}`);
      }
      failIf(problems, 'người chưa đăng nhập');
      return `${all.length} tuyến`;
    },
  },
  {
    name: 'mỗi vai trò × mọi tuyến: ngoài quyền 403, trong quyền không bị từ chối',
    fn: async () => {
      const all = await routes();
      const c = await clients();
      const problems = [];
      let calls = 0;
      for (const r of all) {
        if (r.public) continue;  // the session routes (logout…) would end the clients' sessions
        for (const role of ROLES) {
          const { client, who } = c[role];
          const allowed = r.roles.includes(role);
          const path = await fill(r, who);
          const body = r.scope === 'body_unit' ? { unit_code: who.unit_code || OTHER_UNIT } : {};
          const got = await call(client, r.method, path, body);
          calls++;
          const where = `${role} (${who.login}) ${r.method} ${path}`;
          if (got.status === 401) {
            // The client is signed in: a 401 here reads as "not signed in" (ui.js then sends the user to /dang-nhap).
            problems.push(`${where}: 401 dù đã đăng nhập (${allowed ? 'trong' : 'ngoài'} quyền): ${got.message}`);
            continue;
          }
          // An official (no unit) on a unit-scoped route is refused by the scope check.
          const scopedOut = allowed && r.scope !== 'none' && ['focal', 'official'].includes(role) && !who.unit_code;
          if (!allowed || scopedOut) {
            if (got.status !== 403) problems.push(`${where}: ngoài quyền (vai trò ${r.roles.join(',')}) — mong đợi 403, nhận ${got.status}`);
            else if (isApi(path) && !got.type.includes('json')) problems.push(`${where}: 403 không phải JSON`);
            else if (!isApi(path) && !got.type.includes('text/html')) problems.push(`${where}: trang 403 không phải HTML`);
          } else if (got.status === 403) {
            problems.push(`${where}: trong quyền nhưng bị từ chối 403: ${got.message}`);
          } else if (got.status >= 500) {
            problems.push(`${where}: lỗi máy chủ ${got.status}: ${got.message}`);
          } else if (r.page && got.status !== 200) {
            problems.push(`${where}: trang trả ${got.status}`);
          }
        }
      }
      assert.ok(calls > 0);
      failIf(problems, 'vai trò × tuyến');
      return `${calls} lời gọi`;
    },
  },
  {
    name: 'bảng độc lập các tuyến nhạy cảm: gọi thật, phải bị từ chối',
    fn: async () => {
      const all = await routes();
      const c = await clients();
      const problems = [];
      for (const [method, path, denied] of SENSITIVE) {
        const r = match(all, method, path);
        for (const role of denied) {
          const got = await call(c[role].client, method, path, {});
          const want = !r ? 404 : role === 'nobody' ? 401 : 403;
          if (got.status !== want) problems.push(`${role} ${method} ${path}: mong đợi ${want}${r ? '' : ' (không có tuyến)'}, nhận ${got.status} ${got.message}`);
        }
      }
      failIf(problems, 'tuyến nhạy cảm');
      return `${SENSITIVE.reduce((n, [, , d]) => n + d.length, 0)} lời gọi`;
    },
  },
  {
    name: `phạm vi đơn vị: đầu mối ${SCOPE_FOCAL} không chạm được đơn vị ${OTHER_UNIT}`,
    fn: async () => {
      const all = await routes();
      const who = env().user(SCOPE_FOCAL);
      const client = await apiAs(who.login);
      const theirs = await commitmentOf(OTHER_UNIT);
      assert.ok(theirs, `đơn vị ${OTHER_UNIT} không có bản cam kết trong dữ liệu mẫu`);
      const problems = [];
      let checked = 0;
      for (const r of all) {
        if (!r.roles.includes('focal') || r.scope === 'none') continue;
        const path = await fill(r, who, { unit: OTHER_UNIT, commitment: theirs });
        const body = r.scope === 'body_unit' ? { unit_code: OTHER_UNIT } : {};
        const got = await call(client, r.method, path, body);
        checked++;
        if (got.status !== 403) problems.push(`${who.login} ${r.method} ${path} (đơn vị khác): mong đợi 403, nhận ${got.status}`);
        // Its own unit passes the scope check.
        if (r.method === 'GET' && r.scope === 'path_unit') {
          const own = await call(client, 'GET', await fill(r, who), undefined);
          if ([401, 403].includes(own.status)) problems.push(`${who.login} GET ${await fill(r, who)} (đơn vị mình): bị từ chối ${own.status}`);
        }
      }
      assert.ok(checked > 0, 'không có tuyến nào giới hạn theo đơn vị');
      // A body naming another unit, and a body naming none.
      const other = await call(client, 'POST', '/api/v1/commitments', { unit_code: OTHER_UNIT });
      if (other.status !== 403) problems.push(`POST /api/v1/commitments unit_code ${OTHER_UNIT}: mong đợi 403, nhận ${other.status}`);
      const none = await call(client, 'POST', '/api/v1/commitments', {});
      if (none.status !== 403) problems.push(`POST /api/v1/commitments không có unit_code: mong đợi 403, nhận ${none.status}`);
      failIf(problems, 'phạm vi đơn vị');
      return `${checked} tuyến theo đơn vị`;
    },
  },
  {
    name: 'mọi trang mở được trong trình duyệt bởi mọi vai trò được phép (không lỗi JS/CSP/API), có ảnh chụp',
    fn: async () => {
      const all = await routes();
      const problems = [];
      let shots = 0;
      for (const role of ROLES) {
        const who = env().userOf(role);
        const ctx = await contextAs(who.login);
        const page = await ctx.newPage();
        const w = watch(page);
        const pages = all.filter(r => r.page && !r.public && r.roles.includes(role));
        for (const r of pages) {
          const path = await fill(r, who);
          const before = w.problems().length;
          let resp;
          try {
            resp = await goto(page, path);
          } catch (e) {
            problems.push(`${role} ${path}: không tải xong: ${e.message.split('\n')[0]}`);
            continue;
          }
          if (!resp || resp.status() !== 200) problems.push(`${role} ${path}: trạng thái ${resp && resp.status()}`);
          if (new URL(page.url()).pathname !== path) problems.push(`${role} ${path}: chuyển sang ${page.url()}`);
          const err = page.locator('#content .notice.error');
          if (await err.count()) problems.push(`${role} ${path}: trang báo lỗi: ${(await err.first().innerText()).trim().slice(0, 200)}`);
          for (const p of w.problems().slice(before)) problems.push(`${role} ${path}: ${p}`);
          await screenshot(page, `trang/${role}${path.replace(/\//g, '_')}`);
          shots++;
        }
        // The role's refusal page, once: an admin page for the others, a focal page for the admin.
        const denied = all.find(r => r.page && !r.public && !r.roles.includes(role) && !r.pattern.includes('{'));
        if (denied) {
          const resp = await goto(page, denied.pattern);
          if (resp.status() !== 403) problems.push(`${role} ${denied.pattern}: mong đợi 403, nhận ${resp.status()}`);
          const text = await page.locator('#content').innerText();
          if (!/không được dùng chức năng này/.test(text)) problems.push(`${role} ${denied.pattern}: trang từ chối không nói rõ: ${text.slice(0, 120)}`);
          await screenshot(page, `trang/${role}-bi-tu-choi${denied.pattern.replace(/\//g, '_')}`);
        }
      }
      assert.ok(shots > 0);
      failIf(problems, 'trang');
      return `${shots} trang`;
    },
  },
];
