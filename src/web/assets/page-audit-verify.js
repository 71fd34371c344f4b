// Kiểm tra toàn vẹn: recompute the whole hash chain of the audit log and check its signed
// checkpoints, optionally against a checkpoint file the auditor kept elsewhere; download the
// latest checkpoint to keep.
import { api, h, clear, card, showError, fmtNumber } from './ui.js';
import { fmtTime } from './page-audit-common.js';

const PROBLEM = {
  changed: ['Bản ghi bị sửa',
    'Nội dung của bản ghi không còn khớp với mã băm lúc ghi: ai đó đã sửa trực tiếp tệp nhật ký.'],
  deleted: ['Bản ghi bị xóa',
    'Chuỗi số thứ tự bị đứt: một hoặc nhiều bản ghi đã bị xóa khỏi tệp nhật ký.'],
  inserted: ['Bản ghi bị chèn thêm',
    'Có bản ghi không thuộc chuỗi ban đầu: ai đó đã chèn bản ghi giả vào tệp nhật ký.'],
  reordered: ['Thứ tự bản ghi bị đảo',
    'Các bản ghi vẫn còn nhưng đã bị đổi chỗ cho nhau.'],
  truncated: ['Nhật ký bị cắt bớt hoặc viết lại',
    'Điểm kiểm có chữ ký xác nhận những bản ghi mà nhật ký hiện nay không còn (hoặc khác đi).'],
  checkpoint: ['Điểm kiểm không hợp lệ',
    'Chữ ký của điểm kiểm sai, hoặc điểm kiểm được ký bằng khóa khác với khóa của nhật ký.'],
};

