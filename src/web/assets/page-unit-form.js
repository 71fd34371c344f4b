// The unit's Phiếu đăng ký (focal point): choose the campaign, see where the form stands and
// what is missing, fill the header and the account table on the web (checked as you type) or
// upload an Excel/CSV file (checked before anything is saved), save, submit, download to sign.
import {
  api, h, clear, card, notice, badge, field, dataTable, ask, busy, showError, download,
  fmtDate, fmtDateTime, fmtNumber, liveValidate,
} from './ui.js';
import {
  unitOf, regUrl, loadOverview, pickCampaign, campaignChooser, deadlineText, daysBetween, commitmentState,
  checklist, setWrapError, markColumns, noUnit,
} from './unit-common.js';
import { rowsEditor, rowFromAccount } from './page-unit-form-rows.js';
import { uploadPanel } from './page-unit-form-upload.js';

const EDITABLE = new Set(['draft', 'returned']);
const SUBMITTED = new Set(['submitted', 'approved', 'sent_c06', 'active']);
const APPROVED = new Set(['approved', 'sent_c06', 'active']);
const ACTIONS = {
  import: 'Nhập từ tệp', edit: 'Sửa trên web', submit: 'Nộp phiếu', approve: 'Duyệt', return: 'Trả lại',
  send: 'Gửi C06', activate: 'Kích hoạt tài khoản',
};

function actorLabel(a) {
  if (!a) return '';
  if (a.startsWith('web:')) return a.slice(4);
  if (a.startsWith('cli:')) return 'Dòng lệnh (quản trị)';
  return a;
}

function last(items, action) {
  for (let i = items.length - 1; i >= 0; i--) if (items[i].action === action) return items[i];
  return null;
}

async function getRegistration(campaignId, unit) {
  try {
    return await api('GET', regUrl(campaignId, unit));
  } catch (e) {
    if (e.status === 404) return null;
    throw e;
  }
}

