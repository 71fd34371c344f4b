// Journeys of a unit's focal point (Đầu mối đơn vị): the form typed on the web with inline
// checks, the Excel/CSV upload checked before anything is saved, submitting, the return
// reason, the unit scope, and the security commitment with its signed PDF scan.
import { createHash } from 'node:crypto';
import { assert, apiAs, pageAs, goto, screenshot, watch, expectStatus } from './harness.mjs';

// Own server: these journeys submit Hòn Đất's draft and add commitments.
export const fresh = true;

const HONDA = '000.00.34.H33';   // UBND huyện Hòn Đất: draft form in campaign 1
const NOIVU = '000.00.20.H33';   // Sở Nội vụ: returned form in campaign 1
const FORM = `/api/v1/campaigns/1/registrations/${HONDA}`;

const HEADER = 'TT,Họ tên,Tài khoản đăng nhập,SĐT,Mã cơ quan,Tên cơ quan,Vai trò trách nhiệm,Số lần truy vấn trong ngày,Mục đích sử dụng\n';
const BAD_CSV = HEADER +
  '1,Nguyễn Văn Một,motnguyen.honda,0919674667,000.02.34.H33,,Cán bộ một cửa,50 x 3,XMCD-03\n' +
  '2,Trần Thị Hai,hai,0919674668,000.02.34.H33,,Cán bộ một cửa,50 x 3,XMCD-03\n' +
  '3,Lê Văn Ba,balevan.honda,12345,000.00.08.H33,,Trưởng phòng,50 x,XMCD-03\n';
const GOOD_CSV = HEADER +
  '1,Nguyễn Văn Một,motnguyen.honda,0919674667,000.02.34.H33,,Cán bộ một cửa,50 x 3,XMCD-03\n' +
  '2,Trần Thị Hai,haitran.honda,0919674668,000.23.34.H33,UBND xã Bình Sơn,Công chức,20,XMCD-03; XMCD-04\n';

// The smallest PDF a reader opens: catalog, empty page tree, trailer.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n' +
  '2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

async function form(api, path = FORM) {
  const r = await expectStatus(await api.get(path), 200);
  return r.json();
}

const lastRow = page => page.locator('table.unit-edit tbody tr').last();

