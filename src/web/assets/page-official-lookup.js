// Tra cứu công dân: an official looks a citizen up as its registered account (by CCCD, CMND, or
// name + birth date), for one of its registered purposes and a dossier number; the answer is
// what the purpose may see. The quota left today stays in view; every query is audited.
import { api, h, clear, field, card, notice, showError, markFields, setFieldError, fmtDate, todayIso } from './ui.js';

const WAYS = [
  { key: 'cccd', label: 'Số CCCD' },
  { key: 'cmnd', label: 'Số CMND' },
  { key: 'name', label: 'Họ tên + ngày sinh' },
];

const SEX = { 1: 'Nam', 2: 'Nữ' };
const MARITAL = { 1: 'Chưa kết hôn', 2: 'Đã kết hôn', 3: 'Đã ly hôn', 4: 'Góa' };
const BLOOD = { '00': 'Chưa xác định', '01': 'A', '02': 'B', '03': 'AB', '04': 'O' };

// "19920427" → "27/04/1992"; "1992" → "năm 1992".
function birthText(v) {
  if (!v) return '';
  if (/^\d{8}$/.test(v)) return `${v.slice(6, 8)}/${v.slice(4, 6)}/${v.slice(0, 4)}`;
  if (/^\d{4}$/.test(v)) return `năm ${v}`;
  return v;
}

function fullName(c) {
  const n = c.HoVaTen || {};
  return [n.Ho, n.ChuDem, n.Ten].filter(Boolean).join(' ');
}

function relative(r) {
  if (!r) return null;
  const ids = [r.SoDinhDanh && `CCCD ${r.SoDinhDanh}`, r.SoCMND && `CMND ${r.SoCMND}`].filter(Boolean);
  return [r.HoVaTen || '(không rõ tên)', ids.length ? ` — ${ids.join(', ')}` : ''].join('');
}

function householdHead(c) {
  const r = c.ChuHo;
  if (!r) return null;
  const ids = [r.SoDinhDanh && `CCCD ${r.SoDinhDanh}`, r.SoCMND && `CMND ${r.SoCMND}`].filter(Boolean);
  return [r.HoVaTen || '(không rõ tên)', ids.length ? ` — ${ids.join(', ')}` : '',
    r.QuanHe ? ` · quan hệ với chủ hộ: ${r.QuanHe}` : ''].join('');
}

// The rows of the answer card: only what the purpose lets the official see.
function citizenFacts(c) {
  const t = c.text || {};
  const addr = k => (c[k] ? t[k] || [c[k].ChiTiet, c[k].MaPhuongXa, c[k].MaQuanHuyen, c[k].MaTinhThanh].filter(Boolean).join(', ') : null);
  const rows = [
    ['Số định danh', c.SoDinhDanh, 'off-mono'],
    ['Số CMND', c.SoCMND, 'off-mono'],
    ['Họ và tên', fullName(c), 'off-strong'],
    ['Ngày sinh', birthText(c.NgayThangNamSinh)],
    ['Giới tính', c.GioiTinh ? SEX[c.GioiTinh] || String(c.GioiTinh) : null],
    ['Dân tộc', c.DanToc ? t.DanToc || c.DanToc : null],
    ['Tôn giáo', c.TonGiao ? t.TonGiao || c.TonGiao : null],
    ['Quốc tịch', c.QuocTich ? t.QuocTich || c.QuocTich : null],
    ['Tình trạng hôn nhân', c.TinhTrangHonNhan ? MARITAL[c.TinhTrangHonNhan] || c.TinhTrangHonNhan : null],
    ['Nhóm máu', c.NhomMau ? BLOOD[c.NhomMau] || c.NhomMau : null],
    ['Nơi đăng ký khai sinh', addr('NoiDangKyKhaiSinh')],
    ['Quê quán', addr('QueQuan')],
    ['Thường trú', addr('ThuongTru')],
    ['Nơi ở hiện tại', addr('NoiOHienTai')],
    ['Cha', relative(c.Cha)],
    ['Mẹ', relative(c.Me)],
    ['Vợ/chồng', relative(c.VoChong)],
    ['Người đại diện', relative(c.NguoiDaiDien)],
    ['Chủ hộ', householdHead(c)],
    ['Số sổ hộ khẩu', c.SoSoHoKhau, 'off-mono'],
  ];
  return h('dl', { class: 'facts off-facts' }, rows.filter(([, v]) => v).map(([label, v, cls]) =>
    [h('dt', {}, label), h('dd', { class: cls || null }, v)]));
}

