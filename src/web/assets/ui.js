// Shared helpers of every page: API calls with the CSRF token, a DOM builder, Vietnamese
// sorting and accent-free search, tables with paging, forms that keep what was typed and
// show errors beside their fields, charts as SVG, dialogs. No framework, no inline scripts.

export const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

let csrf = '';
export function setCsrf(token) { csrf = token || ''; }

export class ApiError extends Error {
  constructor(status, body) {
    const err = (body && body.error) || {};
    super(err.message || `Lỗi máy chủ (${status}).`);
    this.status = status;
    this.code = err.code || '';
    this.reason = err.reason || '';
    this.details = err.details || [];
    this.body = body || {};
  }
}

// Calls the JSON API. `body` may be an object (sent as JSON), a File/Blob (sent raw) or null.
export async function api(method, url, body = null, headers = {}) {
  const init = { method, headers: { ...headers }, credentials: 'same-origin' };
  if (method !== 'GET' && method !== 'HEAD') init.headers['X-CSRF-Token'] = csrf;
  if (body instanceof Blob) {
    init.body = body;
    init.headers['Content-Type'] = body.type || 'application/octet-stream';
  } else if (body !== null && body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  let res;
  try {
    res = await fetch(url, init);
  } catch (e) {
    throw new ApiError(0, { error: { message: 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.' } });
  }
  const type = res.headers.get('content-type') || '';
  const data = type.includes('json') ? await res.json().catch(() => null) : null;
  if (res.status === 401 && !url.startsWith('/api/v1/session')) {
    location.href = '/dang-nhap?next=' + encodeURIComponent(location.pathname + location.search);
    throw new ApiError(401, data);
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

// h('div', {class: 'x', onclick: fn}, 'text', child…) — text is always text, never HTML.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value') el.value = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el, ...children) { el.replaceChildren(); append(el, children); return el; }

// Lower-case without diacritics: "Nguyễn Văn Đức" → "nguyen van duc".
export function fold(s) {
  return String(s ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd').replace(/Đ/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function fmtDate(iso) {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

export function fmtDateTime(iso) {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})/.exec(iso);
  return m ? `${m[4]}:${m[5]} ${m[3]}/${m[2]}/${m[1]}` : fmtDate(iso);
}

export function fmtNumber(n) { return Number(n || 0).toLocaleString('vi-VN'); }

const STATUS = {
  draft: ['Nháp', 'grey'], submitted: ['Đã nộp, chờ duyệt', 'blue'], returned: ['Bị trả lại', 'red'],
  approved: ['Đã duyệt', 'green'], sent_c06: ['Đã gửi C06', 'green'], active: ['Đang hoạt động', 'green'],
  pending: ['Chờ kích hoạt', 'grey'], suspended: ['Tạm dừng', 'amber'], revoked: ['Đã thu hồi', 'red'], ended: ['Đã chuyển đơn vị', 'grey'],
  none: ['Chưa có phiếu', 'grey'], allowed: ['Cho phép', 'green'], refused: ['Từ chối', 'red'],
  failed: ['Lỗi', 'amber'], disabled: ['Đã khóa', 'red'],
};
export function statusLabel(s) { return (STATUS[s] || [s || '—'])[0]; }
export function badge(status, text) {
  const [label, color] = STATUS[status] || [status || '—', 'grey'];
  return h('span', { class: `badge badge-${color}` }, text || label);
}

// A message box; kind = info | ok | error | warn.
export function notice(kind, ...content) {
  return h('div', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, ...content);
}

// Shows an error (ApiError or Error) in `box`, with the per-field details as a list.
export function showError(box, err) {
  const details = (err.details || []).map(d =>
    h('li', {}, d.row ? `Dòng ${d.row}` : '', d.row && d.column ? ', ' : '', d.column ? `cột “${d.column}”` : '',
      d.row || d.column ? ': ' : '', d.message));
  clear(box, notice('error', h('strong', {}, err.message), details.length ? h('ul', {}, details) : null));
  box.scrollIntoView({ block: 'nearest' });
}

export function showOk(box, text) { clear(box, notice('ok', text)); }

// A labelled input. Returns the wrapper; the input is wrapper.input.
// opts: {label, name, type, value, required, hint, placeholder, options:[[value,label]], rows,
//        autocomplete, validate: kind for /api/v1/validate/{kind} as the user types}
export function field(opts) {
  const id = 'f-' + opts.name + '-' + Math.random().toString(36).slice(2, 7);
  let input;
  if (opts.options) {
    input = h('select', { id, name: opts.name, required: opts.required },
      opts.options.map(([v, l]) => h('option', { value: v, selected: String(v) === String(opts.value ?? '') }, l)));
  } else if (opts.type === 'textarea') {
    input = h('textarea', { id, name: opts.name, rows: opts.rows || 3, required: opts.required,
      placeholder: opts.placeholder }, opts.value ?? '');
  } else {
    input = h('input', { id, name: opts.name, type: opts.type || 'text', value: opts.value ?? '',
      required: opts.required, placeholder: opts.placeholder, autocomplete: opts.autocomplete || 'off',
      inputmode: opts.inputmode, accept: opts.accept });
  }
  const msg = h('div', { class: 'field-msg', 'aria-live': 'polite' });
  const wrap = h('div', { class: 'field' },
    h('label', { for: id }, opts.label, opts.required ? h('span', { class: 'req', title: 'bắt buộc' }, ' *') : null),
    input, opts.hint ? h('div', { class: 'hint' }, opts.hint) : null, msg);
  wrap.input = input;
  wrap.msg = msg;
  if (opts.validate) liveValidate(input, msg, opts.validate);
  return wrap;
}

// Checks a value with the server's validators (the same rules as imports) as the user types.
export function liveValidate(input, msg, kind) {
  let timer = 0;
  const run = async () => {
    const v = input.value.trim();
    if (!v) { setFieldError(input, msg, ''); return; }
    try {
      const r = await api('GET', `/api/v1/validate/${kind}?value=${encodeURIComponent(v)}`);
      setFieldError(input, msg, r.valid ? '' : r.message);
    } catch { /* the server's answer on submit decides */ }
  };
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, 250); });
  input.addEventListener('blur', run);
}

export function setFieldError(input, msg, text) {
  input.classList.toggle('invalid', !!text);
  input.setAttribute('aria-invalid', text ? 'true' : 'false');
  msg.textContent = text || '';
}

// Marks the fields named in an ApiError's details (column = field name) of `form`.
export function markFields(form, err) {
  for (const d of err.details || []) {
    const input = form.querySelector(`[name="${CSS.escape(d.column || '')}"]`);
    const msg = input && input.closest('.field') && input.closest('.field').querySelector('.field-msg');
    if (input && msg) setFieldError(input, msg, d.message);
  }
}

export function formValues(form) {
  const out = {};
  for (const el of form.elements) if (el.name && el.type !== 'file') out[el.name] = el.value.trim();
  return out;
}

// Runs `fn` with the button disabled and a busy label; errors go to `box`.
export async function busy(button, box, fn) {
  const label = button.textContent;
  button.disabled = true;
  button.textContent = 'Đang xử lý…';
  try { return await fn(); } catch (e) { if (box) showError(box, e); else throw e; } finally {
    button.disabled = false;
    button.textContent = label;
  }
}

// A table over an array: search without diacritics, sort in Vietnamese order, pages.
// columns: [{key, title, render?(row) → node|string, value?(row) → sortable, sort: true, class}]
// opts: {rows, pageSize, search: true, placeholder, empty, toolbar: node, rowClass(row)}
export function dataTable(columns, rows, opts = {}) {
  const state = { q: '', sort: opts.sortKey || null, dir: opts.sortDir || 1, page: 0, size: opts.pageSize || 20 };
  const valueOf = (c, r) => (c.value ? c.value(r) : r[c.key]);
  const index = rows.map(r => fold(columns.map(c => valueOf(c, r)).join(' ')));
  const body = h('tbody');
  const info = h('span', { class: 'pager-info' });
  const prev = h('button', { type: 'button', class: 'btn small', onclick: () => { state.page--; draw(); } }, '‹ Trước');
  const next = h('button', { type: 'button', class: 'btn small', onclick: () => { state.page++; draw(); } }, 'Sau ›');
  const heads = columns.map(c => {
    const th = h('th', { scope: 'col', class: c.class });
    if (c.sort === false) { th.textContent = c.title; return th; }
    const b = h('button', { type: 'button', class: 'sort', onclick: () => {
      state.dir = state.sort === c.key ? -state.dir : 1;
      state.sort = c.key;
      state.page = 0;
      draw();
    } }, c.title);
    th.append(b);
    th.sortButton = b;
    return th;
  });
  const search = opts.search === false ? null : h('input', { type: 'search', class: 'search',
    placeholder: opts.placeholder || 'Tìm (gõ không dấu cũng được)…', 'aria-label': 'Tìm kiếm',
    oninput: e => { state.q = fold(e.target.value); state.page = 0; draw(); } });
  function draw() {
    let idx = rows.map((_, i) => i);
    if (state.q) idx = idx.filter(i => index[i].includes(state.q));
    if (state.sort) {
      const c = columns.find(x => x.key === state.sort);
      idx.sort((a, b) => {
        const va = valueOf(c, rows[a]), vb = valueOf(c, rows[b]);
        const r = typeof va === 'number' && typeof vb === 'number' ? va - vb : collator.compare(String(va ?? ''), String(vb ?? ''));
        return r * state.dir;
      });
    }
    const pages = Math.max(1, Math.ceil(idx.length / state.size));
    state.page = Math.min(Math.max(0, state.page), pages - 1);
    const shown = idx.slice(state.page * state.size, (state.page + 1) * state.size);
    clear(body, shown.length ? shown.map(i => {
      const r = rows[i];
      return h('tr', { class: opts.rowClass ? opts.rowClass(r) : null },
        columns.map(c => h('td', { class: c.class, 'data-label': c.title }, c.render ? c.render(r) : (r[c.key] ?? ''))));
    }) : h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, state.q ? 'Không có dòng nào khớp.' : (opts.empty || 'Chưa có dữ liệu.'))));
    heads.forEach((th, k) => {
      const c = columns[k];
      th.setAttribute('aria-sort', state.sort === c.key ? (state.dir > 0 ? 'ascending' : 'descending') : 'none');
    });
    info.textContent = idx.length ? `${state.page * state.size + 1}–${state.page * state.size + shown.length} / ${fmtNumber(idx.length)} dòng · trang ${state.page + 1}/${pages}` : '0 dòng';
    prev.disabled = state.page === 0;
    next.disabled = state.page >= pages - 1;
  }
  draw();
  return h('div', { class: 'table-wrap' },
    h('div', { class: 'table-tools' }, search, opts.toolbar || null),
    h('div', { class: 'scroll' }, h('table', { class: 'data' }, h('thead', {}, h('tr', {}, heads)), body)),
    h('div', { class: 'pager' }, prev, info, next));
}

// A table whose pages come from the server: fetchPage({offset, limit, q, sort, dir}) →
// {items, total}. For lists too long to send whole (audit records).
export function serverTable(columns, fetchPage, opts = {}) {
  const state = { offset: 0, limit: opts.pageSize || 25, total: 0 };
  const body = h('tbody');
  const info = h('span', { class: 'pager-info' });
  const box = h('div');
  const prev = h('button', { type: 'button', class: 'btn small', onclick: () => { state.offset = Math.max(0, state.offset - state.limit); load(); } }, '‹ Trước');
  const next = h('button', { type: 'button', class: 'btn small', onclick: () => { state.offset += state.limit; load(); } }, 'Sau ›');
  async function load() {
    try {
      const page = await fetchPage({ offset: state.offset, limit: state.limit });
      state.total = page.total ?? page.items.length;
      clear(body, page.items.length ? page.items.map(r => h('tr', {}, columns.map(c =>
        h('td', { class: c.class, 'data-label': c.title }, c.render ? c.render(r) : (r[c.key] ?? ''))))) :
        h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, opts.empty || 'Không có dòng nào.')));
      const pages = Math.max(1, Math.ceil(state.total / state.limit));
      info.textContent = `${state.total ? state.offset + 1 : 0}–${state.offset + page.items.length} / ${fmtNumber(state.total)} dòng · trang ${Math.floor(state.offset / state.limit) + 1}/${pages}`;
      prev.disabled = state.offset === 0;
      next.disabled = state.offset + state.limit >= state.total;
      clear(box);
    } catch (e) { showError(box, e); }
  }
  const wrap = h('div', { class: 'table-wrap' }, box,
    h('div', { class: 'scroll' }, h('table', { class: 'data' },
      h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col', class: c.class }, c.title)))), body)),
    h('div', { class: 'pager' }, prev, info, next));
  wrap.reload = (reset = true) => { if (reset) state.offset = 0; return load(); };
  load();
  return wrap;
}

// An SVG drawing: the <svg> element and el(tag, attrs, text) that appends a child to it.
export function svgCanvas(width, height, cls, label) {
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', cls);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  const el = (tag, attrs, text) => {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    svg.append(e);
    return e;
  };
  return { svg, el };
}

