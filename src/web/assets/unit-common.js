// Shared helpers of the unit focal point's pages (Đầu mối đơn vị): the unit's overview,
// the campaign chooser, deadlines, server errors mapped onto inputs, cached validation.
import { api, h, fmtDate, notice } from './ui.js';

// The unit the signed-in focal point works for.
export function unitOf(session) {
  return (session && session.user && session.user.unit_code) || '';
}

export function unitUrl(unit, rest = '') {
  return `/api/v1/units/${encodeURIComponent(unit)}${rest}`;
}

export function regUrl(campaignId, unit, rest = '') {
  return `/api/v1/campaigns/${campaignId}/registrations/${encodeURIComponent(unit)}${rest}`;
}

export const loadOverview = unit => api('GET', unitUrl(unit, '/overview'));

// Whole days from ISO date a to ISO date b (b − a).
export function daysBetween(a, b) {
  const t = s => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10));
  return Math.round((t(b) - t(a)) / 86400000);
}

// "Hạn nộp 30/07/2021 — còn 3 ngày" / "— đã quá hạn 12 ngày" / "— hôm nay là hạn cuối".
export function deadlineText(campaign, today) {
  const d = daysBetween(today, campaign.deadline);
  const when = `Hạn nộp ${fmtDate(campaign.deadline)}`;
  if (d > 0) return `${when} — còn ${d} ngày`;
  if (d === 0) return `${when} — hôm nay là hạn cuối`;
  return `${when} — đã quá hạn ${-d} ngày`;
}

// The campaign to show: ?dot=ID when the unit has it, else the newest open one, else the
// newest whose form still waits for the unit (draft or returned), else the newest.
// Campaigns come newest first.
export function pickCampaign(campaigns, wanted) {
  if (!campaigns.length) return null;
  const byId = campaigns.find(c => String(c.id) === String(wanted || ''));
  const waiting = c => c.form && (c.form.status === 'draft' || c.form.status === 'returned');
  return byId || campaigns.find(c => c.open) || campaigns.find(waiting) || campaigns[0];
}

// A labelled <select> of the unit's campaigns; calls onChange(id) when another is chosen.
export function campaignChooser(campaigns, selected, onChange) {
  const sel = h('select', { id: 'unit-campaign', class: 'unit-campaign', onchange: e => onChange(e.target.value) },
    campaigns.map(c => h('option', { value: c.id, selected: c.id === selected.id },
      `${c.name} (${fmtDate(c.open_date)}–${fmtDate(c.deadline)})${c.open ? ' · đang mở' : ''}`)));
  return h('div', { class: 'field unit-chooser' }, h('label', { for: 'unit-campaign' }, 'Đợt đăng ký'), sel);
}

// Commitment facts for checklists: the valid one, and the newest still waiting for its scan.
export function commitmentState(commitments) {
  const valid = commitments.find(c => c.valid_today) || null;
  const unsigned = commitments.find(c => c.status === 'valid' && !c.has_scan) || null;
  return { valid, unsigned, any: commitments.length > 0 };
}

// A checklist: [{ok: true|false|null, text, hint}] (null = not applicable yet).
export function checklist(items) {
  return h('ul', { class: 'unit-checklist' }, items.map(it => h('li', {
    class: it.ok === true ? 'done' : it.ok === false ? 'todo' : 'wait',
  }, h('span', { class: 'mark', 'aria-hidden': 'true' }, it.ok === true ? '✓' : it.ok === false ? '✗' : '…'),
  h('span', { class: 'unit-sr' }, it.ok === true ? 'Đã xong: ' : it.ok === false ? 'Còn thiếu: ' : 'Đang chờ: '),
  h('span', { class: 'text' }, it.text, it.hint ? h('span', { class: 'hint' }, ' — ', it.hint) : null))));
}

// Checks one value with the server's validators (/api/v1/validate/{kind}); resolves to the
// message ('' when valid). Answers are cached: typing back and forth asks once per value.
const validated = new Map();
export async function checkKind(kind, value) {
  const key = kind + '\u0000' + value;
  if (validated.has(key)) return validated.get(key);
  try {
    const r = await api('GET', `/api/v1/validate/${kind}?value=${encodeURIComponent(value)}`);
    const msg = r.valid ? '' : r.message;
    if (validated.size > 500) validated.clear();
    validated.set(key, msg);
    return msg;
  } catch {
    return '';  // the server decides on save
  }
}

// Shows a message under a `field()` wrapper (ui.js) and marks its input.
export function setWrapError(wrap, text) {
  wrap.input.classList.toggle('invalid', !!text);
  wrap.input.setAttribute('aria-invalid', text ? 'true' : 'false');
  wrap.msg.textContent = text || '';
}

// Marks the fields of `byColumn` (column title as the server names it → field wrapper)
// named by an ApiError's details; returns the details no field took.
export function markColumns(byColumn, err) {
  const rest = [];
  for (const d of err.details || []) {
    const wrap = byColumn[d.column];
    if (wrap && !d.row) setWrapError(wrap, d.message); else rest.push(d);
  }
  return rest;
}

// A link that saves `text` as a file made in the browser (a blank template).
export function textDownload(filename, text, label, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob(['\ufeff' + text], { type }));
  return h('a', { class: 'btn', href: url, download: filename }, '⤓ ', label);
}

export function noUnit() {
  return notice('error', 'Tài khoản của bạn chưa gắn với đơn vị nào. Hãy đề nghị quản trị Trung tâm gán đơn vị cho tài khoản đầu mối.');
}

// File size for people: "1,2 MB", "830 KB".
export function fmtSize(bytes) {
  if (bytes >= 1024 * 1024) return (bytes / 1024 / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 }) + ' MB';
  return Math.max(1, Math.round(bytes / 1024)).toLocaleString('vi-VN') + ' KB';
}
