// Đợt đăng ký: the campaigns with their forms counted by status, and a form to create one
// (name, legal basis, dates, target units by kind or code, completeness rules).
import { api, h, clear, card, dataTable, field, fmtDate, fmtNumber, showError, showOk, markFields, busy } from './ui.js';
import { fieldGroup, checkbox, clearMarks } from './admin-common.js';

const FORM_ORDER = [['submitted', 'chờ duyệt', 'blue'], ['approved', 'đã duyệt', 'green'], ['sent_c06', 'đã gửi C06', 'green'],
  ['active', 'hoạt động', 'green'], ['returned', 'trả lại', 'red'], ['draft', 'nháp', 'grey']];

function formCounts(c) {
  const parts = FORM_ORDER.filter(([s]) => c.forms_by_status[s]).map(([s, label, color]) =>
    h('span', { class: `badge badge-${color}` }, `${c.forms_by_status[s]} ${label}`));
  return parts.length ? h('span', { class: 'admin-badges' }, parts) : h('span', { class: 'muted' }, 'Chưa có phiếu');
}

export default async function render({ content }) {
  const listBox = h('div', { id: 'admin-campaigns' });

  async function loadList() {
    let data;
    try { data = await api('GET', '/api/v1/admin/campaigns'); } catch (e) { clear(listBox); showError(listBox, e); return; }
    const rows = data.items.slice().sort((a, b) => b.id - a.id);
    clear(listBox, dataTable([
      { key: 'name', title: 'Đợt', render: c => [h('strong', {}, c.name), h('span', { class: 'cell-sub' }, `Đợt số ${c.id} · tạo ${fmtDate(c.created_at)}`)] },
      { key: 'basis', title: 'Căn cứ', class: 'admin-wrap' },
      { key: 'open_date', title: 'Ngày mở', render: c => fmtDate(c.open_date) },
      { key: 'deadline', title: 'Hạn chót', render: c => fmtDate(c.deadline) },
      { key: 'targets', title: 'Đơn vị phải đăng ký', class: 'num', render: c => fmtNumber(c.targets) },
      { key: 'forms', title: 'Phiếu theo trạng thái', render: formCounts, value: c => c.forms },
      { key: 'accounts', title: 'Tài khoản', class: 'num', render: c => fmtNumber(c.accounts) },
      { key: 'go', title: '', sort: false, render: c => h('span', { class: 'admin-row-actions' },
        h('a', { class: 'btn small', href: `/quan-tri?dot=${c.id}` }, 'Tổng quan'),
        h('a', { class: 'btn small', href: `/quan-tri/duyet?dot=${c.id}` }, 'Duyệt phiếu')) },
    ], rows, { pageSize: 20, placeholder: 'Tìm tên hoặc căn cứ…', empty: 'Chưa có đợt đăng ký nào.' }));
  }

  const msg = h('div', { id: 'campaign-msg' });
  const name = field({ label: 'Tên đợt', name: 'name', required: true, placeholder: 'Đăng ký khai thác CSDL quốc gia về dân cư năm …' });
  const basis = field({ label: 'Căn cứ', name: 'basis', type: 'textarea', rows: 2, required: true,
    placeholder: 'Kế hoạch số 129/KH-UBND ngày 06/7/2021 của UBND tỉnh …' });
  const open = field({ label: 'Ngày mở đợt', name: 'open_date', type: 'date', hint: 'Để trống: hôm nay.' });
  const deadline = field({ label: 'Hạn chót', name: 'deadline', type: 'date', required: true });
  const kinds = fieldGroup('Đơn vị phải đăng ký', 'target_kinds', h('div', { class: 'checks' },
    checkbox('target_kinds', 'so', 'Sở, ban, ngành', true), checkbox('target_kinds', 'huyen', 'UBND cấp huyện', true),
    checkbox('target_kinds', 'phong', 'Phòng ban cấp huyện', true), checkbox('target_kinds', 'xa', 'UBND cấp xã', true)),
  'Mọi đơn vị thuộc các loại đã chọn còn hiệu lực vào hạn chót.');
  const codes = field({ label: 'Thêm đơn vị theo mã (không bắt buộc)', name: 'target_codes', type: 'textarea', rows: 3,
    placeholder: '000.00.16.H33\n000.00.34.H33', hint: 'Mỗi dòng một mã định danh; dùng khi chỉ một số đơn vị phải đăng ký (bỏ chọn các loại ở trên).' });
  const rules = fieldGroup('Thế nào là đăng ký đầy đủ', 'rules', h('div', { class: 'checks checks-column' },
    checkbox('district_needs_offices', '1', 'Huyện phải đăng ký đủ các phòng ban chuyên môn', true),
    checkbox('district_needs_communes', '1', 'Huyện phải đăng ký đủ các xã', true),
    checkbox('district_needs_self', '1', 'UBND huyện phải có tài khoản của chính mình', false),
    checkbox('needs_commitment', '1', 'Phải có Bản cam kết còn hiệu lực', true)));
  const submit = h('button', { type: 'submit', class: 'btn primary' }, 'Tạo đợt đăng ký');
  const form = h('form', { novalidate: true, id: 'campaign-form', onsubmit: e => {
    e.preventDefault();
    clearMarks(form);
    const checked = n => form.querySelector(`[name="${n}"]`).checked;
    const body = {
      name: name.input.value, basis: basis.input.value, open_date: open.input.value, deadline: deadline.input.value,
      target_kinds: [...form.querySelectorAll('[name="target_kinds"]:checked')].map(x => x.value),
      target_codes: codes.input.value,
      rules: { district_needs_offices: checked('district_needs_offices'), district_needs_communes: checked('district_needs_communes'),
        district_needs_self: checked('district_needs_self'), needs_commitment: checked('needs_commitment') },
    };
    busy(submit, msg, async () => {
      try {
        const c = await api('POST', '/api/v1/admin/campaigns', body);
        form.reset();
        showOk(msg, `Đã tạo đợt số ${c.id} “${c.name}” với ${fmtNumber(c.targets)} đơn vị phải đăng ký, hạn chót ${fmtDate(c.deadline)}.`);
        await loadList();
      } catch (err) { markFields(form, err); throw err; }
    });
  } }, h('div', { class: 'form-grid' }, name, open, deadline), basis, kinds, codes, rules, msg, h('div', { class: 'actions' }, submit));

  clear(content, card('Các đợt đăng ký', listBox), card('Tạo đợt đăng ký mới', form));
  await loadList();
}