function facts(...pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(Boolean).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function checkpointText(c) {
  if (!c) return 'chưa có';
  return h('span', {}, `bản ghi số ${fmtNumber(c.seq)}, ký lúc ${fmtTime(c.time)} · mã băm `,
    h('code', { class: 'audit-hash', title: c.hash }, (c.hash_prefix || c.hash.slice(0, 16)) + '…'));
}

export default async function render({ content }) {
  const statusBox = h('div', {}, h('p', { class: 'muted' }, 'Đang đọc trạng thái nhật ký…'));
  let status = null;
  async function loadStatus() {
    try {
      status = await api('GET', '/api/v1/audit/status');
      clear(statusBox, facts(
        ['Số bản ghi', fmtNumber(status.records)],
        ['Điểm kiểm gần nhất', checkpointText(status.latest_checkpoint)],
        ['Khóa công khai ký điểm kiểm', h('code', { class: 'audit-key' }, status.public_key)]),
      h('p', { class: 'hint' }, 'Hãy đối chiếu khóa công khai này với khóa đã ghi trong hồ sơ giám sát: nếu khác, tệp khóa trên máy chủ đã bị thay.'));
    } catch (e) { showError(statusBox, e); }
  }

  // The checkpoint file the auditor kept, read in the browser and sent in the request body.
  let kept = null;
  const fileInfo = h('div', { class: 'field-msg' });
  const fileInput = h('input', { type: 'file', name: 'checkpoint', accept: '.json,application/json', id: 'audit-checkpoint-file',
    class: 'audit-file-input',
    onchange: async () => {
      kept = null;
      fileInfo.classList.remove('audit-file-ok');
      clear(fileInfo);
      const file = fileInput.files[0];
      if (!file) return;
      try {
        if (file.size > 65536) throw new Error('big');
        const text = await file.text();
        const j = JSON.parse(text);
        if (j.format !== 'dancu-audit-checkpoint-v1' || !j.seq || !j.hash) throw new Error('format');
        kept = text;
        fileInfo.classList.add('audit-file-ok');
        fileInfo.textContent = `Đã chọn ${file.name}: điểm kiểm đến bản ghi số ${fmtNumber(j.seq)}, ký lúc ${fmtTime(j.time)}. Bấm nút kiểm tra để đối chiếu.`;
      } catch {
        fileInput.value = '';
        fileInfo.textContent = 'Tệp này không phải điểm kiểm của dancu (tệp .json tải về từ trang này).';
      }
    } });
  const clearFile = h('button', { type: 'button', class: 'btn small', onclick: () => {
    fileInput.value = ''; kept = null; clear(fileInfo); fileInfo.classList.remove('audit-file-ok');
  } }, 'Bỏ chọn');
  // A button in Vietnamese instead of the browser's own "Choose file" text.
  const pick = h('label', { for: 'audit-checkpoint-file', class: 'btn' }, 'Chọn tệp điểm kiểm (.json)…');

  const result = h('div', { class: 'audit-result', 'aria-live': 'polite' });
  const progress = h('div', { class: 'audit-progress', hidden: true },
    h('progress', { 'aria-label': 'Đang kiểm tra' }), h('span', { class: 'audit-progress-text' }));
  const runBtn = h('button', { type: 'button', class: 'btn primary audit-run', onclick: () => run() }, 'Kiểm tra toàn bộ nhật ký');

  async function run() {
    clear(result);
    runBtn.disabled = true;
    runBtn.textContent = 'Đang kiểm tra…';
    progress.hidden = false;
    const text = progress.querySelector('.audit-progress-text');
    const started = Date.now();
    const n = status ? fmtNumber(status.records) : 'mọi';
    const tick = () => { text.textContent = `Đang tính lại chuỗi băm của ${n} bản ghi và kiểm chữ ký các điểm kiểm… ${Math.floor((Date.now() - started) / 1000)} giây`; };
    tick();
    const timer = setInterval(tick, 1000);
    try {
      const r = await api('POST', '/api/v1/audit/verify', kept ? { checkpoint: kept } : {});
      clear(result, r.ok ? okView(r) : problemView(r));
    } catch (e) {
      showError(result, e);
    } finally {
      clearInterval(timer);
      progress.hidden = true;
      runBtn.disabled = false;
      runBtn.textContent = 'Kiểm tra lại';
      loadStatus();
    }
  }

  function okView(r) {
    const unsigned = r.records - r.signed_through;
    return h('div', { class: 'audit-verdict ok' },
      h('div', { class: 'audit-verdict-head' }, h('span', { class: 'audit-verdict-icon', 'aria-hidden': 'true' }, '✓'),
        h('div', {}, h('strong', {}, 'Nhật ký toàn vẹn'),
          h('div', {}, `Không bản ghi nào bị sửa, xóa, chèn hay đảo thứ tự.`))),
      facts(
        ['Bản ghi đã kiểm', fmtNumber(r.records)],
        ['Điểm kiểm có chữ ký hợp lệ', fmtNumber(r.checkpoints_ok)],
        ['Có chữ ký xác nhận đến', r.signed_through ? `bản ghi số ${fmtNumber(r.signed_through)}` : 'chưa có điểm kiểm'],
        r.exported ? ['Điểm kiểm bạn tải lên', h('span', {}, checkpointText(r.exported), ' — ', h('strong', {}, 'khớp'))] : null,
        ['Kiểm lúc', `${fmtTime(r.verified_at)} (mất ${fmtNumber(r.duration_ms)} ms)`]),
      unsigned > 0 ? h('p', { class: 'hint' }, `${fmtNumber(unsigned)} bản ghi mới nhất chưa có điểm kiểm (máy chủ ký định kỳ, khoảng mỗi phút). ` +
        'Chuỗi băm của chúng vẫn đúng; tải điểm kiểm mới nhất bên dưới để có chữ ký cho cả những bản ghi này.') : null,
      mirrorView(r.mirror));
  }

  // Whether every administrative action (approve, revoke, sign-in…) reached the log.
  function mirrorView(m) {
    if (!m) return null;
    const parts = [];
    if (m.stuck) {
      parts.push(h('p', { class: 'audit-verdict bad', role: 'alert' }, h('strong', {}, 'Thao tác quản trị chưa vào nhật ký: '),
        `${fmtNumber(m.behind)} thao tác (sau thao tác số ${fmtNumber(m.mirrored_through)}) chưa được ghi dù máy chủ vẫn chạy. Báo bộ phận kỹ thuật ngay.`));
    } else if (m.behind > 0) {
      parts.push(h('p', { class: 'hint' }, `${fmtNumber(m.behind)} thao tác quản trị mới nhất đang chờ được ghi vào nhật ký (mỗi giây một lần).`));
    }
    if (m.placeholder_count > 0) {
      parts.push(h('p', { class: 'hint' }, `${fmtNumber(m.placeholder_count)} thao tác quản trị chỉ được ghi dưới dạng bản ghi thay thế (nội dung không đọc được); xem chi tiết bằng lệnh dancu audit verify.`));
    }
    return parts.length ? h('div', {}, ...parts) : null;
  }

  function problemView(r) {
    const [title, meaning] = PROBLEM[r.problem_kind] || ['Nhật ký có vấn đề', ''];
    return h('div', { class: 'audit-verdict bad', role: 'alert' },
      h('div', { class: 'audit-verdict-head' }, h('span', { class: 'audit-verdict-icon', 'aria-hidden': 'true' }, '✗'),
        h('div', {}, h('strong', {}, 'Nhật ký đã bị thay đổi — ', title),
          h('div', {}, meaning))),
      facts(
        ['Bản ghi sai đầu tiên', r.first_bad_seq ? `số ${fmtNumber(r.first_bad_seq)}` : '—'],
        ['Chi tiết', r.problem],
        ['Bản ghi đã đọc', fmtNumber(r.records)],
        ['Điểm kiểm hợp lệ', `${fmtNumber(r.checkpoints_ok)}${r.signed_through ? `, có chữ ký đến bản ghi số ${fmtNumber(r.signed_through)}` : ''}`],
        r.exported ? ['Điểm kiểm bạn tải lên', checkpointText(r.exported)] : null,
        ['Kiểm lúc', fmtTime(r.verified_at)]),
      h('h3', {}, 'Việc cần làm ngay'),
      h('ol', {},
        h('li', {}, 'Không sửa, không xóa gì thêm trên máy chủ; sao chép nguyên trạng tệp nhật ký (audit.db) và tệp khóa để làm chứng cứ.'),
        h('li', {}, 'Báo cáo lãnh đạo và bộ phận an toàn thông tin, ghi rõ bản ghi sai đầu tiên và thời điểm kiểm tra.'),
        h('li', {}, 'Đối chiếu với bản sao lưu và các điểm kiểm đã cất giữ để xác định phần bị thay đổi.')));
  }

  const checkpointLink = h('a', { class: 'btn', href: '/api/v1/audit/checkpoint', download: '',
    onclick: () => setTimeout(loadStatus, 1500) }, '⤓ Tải điểm kiểm mới nhất');

  clear(content,
    card('Kiểm tra chuỗi băm và chữ ký',
      h('p', {}, 'dancu tính lại mã băm của mọi bản ghi từ bản ghi đầu tiên và kiểm chữ ký của mọi điểm kiểm. ',
        'Nếu ai đó sửa, xóa, chèn hay đảo thứ tự bản ghi, kết quả chỉ ra bản ghi sai đầu tiên. Nhật ký lớn có thể mất vài phút.'),
      h('div', { class: 'audit-file' },
        h('div', { class: 'audit-file-label' }, 'Đối chiếu với điểm kiểm đã cất giữ (không bắt buộc):'),
        h('div', { class: 'actions audit-file-row' }, fileInput, pick, clearFile), fileInfo),
      h('div', { class: 'actions' }, runBtn), progress, result),
    h('div', { class: 'grid two' },
      card('Nhật ký hiện tại', statusBox),
      card('Điểm kiểm để cất giữ',
        h('p', {}, 'Điểm kiểm là lời xác nhận có chữ ký số: “đến bản ghi số N, mã băm là …”. ',
          'Hãy tải điểm kiểm mới nhất định kỳ và cất ', h('strong', {}, 'ngoài máy chủ'),
          ' (ổ USB, thư điện tử công vụ). Lần sau chọn tệp đó khi kiểm tra: nếu nhật ký bị cắt bớt hoặc viết lại từ đầu, kết quả sẽ báo.'),
        h('div', { class: 'actions' }, checkpointLink))));
  loadStatus();
}
