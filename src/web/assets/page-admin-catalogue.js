// Danh mục đơn vị: every unit of the catalogue with its kind, parent, codes and validity;
// filters by kind, district and validity; search without diacritics.
import { h, clear, card, dataTable, fmtDate, fmtNumber, todayIso, showError, notice } from './ui.js';
import { allOrgs, param, setParams, KINDS } from './admin-common.js';

export default async function render({ content }) {
  clear(content, h('p', { class: 'muted' }, 'Đang tải danh mục…'));
  let orgs;
  try { orgs = await allOrgs(); } catch (e) { clear(content); showError(content, e); return; }
  const byCode = new Map(orgs.map(o => [o.code, o]));
  const today = todayIso();
  const valid = o => o.valid_from <= today && (!o.valid_to || o.valid_to >= today);
  // The district a unit belongs to: itself, or its parent UBND huyện.
  const districtOf = o => (o.kind === 'huyen' ? o.code : (byCode.get(o.parent_code) || {}).kind === 'huyen' ? o.parent_code : '');
  const districts = orgs.filter(o => o.kind === 'huyen');

  const kind = h('select', { name: 'loai', 'aria-label': 'Lọc theo loại đơn vị', onchange: () => { setParams({ loai: kind.value }); draw(); } },
    h('option', { value: '' }, 'Mọi loại đơn vị'),
    Object.entries(KINDS).map(([v, t]) => h('option', { value: v, selected: param('loai') === v }, `${t} (${orgs.filter(o => o.kind === v).length})`)));
  const district = h('select', { name: 'huyen', 'aria-label': 'Lọc theo huyện', onchange: () => { setParams({ huyen: district.value }); draw(); } },
    h('option', { value: '' }, 'Mọi huyện'),
    districts.map(d => h('option', { value: d.code, selected: param('huyen') === d.code }, d.short_name || d.name)));
  const validity = h('select', { name: 'hieu_luc', 'aria-label': 'Lọc theo hiệu lực', onchange: () => { setParams({ hl: validity.value }); draw(); } },
    [['', 'Còn và hết hiệu lực'], ['con', 'Còn hiệu lực hôm nay'], ['het', 'Đã hết hiệu lực']].map(([v, t]) =>
      h('option', { value: v, selected: param('hl') === v }, t)));

  const columns = [
    { key: 'code', title: 'Mã định danh', render: o => h('code', { class: 'admin-login' }, o.code) },
    { key: 'name', title: 'Tên đơn vị', render: o => [o.name, o.short_name && o.short_name !== o.name ? h('span', { class: 'cell-sub' }, `Tên trong công văn: ${o.short_name}`) : null],
      value: o => `${o.name}` },
    { key: 'kind', title: 'Loại', render: o => o.kind_label, value: o => o.kind_label },
    { key: 'parent', title: 'Trực thuộc', render: o => (byCode.get(o.parent_code) || {}).name || '—', value: o => (byCode.get(o.parent_code) || {}).name || '' },
    { key: 'gso_code', title: 'Mã ĐVHC', render: o => o.gso_code || '—' },
    { key: 'valid_from', title: 'Hiệu lực', render: o => [`${fmtDate(o.valid_from)} – ${o.valid_to ? fmtDate(o.valid_to) : 'nay'}`,
      valid(o) ? null : h('span', { class: 'cell-sub' }, 'đã hết hiệu lực')],
      value: o => o.valid_to || '9999' },
  ];
  const holder = h('div');
  function draw() {
    const shown = orgs.filter(o => (!kind.value || o.kind === kind.value) &&
      (!district.value || districtOf(o) === district.value) &&
      (!validity.value || (validity.value === 'con') === valid(o)));
    clear(holder, dataTable(columns, shown, { pageSize: 25, toolbar: [kind, district, validity],
      placeholder: 'Tìm tên, mã hoặc đơn vị cấp trên (gõ không dấu cũng được: “go quao”)…', empty: 'Danh mục trống.' }));
  }
  draw();
  const expired = orgs.filter(o => !valid(o)).length;
  const fictitious = orgs.some(o => o.fictitious);
  clear(content,
    h('div', { class: 'stats' }, Object.entries(KINDS).map(([v, t]) =>
      h('div', { class: 'stat' }, h('div', { class: 'value' }, fmtNumber(orgs.filter(o => o.kind === v).length)), h('div', { class: 'label' }, t)))),
    fictitious ? notice('warn', 'Danh mục mẫu: các mã định danh là mã giả định, không phải mã thật theo Quyết định 20/2020/QĐ-TTg.') : null,
    expired ? notice('info', `${fmtNumber(expired)} đơn vị đã hết hiệu lực (sắp xếp đơn vị hành chính); vẫn giữ trong danh mục để xem các đợt cũ.`) : null,
    card(`Đơn vị (${fmtNumber(orgs.length)})`, holder,
      h('p', { class: 'muted small' }, 'Cập nhật danh mục bằng tệp CSV qua dòng lệnh: dancu org import. Danh mục là dữ liệu có ngày hiệu lực, không xóa đơn vị cũ.')));
}
