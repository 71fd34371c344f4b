// Uploading the unit's form as an Excel/CSV file: the file is checked first (dry run) and
// its row-by-row errors or a preview are shown; only "Ghi vào phiếu" writes it.
import { api, h, clear, notice, dataTable, busy, showError, fmtNumber } from './ui.js';
import { regUrl, textDownload } from './unit-common.js';

const TEMPLATE_HEADER = ['TT', 'Họ tên', 'Tài khoản đăng nhập', 'SĐT', 'Mã cơ quan', 'Tên cơ quan',
  'Vai trò trách nhiệm', 'Số lần truy vấn trong ngày', 'Mục đích sử dụng', 'Số CCCD/định danh của cán bộ'];

function csvLine(cells) {
  return cells.map(c => '"' + String(c).replace(/"/g, '""') + '"').join(',') + '\r\n';
}

function templateCsv(unit, unitName) {
  return csvLine([`Đơn vị đăng ký: ${unitName}`]) +
    csvLine(['Họ tên: ']) + csvLine(['Số điện thoại: ']) + csvLine(['Email: ']) + '\r\n' +
    csvLine(TEMPLATE_HEADER) +
    csvLine(['1', 'Nguyễn Văn A', 'nguyenvana.donvi', '0919674667', unit, unitName, 'Cán bộ một cửa', '50 x 3', 'XMCD-03; XMCD-04', '']);
}

const accountColumns = [
  { key: 'row', title: 'Dòng tệp', class: 'num' },
  { key: 'full_name', title: 'Họ tên' },
  { key: 'login', title: 'Tài khoản' },
  { key: 'phone', title: 'SĐT' },
  { key: 'official_id', title: 'Số CCCD', render: r => r.official_id || '—' },
  { key: 'agency_name', title: 'Cơ quan' },
  { key: 'role', title: 'Vai trò' },
  { key: 'daily_quota', title: 'Lượt/ngày', class: 'num', value: r => r.daily_quota,
    render: r => `${r.dossiers_per_day} × ${r.queries_per_dossier} = ${fmtNumber(r.daily_quota)}` },
  { key: 'purposes', title: 'Mục đích', value: r => (r.purposes || []).map(p => p.code).join(', '),
    render: r => h('span', { title: (r.purposes || []).map(p => `${p.code}: ${p.text}`).join('\n') },
      (r.purposes || []).map(p => p.code).join(', ')) },
];

const errorColumns = [
  { key: 'row', title: 'Dòng', class: 'num', value: d => d.row || 0, render: d => d.row || '—' },
  { key: 'column', title: 'Cột' },
  { key: 'message', title: 'Lỗi và cách sửa' },
];

// opts: {campaign, unit, unitName, current (accounts now in the form), dirty() → bool,
//        onWritten(outcome, file)}
export function uploadPanel(opts) {
  const result = h('div', { class: 'unit-upload-result', 'aria-live': 'polite' });
  const input = h('input', { type: 'file', id: 'unit-file', accept: '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv' });
  const again = h('button', { type: 'button', class: 'btn', disabled: true }, 'Kiểm tra lại');
  let file = null;

  async function dryRun() {
    if (!file) return;
    clear(result, notice('info', `Đang kiểm tra tệp “${file.name}”…`));
    const url = regUrl(opts.campaign.id, opts.unit, `/import?dry_run=1&filename=${encodeURIComponent(file.name)}`);
    let out;
    try {
      out = await api('POST', url, file);
    } catch (e) {
      drawErrors(e);
      return;
    }
    drawPreview(out);
  }

  function drawErrors(e) {
    if (!e.details || !e.details.length) {
      clear(result, notice('error', h('strong', {}, 'Không đọc được tệp: '), e.message,
        h('p', {}, 'Hãy lưu tệp dạng .xlsx hoặc “CSV UTF-8”, giữ dòng tiêu đề của mẫu phiếu, rồi chọn lại.')));
      return;
    }
    const rows = [...new Set(e.details.map(d => d.row).filter(Boolean))].length;
    clear(result,
      notice('error', h('strong', {}, e.message),
        h('p', {}, `Lỗi nằm ở ${rows} dòng của tệp. Chưa có gì được ghi vào phiếu: hãy sửa các ô dưới đây trong tệp, lưu lại, rồi bấm “Kiểm tra lại” (hoặc chọn lại tệp).`)),
      dataTable(errorColumns, e.details, { pageSize: 15, sortKey: 'row', placeholder: 'Tìm trong danh sách lỗi…',
        empty: 'Không có lỗi.' }));
  }

  function drawPreview(out) {
    const n = out.accounts.length;
    const write = h('button', { type: 'button', class: 'btn primary' }, 'Ghi vào phiếu');
    const box = h('div');
    write.addEventListener('click', () => busy(write, box, async () => {
      const url = regUrl(opts.campaign.id, opts.unit, `/import?filename=${encodeURIComponent(file.name)}`);
      const done = await api('POST', url, file);
      opts.onWritten(done, file);
    }));
    const replaced = opts.current > 0
      ? `Ghi vào phiếu sẽ thay toàn bộ ${fmtNumber(opts.current)} tài khoản đang có trong phiếu bằng ${fmtNumber(n)} tài khoản của tệp.`
      : `Ghi vào phiếu sẽ lưu ${fmtNumber(n)} tài khoản của tệp thành bản nháp của phiếu.`;
    clear(result,
      notice('ok', h('strong', {}, `Tệp hợp lệ: ${fmtNumber(n)} tài khoản, không có lỗi.`),
        ` Chưa ghi gì — xem lại danh sách dưới đây rồi bấm “Ghi vào phiếu”.`),
      out.notes && out.notes.length ? notice('info', h('strong', {}, 'Đã tự sửa khi đọc tệp:'),
        h('ul', {}, out.notes.map(t => h('li', {}, t)))) : null,
      dataTable(accountColumns, out.accounts, { pageSize: 10, placeholder: 'Tìm trong tệp (gõ không dấu cũng được)…' }),
      notice('warn', replaced, ' Thông tin đầu mối liên hệ và tên hệ thống cũng lấy theo tệp (để trống nếu tệp không ghi); kiểm tra lại ở mục “Thông tin chung” sau khi ghi.',
        opts.dirty() ? ' Những thay đổi chưa lưu trong bảng nhập trực tiếp sẽ bị bỏ.' : ''),
      box,
      h('div', { class: 'actions' }, write,
        h('button', { type: 'button', class: 'btn', onclick: () => { input.value = ''; file = null; again.disabled = true; clear(result); } }, 'Bỏ tệp này')));
  }

  input.addEventListener('change', () => {
    file = input.files && input.files[0];
    again.disabled = !file;
    if (!file) { clear(result); return; }
    if (!/\.(xlsx|csv)$/i.test(file.name)) {
      clear(result, notice('error', `Tệp “${file.name}” không phải .xlsx hoặc .csv. Hãy chọn tệp Excel (.xlsx) hoặc CSV theo mẫu phiếu. Tệp .xls cũ: mở bằng Excel và “Lưu thành” .xlsx.`));
      return;
    }
    dryRun().catch(e => showError(result, e));
  });
  again.addEventListener('click', () => { file = input.files && input.files[0]; dryRun().catch(e => showError(result, e)); });

  return h('div', { class: 'unit-upload' },
    h('p', {}, 'Chọn tệp Excel (.xlsx) hoặc CSV điền theo mẫu Phiếu đăng ký. Tệp được ',
      h('strong', {}, 'kiểm tra trước'), ': lỗi từng dòng hiện ra ở đây và chưa có gì được ghi cho tới khi bạn bấm “Ghi vào phiếu”.'),
    h('p', { class: 'hint' }, 'Cột cần có: ', TEMPLATE_HEADER.join(', '),
      '. Số lần truy vấn ghi “50 x 3” (hồ sơ/ngày × truy vấn/hồ sơ) hoặc một số; mục đích ghi mã, cách nhau bằng dấu “;”. ',
      'Tệp gõ bằng phông TCVN3 (ABC) hay VNI được tự chuyển sang Unicode.'),
    h('div', { class: 'toolbar unit-file-bar' },
      h('div', { class: 'field' }, h('label', { for: 'unit-file' }, 'Tệp phiếu'), input),
      again,
      textDownload(`mau-phieu-dang-ky-${opts.unit}.csv`, templateCsv(opts.unit, opts.unitName), 'Tải tệp mẫu (CSV)')),
    result);
}