// Horizontal bars: [{label, value, total, note}] → SVG with percentage of total.
export function barChart(items, opts = {}) {
  const rowH = 26, labelW = opts.labelWidth || 220, barW = opts.width || 420, w = labelW + barW + 90;
  const { svg, el } = svgCanvas(w, items.length * rowH + 6, 'chart', opts.label || 'Biểu đồ');
  items.forEach((it, i) => {
    const y = i * rowH + 4, total = it.total || 1, frac = Math.min(1, (it.value || 0) / total);
    el('text', { x: labelW - 8, y: y + 16, 'text-anchor': 'end', class: 'chart-label' }, it.label);
    el('rect', { x: labelW, y, width: barW, height: 18, rx: 3, class: 'chart-track' });
    el('rect', { x: labelW, y, width: Math.max(frac > 0 ? 2 : 0, barW * frac), height: 18, rx: 3,
      class: frac >= 1 ? 'chart-bar done' : 'chart-bar' });
    el('text', { x: labelW + barW + 8, y: y + 16, class: 'chart-value' }, it.note ?? `${it.value}/${total}`);
  });
  return svg;
}

// A line over time: [{x: 'YYYY-MM-DD', y: number}] with an optional target line.
export function lineChart(points, opts = {}) {
  const W = 640, H = 200, L = 44, B = 28, T = 10, R = 12;
  const { svg, el } = svgCanvas(W, H, 'chart', opts.label || 'Biểu đồ theo thời gian');
  const maxY = Math.max(1, opts.max || 0, ...points.map(p => p.y));
  const sx = i => L + (points.length <= 1 ? 0 : (i * (W - L - R)) / (points.length - 1));
  const sy = v => H - B - (v / maxY) * (H - B - T);
  el('line', { x1: L, y1: H - B, x2: W - R, y2: H - B, class: 'chart-axis' });
  for (const f of [0, 0.5, 1]) {
    el('text', { x: L - 6, y: sy(maxY * f) + 4, 'text-anchor': 'end', class: 'chart-tick' }, Math.round(maxY * f));
  }
  if (opts.max) el('line', { x1: L, y1: sy(opts.max), x2: W - R, y2: sy(opts.max), class: 'chart-target' });
  if (points.length) {
    el('polyline', { points: points.map((p, i) => `${sx(i)},${sy(p.y)}`).join(' '), class: 'chart-line' });
    const step = Math.max(1, Math.ceil(points.length / 6));
    points.forEach((p, i) => {
      if (i % step === 0 || i === points.length - 1) {
        el('text', { x: sx(i), y: H - 8, 'text-anchor': 'middle', class: 'chart-tick' }, fmtDate(p.x).slice(0, 5));
      }
    });
  }
  return svg;
}