export default async function render({ session, content }) {
  const unit = unitOf(session);
  if (!unit) { clear(content, noUnit()); return; }
  const [ov, purposes] = await Promise.all([loadOverview(unit), api('GET', '/api/v1/purposes')]);
  if (!ov.campaigns.length) {
    clear(content, notice('info', 'Chưa có đợt đăng ký nào dành cho đơn vị của bạn. Khi Trung tâm mở đợt mới, phiếu của đơn vị sẽ hiện ở đây.'));
    return;
  }
  const page = { campaign: pickCampaign(ov.campaigns, new URLSearchParams(location.search).get('dot')), editor: null, contactDirty: false };
  const dirty = () => !!(page.editor && page.editor.dirty()) || page.contactDirty;
  window.addEventListener('beforeunload', e => { if (dirty()) { e.preventDefault(); e.returnValue = ''; } });

  async function choose(id) {
    const next = ov.campaigns.find(c => String(c.id) === String(id));
    if (!next || next === page.campaign) return;
    if (dirty() && !await ask({ title: 'Bỏ các thay đổi chưa lưu?', message: 'Bạn đã sửa phiếu của đợt này mà chưa lưu. Chuyển đợt sẽ bỏ các thay đổi đó.', okText: 'Bỏ thay đổi và chuyển', danger: true })) {
      document.getElementById('unit-campaign').value = page.campaign.id;
      return;
    }
    page.campaign = next;
    history.replaceState(null, '', `${location.pathname}?dot=${next.id}`);
    await load();
  }

  async function load(flash = null, tab = 'edit') {
    const c = page.campaign;
    const [reg, fresh] = await Promise.all([getRegistration(c.id, unit), loadOverview(unit)]);
    Object.assign(ov, fresh);
    page.campaign = ov.campaigns.find(x => x.id === c.id) || c;
    const hist = reg ? (await api('GET', regUrl(c.id, unit, '/history'))).items : [];
    draw(reg, hist, flash, tab);
  }

  function draw(reg, hist, flash, tab) {
    const c = page.campaign;
    const status = reg ? reg.status : 'none';
    const editable = !reg || EDITABLE.has(status);
    page.editor = null;
    page.contactDirty = false;
    const msg = h('div', { class: 'unit-flash', 'aria-live': 'polite' });
    if (flash) clear(msg, notice(flash.kind || 'ok', flash.text));

    const chooser = h('div', { class: 'toolbar unit-top' }, campaignChooser(ov.campaigns, c, choose),
      h('div', { class: 'unit-name' }, h('strong', {}, ov.unit.name), ' ', h('span', { class: 'muted' }, `(${ov.unit.code})`)));

    const contact = contactCard(reg, editable);
    const rowsCard = accountsCard(reg, editable, contact, msg, tab);
    clear(content, chooser, statusNotice(reg, hist), msg,
      h('div', { class: 'grid two unit-status' }, statusCard(reg, hist), checklistCard(reg, hist)),
      contact.card, rowsCard, downloadsCard(reg), historyCard(hist));
  }

  // --- what the status means and what to do now ---
  function statusNotice(reg, hist) {
    const status = reg ? reg.status : 'none';
    const submitted = last(hist, 'submit'), returned = last(hist, 'return'), approved = last(hist, 'approve');
    switch (status) {
      case 'none':
        return notice('info', h('strong', {}, 'Đơn vị chưa có phiếu trong đợt này. '),
          'Nhập danh sách cán bộ vào bảng dưới đây (hoặc tải tệp Excel/CSV), bấm “Lưu nháp”, rồi “Nộp phiếu”.');
      case 'returned':
        return h('div', { class: 'notice error unit-returned', role: 'alert' },
          h('h2', {}, `Phiếu bị Trung tâm trả lại${returned ? ' lúc ' + fmtDateTime(returned.at) : ''}`),
          h('p', { class: 'unit-reason' }, 'Lý do: ', h('q', {}, reg.return_reason || (returned && returned.reason) || '(không ghi lý do)')),
          h('p', {}, h('strong', {}, 'Việc cần làm: '), 'sửa danh sách theo lý do trên — sửa trực tiếp trong bảng hoặc tải lại tệp — bấm “Lưu nháp”, rồi bấm “Nộp phiếu” để gửi lại.'));
      case 'draft':
        if (returned && (!submitted || returned.at >= submitted.at)) {
          return notice('warn', h('strong', {}, `Phiếu đã bị trả lại lúc ${fmtDateTime(returned.at)}`), ' với lý do: ',
            h('q', {}, returned.reason || '(không ghi)'), '. Bạn đang sửa (bản nháp); sửa xong hãy bấm “Nộp phiếu” để gửi lại.');
        }
        return notice('info', h('strong', {}, 'Phiếu đang là bản nháp: '), 'Trung tâm chưa nhận được. Khi danh sách đã đủ và đúng, bấm “Nộp phiếu”.');
      case 'submitted':
        return notice('info', h('strong', {}, `Phiếu đã nộp${submitted ? ' lúc ' + fmtDateTime(submitted.at) : ''}, đang chờ Trung tâm duyệt. `),
          'Trong lúc chờ, danh sách bị khóa. Nếu cần sửa, hãy liên hệ Trung tâm để được trả lại phiếu.');
      case 'approved':
        return notice('ok', h('strong', {}, `Phiếu đã được duyệt${approved ? ' lúc ' + fmtDateTime(approved.at) : ''}. `),
          'Trung tâm sẽ gửi danh sách sang Cục C06 để cấp tài khoản.');
      case 'sent_c06':
        return notice('ok', h('strong', {}, 'Danh sách đã gửi Cục C06. '), 'Tài khoản được kích hoạt khi C06 cấp xong và đơn vị có bản cam kết còn hiệu lực (đã tải bản ký).');
      case 'active':
        return notice('ok', h('strong', {}, 'Phiếu đang hoạt động: '), 'các tài khoản đã được kích hoạt. Cần tạm dừng hay thu hồi tài khoản của cán bộ nghỉ việc, chuyển công tác: liên hệ Trung tâm.');
      default:
        return null;
    }
  }

  // Before submitting: days left (or overdue). After: whether the form came in time.
  function deadlineNote(c, status, hist) {
    if (!SUBMITTED.has(status)) return h('span', { class: 'unit-deadline' }, `(${deadlineText(c, ov.today)})`);
    const first = hist.find(x => x.action === 'submit');
    if (!first) return null;
    const late = daysBetween(c.deadline, first.at.slice(0, 10));
    return h('span', { class: 'muted' }, `(nộp ${fmtDate(first.at)}${late > 0 ? ` — trễ ${late} ngày` : ' — đúng hạn'})`);
  }

  function statusCard(reg, hist) {
    const c = page.campaign;
    const status = reg ? reg.status : 'none';
    return card('Tình trạng phiếu',
      h('p', { class: 'unit-badge-line' }, badge(status)),
      h('dl', { class: 'facts' },
        h('dt', {}, 'Đợt'), h('dd', {}, c.name),
        h('dt', {}, 'Căn cứ'), h('dd', {}, c.basis),
        h('dt', {}, 'Thời gian'), h('dd', {}, `${fmtDate(c.open_date)} – ${fmtDate(c.deadline)}`, ' ', deadlineNote(c, status, hist)),
        h('dt', {}, 'Số tài khoản'), h('dd', {}, reg ? fmtNumber(reg.accounts.length) : '0'),
        reg ? [h('dt', {}, 'Cập nhật'), h('dd', {}, fmtDateTime(reg.updated_at), reg.source_file ? ` · ${reg.source_file}` : '')] : null));
  }

  function checklistCard(reg, hist) {
    const status = reg ? reg.status : 'none';
    const n = reg ? reg.accounts.length : 0;
    const cs = commitmentState(ov.commitments);
    const live = ov.commitments.find(x => x.status === 'valid' && (!x.valid_to || x.valid_to >= ov.today));
    const submitted = last(hist, 'submit'), approved = last(hist, 'approve');
    const toCommitment = text => h('a', { href: '/don-vi/cam-ket' }, text);
    return card('Còn thiếu gì?', checklist([
      { ok: n > 0, text: n > 0 ? `Danh sách có ${fmtNumber(n)} tài khoản` : 'Danh sách tài khoản',
        hint: n > 0 ? null : 'chưa có tài khoản nào: thêm dòng hoặc tải tệp, rồi lưu' },
      { ok: SUBMITTED.has(status), text: 'Phiếu đã nộp',
        hint: SUBMITTED.has(status) ? (submitted ? fmtDateTime(submitted.at) : null) : 'bấm “Nộp phiếu” khi danh sách đã đủ' },
      { ok: APPROVED.has(status) ? true : status === 'returned' ? false : null, text: 'Trung tâm đã duyệt',
        hint: APPROVED.has(status) ? (approved ? fmtDateTime(approved.at) : null)
          : status === 'submitted' ? 'đang chờ duyệt' : status === 'returned' ? 'bị trả lại — xem lý do ở trên' : 'sau khi nộp' },
      { ok: !!live, text: 'Bản cam kết còn hiệu lực',
        hint: live ? (live.valid_to ? `đến ${fmtDate(live.valid_to)}` : 'không thời hạn') : toCommitment('lập bản cam kết') },
      { ok: !!cs.valid, text: 'Bản cam kết đã có bản ký (PDF)',
        hint: cs.valid ? null : cs.unsigned ? toCommitment('tải lên bản scan đã ký, đóng dấu') : toCommitment('lập, in, ký rồi tải bản scan lên') },
      { ok: status === 'active' ? true : null, text: 'Tài khoản đã kích hoạt',
        hint: status === 'active' ? null : 'Trung tâm kích hoạt sau khi C06 cấp tài khoản' },
    ]));
  }

  // --- items 1–3 of the form: unit, systems, contact ---
  function contactCard(reg, editable) {
    const k = reg ? reg.contact : {};
    if (!editable) {
      const fact = (t, v) => [h('dt', {}, t), h('dd', {}, v || h('span', { class: 'muted' }, 'chưa ghi'))];
      return { card: card('Thông tin chung của phiếu', h('dl', { class: 'facts' },
        fact('Đơn vị đăng ký', `${ov.unit.name} (${ov.unit.code})`),
        fact('Hệ thống sử dụng', (reg.systems || []).join('; ')),
        fact('Đầu mối liên hệ', [k.name, k.position].filter(Boolean).join(', ')),
        fact('Số điện thoại', k.phone), fact('Email', k.email), fact('Đơn vị công tác', k.workplace))), values: null };
    }
    const touch = () => { page.contactDirty = true; };
    const f = {
      systems: field({ label: 'Tên hệ thống sử dụng (mục 2 của phiếu)', name: 'systems', value: (reg && reg.systems || []).join('; '),
        hint: 'Ví dụ: Hệ thống thông tin một cửa điện tử; Cổng dịch vụ công. Nhiều hệ thống cách nhau bằng “;”.' }),
      name: field({ label: 'Đầu mối liên hệ: họ tên', name: 'contact_name', value: k.name }),
      position: field({ label: 'Chức vụ', name: 'contact_position', value: k.position }),
      phone: field({ label: 'Số điện thoại', name: 'contact_phone', value: k.phone, inputmode: 'tel', validate: 'phone' }),
      email: field({ label: 'Email', name: 'contact_email', value: k.email, type: 'email', validate: 'email' }),
      workplace: field({ label: 'Đơn vị công tác', name: 'contact_workplace', value: k.workplace }),
    };
    liveValidate(f.name.input, f.name.msg, 'name');
    f.systems.classList.add('unit-span2');
    for (const w of Object.values(f)) w.input.addEventListener('input', touch);
    const byColumn = { 'Họ tên đầu mối': f.name, 'Số điện thoại đầu mối': f.phone, 'Email đầu mối': f.email, 'Tên hệ thống': f.systems };
    return {
      card: card('Thông tin chung của phiếu',
        h('p', { class: 'muted' }, 'Đơn vị đăng ký: ', h('strong', {}, ov.unit.name), ` (${ov.unit.code}). Trung tâm liên hệ người dưới đây khi cần làm rõ phiếu.`),
        h('div', { class: 'form-grid' }, f.systems, f.name, f.position, f.phone, f.email, f.workplace)),
      values: () => ({
        systems: f.systems.input.value.split(';').map(s => s.trim()).filter(Boolean),
        contact: { name: f.name.input.value.trim(), position: f.position.input.value.trim(), phone: f.phone.input.value.trim(),
          email: f.email.input.value.trim(), workplace: f.workplace.input.value.trim() },
      }),
      mark: err => markColumns(byColumn, err),
      clear: () => Object.values(byColumn).forEach(w => setWrapError(w, '')),
      invalid: () => Object.values(f).some(w => w.input.classList.contains('invalid')),
    };
  }

  // --- the account table: editor + upload, or read-only when the state forbids changes ---
  function accountsCard(reg, editable, contact, msg, tab) {
    const c = page.campaign;
    if (!editable) return card('Danh sách tài khoản', lockNotice(reg.status), readOnlyTable(reg));

    const saveBtn = h('button', { type: 'button', class: 'btn' }, 'Lưu nháp');
    const submitBtn = h('button', { type: 'button', class: 'btn primary' }, 'Nộp phiếu');
    const state = h('span', { class: 'unit-dirty', 'aria-live': 'polite' });
    const actionMsg = h('div');
    const refreshState = () => {
      state.textContent = dirty() ? '● Có thay đổi chưa lưu' : (reg ? '✓ Đã lưu' : '');
      state.classList.toggle('on', dirty());
    };
    const editor = rowsEditor({
      rows: reg ? reg.accounts.map(rowFromAccount) : [], agencies: ov.agencies, purposes: purposes.items,
      roles: ov.suggested_roles, limits: ov.limits, validOn: c.deadline, onChange: refreshState,
    });
    page.editor = editor;
    contact.card.addEventListener('input', refreshState);

    async function save() {
      clear(actionMsg);
      contact.clear();
      editor.clearSummary();
      const bad = await editor.check();
      if (bad || contact.invalid()) {
        showError(actionMsg, { message: `Chưa lưu: còn ${bad + (contact.invalid() ? 1 : 0)} ô chưa đúng (tô đỏ). Hãy sửa theo gợi ý dưới từng ô rồi bấm “Lưu nháp” lại.` });
        return false;
      }
      const body = { ...contact.values(), rows: editor.rows() };
      try {
        await api('PUT', regUrl(c.id, unit, '/accounts'), body);
      } catch (e) {
        if (e.details && e.details.length) {
          const rest = contact.mark({ details: editor.serverErrors(e) });
          showError(actionMsg, { message: e.message, details: rest });
        } else {
          showError(actionMsg, e);
        }
        return false;
      }
      editor.clean();
      page.contactDirty = false;
      return true;
    }

    saveBtn.addEventListener('click', () => busy(saveBtn, actionMsg, async () => {
      if (await save()) await load({ kind: 'ok', text: `Đã lưu phiếu (bản nháp) lúc ${fmtDateTime(new Date(Date.now() + 7 * 3600e3).toISOString())}. Khi danh sách đã đủ, bấm “Nộp phiếu”.` });
    }));
    submitBtn.addEventListener('click', () => busy(submitBtn, actionMsg, async () => {
      const n = editor.count();
      if (!n) { showError(actionMsg, { message: 'Phiếu chưa có tài khoản nào; hãy thêm ít nhất một dòng trước khi nộp.' }); return; }
      const ok = await ask({ title: 'Nộp phiếu cho Trung tâm?',
        message: `Phiếu có ${fmtNumber(n)} tài khoản. Sau khi nộp, danh sách bị khóa cho tới khi Trung tâm duyệt hoặc trả lại.` +
          (dirty() ? ' Các thay đổi chưa lưu sẽ được lưu trước khi nộp.' : ''), okText: 'Nộp phiếu' });
      if (!ok) return;
      if (dirty() || !reg) { if (!await save()) return; }
      await api('POST', regUrl(c.id, unit, '/submit'), {});
      await load({ kind: 'ok', text: 'Đã nộp phiếu. Trung tâm sẽ xem và duyệt; kết quả (duyệt hoặc trả lại kèm lý do) hiện ở trang này.' });
    }));
    refreshState();

    const upload = uploadPanel({ campaign: c, unit, unitName: ov.unit.name, current: reg ? reg.accounts.length : 0,
      dirty, onWritten: async (out, file) => {
        editor.clean();
        page.contactDirty = false;
        await load({ kind: 'ok', text: `Đã ghi ${fmtNumber(out.accounts.length)} tài khoản từ tệp “${file.name}” vào phiếu (bản nháp). Kiểm tra lại thông tin chung, rồi bấm “Nộp phiếu”.` });
      } });

    const panels = { edit: h('div', {}, editor.el, actionMsg, h('div', { class: 'actions unit-actionbar' }, saveBtn, submitBtn, state)),
      upload };
    const tabs = h('div', { class: 'tabs', role: 'tablist' });
    const holder = h('div', { role: 'tabpanel' });
    const show = key => {
      for (const b of tabs.children) b.setAttribute('aria-selected', b.dataset.key === key ? 'true' : 'false');
      clear(holder, panels[key]);
    };
    tabs.append(
      h('button', { type: 'button', role: 'tab', dataset: { key: 'edit' }, onclick: () => show('edit') }, 'Nhập trực tiếp'),
      h('button', { type: 'button', role: 'tab', dataset: { key: 'upload' }, onclick: () => show('upload') }, 'Tải tệp Excel/CSV'));
    show(tab);
    return card('Danh sách tài khoản', h('p', { class: 'hint' },
      'Mỗi dòng một cán bộ được khai thác (Phiếu đăng ký, chú thích 10–15). Ô có dấu * là bắt buộc; ô sai được tô đỏ ngay khi gõ, kèm cách sửa.'),
    tabs, holder);
  }

  function lockNotice(status) {
    const why = {
      submitted: 'Phiếu đã nộp nên danh sách bị khóa trong lúc Trung tâm duyệt. Cần sửa? Đề nghị Trung tâm trả lại phiếu.',
      approved: 'Phiếu đã được duyệt nên không sửa được. Cần thay đổi cán bộ? Liên hệ Trung tâm.',
      sent_c06: 'Danh sách đã gửi C06 nên không sửa được. Cần thay đổi cán bộ? Liên hệ Trung tâm.',
      active: 'Tài khoản đang hoạt động nên danh sách không sửa được. Cán bộ nghỉ việc hoặc chuyển công tác: đề nghị Trung tâm tạm dừng hoặc thu hồi tài khoản.',
    }[status];
    return notice('info', h('strong', {}, 'Danh sách đang khóa. '), why || 'Phiếu ở trạng thái này không sửa được.');
  }

  function readOnlyTable(reg) {
    const accounts = reg.accounts.map((a, i) => ({ ...a, tt: i + 1 }));
    return dataTable([
      { key: 'tt', title: 'TT', class: 'num' },
      { key: 'full_name', title: 'Họ tên' },
      { key: 'login', title: 'Tài khoản' },
      { key: 'phone', title: 'SĐT' },
      { key: 'official_id', title: 'Số CCCD', render: a => a.official_id || '—' },
      { key: 'agency_name', title: 'Cơ quan' },
      { key: 'role', title: 'Vai trò' },
      { key: 'daily_quota', title: 'Lượt/ngày', class: 'num', value: a => a.daily_quota,
        render: a => `${a.dossiers_per_day} × ${a.queries_per_dossier} = ${fmtNumber(a.daily_quota)}` },
      { key: 'purposes', title: 'Mục đích', value: a => a.purposes.map(p => p.code).join(', '),
        render: a => h('span', { title: a.purposes.map(p => `${p.code}: ${p.text}`).join('\n') }, a.purposes.map(p => p.code).join(', ')) },
      { key: 'status', title: 'Tài khoản', value: a => a.status_label, render: a => badge(a.status, a.status_label) },
    ], accounts, { pageSize: 20, placeholder: 'Tìm cán bộ, tài khoản, cơ quan (gõ không dấu cũng được)…' });
  }

  function downloadsCard(reg) {
    const c = page.campaign;
    if (!reg) {
      return card('Tải phiếu để ký, đóng dấu', h('p', { class: 'muted' }, 'Lưu phiếu trước; sau đó tải bản Word/Excel đã điền sẵn để trình ký, đóng dấu.'));
    }
    return card('Tải phiếu để ký, đóng dấu',
      h('p', {}, 'Phiếu đã điền sẵn theo bản đã lưu. In, trình lãnh đạo ký, đóng dấu và gửi Trung tâm theo hướng dẫn của đợt.'),
      h('div', { class: 'actions' },
        download(regUrl(c.id, unit, '/form.docx'), 'Phiếu đăng ký (Word .docx)'),
        download(regUrl(c.id, unit, '/form.xlsx'), 'Danh sách tài khoản (Excel .xlsx)')),
      h('p', { class: 'hint' }, 'Thay đổi chưa lưu không có trong tệp tải về.'));
  }

  function historyCard(hist) {
    if (!hist.length) return null;
    return card('Lịch sử phiếu', dataTable([
      { key: 'at', title: 'Thời gian', render: x => fmtDateTime(x.at) },
      { key: 'actor', title: 'Người thực hiện', value: x => actorLabel(x.actor), render: x => actorLabel(x.actor) },
      { key: 'action', title: 'Thao tác', value: x => ACTIONS[x.action] || x.action, render: x => ACTIONS[x.action] || x.action },
      { key: 'to_status', title: 'Trạng thái sau', value: x => x.to_status, render: x => (x.to_status ? badge(x.to_status) : '') },
      { key: 'reason', title: 'Lý do / ghi chú', value: x => [x.reason, x.detail].filter(Boolean).join(' · '),
        render: x => [x.reason ? h('strong', {}, x.reason) : null, x.reason && x.detail ? ' · ' : '', x.detail || ''] },
    ], [...hist].reverse(), { pageSize: 10, search: hist.length > 10 }));
  }

  await load();
}