function citizenCard(c, heading) {
  return h('section', { class: 'off-citizen' },
    h('h3', {}, heading || fullName(c) || 'Công dân'), citizenFacts(c));
}

// "Nguyễn Văn A (Chuyên viên), ĐT 0911…, email" for whom to contact.
function contactText(ctx) {
  const c = ctx.contact || {};
  const parts = [c.name && (c.position ? `${c.name} (${c.position})` : c.name), c.phone && `ĐT ${c.phone}`, c.email].filter(Boolean);
  return parts.length ? parts.join(', ') : '';
}

function tomorrowText() {
  const d = new Date(todayIso() + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + 1);
  return fmtDate(d.toISOString().slice(0, 10));
}

export default async function render({ content }) {
  let ctx;
  try {
    ctx = await api('GET', '/api/v1/me/lookup-context');
  } catch (e) {
    showError(content, e);
    return;
  }

  const contact = contactText(ctx);
  const blocked = !ctx.can_query;

  // ---- quota, always in view; when spent, a message beside the button says until when
  const quota = { used: ctx.quota.used, limit: ctx.quota.limit };
  const spentBox = h('div');
  const quotaValue = h('div', { class: 'off-quota-value' });
  const quotaMeter = h('meter', { class: 'off-quota-meter', min: 0 });
  const quotaNote = h('div', { class: 'off-quota-note' });
  const quotaBox = h('div', { class: 'off-quota', role: 'status', 'aria-live': 'polite' }, quotaValue, quotaMeter, quotaNote);
  function drawQuota() {
    const left = Math.max(0, quota.limit - quota.used);
    quotaBox.classList.toggle('off-spent', quota.limit > 0 && left === 0);
    quotaBox.classList.toggle('off-low', left > 0 && left <= Math.max(3, Math.ceil(quota.limit * 0.1)));
    quotaBox.classList.toggle('off-blocked', blocked);
    quotaValue.textContent = quota.limit > 0 ? `Còn ${left}/${quota.limit} lượt hôm nay` : 'Chưa có hạn mức tra cứu';
    quotaMeter.max = Math.max(1, quota.limit);
    quotaMeter.value = left;
    quotaMeter.low = Math.max(1, Math.ceil(quota.limit * 0.1));
    quotaMeter.high = Math.ceil(quota.limit * 0.3);
    quotaMeter.optimum = quota.limit;
    quotaMeter.setAttribute('aria-label', `Còn ${left} trên ${quota.limit} lượt`);
    quotaNote.textContent = blocked ? `Hạn mức đã đăng ký: ${quota.limit} lượt mỗi ngày — chưa dùng được khi tài khoản chưa tra cứu được.`
      : quota.limit > 0 && left === 0
      ? `Đã dùng hết hạn mức hôm nay; được tính lại từ 0 giờ ngày ${tomorrowText()}.`
      : `Đã dùng ${quota.used} lượt. Hạn mức được tính lại từ 0 giờ mỗi ngày.`;
    clear(spentBox, quota.limit > 0 && left === 0 ? notice('error', h('strong', {}, 'Bạn đã dùng hết hạn mức tra cứu hôm nay. '),
      `Đã dùng ${quota.used}/${quota.limit} lượt. Hạn mức được tính lại từ 0 giờ ngày ${tomorrowText()}; khi đó bạn tra cứu tiếp được. `,
      'Nếu công việc thường cần nhiều lượt hơn, đề nghị đầu mối của đơn vị đăng ký tăng hạn mức',
      contact ? ` (${contact}).` : '.') : null);
  }
  drawQuota();

  // ---- the form
  let way = 'cccd';
  const cccd = field({ label: 'Số CCCD (số định danh cá nhân)', name: 'cccd', required: true, inputmode: 'numeric',
    placeholder: '12 chữ số, ví dụ 091192081601', validate: 'cccd', hint: 'Gõ đủ 12 chữ số; số sai được báo ngay.' });
  const cmnd = field({ label: 'Số CMND', name: 'cmnd', required: true, inputmode: 'numeric',
    placeholder: '9 chữ số', validate: 'cmnd' });
  const name = field({ label: 'Họ và tên', name: 'name', required: true, placeholder: 'Ví dụ: Phạm Tường Yến', autocomplete: 'off',
    hint: 'Gõ có dấu hoặc không dấu đều được.' });
  const birth = field({ label: 'Ngày sinh', name: 'birth', required: true, placeholder: 'dd/mm/yyyy hoặc yyyy',
    hint: 'Chỉ biết năm sinh thì nhập 4 chữ số năm.' });
  for (const f of [cccd, cmnd]) {
    // Only digits and spaces belong here: say so at once, before the server's check.
    f.input.addEventListener('input', () => {
      const bad = /[^\d\s]/.exec(f.input.value);
      if (bad) setFieldError(f.input, f.msg, `Chỉ nhập chữ số (gặp “${bad[0]}”).`);
    });
  }
  const purposeOptions = ctx.purposes.length === 1
    ? ctx.purposes.map(p => [p.code, `${p.code} — ${p.text}`])
    : [['', ctx.purposes.length ? '— Chọn mục đích —' : '(Tài khoản chưa có mục đích nào được đăng ký)'],
      ...ctx.purposes.map(p => [p.code, `${p.code} — ${p.text}`])];
  const purpose = field({ label: 'Mục đích tra cứu', name: 'purpose', required: true, options: purposeOptions,
    hint: 'Chỉ các mục đích đã đăng ký cho tài khoản của bạn; thông tin trả về tùy theo mục đích.' });
  const dossier = field({ label: 'Số hồ sơ', name: 'dossier', required: true, placeholder: 'Ví dụ: 000.00.16.H33-241127-0001',
    hint: 'Số của hồ sơ đang giải quyết (tối đa 64 ký tự).' });
  dossier.input.maxLength = 64;

  const panes = {
    cccd: h('div', { class: 'off-way', id: 'way-cccd', role: 'tabpanel' }, cccd),
    cmnd: h('div', { class: 'off-way', id: 'way-cmnd', role: 'tabpanel', hidden: true }, cmnd),
    name: h('div', { class: 'off-way form-grid', id: 'way-name', role: 'tabpanel', hidden: true }, name, birth),
  };
  const tabButtons = WAYS.map(w => h('button', { type: 'button', role: 'tab', id: `tab-${w.key}`,
    'aria-controls': `way-${w.key}`, 'aria-selected': w.key === way ? 'true' : 'false',
    onclick: () => choose(w.key) }, w.label));
  const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Cách tra cứu' }, tabButtons);
  function choose(key) {
    way = key;
    tabButtons.forEach((b, i) => b.setAttribute('aria-selected', WAYS[i].key === key ? 'true' : 'false'));
    for (const [k, pane] of Object.entries(panes)) pane.hidden = k !== key;
    (key === 'name' ? name : key === 'cmnd' ? cmnd : cccd).input.focus();
  }

  const errors = h('div');
  const submit = h('button', { type: 'submit', class: 'btn primary off-big' }, 'Tra cứu');
  const form = h('form', { class: 'off-form', novalidate: true, onsubmit: e => { e.preventDefault(); lookup(); } },
    tabs, panes.cccd, panes.cmnd, panes.name,
    purpose, h('div', { class: 'off-dossier' }, dossier),
    errors, spentBox,
    h('div', { class: 'actions' }, submit,
      h('span', { class: 'muted small' }, 'Mỗi lần tra cứu trừ 1 lượt, kể cả khi không tìm thấy.')));

  const result = h('div', { class: 'off-result', 'aria-live': 'polite' });

  // ---- who I am, whom to contact
  const quotaCard = h('section', { class: 'card off-quota-card' }, h('h2', {}, 'Hạn mức hôm nay'), quotaBox);
  const side = h('aside', { class: 'off-side' },
    h('section', { class: 'card' }, h('h2', {}, 'Tài khoản khai thác'),
      h('dl', { class: 'facts' },
        h('dt', {}, 'Tài khoản'), h('dd', { class: 'off-mono' }, ctx.account || '—'),
        ctx.full_name ? [h('dt', {}, 'Cán bộ'), h('dd', {}, ctx.full_name)] : null,
        ctx.unit_name ? [h('dt', {}, 'Đơn vị'), h('dd', {}, ctx.unit_name)] : null,
        contact ? [h('dt', {}, 'Đầu mối'), h('dd', {}, contact)] : null)),
    notice('info', h('strong', {}, 'Mọi lần tra cứu đều được ghi nhật ký'),
      ' — tài khoản, thời gian, mục đích, số hồ sơ và người được tra cứu. Công dân và giám sát viên xem được ai đã tra cứu mình. ',
      h('a', { href: '/tra-cuu/lich-su' }, 'Xem lịch sử tra cứu của bạn'), '.'));

  const banner = h('div');
  if (blocked) {
    clear(banner, notice('error', h('strong', {}, 'Tài khoản của bạn chưa tra cứu được. '), ctx.reason || ''));
  }

  clear(content, banner, h('div', { class: 'off-layout' },
    h('div', { class: 'off-main' }, h('section', { class: 'card' }, h('h2', {}, 'Thông tin tra cứu'), form), result),
    quotaCard, side));
  if (blocked) for (const el of form.elements) el.disabled = true;
  else if (quota.limit > 0 && quota.used >= quota.limit) submit.disabled = true;

  function clearFieldErrors() {
    for (const f of [cccd, cmnd, name, birth, purpose, dossier]) setFieldError(f.input, f.msg, '');
  }

  function body() {
    const b = { by: way, purpose: purpose.input.value, dossier: dossier.input.value.trim() };
    if (way === 'cccd') b.cccd = cccd.input.value.trim();
    else if (way === 'cmnd') b.cmnd = cmnd.input.value.trim();
    else { b.name = name.input.value.trim(); b.birth = birth.input.value.trim(); }
    return b;
  }

  // What was asked, for the heading of the answer.
  function askedText(b) {
    if (b.by === 'cccd') return `số CCCD ${b.cccd}`;
    if (b.by === 'cmnd') return `số CMND ${b.cmnd}`;
    return `“${b.name}”, sinh ${b.birth}`;
  }

  async function lookup() {
    clearFieldErrors();
    clear(errors);
    const b = body();
    submit.disabled = true;
    submit.textContent = 'Đang tra cứu…';
    try {
      const r = await api('POST', '/api/v1/me/lookups', b);
      if (r.quota) Object.assign(quota, r.quota);
      drawQuota();
      showAnswer(r, b);
      // A new search: the keys clear, the purpose and the dossier stay for the next citizen of the same dossier.
      for (const f of [cccd, cmnd, name, birth]) f.input.value = '';
    } catch (e) {
      showRefusal(e, b);
    } finally {
      submit.textContent = 'Tra cứu';
      submit.disabled = quota.limit > 0 && quota.used >= quota.limit;
    }
  }

  function showAnswer(r, b) {
    const list = r.citizens || [];
    const meta = h('p', { class: 'muted small' },
      `Tra cứu ${askedText(b)} · mục đích ${b.purpose} · hồ sơ ${b.dossier}`,
      r.audit_seq ? ` · ghi nhật ký số ${r.audit_seq}` : '');
    if (!list.length) {
      clear(result, card('Kết quả tra cứu', meta, notice('warn', h('strong', {}, 'Không tìm thấy công dân nào. '),
        `Không có ai khớp với ${askedText(b)}. Kiểm tra lại thông tin đã nhập (lượt tra cứu này vẫn được tính).`)));
    } else if (list.length === 1) {
      clear(result, card('Kết quả tra cứu', meta, citizenCard(list[0])));
    } else {
      const detail = h('div');
      const rows = list.map((c, i) => h('tr', {},
        h('td', { class: 'num' }, String(i + 1)),
        h('td', { class: 'off-mono' }, c.SoDinhDanh || c.SoCMND || ''),
        h('td', { class: 'off-nowrap' }, fullName(c)),
        h('td', { class: 'off-nowrap' }, birthText(c.NgayThangNamSinh)),
        h('td', {}, SEX[c.GioiTinh] || ''),
        h('td', {}, (c.text && c.text.ThuongTru) || ''),
        h('td', {}, h('button', { type: 'button', class: 'btn small', onclick: () => {
          clear(detail, citizenCard(c, `${i + 1}. ${fullName(c)}`));
          detail.scrollIntoView({ block: 'nearest' });
        } }, 'Xem'))));
      clear(result, card(`Kết quả tra cứu: ${list.length} công dân khớp`, meta,
        notice('info', 'Có nhiều người khớp. Đối chiếu ngày sinh và nơi thường trú; bấm “Xem” để xem đủ thông tin.'),
        h('div', { class: 'scroll' }, h('table', { class: 'data' },
          h('thead', {}, h('tr', {}, ['#', 'Số định danh', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Thường trú', ''].map(t => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, rows))),
        detail));
    }
  }

  function showRefusal(e, b) {
    if (e.body && e.body.quota) Object.assign(quota, e.body.quota);
    drawQuota();
    if (e.status === 400 && e.details && e.details.length) {
      markFields(form, e);
      showError(errors, { message: e.message });
      form.querySelector('[aria-invalid="true"]')?.focus();
      clear(result);
      return;
    }
    let box;
    const reason = e.reason || e.code;
    if (reason === 'quota_exhausted' || e.status === 429) {
      // The quota box and the message beside the button say it (drawQuota above).
      quota.used = Math.max(quota.used, quota.limit);
      drawQuota();
      clear(errors);
      clear(result);
      spentBox.scrollIntoView({ block: 'nearest' });
      return;
    } else if (['account_inactive', 'account_unknown', 'form_not_approved', 'no_commitment'].includes(reason)) {
      box = notice('error', h('strong', {}, 'Tài khoản chưa được tra cứu. '), e.message,
        contact ? ` Liên hệ đầu mối của đơn vị: ${contact}.` : ' Liên hệ đầu mối của đơn vị.');
    } else if (reason === 'purpose_not_registered') {
      box = notice('error', h('strong', {}, 'Mục đích chưa được đăng ký. '), e.message);
      markFields(form, { details: [{ column: 'purpose', message: 'Chọn một mục đích đã đăng ký.' }] });
    } else if (e.status === 503 || reason === 'upstream_unavailable' || reason === 'audit_unavailable') {
      box = notice('warn', h('strong', {}, 'Chưa tra cứu được lúc này. '), e.message, ' Lượt này không bị tính; thử lại sau ít phút.');
    } else {
      box = notice('error', h('strong', {}, 'Không tra cứu được. '), e.message);
    }
    clear(errors);
    clear(result, h('section', { class: 'card' }, h('h2', {}, 'Kết quả tra cứu'),
      h('p', { class: 'muted small' }, `Tra cứu ${askedText(b)} · mục đích ${b.purpose || '—'} · hồ sơ ${b.dossier}`), box));
    result.scrollIntoView({ block: 'nearest' });
  }
}