export const tests = [
  {
    name: 'phiếu nháp: ô sai báo ngay khi gõ, lỗi của máy chủ hiện đúng ô, sửa rồi lưu được',
    fn: async () => {
      const api = await apiAs('daumoi.honda');
      const before = await form(api);
      assert.equal(before.status, 'draft');
      const page = await pageAs('daumoi.honda', '/don-vi');
      const w = watch(page);
      await page.getByText('Phiếu đang là bản nháp').waitFor();
      assert.equal(await page.locator('#unit-campaign').inputValue(), '1');
      await screenshot(page, 'don-vi/phieu-nhap');

      await page.getByRole('button', { name: '+ Thêm dòng' }).click();
      const row = lastRow(page);
      await row.locator('input.cell-full_name').fill('Phạm Thị Thu');
      await row.locator('input.cell-login').fill('thu pham');
      await row.locator('input.cell-phone').fill('01234');
      await row.locator('select.cell-agency_code').selectOption('000.02.34.H33');
      await row.locator('input.cell-role').fill('Cán bộ một cửa');
      await row.locator('input.cell-dossiers_per_day').fill('30');
      await row.locator('input.cell-queries_per_dossier').fill('3');
      await row.locator('.unit-chip', { hasText: '03' }).locator('input').check();
      // Inline, before any save: the server's validators answer as the user types.
      await row.locator('.cell-msg', { hasText: 'dấu cách' }).waitFor();
      await row.locator('.cell-msg', { hasText: 'Số điện thoại' }).waitFor();
      assert.equal(await row.locator('input.cell-phone').getAttribute('aria-invalid'), 'true');
      await screenshot(page, 'don-vi/loi-khi-go');

      // A login another unit registered in the campaign: only the server knows.
      await row.locator('input.cell-login').fill('sonngo1.sonoi');
      await row.locator('input.cell-phone').fill('0919 111 222');
      await page.waitForFunction(() => !document.querySelector('table.unit-edit tr:last-child input.invalid'));
      await page.getByRole('button', { name: 'Lưu nháp' }).click();
      await row.locator('.cell-msg', { hasText: 'đã được đơn vị' }).waitFor();
      assert.equal(await row.locator('input.cell-login').inputValue(), 'sonngo1.sonoi', 'what was typed stays');
      assert.equal((await form(api)).accounts.length, before.accounts.length, 'nothing saved');
      await screenshot(page, 'don-vi/loi-may-chu');

      await row.locator('input.cell-login').fill('thupham.honda');
      await page.getByRole('button', { name: 'Lưu nháp' }).click();
      await page.locator('.unit-flash', { hasText: 'Đã lưu phiếu' }).waitFor();
      const after = await form(api);
      assert.equal(after.accounts.length, before.accounts.length + 1);
      const added = after.accounts.find(a => a.login === 'thupham.honda');
      assert.ok(added, 'the new row is saved');
      assert.equal(added.phone, '0919111222');
      assert.equal(added.daily_quota, 90);
      assert.deepEqual(w.problems(), []);
    },
  },
  {
    // issue 11 item 2: the official's CCCD, optional, checked as the server checks it.
    name: 'số CCCD của cán bộ: sai hoặc trùng báo ngay như máy chủ, đúng thì lưu',
    fn: async () => {
      const api = await apiAs('daumoi.honda');
      const before = await form(api);
      assert.ok(before.accounts.length >= 2);
      assert.match(before.accounts[0].official_id, /^091\d{9}$/, 'demo officials have a Kiên Giang CCCD');
      const page = await pageAs('daumoi.honda', '/don-vi');
      const w = watch(page);
      await page.getByText('Phiếu đang là bản nháp').waitFor();
      const second = page.locator('table.unit-edit tbody tr').nth(1);
      const cell = second.locator('input.cell-official_id');
      assert.equal(await cell.inputValue(), before.accounts[1].official_id);

      await cell.fill('003085001111');
      const expected = await (await expectStatus(await api.get('/api/v1/validate/cccd?value=003085001111'), 200)).json();
      assert.equal(expected.valid, false);
      await second.locator('.cell-msg', { hasText: expected.message }).waitFor();
      assert.equal(await cell.getAttribute('aria-invalid'), 'true');

      await cell.fill(before.accounts[0].official_id);
      await second.locator('.cell-msg', { hasText: 'đã ghi cho tài khoản khác ở dòng 1' }).waitFor();
      await screenshot(page, 'don-vi/cccd-trung');

      await cell.fill('091 190 000 001');
      await page.waitForFunction(() => !document.querySelector('table.unit-edit input.invalid'));
      await page.getByRole('button', { name: 'Lưu nháp' }).click();
      await page.locator('.unit-flash', { hasText: 'Đã lưu phiếu' }).waitFor();
      const after = await form(api);
      const saved = after.accounts.find(a => a.login === before.accounts[1].login);
      assert.equal(saved.official_id, '091190000001');
      assert.deepEqual(w.problems(), []);
    },
  },
  {
    name: 'tải tệp có lỗi: lỗi từng dòng hiện ra và không ghi gì; tệp đúng thì xem trước rồi ghi',
    fn: async () => {
      const api = await apiAs('daumoi.honda');
      const before = (await form(api)).accounts.map(a => a.login);
      const page = await pageAs('daumoi.honda', '/don-vi');
      const w = watch(page);
      await page.getByRole('tab', { name: 'Tải tệp Excel/CSV' }).click();
      await page.setInputFiles('#unit-file', { name: 'phieu-loi.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD_CSV) });
      await page.getByText('chưa ghi dòng nào').waitFor();
      const errors = page.locator('.unit-upload-result table.data tbody tr');
      assert.ok(await errors.count() >= 4, 'one line per rejected cell');
      await page.locator('.unit-upload-result td', { hasText: 'Tài khoản đăng nhập' }).first().waitFor();
      await page.locator('.unit-upload-result td', { hasText: 'không thuộc đơn vị' }).first().waitFor();
      await screenshot(page, 'don-vi/tai-tep-loi');
      await goto(page, '/don-vi');
      assert.deepEqual((await form(api)).accounts.map(a => a.login), before, 'nothing was saved');

      await page.getByRole('tab', { name: 'Tải tệp Excel/CSV' }).click();
      await page.setInputFiles('#unit-file', { name: 'phieu-dung.csv', mimeType: 'text/csv', buffer: Buffer.from(GOOD_CSV) });
      await page.getByText('Tệp hợp lệ: 2 tài khoản').waitFor();
      assert.equal((await form(api)).accounts.length, before.length, 'a dry run writes nothing');
      await screenshot(page, 'don-vi/tai-tep-xem-truoc');
      await page.getByRole('button', { name: 'Ghi vào phiếu' }).click();
      await page.locator('.unit-flash', { hasText: 'Đã ghi 2 tài khoản' }).waitFor();
      assert.deepEqual((await form(api)).accounts.map(a => a.login), ['motnguyen.honda', 'haitran.honda']);
      assert.deepEqual(w.problems(), []);
    },
  },
  {
    name: 'điền thông tin chung và nộp phiếu: danh sách khóa lại, hiện trạng thái chờ duyệt',
    fn: async () => {
      const page = await pageAs('daumoi.honda', '/don-vi');
      const w = watch(page);
      await page.getByLabel('Đầu mối liên hệ: họ tên').fill('Lê Thị Hồng Nhung');
      await page.getByLabel('Số điện thoại').first().fill('0911222333');
      await page.getByLabel('Email').fill('motcua@hondat.example.gov.vn');
      await page.getByRole('button', { name: 'Nộp phiếu', exact: true }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('Phiếu có 2 tài khoản').waitFor();
      await dialog.getByRole('button', { name: 'Nộp phiếu' }).click();
      await page.locator('.unit-flash', { hasText: 'Đã nộp phiếu.' }).waitFor();
      await page.getByText('Danh sách đang khóa').waitFor();
      assert.equal(await page.locator('table.unit-edit').count(), 0, 'no editor once submitted');
      await screenshot(page, 'don-vi/da-nop');
      const api = await apiAs('daumoi.honda');
      const f = await form(api);
      assert.equal(f.status, 'submitted');
      assert.equal(f.contact.name, 'Lê Thị Hồng Nhung');
      assert.equal(f.contact.email, 'motcua@hondat.example.gov.vn');
      const locked = await api.fetch(`${FORM}/accounts`, { method: 'PUT', data: { rows: [] } });
      await expectStatus(locked, 409, 'sửa phiếu đã nộp');
      assert.deepEqual(w.problems(), []);
    },
  },
  {
    name: 'phiếu bị trả lại: đầu mối Sở Nội vụ thấy lý do và việc cần làm',
    fn: async () => {
      const api = await apiAs('daumoi.noivu');
      const f = await form(api, `/api/v1/campaigns/1/registrations/${NOIVU}`);
      assert.equal(f.status, 'returned');
      assert.ok(f.return_reason);
      const page = await pageAs('daumoi.noivu', '/don-vi');
      const w = watch(page);
      const box = page.locator('.unit-returned');
      await box.getByText(f.return_reason).waitFor();
      await box.getByText('Việc cần làm').waitFor();
      await page.locator('table.unit-edit').waitFor();  // a returned form can be edited
      await screenshot(page, 'don-vi/bi-tra-lai');
      assert.deepEqual(w.problems(), []);
    },
  },
  {
    name: 'đầu mối không mở được phiếu, bản cam kết của đơn vị khác (403)',
    fn: async () => {
      const api = await apiAs('daumoi.honda');
      await expectStatus(await api.get(`/api/v1/campaigns/1/registrations/${NOIVU}`), 403);
      await expectStatus(await api.get(`/api/v1/units/${NOIVU}/overview`), 403);
      await expectStatus(await api.get(`/api/v1/units/${NOIVU}/commitments`), 403);
      await expectStatus(await api.fetch(`/api/v1/campaigns/1/registrations/${NOIVU}/accounts`,
        { method: 'PUT', data: { rows: [] } }), 403);
      await expectStatus(await api.get(`/api/v1/units/${HONDA}/overview`), 200);
    },
  },
  {
    name: 'bản cam kết: số CCCD kiểm tra khi gõ, lập, tải tệp Word, tải lên bản ký PDF',
    fn: async () => {
      const page = await pageAs('daumoi.honda', '/don-vi/cam-ket');
      const w = watch(page);
      await page.getByText('chưa có bản cam kết còn hiệu lực').waitFor();
      await screenshot(page, 'don-vi/cam-ket-trong');
      const id = page.getByLabel('Số CCCD (12 số) hoặc CMND (9 số)');
      await id.fill('09108000123');  // 11 digits: Excel dropped the leading 0
      await page.getByText('có 11 chữ số').waitFor();
      assert.equal(await id.getAttribute('aria-invalid'), 'true');
      await id.fill('091080001234');
      await page.waitForFunction(() => document.querySelector('[name=id_number]').getAttribute('aria-invalid') === 'false');
      await page.getByLabel('Họ tên người đại diện').fill('Trần Minh Khoa');
      await page.getByLabel('Chức vụ').fill('Chủ tịch UBND huyện');
      await page.getByLabel('Ngày cấp').fill('2021-05-10');
      await page.getByLabel('Nơi cấp').fill('Cục Cảnh sát QLHC về TTXH');
      await page.getByLabel('Số điện thoại').fill('0297 3862 123');
      await page.getByLabel('Nơi ký').fill('Hòn Đất');
      await page.getByRole('button', { name: 'Lập bản cam kết' }).click();
      await page.getByText(/Đã lập bản cam kết số \d+/).waitFor();
      await screenshot(page, 'don-vi/cam-ket-da-lap');

      const [docx] = await Promise.all([page.waitForEvent('download'),
        page.getByRole('link', { name: /Tệp Word để ký/ }).first().click()]);
      const bytes = await (await docx.createReadStream()).toArray().then(Buffer.concat);
      assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'a DOCX is a zip');
      assert.match(docx.suggestedFilename(), /^ban-cam-ket-\d+\.docx$/);

      let chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: /Tải lên bản ký/ }).first().click();
      await (await chooser).setFiles({ name: 'ban-ky.pdf', mimeType: 'application/pdf', buffer: Buffer.from('không phải PDF') });
      await page.getByText('Bản scan phải là tệp PDF').waitFor();

      chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: /Tải lên bản ký/ }).first().click();
      await (await chooser).setFiles({ name: 'ban-ky.pdf', mimeType: 'application/pdf', buffer: PDF });
      const sha = createHash('sha256').update(PDF).digest('hex');
      await page.locator('code.unit-sha', { hasText: sha }).waitFor();
      await page.getByText('Còn hiệu lực', { exact: true }).first().waitFor();
      await screenshot(page, 'don-vi/cam-ket-co-ban-ky');

      const api = await apiAs('daumoi.honda');
      const list = await (await expectStatus(await api.get(`/api/v1/units/${HONDA}/commitments`), 200)).json();
      assert.equal(list.items[0].scan.sha256, sha);
      assert.ok(list.items[0].valid_today);
      assert.ok(list.items[0].scan.uploaded_at);
      await goto(page, '/don-vi');
      await page.locator('.unit-checklist li.done', { hasText: 'Bản cam kết đã có bản ký' }).waitFor();
      assert.deepEqual(w.problems(), []);
    },
  },
];