// A modal dialog asking for confirmation, optionally with a required reason.
// Resolves to null (cancelled) or {reason}.
export function ask({ title, message, reasonLabel = null, okText = 'Đồng ý', danger = false }) {
  return new Promise(resolve => {
    const reason = reasonLabel ? field({ label: reasonLabel, name: 'reason', type: 'textarea', required: true }) : null;
    const err = h('div');
    const dlg = h('dialog', { class: 'dialog' });
    const done = v => { dlg.close(); dlg.remove(); resolve(v); };
    const form = h('form', { method: 'dialog', onsubmit: e => {
      e.preventDefault();
      const text = reason ? reason.input.value.trim() : '';
      if (reason && !text) { setFieldError(reason.input, reason.msg, 'Hãy ghi lý do.'); return; }
      done({ reason: text });
    } },
    h('h2', {}, title), message ? h('p', {}, message) : null, reason, err,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn', onclick: () => done(null) }, 'Hủy'),
      h('button', { type: 'submit', class: danger ? 'btn danger' : 'btn primary' }, okText)));
    dlg.append(form);
    dlg.addEventListener('cancel', () => done(null));
    document.body.append(dlg);
    dlg.showModal();
    (reason ? reason.input : form.querySelector('.primary, .danger')).focus();
  });
}

// A card section with a heading.
export function card(title, ...children) {
  return h('section', { class: 'card' }, title ? h('h2', {}, title) : null, ...children);
}

// A link that downloads a file from the API (the server names it).
export function download(href, text) {
  return h('a', { class: 'btn', href, download: '' }, '⤓ ', text);
}

// Today in Vietnam (UTC+7) as YYYY-MM-DD.
export function todayIso() {
  return new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
}
