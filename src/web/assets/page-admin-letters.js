// Công văn đôn đốc: the letter's fields (remembered per campaign), a preview of what it will
// say — figures, footnotes naming the units, the appendix — and the DOCX / PDF downloads.
import { api, h, clear, card, field, fmtDate, showError, showOk, notice, markFields, busy } from './ui.js';
import { campaignBar, postDownload, clearMarks } from './admin-common.js';

// The letter's fields, in the order a clerk fills them (docs/letter.h LetterInputs).
const GROUPS = [
  ['Cơ quan ban hành', [
    { name: 'parent_body', label: 'Cơ quan chủ quản', hint: 'Dòng trên cùng, bên trái: “UBND TỈNH KIÊN GIANG”.' },
    { name: 'issuing_body', label: 'Cơ quan ban hành', hint: 'Dưới cơ quan chủ quản, in hoa: “VĂN PHÒNG”.' },
    { name: 'issuing_body_full', label: 'Tên đầy đủ của cơ quan ban hành', hint: 'Dùng trong nội dung: “Văn phòng UBND tỉnh”.' },
    { name: 'number', label: 'Số, ký hiệu', hint: 'Để trống phần số cho văn thư điền khi phát hành: “      /VP-HCC”.' },
    { name: 'place', label: 'Địa danh', hint: 'Trước ngày tháng: “Kiên Giang, ngày …”.' },
  ]],
  ['Nội dung', [
    { name: 'subject', label: 'Trích yếu (V/v …)', type: 'textarea', rows: 2 },
    { name: 'recipients', label: 'Kính gửi (mỗi dòng một nơi nhận)', type: 'textarea', rows: 3, list: true },
    { name: 'basis', label: 'Căn cứ', type: 'textarea', rows: 2, hint: 'Để trống: dùng căn cứ của đợt đăng ký.' },
    { name: 'earlier_letter', label: 'Công văn đã gửi trước', type: 'textarea', rows: 2,
      hint: 'Nối sau căn cứ, ví dụ “ngày 27 tháng 7 năm 2021, Văn phòng UBND tỉnh đã có Công văn số …”.' },
    { name: 'new_deadline', label: 'Hạn mới', type: 'date', hint: 'Để trống: 3 ngày sau ngày tính số liệu.' },
    { name: 'submit_to', label: 'Gửi hồ sơ về' },
    { name: 'via', label: 'Thông qua' },
    { name: 'consequence', label: 'Nếu quá hạn không đăng ký thì…', type: 'textarea', rows: 3 },
    { name: 'contact', label: 'Đầu mối liên hệ', type: 'textarea', rows: 2, hint: 'Họ tên, chức vụ, số điện thoại, thư điện tử.' },
  ]],
  ['Ký và nơi nhận', [
    { name: 'authority', label: 'Thẩm quyền ký', hint: '“KT. CHÁNH VĂN PHÒNG”; để trống khi người đứng đầu ký.' },
    { name: 'title', label: 'Chức vụ người ký' },
    { name: 'signer', label: 'Họ tên người ký' },
    { name: 'copies', label: 'Nơi nhận (mỗi dòng một mục)', type: 'textarea', rows: 4, list: true },
  ]],
];
const LISTS = new Set(['recipients', 'copies']);

// A sentence with its footnote markers: parts = [text | {fn: text}]; footnotes are numbered
// in order over the whole letter, as Word numbers them.
function para(parts, notes, cls = null) {
  return h('p', { class: cls }, parts.map(p => {
    if (typeof p === 'string') return p;
    notes.push(p.fn);
    return h('sup', { class: 'fn-ref' }, `(${notes.length})`);
  }));
}

