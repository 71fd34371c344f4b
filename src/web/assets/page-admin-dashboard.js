// Tổng quan: how a campaign stands on a day — days to the deadline, counts, progress by level
// and by district, the trend of registered units, and the units still missing or overdue.
import { api, h, clear, card, dataTable, barChart, lineChart, fmtDate, fmtNumber, showError, notice } from './ui.js';
import { campaignBar, complianceBadge, daysText, LEVELS } from './admin-common.js';

function stat(value, label, cls = '', id = null) {
  return h('div', { class: `stat ${cls}`, id }, h('div', { class: 'value' }, value), h('div', { class: 'label' }, label));
}

// One point per calendar day (the API gives the days something changed), so that the x axis
// is time; long campaigns keep the API's points.
function dailyPoints(timeline) {
  const pts = timeline.map(p => ({ x: p.date, y: Object.values(p.summary).reduce((s, l) => s + l.registered, 0) }));
  if (pts.length < 2) return pts;
  const day = 86400000, first = Date.parse(pts[0].x), last = Date.parse(pts[pts.length - 1].x);
  if ((last - first) / day > 400) return pts;
  const out = [];
  let k = 0, y = pts[0].y;
  for (let t = first; t <= last; t += day) {
    const iso = new Date(t).toISOString().slice(0, 10);
    while (k < pts.length && pts[k].x <= iso) y = pts[k++].y;
    out.push({ x: iso, y });
  }
  return out;
}

function levelTable(byLevel) {
  const rows = ['tinh', 'huyen', 'xa'].filter(l => byLevel[l]).map(l => ({ level: l, ...byLevel[l] }));
  const total = rows.reduce((t, r) => ({ units: t.units + r.units, day_du: t.day_du + r.day_du,
    chua_day_du: t.chua_day_du + r.chua_day_du, chua_dang_ky: t.chua_dang_ky + r.chua_dang_ky,
    officials: t.officials + r.officials }), { units: 0, day_du: 0, chua_day_du: 0, chua_dang_ky: 0, officials: 0 });
  const tr = (label, r, cls) => h('tr', { class: cls }, h('td', {}, label),
    [r.units, r.day_du, r.chua_day_du, r.chua_dang_ky, r.officials].map(v => h('td', { class: 'num' }, fmtNumber(v))));
  return h('div', { class: 'scroll' }, h('table', { class: 'data admin-compact' },
    h('thead', {}, h('tr', {}, ['Cấp', 'Phải đăng ký', 'Đầy đủ', 'Chưa đầy đủ', 'Chưa đăng ký', 'Cán bộ'].map((t, i) =>
      h('th', { scope: 'col', class: i ? 'num' : null }, t)))),
    h('tbody', {}, rows.map(r => tr(LEVELS[r.level], r)), tr('Cộng', total, 'admin-total'))));
}

function missingTable(report, dash) {
  const names = new Map(report.units.map(u => [u.code, u.short_name || u.name]));
  const overdue = new Set(dash.overdue.map(u => u.code));
  const rows = report.units.filter(u => u.status !== 'day_du').map(u => ({
    ...u,
    parent: u.level === 'xa' ? names.get(u.parent_code) || '' : '',
    days_overdue: overdue.has(u.code) ? -u.days_to_deadline : 0,
  }));
  const level = h('select', { 'aria-label': 'Lọc theo cấp', onchange: () => draw() },
    h('option', { value: '' }, 'Mọi cấp'), Object.entries(LEVELS).map(([v, t]) => h('option', { value: v }, t)));
  const holder = h('div');
  const columns = [
    { key: 'name', title: 'Đơn vị', render: r => [r.name, r.parent ? h('span', { class: 'cell-sub' }, 'huyện ' + r.parent) : null],
      value: r => `${r.name} ${r.parent}` },
    { key: 'level', title: 'Cấp', render: r => LEVELS[r.level], value: r => LEVELS[r.level] },
    { key: 'status', title: 'Tình trạng', render: r => complianceBadge(r.status), value: r => r.status_label },
    { key: 'missing', title: 'Còn thiếu', class: 'admin-wrap', render: r => r.missing.length ? r.missing.join('; ') : (r.status === 'chua_dang_ky' ? 'Chưa có phiếu nào được nộp' : '—'),
      value: r => r.missing.join('; ') },
    { key: 'days_overdue', title: 'Quá hạn', class: 'num', render: r => (r.days_overdue ? `${r.days_overdue} ngày` : '—'), value: r => r.days_overdue },
  ];
  function draw() {
    const shown = level.value ? rows.filter(r => r.level === level.value) : rows;
    clear(holder, dataTable(columns, shown, { pageSize: 15, toolbar: level, empty: 'Mọi đơn vị đã đăng ký đầy đủ.',
      placeholder: 'Tìm đơn vị (gõ không dấu cũng được)…' }));
  }
  draw();
  return holder;
}

