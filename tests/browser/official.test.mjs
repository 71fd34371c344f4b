// The official's journeys (Cán bộ khai thác): look a citizen up by CCCD and see only what the
// purpose allows, the quota going down by one; spend the day's quota and see the page say when
// it comes back; the history lists the official's own queries with masked identifiers and
// nobody else's; the admin's and auditor's pages and APIs stay closed.
//
// Own environment: the quota is spent for real (one lookup at a time through the page's
// session, as the official would), which must not leak into other files' tests.
import { assert, env, pageAs, apiAs, anon, goto, screenshot, watch, dancuJson, expectStatus } from './harness.mjs';

export const fresh = true;

const DOSSIER = '000.00.16.H33-241127-0001';

function official() { return env().userOf('official'); }

// Another active account of the official's unit (Sở TT&TT) with purpose XMCD-04.
async function otherAccount() {
  const form = await dancuJson('registration', 'show', '--campaign', '1', '--unit', '000.00.16.H33');
  const me = official().account.toLowerCase();
  const other = form.accounts.find(a => a.status === 'active' && a.login.toLowerCase() !== me &&
    a.purposes.some(p => p.code === 'XMCD-04'));
  assert.ok(other, 'another active account of Sở TT&TT');
  return other;
}

// A few citizens of the demo population: { cccd, cmnd, full_name, birth }.
let people = null;
async function citizens() {
  if (!people) people = await dancuJson('population', 'sample', '--n', '5', '--seed', '11');
  assert.ok(people.length >= 3, 'population sample is empty');
  return people;
}

// "Còn 37/50 lượt hôm nay" → { left, limit }.
async function quotaShown(page) {
  const text = await page.locator('.off-quota-value').innerText();
  const m = /Còn (\d+)\/(\d+) lượt hôm nay/.exec(text);
  assert.ok(m, `quota text: ${text}`);
  return { left: Number(m[1]), limit: Number(m[2]) };
}

