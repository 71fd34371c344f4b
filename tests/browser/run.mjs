#!/usr/bin/env node
// Runs the browser tests: every tests/browser/*.test.mjs (or the files named), in name order,
// against a dancu server on the demo data. Prints ✓/✗ per test with its time; on a failure
// saves screenshots of the test's open pages and prints the server log's tail. Exit 1 when
// any test failed.
//
//   node tests/browser/run.mjs [--binary build/dancu] [--keep] [-k TEXT] [FILE…]
//
// A test file exports `tests` (an array of { name, fn, skip? }) or a default async function,
// and may export `fresh = true` to get its own server and database instead of the shared one.
// A test's fn may return a short note (a string) printed after its ✓.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as H from './harness.mjs';

function parseArgs(argv) {
  const o = { files: [], filter: '', binary: '', keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--binary') o.binary = argv[++i];
    else if (a.startsWith('--binary=')) o.binary = a.slice(9);
    else if (a === '--keep') o.keep = true;
    else if (a === '-k') o.filter = argv[++i] || '';
    else if (a === '-h' || a === '--help') {
      console.log('Cách dùng: node tests/browser/run.mjs [--binary build/dancu] [--keep] [-k CHUỖI] [TỆP.test.mjs…]');
      process.exit(0);
    } else o.files.push(a);
  }
  return o;
}

const fmt = ms => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);
const slug = s => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D')
  .replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);

async function main() {
  const o = parseArgs(process.argv.slice(2));
  H.configure({ binary: o.binary || undefined, keep: o.keep });
  let files = o.files.length
    ? o.files.map(f => (fs.existsSync(f) ? path.resolve(f) : path.join(H.HERE, path.basename(f))))
    : fs.readdirSync(H.HERE).filter(f => f.endsWith('.test.mjs')).sort().map(f => path.join(H.HERE, f));
  if (!o.files.length) fs.rmSync(H.SCREENSHOTS, { recursive: true, force: true });
  fs.mkdirSync(H.SCREENSHOTS, { recursive: true });

  const started = Date.now();
  let passed = 0, skipped = 0;
  const failed = [];
  const stop = async () => { await H.shutdown(); process.exit(130); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    for (const file of files) {
      const name = path.basename(file);
      const mod = await import(pathToFileURL(file).href);
      let tests = mod.tests || (typeof mod.default === 'function' ? [{ name: name.replace(/\.test\.mjs$/, ''), fn: mod.default }] : []);
      if (o.filter) tests = tests.filter(t => t.name.includes(o.filter) || name.includes(o.filter));
      if (!tests.length) continue;
      const t0 = Date.now();
      let env;
      try {
        env = await H.useEnvironment(!!mod.fresh);
      } catch (e) {
        console.log(`✗ ${name}: không dựng được môi trường: ${e.message}`);
        failed.push(`${name}: môi trường`);
        continue;
      }
      console.log(`\n${name}${mod.fresh ? ' (môi trường riêng)' : ''} — ${env.base} (${fmt(Date.now() - t0)})`);
      for (const t of tests) {
        if (t.skip) { skipped++; console.log(`  - ${t.name} (bỏ qua: ${t.skip})`); continue; }
        const t1 = Date.now();
        try {
          const note = await t.fn();
          passed++;
          console.log(`  ✓ ${t.name} (${fmt(Date.now() - t1)})${typeof note === 'string' && note ? ' — ' + note : ''}`);
        } catch (e) {
          failed.push(`${name}: ${t.name}`);
          console.log(`  ✗ ${t.name} (${fmt(Date.now() - t1)})`);
          console.log(String(e && e.stack ? e.stack : e).split('\n').map(l => '      ' + l).join('\n'));
          let n = 0;
          for (const page of H.openPages()) {
            try {
              const f = await H.screenshot(page, `FAIL-${slug(name)}-${slug(t.name)}-${++n}`);
              console.log(`      ảnh chụp: ${path.relative(process.cwd(), f)} (${page.url()})`);
            } catch { /* page gone */ }
          }
          console.log('      nhật ký máy chủ (cuối):\n' + env.logTail(15).split('\n').map(l => '        ' + l).join('\n'));
        } finally {
          await H.endTest();
        }
      }
      await H.releaseEnvironment();
    }
  } finally {
    await H.shutdown();
  }
  const total = fmt(Date.now() - started);
  console.log(`\n${passed} đạt, ${failed.length} lỗi${skipped ? `, ${skipped} bỏ qua` : ''} — ${total}`);
  if (failed.length) {
    console.log('Lỗi:\n' + failed.map(f => '  ✗ ' + f).join('\n'));
    process.exit(1);
  }
}

main().catch(async e => {
  console.error(e);
  await H.shutdown().catch(() => {});
  process.exit(1);
});
