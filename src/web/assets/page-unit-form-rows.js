// The editable account table of the unit's form: add, edit and delete rows, each cell checked
// as the user types (the server's validators for names, logins, phones and the official's
// CCCD; required fields, numbers, duplicate logins and CCCDs here), and the server's per-row
// errors shown on their cells.
import { h, clear, fmtNumber, notice } from './ui.js';
import { checkKind } from './unit-common.js';

// Column titles as the server's errors name them (registry/account_row.h) → cell keys.
const COLUMN_KEY = {
  'Họ tên': 'full_name', 'Tài khoản đăng nhập': 'login', 'SĐT': 'phone', 'Mã cơ quan': 'agency_code',
  'Tên cơ quan': 'agency_code', 'Vai trò trách nhiệm': 'role', 'Số lần truy vấn trong ngày': 'dossiers_per_day',
  'Số hồ sơ/ngày': 'dossiers_per_day', 'Số truy vấn/hồ sơ': 'queries_per_dossier', 'Mục đích sử dụng': 'purposes',
  'Số CCCD/định danh của cán bộ': 'official_id',
};
const KEYS = ['full_name', 'login', 'phone', 'official_id', 'agency_code', 'role', 'dossiers_per_day', 'queries_per_dossier', 'purposes'];
const KIND = { full_name: 'name', login: 'login', phone: 'phone', official_id: 'cccd' };
const OPTIONAL = new Set(['official_id']);  // the official's CCCD (MaCanBo upstream): checked when typed
const LABEL = {
  full_name: 'Họ tên', login: 'Tài khoản đăng nhập', phone: 'SĐT', official_id: 'Số CCCD', agency_code: 'Cơ quan', role: 'Vai trò',
  dossiers_per_day: 'Hồ sơ/ngày', queries_per_dossier: 'Truy vấn/hồ sơ', purposes: 'Mục đích',
};
const REQUIRED = {
  full_name: 'Nhập họ và tên cán bộ.',
  login: 'Nhập tài khoản đăng nhập (8–60 ký tự: chữ không dấu, số, . _ - @).',
  phone: 'Nhập số điện thoại của cán bộ.',
  agency_code: 'Chọn cơ quan nơi cán bộ làm việc.',
  role: 'Nhập vai trò, ví dụ: Cán bộ một cửa.',
  dossiers_per_day: 'Nhập số hồ sơ mỗi ngày.',
  queries_per_dossier: 'Nhập số truy vấn cho một hồ sơ.',
  purposes: 'Chọn ít nhất một mục đích sử dụng.',
};

// A registration's account (API shape) → an editor row.
export function rowFromAccount(a) {
  return {
    full_name: a.full_name || '', login: a.login || '', phone: a.phone || '', official_id: a.official_id || '', agency_code: a.agency_code || '',
    role: a.role || '', dossiers_per_day: String(a.dossiers_per_day || ''), queries_per_dossier: String(a.queries_per_dossier || ''),
    purposes: (a.purposes || []).map(p => ({ code: p.code, text: p.text })),
  };
}

function emptyRow(defaultAgency) {
  return { full_name: '', login: '', phone: '', official_id: '', agency_code: defaultAgency || '', role: '', dossiers_per_day: '',
    queries_per_dossier: '', purposes: [] };
}

