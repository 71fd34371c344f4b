// The unit's Bản cam kết (focal point): its commitments with validity and signed scan, a form
// to make a new one (ID number checked as you type), the DOCX to print and sign, and the
// upload of the signed PDF scan with its SHA-256 and upload time.
import {
  api, h, clear, card, notice, badge, field, dataTable, busy, showError, showOk, download,
  fmtDate, fmtDateTime, todayIso,
} from './ui.js';
import { unitOf, unitUrl, checkKind, setWrapError, markColumns, noUnit, fmtSize, commitmentState } from './unit-common.js';

const MAX_SCAN = 20 * 1024 * 1024;

// How one commitment stands today, for people.
function standing(c, today) {
  if (c.status === 'revoked') return { key: 'revoked', color: 'red', text: 'Đã thu hồi' };
  if (c.valid_to && c.valid_to < today) return { key: 'expired', color: 'red', text: 'Hết hiệu lực' };
  if (!c.has_scan) return { key: 'unsigned', color: 'amber', text: 'Chưa có bản ký' };
  if (c.sign_date > today) return { key: 'future', color: 'grey', text: 'Chưa đến ngày ký' };
  return { key: 'valid', color: 'green', text: 'Còn hiệu lực' };
}

export default async function render({ session, content }) {
  const unit = unitOf(session);
  if (!unit) { clear(content, noUnit()); return; }
  const unitName = (session.user && session.user.unit_name) || unit;
  const today = todayIso();
  const top = h('div');
  const listBox = h('div');
  const listMsg = h('div', { 'aria-live': 'polite' });

  async function reload(flash) {
    const r = await api('GET', unitUrl(unit, '/commitments'));
    drawSummary(r.items);
    drawList(r.items);
    if (flash) showOk(listMsg, flash); else clear(listMsg);
  }

  function drawSummary(items) {
    const s = commitmentState(items);
    drawFormCard(!!s.valid);
    let box;
    if (s.valid) {
      box = notice('ok', h('strong', {}, `Bản cam kết số ${s.valid.id} còn hiệu lực`),
        s.valid.valid_to ? ` đến ${fmtDate(s.valid.valid_to)}` : ' (không thời hạn)', ' và đã có bản ký. ',
        'Tài khoản của đơn vị có thể được kích hoạt khi phiếu được duyệt.');
    } else if (s.unsigned) {
      box = notice('warn', h('strong', {}, `Bản cam kết số ${s.unsigned.id} chưa có bản ký. `),
        'Tải tệp Word, in, trình lãnh đạo ký và đóng dấu, scan thành PDF rồi bấm “Tải lên bản ký” ở dòng của bản cam kết.');
    } else {
      box = notice('error', h('strong', {}, 'Đơn vị chưa có bản cam kết còn hiệu lực. '),
        'Không có bản cam kết, tài khoản của đơn vị không được kích hoạt. Điền mẫu “Lập bản cam kết mới” bên dưới.');
    }
    clear(top, box, h('ol', { class: 'unit-steps' },
      h('li', {}, h('strong', {}, 'Lập bản cam kết'), ' — điền thông tin người đại diện.'),
      h('li', {}, h('strong', {}, 'Tải tệp Word'), ' — in, ký, đóng dấu.'),
      h('li', {}, h('strong', {}, 'Tải lên bản ký'), ' — scan bản đã ký thành PDF và tải lên.')));
  }

  function uploadButton(c) {
    const input = h('input', { type: 'file', accept: '.pdf,application/pdf', class: 'unit-hidden-file',
      'aria-label': `Chọn tệp PDF bản ký của bản cam kết số ${c.id}` });
    const btn = h('button', { type: 'button', class: 'btn small' + (c.has_scan ? '' : ' primary'),
      onclick: () => input.click() }, c.has_scan ? 'Thay bản ký' : '⤒ Tải lên bản ký (PDF)');
    input.addEventListener('change', () => {
      const file = input.files && input.files[0];
      if (!file) return;
      if (!/\.pdf$/i.test(file.name) && file.type !== 'application/pdf') {
        showError(listMsg, { message: `Tệp “${file.name}” không phải PDF. Hãy scan bản cam kết đã ký thành tệp PDF rồi chọn lại.` });
        return;
      }
      if (file.size > MAX_SCAN) {
        showError(listMsg, { message: `Tệp “${file.name}” lớn hơn 20 MB. Hãy scan ở độ phân giải thấp hơn (200 dpi, đen trắng) rồi chọn lại.` });
        return;
      }
      busy(btn, null, async () => {
        const r = await api('POST', `/api/v1/commitments/${c.id}/scan?filename=${encodeURIComponent(file.name)}`, file,
          { 'Content-Type': 'application/pdf' });
        await reload(`Đã tải lên bản ký “${file.name}” cho bản cam kết số ${c.id}. SHA-256: ${r.scan_sha256}.`);
      }).catch(e => showError(listMsg, { message: `Chưa nhận tệp “${file.name}”: ${e.message}` +
        (e.status === 400 ? ' Hãy chọn đúng tệp PDF scan bản cam kết đã ký, đóng dấu.' : ''), details: e.details }))
        .finally(() => { input.value = ''; });
    });
    return [btn, input];
  }

  function drawList(items) {
    if (!items.length) {
      clear(listBox, h('p', { class: 'muted' }, 'Chưa có bản cam kết nào.'));
      return;
    }
    clear(listBox, dataTable([
      { key: 'id', title: 'Số', class: 'num' },
      { key: 'rep_name', title: 'Người đại diện', render: c => [h('strong', {}, c.rep_name), h('div', { class: 'muted small' }, c.position)] },
      { key: 'id_number', title: 'Số CCCD/CMND', render: c => [c.id_number, h('div', { class: 'muted small' }, `cấp ${fmtDate(c.issue_date)}`)] },
      { key: 'sign_date', title: 'Ngày ký', render: c => [fmtDate(c.sign_date), h('div', { class: 'muted small' }, c.sign_place)] },
      { key: 'valid_to', title: 'Hiệu lực đến', value: c => c.valid_to || '9999', render: c => (c.valid_to ? fmtDate(c.valid_to) : 'Không thời hạn') },
      { key: 'standing', title: 'Tình trạng', value: c => standing(c, today).text,
        render: c => { const s = standing(c, today); return h('span', { class: `badge badge-${s.color}` }, s.text); } },
      { key: 'scan', title: 'Bản ký (scan PDF)', sort: false, render: c => (c.scan
        ? h('div', { class: 'unit-scan' },
          h('div', {}, h('a', { href: `/api/v1/commitments/${c.id}/scan.pdf`, download: '' }, c.scan.filename || 'ban-ky.pdf'),
            c.scan.size ? h('span', { class: 'muted' }, ` · ${fmtSize(c.scan.size)}`) : null),
          h('div', { class: 'muted small' }, 'Tải lên lúc ', fmtDateTime(c.scan.uploaded_at)),
          h('div', { class: 'small' }, 'SHA-256: ', h('code', { class: 'unit-sha', title: 'Mã băm SHA-256 của tệp: đối chiếu để biết tệp không bị thay' }, c.scan.sha256)))
        : h('span', { class: 'muted' }, 'Chưa có')) },
      { key: 'actions', title: 'Thao tác', sort: false, render: c => h('div', { class: 'unit-row-actions' },
        download(`/api/v1/commitments/${c.id}/document.docx`, 'Tệp Word để ký'),
        c.status === 'valid' ? uploadButton(c) : null) },
    ], items, { pageSize: 10, search: items.length > 10, sortKey: 'id', sortDir: -1 }));
  }

  // --- a new commitment ---
  const f = {
    rep_name: field({ label: 'Họ tên người đại diện', name: 'rep_name', required: true, validate: 'name',
      hint: 'Thủ trưởng đơn vị hoặc người được ủy quyền ký.' }),
    position: field({ label: 'Chức vụ', name: 'position', required: true, placeholder: 'Chủ tịch UBND huyện' }),
    nationality: field({ label: 'Quốc tịch', name: 'nationality', required: true, value: 'Việt Nam' }),
    id_number: field({ label: 'Số CCCD (12 số) hoặc CMND (9 số)', name: 'id_number', required: true, inputmode: 'numeric',
      hint: 'Kiểm tra ngay khi gõ: mã tỉnh, thế kỷ, năm sinh.' }),
    issue_date: field({ label: 'Ngày cấp', name: 'issue_date', type: 'date', required: true }),
    issue_place: field({ label: 'Nơi cấp', name: 'issue_place', required: true, placeholder: 'Cục Cảnh sát QLHC về TTXH' }),
    phone: field({ label: 'Số điện thoại', name: 'phone', required: true, inputmode: 'tel', validate: 'phone' }),
    sign_place: field({ label: 'Nơi ký', name: 'sign_place', required: true, placeholder: 'Kiên Giang',
      hint: 'Địa danh ở dòng “…, ngày … tháng … năm …”.' }),
    sign_date: field({ label: 'Ngày ký', name: 'sign_date', type: 'date', required: true, value: today }),
    valid_to: field({ label: 'Hiệu lực đến (nếu có)', name: 'valid_to', type: 'date', hint: 'Để trống nếu không có thời hạn.' }),
  };
  f.issue_date.input.max = today;
  f.sign_date.input.max = today;
  // CCCD or CMND by length, with the same validators as the server.
  let idTicket = 0;
  const checkId = async () => {
    const v = f.id_number.input.value.replace(/\s/g, '');
    if (!v) { setWrapError(f.id_number, ''); return; }
    const ticket = ++idTicket;
    const msg = await checkKind(v.length === 9 ? 'cmnd' : 'cccd', v);
    if (ticket === idTicket) setWrapError(f.id_number, msg);
  };
  let idTimer = 0;
  f.id_number.input.addEventListener('input', () => { clearTimeout(idTimer); idTimer = setTimeout(checkId, 250); });
  f.id_number.input.addEventListener('blur', checkId);

  const byColumn = {
    'Họ tên người đại diện': f.rep_name, 'Quốc tịch': f.nationality, 'Số CMND/CCCD': f.id_number,
    'Số điện thoại': f.phone, 'Ngày cấp': f.issue_date, 'Nơi cấp': f.issue_place, 'Chức vụ': f.position,
    'Nơi ký': f.sign_place, 'Ngày ký': f.sign_date, 'Hiệu lực đến': f.valid_to,
  };
  const formMsg = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'btn primary' }, 'Lập bản cam kết');
  const form = h('form', { novalidate: true, class: 'unit-commit-form' },
    h('p', { class: 'muted' }, 'Đơn vị: ', h('strong', {}, unitName), ` (${unit}). Sau khi lập, tải tệp Word để in và ký.`),
    h('div', { class: 'form-grid' }, Object.values(f)), formMsg, h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', e => {
    e.preventDefault();
    for (const w of Object.values(f)) setWrapError(w, '');
    const missing = Object.entries(f).filter(([k, w]) => k !== 'valid_to' && !w.input.value.trim());
    if (missing.length) {
      for (const [, w] of missing) setWrapError(w, 'Ô này bắt buộc.');
      showError(formMsg, { message: `Còn ${missing.length} ô bắt buộc chưa điền (tô đỏ).` });
      missing[0][1].input.focus();
      return;
    }
    busy(submit, formMsg, async () => {
      const body = { unit_code: unit };
      for (const [k, w] of Object.entries(f)) body[k] = w.input.value.trim();
      try {
        const c = await api('POST', '/api/v1/commitments', body);
        form.reset();
        f.nationality.input.value = 'Việt Nam';
        f.sign_date.input.value = today;
        clear(formMsg);
        await reload(`Đã lập bản cam kết số ${c.id}. Bước tiếp: bấm “Tệp Word để ký” ở dòng số ${c.id}, in, ký, đóng dấu, scan PDF rồi “Tải lên bản ký”.`);
        listMsg.scrollIntoView({ block: 'nearest' });
      } catch (err) {
        const rest = markColumns(byColumn, err);
        showError(formMsg, { message: err.message + (err.details && err.details.length ? ' Xem gợi ý dưới từng ô tô đỏ.' : ''), details: rest });
      }
    });
  });

  // With a valid commitment on file a new one is rarely needed: the form stays folded.
  const formCard = h('div');
  let folded = null;
  function drawFormCard(hasValid) {
    if (folded === hasValid) return;
    folded = hasValid;
    clear(formCard, card('Lập bản cam kết mới', hasValid
      ? h('details', { class: 'unit-fold' }, h('summary', {}, 'Đơn vị đã có bản cam kết còn hiệu lực. Chỉ lập bản mới khi đổi người đại diện hoặc bản cũ sắp hết hạn — bấm để mở mẫu.'), form)
      : form));
  }

  clear(content, top,
    card('Các bản cam kết của đơn vị', listMsg, listBox),
    formCard);
  await reload();
}