function letterPreview(d, campaign) {
  const L = d.letter, notes = [];
  const body = [];
  body.push(para([`Thực hiện ${L.can_cu}; ${L.cong_van_truoc}. Đến nay đã ${L.so_cong_chuc_tinh} công chức của ${L.so_don_vi_tinh} sở, ngành`,
    L.co_tinh_da_dang_ky ? { fn: L.fn_tinh_da_dang_ky } : '',
    `; ${L.so_can_bo_huyen} cán bộ, công chức, viên chức của Ủy ban nhân dân và phòng ban chuyên môn cấp huyện`,
    L.co_huyen_da_dang_ky ? { fn: L.fn_huyen_da_dang_ky } : '',
    ' và cán bộ, công chức cấp xã đăng ký khai thác cơ sở dữ liệu quốc gia về dân cư.'], notes));
  const p2 = [];
  if (L.co_chua_dang_ky) {
    p2.push('Tuy nhiên, bên cạnh đó vẫn còn ');
    if (L.co_tinh_chua_dang_ky) {
      p2.push(`${L.so_so_chua_dang_ky} sở`, { fn: L.fn_tinh_chua_dang_ky });
      if (L.co_huyen_chua_dang_ky) p2.push(' và ');
    }
    if (L.co_huyen_chua_dang_ky) p2.push(`${L.so_huyen_chua_dang_ky} cấp huyện`, { fn: L.fn_huyen_chua_dang_ky });
    p2.push(' chưa đăng ký danh sách (cấp huyện, cấp xã) khai thác cơ sở dữ liệu.');
  } else {
    p2.push('Các sở, ngành và Ủy ban nhân dân cấp huyện đều đã đăng ký danh sách (cấp huyện, cấp xã) khai thác cơ sở dữ liệu.');
  }
  if (L.co_chua_day_du) {
    p2.push(' Một số huyện đăng ký khai thác cơ sở dữ liệu nhưng chưa đầy đủ như: ');
    for (const x of L.chua_day_du) p2.push(x.ten, { fn: x.ghi_chu }, x.sep);
    p2.push(' (đính kèm phụ lục).');
  }
  body.push(para(p2, notes));
  body.push(para([`Để đảm bảo việc triển khai kết nối cơ sở dữ liệu quốc gia về dân cư … ${L.co_quan_ban_hanh_day_du} đề nghị các sở, ngành và địa phương chưa đăng ký hoặc đăng ký chưa đầy đủ … gửi về ${L.noi_nhan_ho_so} để tổng hợp (thông qua ${L.don_vi_tiep_nhan}) chậm nhất ngày ${L.han_moi_ngay} tháng ${L.han_moi_thang} năm ${L.han_moi_nam}. Sau thời gian trên nếu các sở, ngành và địa phương không đăng ký ${L.hau_qua}.`], notes));
  if (L.co_dau_moi) body.push(para([`Đầu mối liên hệ: ${L.dau_moi}.`], notes));

  const head = h('div', { class: 'letter-head' },
    h('div', {}, h('div', {}, L.co_quan_chu_quan), h('div', { class: 'letter-strong' }, L.co_quan_ban_hanh),
      h('div', {}, `Số: ${L.so_ky_hieu}`), h('div', { class: 'letter-small' }, `V/v ${L.trich_yeu}`)),
    h('div', {}, h('div', { class: 'letter-strong' }, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'),
      h('div', { class: 'letter-strong' }, 'Độc lập - Tự do - Hạnh phúc'),
      h('div', { class: 'letter-italic' }, `${L.dia_danh}, ngày ${L.ngay} tháng ${L.thang} năm ${L.nam}`)));
  const to = h('div', { class: 'letter-to' }, h('span', {}, 'Kính gửi:'),
    h('ul', {}, L.kinh_gui.map(k => h('li', {}, `- ${k.ten}${k.cuoi ? '.' : ';'}`))));
  const sign = h('div', { class: 'letter-sign' },
    h('div', {}, h('div', { class: 'letter-italic letter-strong' }, 'Nơi nhận:'),
      h('ul', { class: 'letter-small' }, L.noi_nhan.map(n => h('li', {}, `- ${n.muc}${n.cuoi ? '.' : ';'}`)))),
    h('div', { class: 'letter-center' }, L.quyen_han ? h('div', { class: 'letter-strong' }, L.quyen_han) : null,
      h('div', { class: 'letter-strong' }, L.chuc_vu), h('div', { class: 'letter-gap' }),
      h('div', { class: 'letter-strong' }, L.nguoi_ky || '(chưa ghi người ký)')));
  const footnotes = h('ol', { class: 'letter-notes' }, notes.map(n => h('li', {}, n)));
  const appendix = L.co_phu_luc ? [h('h3', { class: 'letter-center' }, 'PHỤ LỤC — Tình hình đăng ký của các huyện chưa đầy đủ'),
    h('div', { class: 'scroll' }, h('table', { class: 'data', id: 'letter-appendix' },
      h('thead', {}, h('tr', {}, ['TT', 'Đơn vị', 'Đã đăng ký', 'Chưa đăng ký'].map(t => h('th', {}, t)))),
      h('tbody', {}, L.phu_luc.map(r => h('tr', {}, h('td', {}, r.tt), h('td', {}, r.don_vi), h('td', { class: 'admin-wrap' }, r.da_dang_ky),
        h('td', { class: 'admin-wrap' }, r.chua_dang_ky))))))] : null;
  return h('div', {},
    notice('info', `Số liệu tính đến ${fmtDate(d.as_of)} cho “${campaign.name}”. Bản xem trước để kiểm tra nội dung; trình bày chính thức (thể thức NĐ 30/2020, chú thích cuối trang) nằm trong tệp DOCX/PDF.`),
    h('article', { class: 'letter-paper', id: 'letter-preview' }, head, to, body, sign,
      h('div', { class: 'letter-footnotes' }, h('div', { class: 'letter-small muted' }, 'Chú thích cuối trang:'), footnotes)),
    appendix);
}

export default async function render({ session, content }) {
  const view = h('div', { id: 'admin-letters' });
  let form = null, shownFor = 0, refreshPreview = null;
  // Another day keeps what was typed (and redraws a preview already shown); another
  // campaign loads that campaign's remembered fields.
  const bar = await campaignBar({ withDate: true, onChange: () => {
    if (form && bar.campaign() && bar.campaign().id === shownFor) { if (refreshPreview) refreshPreview(); } else load();
  } });
  clear(content, bar.el, view);

  function values() {
    const out = {};
    for (const el of form.elements) {
      if (!el.name) continue;
      out[el.name] = LISTS.has(el.name) ? el.value.split('\n').map(s => s.trim()).filter(Boolean) : el.value.trim();
    }
    return out;
  }

  async function load() {
    const c = bar.campaign();
    if (!c) return;
    let inputs;
    try { inputs = await api('GET', `/api/v1/campaigns/${c.id}/letters/reminder/inputs`); } catch (e) { clear(view); showError(view, e); return; }
    shownFor = c.id;
    refreshPreview = null;
    const msg = h('div', { id: 'letter-msg' });
    const preview = h('div', { id: 'letter-preview-box' }, h('p', { class: 'muted' }, 'Bấm “Xem trước nội dung” để xem công văn với số liệu của ngày đã chọn.'));
    const fields = GROUPS.map(([title, list]) => h('fieldset', { class: 'admin-fieldset' }, h('legend', {}, title),
      h('div', { class: 'form-grid' }, list.map(f => {
        const v = inputs[f.name];
        const w = field({ ...f, value: LISTS.has(f.name) ? (v || []).join('\n') : v,
          placeholder: f.name === 'basis' ? c.basis : undefined });
        if (f.type === 'textarea') w.classList.add('admin-wide');
        return w;
      }))));
    const btnPreview = h('button', { type: 'submit', class: 'btn primary' }, 'Xem trước nội dung');
    const btnDocx = h('button', { type: 'button', class: 'btn', id: 'letter-docx' }, '⤓ Tải công văn (DOCX)');
    const btnPdf = h('button', { type: 'button', class: 'btn', id: 'letter-pdf' }, '⤓ Tải công văn (PDF)');
    const query = () => `as_of=${encodeURIComponent(bar.asOf())}`;

    // Every action checks the fields with the preview first: errors show beside the fields,
    // and what was typed stays.
    async function check() {
      clearMarks(form);
      try {
        return await api('POST', `/api/v1/campaigns/${c.id}/letters/reminder/preview?${query()}`, values());
      } catch (e) { markFields(form, e); throw e; }
    }
    async function showPreview() {
      const d = await check();
      clear(preview, letterPreview(d, c));
      clear(msg);
      refreshPreview = () => showPreview().catch(e => showError(msg, e));
    }
    async function get(format) {
      await check();
      const pdf = format === 'pdf';
      const url = `/api/v1/campaigns/${c.id}/letters/reminder?${query()}${pdf ? '&format=pdf' : ''}`;
      const file = await postDownload(url, values(), session.csrf, pdf ? 'cong-van-don-doc.pdf' : 'cong-van-don-doc.docx');
      showOk(msg, `Đã tải ${file.name} (${Math.max(1, Math.round(file.size / 1024))} KB). Thông tin vừa nhập được lưu cho lần sau.`);
    }
    form = h('form', { novalidate: true, id: 'letter-form', onsubmit: e => { e.preventDefault(); busy(btnPreview, msg, showPreview); } },
      fields, msg, h('div', { class: 'actions' }, btnPreview, btnDocx, btnPdf,
        h('span', { class: 'muted small' }, 'Tạo PDF cần LibreOffice trên máy chủ và mất vài giây.')));
    btnDocx.addEventListener('click', () => busy(btnDocx, msg, () => get('docx')));
    btnPdf.addEventListener('click', () => busy(btnPdf, msg, () => get('pdf')));
    clear(view,
      card('Thông tin trên công văn', h('p', { class: 'muted small' }, 'Các ô đã điền sẵn giá trị lần trước của đợt này (hoặc theo Công văn 6359/VP-HCC).'), form),
      card('Xem trước', preview));
    // The remembered fields are valid: show at once what the letter says on the chosen day.
    showPreview().catch(e => showError(msg, e));
  }
  await load();
}