async function submitLookup(page) {
  const [resp] = await Promise.all([
    page.waitForResponse(r => r.url().endsWith('/api/v1/me/lookups') && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Tra cứu', exact: true }).click(),
  ]);
  return resp;
}

function tomorrowVi() {
  const d = new Date(Date.now() + 7 * 3600e3);
  d.setUTCDate(d.getUTCDate() + 1);
  const iso = d.toISOString().slice(0, 10);
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

export const tests = [
  {
    name: 'tra cứu theo CCCD: thông tin tối thiểu theo mục đích, hạn mức giảm 1, ô tìm kiếm xóa còn mục đích và hồ sơ giữ',
    fn: async () => {
      const who = (await citizens()).find(c => c.cccd);
      const page = await pageAs(official().login, '/tra-cuu');
      const w = watch(page);
      await screenshot(page, 'can-bo/tra-cuu');
      const before = await quotaShown(page);
      assert.ok(before.left > 0, 'the demo official has quota left');

      // Inline validation while typing: a letter in the CCCD is reported before any query.
      const cccd = page.getByLabel('Số CCCD (số định danh cá nhân)');
      await cccd.fill('09119208160a');
      await page.locator('#way-cccd .field-msg').filter({ hasText: /chữ số/ }).waitFor();
      assert.equal(await cccd.getAttribute('aria-invalid'), 'true');
      await screenshot(page, 'can-bo/tra-cuu-cccd-sai');

      await cccd.fill(who.cccd);
      await page.getByLabel('Số hồ sơ').fill(DOSSIER);
      const resp = await submitLookup(page);
      assert.equal(resp.status(), 200, await resp.text());
      const card = page.locator('.off-citizen');
      await card.waitFor();
      const text = await card.innerText();
      assert.ok(text.includes(who.full_name), `name in the answer: ${text}`);
      assert.ok(text.includes(who.cccd));
      for (const label of ['Số định danh', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Thường trú']) {
        assert.ok(text.includes(label), `field ${label} shown`);
      }
      // XMCD-04 (the demo official's purpose) does not receive religion or blood group.
      for (const label of ['Tôn giáo', 'Nhóm máu', 'Tình trạng hôn nhân']) {
        assert.ok(!text.includes(label), `field ${label} must be minimised away`);
      }
      const after = await quotaShown(page);
      assert.deepEqual(after, { left: before.left - 1, limit: before.limit });
      assert.equal(await cccd.inputValue(), '', 'the search key clears after a success');
      assert.equal(await page.getByLabel('Số hồ sơ').inputValue(), DOSSIER, 'the dossier stays');
      assert.notEqual(await page.getByLabel('Mục đích tra cứu').inputValue(), '', 'the purpose stays');
      await screenshot(page, 'can-bo/tra-cuu-ket-qua');

      // A missing dossier is refused before the gateway, on its field, and costs nothing.
      await page.getByLabel('Số hồ sơ').fill('');
      await cccd.fill(who.cccd);
      const bad = await submitLookup(page);
      assert.equal(bad.status(), 400);
      assert.equal(await page.getByLabel('Số hồ sơ').getAttribute('aria-invalid'), 'true');
      assert.equal(await cccd.inputValue(), who.cccd, 'the form keeps what was typed after an error');
      assert.deepEqual(await quotaShown(page), after);
      assert.deepEqual(w.problems(), []);
    },
  },
  {
    name: 'hết hạn mức: tra cứu đến khi bị từ chối (429), trang báo hạn mức tính lại từ ngày mai',
    fn: async () => {
      const who = (await citizens()).find(c => c.cccd);
      const page = await pageAs(official().login, '/tra-cuu');
      const w = watch(page);
      const before = await quotaShown(page);
      // Lookups one after another in the page's own session, as the official would make them.
      const spent = await page.evaluate(async ({ cccd, max }) => {
        const s = await (await fetch('/api/v1/session')).json();
        const statuses = [];
        let last = null;
        for (let i = 0; i < max; i++) {
          const r = await fetch('/api/v1/me/lookups', { method: 'POST',
            headers: { 'X-CSRF-Token': s.csrf, 'Content-Type': 'application/json' },
            body: JSON.stringify({ cccd, purpose: 'XMCD-04', dossier: `HS-HET-${i}` }) });
          statuses.push(r.status);
          last = await r.json();
          if (r.status === 429) break;
        }
        return { statuses, last };
      }, { cccd: who.cccd, max: before.limit + 5 });
      const ok = spent.statuses.filter(s => s === 200).length;
      assert.equal(ok, before.left, `allowed lookups until the quota was spent: ${spent.statuses.join(',')}`);
      assert.equal(spent.statuses.at(-1), 429);
      assert.equal(spent.last.error.reason, 'quota_exhausted');
      assert.deepEqual(spent.last.quota, { used: before.limit, limit: before.limit });

      // The page still believes one is left: the form is tried, the gateway refuses.
      await page.getByLabel('Số CCCD (số định danh cá nhân)').fill(who.cccd);
      await page.getByLabel('Số hồ sơ').fill('HS-SAU-KHI-HET');
      const resp = await submitLookup(page);
      assert.equal(resp.status(), 429);
      const msg = page.locator('.off-form .notice.error', { hasText: 'Bạn đã dùng hết hạn mức tra cứu hôm nay' });
      await msg.waitFor();
      assert.ok((await msg.innerText()).includes(`0 giờ ngày ${tomorrowVi()}`), await msg.innerText());
      assert.deepEqual(await quotaShown(page), { left: 0, limit: before.limit });
      assert.ok(await page.getByRole('button', { name: 'Tra cứu', exact: true }).isDisabled());
      await screenshot(page, 'can-bo/tra-cuu-het-han-muc');

      // Opened again, the page says it at once.
      await goto(page, '/tra-cuu');
      await page.locator('.off-form .notice.error', { hasText: 'Bạn đã dùng hết hạn mức' }).waitFor();
      assert.ok(await page.getByRole('button', { name: 'Tra cứu', exact: true }).isDisabled());
      assert.deepEqual(w.problems(), []);
    },
  },
  {
    name: 'lịch sử tra cứu: chỉ các lượt của mình, số định danh đã che, lọc theo ngày',
    fn: async () => {
      const who = (await citizens()).find(c => c.cccd);
      const me = official();
      // Another account of the same unit queries through the one-stop system (API key).
      const other = await otherAccount();
      const gw = await anon();
      const r = await gw.post('/api/v1/lookups', { headers: { 'X-API-Key': env().apiKey },
        data: { account: other.login, purpose: 'XMCD-04', dossier: 'HS-CUA-NGUOI-KHAC', cccd: who.cccd } });
      await expectStatus(r, 200, 'lookup by another account');

      const api = await apiAs(me.login);
      const mine = await (await expectStatus(await api.get('/api/v1/me/lookups?limit=100'), 200)).json();
      assert.ok(mine.total >= 3, `own history: ${mine.total}`);
      for (const item of mine.items) {
        assert.notEqual(item.dossier, 'HS-CUA-NGUOI-KHAC', 'another account\'s query in my history');
        if (item.subject_kind === 'cccd') assert.match(item.subject, /^\d{4}\*{6}\d{2}$/);
      }
      assert.ok(mine.items.some(i => i.outcome === 'refused' && i.reason_code === 'quota_exhausted'));

      const page = await pageAs(me.login, '/tra-cuu/lich-su');
      const w = watch(page);
      await page.locator('table.data tbody tr').first().waitFor();
      const body = await page.locator('#content').innerText();
      assert.ok(!body.includes(who.cccd), 'a plain identifier on the history page');
      assert.ok(!body.includes('HS-CUA-NGUOI-KHAC'));
      assert.ok(body.includes(`${mine.total} lượt tra cứu`), 'the total is shown');
      assert.ok(body.includes(`${who.cccd.slice(0, 4)}******${who.cccd.slice(-2)}`), 'masked identifier shown');
      assert.ok(body.includes('HS-SAU-KHI-HET'), 'the newest query first');
      await screenshot(page, 'can-bo/lich-su');

      // Date filter: today keeps everything, a day without queries shows none, a wrong day is marked.
      await page.getByRole('button', { name: 'Hôm nay' }).click();
      await page.locator('.pager-info', { hasText: `/ ${mine.total} dòng` }).waitFor();
      await page.getByLabel('Từ ngày').fill('01/01/2021');
      await page.getByLabel('Đến ngày').fill('02/01/2021');
      await page.getByRole('button', { name: 'Lọc' }).click();
      await page.locator('td.empty', { hasText: 'Chưa có lượt tra cứu nào' }).waitFor();
      await page.getByLabel('Từ ngày').fill('31/02/2024');
      await page.getByRole('button', { name: 'Lọc' }).click();
      assert.equal(await page.getByLabel('Từ ngày').getAttribute('aria-invalid'), 'true');
      await screenshot(page, 'can-bo/lich-su-loc');
      assert.deepEqual(w.problems(), []);
    },
  },
  {
    name: 'cán bộ không vào được trang quản trị, giám sát và API nhật ký; tài khoản luôn lấy từ phiên',
    fn: async () => {
      const me = official();
      const page = await pageAs(me.login, '/tra-cuu');
      for (const path of ['/quan-tri', '/quan-tri/tai-khoan', '/giam-sat']) {
        const resp = await goto(page, path);
        assert.equal(resp.status(), 403, path);
        await page.locator('#content .notice.error').waitFor();
      }
      await screenshot(page, 'can-bo/quan-tri-bi-tu-choi');
      const api = await apiAs(me.login);
      for (const path of ['/api/v1/audit/records', '/api/v1/audit/export.csv', '/api/v1/audit/usage', '/api/v1/users',
        '/api/v1/campaigns/1/registrations']) {
        await expectStatus(await api.get(path), 403, path);
      }
      await expectStatus(await api.post('/api/v1/audit/verify', { data: {} }), 403, 'POST /api/v1/audit/verify');
      // Nobody without a session.
      await expectStatus(await (await anon()).get('/api/v1/me/lookups'), 401);
      // An "account" in the body is ignored: the query is the session's account's (quota spent: 429, own quota).
      const who = (await citizens()).find(c => c.cccd);
      const r = await api.post('/api/v1/me/lookups', { data: { account: (await otherAccount()).login, cccd: who.cccd,
        purpose: 'XMCD-04', dossier: 'HS-TAI-KHOAN-KHAC' } });
      const body = await r.json();
      assert.equal(r.status(), 429, JSON.stringify(body));
      const last = (await (await api.get('/api/v1/me/lookups?limit=1')).json()).items[0];
      assert.equal(last.dossier, 'HS-TAI-KHOAN-KHAC', 'recorded under the session\'s own account');
    },
  },
];