export default async function render({ content }) {
  const body = h('div', { id: 'admin-dashboard' });
  const bar = await campaignBar({ withDate: true, onChange: () => load() });
  clear(content, bar.el, body);
  let seq = 0;

  async function load() {
    const c = bar.campaign();
    if (!c) return;
    const mine = ++seq;
    clear(body, h('p', { class: 'muted' }, 'Đang tính số liệu…'));
    let dash, report, queue;
    try {
      const q = `as_of=${encodeURIComponent(bar.asOf())}`;
      [dash, report, queue] = await Promise.all([
        api('GET', `/api/v1/campaigns/${c.id}/dashboard?${q}`),
        api('GET', `/api/v1/campaigns/${c.id}/compliance?${q}`),
        api('GET', `/api/v1/campaigns/${c.id}/review-queue`),
      ]);
    } catch (e) { if (mine === seq) { clear(body); showError(body, e); } return; }
    if (mine !== seq) return;

    const levels = Object.values(dash.by_level);
    const sum = k => levels.reduce((s, l) => s + l[k], 0);
    const waiting = queue.items.filter(f => f.status === 'submitted').length;
    const days = dash.days_to_deadline;
    const stats = h('div', { class: 'stats admin-stats' },
      stat(daysText(days), `đến hạn chót ${fmtDate(dash.campaign.deadline)} (tính đến ${fmtDate(dash.as_of)})`,
        `admin-big ${days < 0 ? 'warn admin-overdue' : 'ok'}`, 'admin-days'),
      stat(fmtNumber(sum('units')), 'đơn vị phải đăng ký', '', 'admin-units'),
      stat(fmtNumber(sum('day_du')), 'đã đăng ký đầy đủ', 'ok', 'admin-complete'),
      stat(fmtNumber(sum('chua_day_du')), 'đăng ký chưa đầy đủ', 'admin-partial', 'admin-incomplete'),
      stat(fmtNumber(sum('chua_dang_ky')), 'chưa đăng ký', sum('chua_dang_ky') ? 'warn' : 'ok', 'admin-missing'),
      stat(fmtNumber(sum('officials')), 'cán bộ đã đăng ký khai thác', '', 'admin-officials'),
      h('a', { class: 'stat admin-link', href: `/quan-tri/duyet?dot=${c.id}`, id: 'admin-waiting' },
        h('div', { class: 'value' }, fmtNumber(waiting)), h('div', { class: 'label' }, 'phiếu chờ duyệt →')));

    const byLevel = ['tinh', 'huyen', 'xa'].filter(l => dash.by_level[l]).map(l => {
      const v = dash.by_level[l];
      return { label: LEVELS[l], value: v.registered, total: v.units, note: `${v.registered}/${v.units}` };
    });
    const byDistrict = dash.by_district.map(d => {
      const total = d.offices_total + d.communes_total, value = d.offices_registered + d.communes_registered;
      return { label: d.name, value, total, note: `${value}/${total}` };
    });
    const points = dailyPoints(dash.timeline);
    const target = sum('units');
    const trend = points.length
      ? [lineChart(points, { max: target, label: 'Số đơn vị đã đăng ký theo ngày' }),
        h('p', { class: 'chart-legend' }, h('span', { class: 'legend-line' }), ' số đơn vị đã đăng ký (cộng dồn)  ',
          h('span', { class: 'legend-target' }), ` mục tiêu: ${fmtNumber(target)} đơn vị. Hiện có ${fmtNumber(points[points.length - 1].y)} đơn vị đã đăng ký.`)]
      : h('p', { class: 'muted' }, 'Chưa có phiếu nào được nộp.');

    const overdueTitle = days < 0 ? `Đơn vị quá hạn chưa đăng ký đủ (${fmtNumber(dash.overdue.length)})`
      : `Đơn vị chưa đăng ký đủ (${fmtNumber(report.units.filter(u => u.status !== 'day_du').length)})`;
    clear(body,
      stats,
      h('div', { class: 'grid two' },
        card('Tiến độ theo cấp', barChart(byLevel, { label: 'Số đơn vị đã đăng ký theo cấp', labelWidth: 160 }),
          h('p', { class: 'chart-legend' }, 'Thanh: đơn vị đã đăng ký (đầy đủ hoặc một phần) trên số phải đăng ký.'),
          levelTable(dash.by_level)),
        card('Diễn biến đăng ký', trend)),
      byDistrict.length ? card('Tiến độ theo huyện (phòng ban và xã đã đăng ký)',
        barChart(byDistrict, { label: 'Phòng ban và xã đã đăng ký theo huyện', labelWidth: 160 }),
        h('p', { class: 'chart-legend' }, 'Một huyện đầy đủ khi mọi phòng ban chuyên môn và mọi xã đã đăng ký (thanh màu xanh lá).')) : null,
      card(overdueTitle,
        days >= 0 ? notice('info', `Chưa đến hạn chót (${daysText(days).toLowerCase()}).`) : null,
        missingTable(report, dash)));
  }
  await load();
}