// opts: {rows, agencies, purposes, roles, limits, validOn (ISO day agencies must exist), onChange()}
// Returns {el, rows(), check() → number of errors, serverErrors(err), clean(), dirty(), focusFirstError()}.
export function rowsEditor(opts) {
  const catalogue = opts.purposes || [];
  const known = new Set(catalogue.map(p => p.code));
  const limits = opts.limits || { dossiers_per_day: 2000, queries_per_dossier: 50, daily_quota: 10000 };
  const defaultAgency = opts.agencies.length === 1 ? opts.agencies[0].code : '';
  const state = { rows: [], showAll: false, dirty: false, undo: null };
  const body = h('tbody');
  const summary = h('div', { class: 'unit-row-summary', 'aria-live': 'polite' });
  const roleList = h('datalist', { id: 'unit-roles' }, (opts.roles || []).map(r => h('option', { value: r })));

  const changed = () => {
    state.dirty = true;
    if (opts.onChange) opts.onChange();
  };

  // --- one cell's message: the server's (until edited) before ours ---
  function show(row, key) {
    const c = row.cells[key];
    const text = c.server || ((c.touched || state.showAll) ? c.client : '');
    const target = c.input;
    target.classList.toggle('invalid', !!text);
    target.setAttribute('aria-invalid', text ? 'true' : 'false');
    c.msg.textContent = text || '';
    row.tr.classList.toggle('row-error', KEYS.some(k => row.cells[k].server ||
      ((row.cells[k].touched || state.showAll) && row.cells[k].client)));
  }

  function isBlank(r) {
    return !r.full_name.trim() && !r.login.trim() && !r.phone.trim() && !r.official_id.trim() && !r.role.trim() &&
      !r.dossiers_per_day.trim() && !r.queries_per_dossier.trim() && !r.purposes.length &&
      (!r.agency_code || r.agency_code === defaultAgency);
  }

  // Rules checked here; returns the message for the cell ('' = fine, null = ask the server).
  function localRule(row, key) {
    const r = row.data;
    if (isBlank(r)) return '';
    const v = key === 'purposes' ? r.purposes : String(r[key] || '').trim();
    if (key === 'purposes') return v.length ? '' : REQUIRED.purposes;
    if (!v) return OPTIONAL.has(key) ? '' : REQUIRED[key];
    if (key === 'dossiers_per_day' || key === 'queries_per_dossier') {
      if (!/^\d+$/.test(v) || +v < 1) return 'Nhập một số nguyên lớn hơn 0.';
      const max = limits[key];
      if (+v > max) return `Tối đa ${fmtNumber(max)} ${key === 'dossiers_per_day' ? 'hồ sơ/ngày' : 'truy vấn/hồ sơ'}; hãy kiểm tra lại.`;
      if (key === 'dossiers_per_day' && /^\d+$/.test(r.queries_per_dossier) && +v * +r.queries_per_dossier > limits.daily_quota) {
        return `Tổng ${fmtNumber(+v * +r.queries_per_dossier)} lượt/ngày vượt mức tối đa ${fmtNumber(limits.daily_quota)}.`;
      }
      return '';
    }
    if (key === 'login') {
      const k = v.toLowerCase();
      const first = state.rows.findIndex(x => x.data.login.trim().toLowerCase() === k);
      if (first >= 0 && state.rows[first] !== row) return `Trùng tài khoản ở dòng ${first + 1}; mỗi cán bộ một tài khoản riêng.`;
    }
    if (key === 'official_id') {
      // As the server words it (registry CheckFormRow): one CCCD, one login.
      const digits = v.replace(/\s+/g, '');
      const login = r.login.trim().toLowerCase();
      const first = state.rows.findIndex(x => x.data.official_id.replace(/\s+/g, '') === digits &&
        x.data.login.trim().toLowerCase() !== login);
      if (first >= 0 && first < state.rows.indexOf(row)) {
        return `Số CCCD ${digits} đã ghi cho tài khoản khác ở dòng ${first + 1}; mỗi cán bộ chỉ có một tài khoản, hãy kiểm tra lại số CCCD.`;
      }
    }
    return KIND[key] ? null : '';
  }

  async function validate(row, key) {
    const rule = localRule(row, key);
    const c = row.cells[key];
    if (rule !== null) { c.client = rule; show(row, key); return; }
    const value = String(row.data[key]).trim();
    const ticket = (c.ticket = (c.ticket || 0) + 1);
    const msg = await checkKind(KIND[key], value);
    if (ticket !== c.ticket) return;  // the user typed on meanwhile
    c.client = msg;
    show(row, key);
  }

  function validateRow(row) { return Promise.all(KEYS.map(k => validate(row, k))); }

  function revalidateLogins() {
    for (const row of state.rows) {
      if (row.data.login.trim()) validate(row, 'login');
      if (row.data.official_id.trim()) validate(row, 'official_id');
    }
  }

  // --- cells ---
  function textCell(row, key, attrs = {}) {
    const input = h('input', { type: 'text', value: row.data[key], 'aria-label': `${LABEL[key]}, dòng ${row.no()}`,
      autocomplete: 'off', spellcheck: 'false', ...attrs, class: `cell-${key}${attrs.class ? ' ' + attrs.class : ''}` });
    let timer = 0;
    input.addEventListener('input', () => {
      row.data[key] = input.value;
      const c = row.cells[key];
      c.server = '';
      c.touched = true;
      changed();
      clearTimeout(timer);
      timer = setTimeout(() => {
        validate(row, key);
        if (key === 'login' || key === 'official_id') revalidateLogins();
        if (key === 'dossiers_per_day' || key === 'queries_per_dossier') { validate(row, 'dossiers_per_day'); updateTotal(row); }
      }, KIND[key] ? 300 : 120);
      if (key === 'dossiers_per_day' || key === 'queries_per_dossier') updateTotal(row);
    });
    input.addEventListener('blur', () => {
      row.cells[key].touched = true;
      validate(row, key);
    });
    return input;
  }

  // An agency that no longer existed (or did not yet) on the campaign's deadline.
  const retired = a => !!opts.validOn && ((a.valid_to && a.valid_to < opts.validOn) || a.valid_from > opts.validOn);

  function agencyCell(row) {
    const groups = [['huyen', 'so', 'tinh'], ['phong'], ['xa']];
    const titles = ['Đơn vị', 'Phòng, ban', 'UBND xã, phường, thị trấn'];
    const byCode = new Set(opts.agencies.map(a => a.code));
    const opt = a => h('option', { value: a.code, selected: a.code === row.data.agency_code, title: a.code },
      a.name + (retired(a) ? ' (không còn trong danh mục)' : ''));
    const sel = h('select', { class: 'cell-agency_code', 'aria-label': `Cơ quan, dòng ${row.no()}` },
      h('option', { value: '' }, '— Chọn cơ quan —'),
      !row.data.agency_code || byCode.has(row.data.agency_code) ? null :
        h('option', { value: row.data.agency_code, selected: true }, row.data.agency_code),
      groups.map((kinds, i) => {
        const list = opts.agencies.filter(a => kinds.includes(a.kind));
        return list.length ? h('optgroup', { label: titles[i] }, list.map(opt)) : null;
      }));
    sel.addEventListener('change', () => {
      row.data.agency_code = sel.value;
      row.cells.agency_code.server = '';
      row.cells.agency_code.touched = true;
      changed();
      validate(row, 'agency_code');
    });
    return sel;
  }

  function purposeCell(row) {
    const extra = row.data.purposes.filter(p => !known.has(p.code));
    const all = [...catalogue, ...extra];
    const box = h('div', { class: 'unit-chips', role: 'group', 'aria-label': `Mục đích sử dụng, dòng ${row.no()}`, tabindex: '-1' });
    for (const p of all) {
      const cb = h('input', { type: 'checkbox', value: p.code, checked: row.data.purposes.some(x => x.code === p.code) });
      cb.addEventListener('change', () => {
        row.data.purposes = all.filter(x => x.code === cb.value ? cb.checked : row.data.purposes.some(y => y.code === x.code));
        row.cells.purposes.server = '';
        row.cells.purposes.touched = true;
        changed();
        validate(row, 'purposes');
      });
      box.append(h('label', { class: 'unit-chip', title: p.text }, cb, p.code.replace(/^XMCD-/, '')));
    }
    return box;
  }

  function updateTotal(row) {
    const d = row.data.dossiers_per_day.trim(), q = row.data.queries_per_dossier.trim();
    row.total.textContent = /^\d+$/.test(d) && /^\d+$/.test(q) ? '= ' + fmtNumber(+d * +q) : '';
  }

  function makeRow(data) {
    const row = { data, cells: {} };
    row.no = () => state.rows.indexOf(row) + 1;
    const num = h('td', { class: 'num unit-tt' });
    row.setNo = () => { num.textContent = row.no(); };
    const cell = (key, input, extra = null) => {
      const msg = h('div', { class: 'cell-msg', 'aria-live': 'polite' });
      row.cells[key] = { input, msg, client: '', server: '', touched: false };
      return [input, extra, msg];
    };
    row.total = h('span', { class: 'unit-total' });
    const dossiers = textCell(row, 'dossiers_per_day', { inputmode: 'numeric', class: 'cell-num' });
    const per = textCell(row, 'queries_per_dossier', { inputmode: 'numeric', class: 'cell-num' });
    const del = h('button', { type: 'button', class: 'btn small unit-del', title: 'Xóa dòng này',
      'aria-label': `Xóa dòng ${row.no()}`, onclick: () => removeRow(row) }, '✕');
    const quotaMsgs = [h('div', { class: 'cell-msg' }), h('div', { class: 'cell-msg' })];
    row.cells.dossiers_per_day = { input: dossiers, msg: quotaMsgs[0], client: '', server: '', touched: false };
    row.cells.queries_per_dossier = { input: per, msg: quotaMsgs[1], client: '', server: '', touched: false };
    row.tr = h('tr', {},
      num,
      h('td', {}, cell('full_name', textCell(row, 'full_name', { placeholder: 'Nguyễn Văn A' }))),
      h('td', {}, cell('login', textCell(row, 'login', { placeholder: 'nguyenvana.honda' }))),
      h('td', {}, cell('phone', textCell(row, 'phone', { inputmode: 'tel', placeholder: '09xxxxxxxx' }))),
      h('td', {}, cell('official_id', textCell(row, 'official_id', { inputmode: 'numeric', placeholder: '12 chữ số', maxlength: '20' }))),
      h('td', {}, cell('agency_code', agencyCell(row))),
      h('td', {}, cell('role', textCell(row, 'role', { list: 'unit-roles', placeholder: 'Cán bộ một cửa' }))),
      h('td', { class: 'unit-quota' }, h('div', { class: 'unit-quota-line' }, dossiers, h('span', { 'aria-hidden': 'true' }, '×'), per, row.total), quotaMsgs),
      h('td', {}, cell('purposes', purposeCell(row))),
      h('td', {}, del));
    row.setNo();
    updateTotal(row);
    return row;
  }

  function redrawNumbers() { state.rows.forEach(r => r.setNo()); }

  function addRow(data, focus = false) {
    const row = makeRow(data || emptyRow(defaultAgency));
    state.rows.push(row);
    body.append(row.tr);
    redrawNumbers();
    if (focus) row.cells.full_name.input.focus();
    return row;
  }

  function removeRow(row) {
    const i = state.rows.indexOf(row);
    if (i < 0) return;
    state.rows.splice(i, 1);
    row.tr.remove();
    redrawNumbers();
    changed();
    revalidateLogins();
    const who = row.data.full_name.trim() || row.data.login.trim();
    if (isBlank(row.data)) { clear(undoBox); return; }
    state.undo = { row, at: i };
    clear(undoBox, notice('info', `Đã xóa dòng ${i + 1}${who ? ' (' + who + ')' : ''}. `,
      h('button', { type: 'button', class: 'link', onclick: () => {
        const u = state.undo;
        if (!u) return;
        state.rows.splice(Math.min(u.at, state.rows.length), 0, u.row);
        body.insertBefore(u.row.tr, body.children[u.at] || null);
        state.undo = null;
        clear(undoBox);
        redrawNumbers();
        changed();
        revalidateLogins();
      } }, 'Hoàn tác')));
  }

  const undoBox = h('div');
  for (const d of opts.rows) addRow(d);
  if (!opts.rows.length) addRow();

  const legend = h('p', { class: 'hint unit-legend' }, 'Mục đích: ',
    catalogue.map((p, i) => [i ? ' · ' : '', h('strong', {}, p.code.replace(/^XMCD-/, '')), ' ', p.text]));
  const add = h('button', { type: 'button', class: 'btn', onclick: () => { addRow(null, true); changed(); } }, '+ Thêm dòng');
  const table = h('table', { class: 'data unit-edit' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'TT'),
      h('th', { scope: 'col' }, 'Họ tên ', h('span', { class: 'req' }, '*')),
      h('th', { scope: 'col' }, 'Tài khoản đăng nhập ', h('span', { class: 'req' }, '*')),
      h('th', { scope: 'col' }, 'SĐT ', h('span', { class: 'req' }, '*')),
      h('th', { scope: 'col', title: 'Số CCCD/định danh của cán bộ (12 chữ số; không bắt buộc)' }, 'Số CCCD'),
      h('th', { scope: 'col' }, 'Cơ quan ', h('span', { class: 'req' }, '*')),
      h('th', { scope: 'col' }, 'Vai trò ', h('span', { class: 'req' }, '*')),
      h('th', { scope: 'col', title: 'Số hồ sơ/ngày × số truy vấn/hồ sơ' }, 'Hồ sơ/ngày × truy vấn/hồ sơ ', h('span', { class: 'req' }, '*')),
      h('th', { scope: 'col' }, 'Mục đích ', h('span', { class: 'req' }, '*')),
      h('th', { scope: 'col' }, h('span', { class: 'unit-sr' }, 'Xóa')))),
    body);
  const el = h('div', { class: 'unit-editor' }, roleList, summary,
    h('div', { class: 'scroll' }, table), undoBox,
    h('div', { class: 'actions' }, add), legend);

  function errorsList() {
    const out = [];
    state.rows.forEach((row, i) => {
      for (const k of KEYS) {
        const c = row.cells[k];
        const text = c.server || ((c.touched || state.showAll) ? c.client : '');
        if (text) out.push({ row: i + 1, key: k, text });
      }
    });
    return out;
  }

  function drawSummary(title) {
    const list = errorsList();
    if (!list.length) { clear(summary); return 0; }
    const shown = list.slice(0, 12);
    clear(summary, notice('error', h('strong', {}, title || `Bảng còn ${list.length} ô cần sửa (tô đỏ). Bấm vào một lỗi để tới ô đó:`),
      h('ul', {}, shown.map(e => h('li', {}, h('button', { type: 'button', class: 'link', onclick: () => {
        const c = state.rows[e.row - 1].cells[e.key];
        (c.input.querySelector ? (c.input.querySelector('input') || c.input) : c.input).focus();
      } }, `Dòng ${e.row}, ${LABEL[e.key]}`), ': ', e.text))),
      list.length > shown.length ? h('p', {}, `… và ${list.length - shown.length} lỗi khác.`) : null));
    return list.length;
  }

  return {
    el,
    rows: () => state.rows.map(r => ({
      full_name: r.data.full_name, login: r.data.login, phone: r.data.phone, official_id: r.data.official_id, agency_code: r.data.agency_code,
      role: r.data.role, dossiers_per_day: r.data.dossiers_per_day, queries_per_dossier: r.data.queries_per_dossier,
      purposes: r.data.purposes.map(p => (known.has(p.code) ? p.code : `${p.code} - ${p.text}`)),
    })),
    count: () => state.rows.filter(r => !isBlank(r.data)).length,
    // Every cell checked now, every message shown; resolves to the number of cells in error.
    async check() {
      state.showAll = true;
      await Promise.all(state.rows.map(validateRow));
      return drawSummary();
    },
    // The server refused the rows: its details carry the row's position and the column title.
    serverErrors(err) {
      state.showAll = true;
      const other = [];
      for (const d of err.details || []) {
        const row = d.row ? state.rows[d.row - 1] : null;
        const key = COLUMN_KEY[d.column];
        if (row && key) { row.cells[key].server = d.message; show(row, key); } else other.push(d);
      }
      drawSummary(`${err.message} Bấm vào một lỗi để tới ô đó:`);
      return other;
    },
    clearSummary: () => clear(summary),
    dirty: () => state.dirty,
    clean: () => { state.dirty = false; },
  };
}
