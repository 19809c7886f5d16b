// Crawl a served site in Debian's headless Chromium: every page reachable from
// index.html must load, every relative link must resolve, and axe-core must find no
// WCAG 2.1/2.2 A or AA violation. Prints a JSON report; the Python test asserts on it.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const start = process.argv[2];
const screenshots = process.argv[3] || "";

const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "chr-")), {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});
const page = await browser.newPage();
const origin = new URL(start).origin;
const queue = [start];
const seen = new Set(queue);
const report = { pages: [], broken: [], violations: [], scripts: [], texts: {} };

while (queue.length) {
  const url = queue.shift();
  // Fetch first: PDFs and .ics files are checked, not opened (they would download).
  const fetched = await page.request.get(url);
  const status = fetched.status();
  const type = fetched.headers()["content-type"] || "";
  if (status !== 200) { report.broken.push({ url, status }); continue; }
  if (!type.startsWith("text/html")) { report.pages.push({ url, type }); continue; }
  await page.goto(url);
  report.pages.push({ url, type, title: await page.title() });
  report.texts[url] = await page.evaluate(() => document.body.innerText);
  report.scripts.push(...(await page.evaluate(() =>
    [...document.querySelectorAll("script")].map((s) => s.outerHTML))));
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => await window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
  }));
  for (const v of result.violations) {
    report.violations.push({ url, id: v.id, help: v.help, nodes: v.nodes.map((n) => n.html) });
  }
  if (screenshots) {
    const name = new URL(url).pathname.replaceAll("/", "_") || "root";
    await page.screenshot({ path: join(screenshots, name + ".png"), fullPage: true });
  }
  const links = await page.evaluate(() =>
    [...document.querySelectorAll("a[href]")].map((a) => a.href));
  for (const link of links) {
    const target = new URL(link);
    target.hash = "";
    if (target.origin !== origin) continue; // webcal:, the council's published URL, Google
    const key = target.toString();
    if (!seen.has(key)) { seen.add(key); queue.push(key); }
  }
}
await browser.close();
process.stdout.write(JSON.stringify(report));
