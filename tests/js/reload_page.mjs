// A page served by `agendapack serve --watch`, open in Debian's headless Chromium, must
// reload by itself once a saved programme file has been rebuilt. Opens the page, marks
// the window (a reload forgets the mark), saves the programme with `before` replaced by
// `after`, and waits for the page to show `after` without the mark. Prints JSON.
import { mkdtempSync, readFileSync, writeFileSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const [url, programme, before, after] = process.argv.slice(2);
const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "chr-")), {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});
const report = { reloaded: false, shown: false, text: "" };
try {
  const page = await browser.newPage();
  await page.goto(url);
  report.before = (await page.evaluate(() => document.body.innerText)).includes(before);
  await page.evaluate(() => { window.agendapackMark = "still the first load"; });
  const text = readFileSync(programme, "utf8");
  writeFileSync(programme + ".saving", text.replace(before, after));
  renameSync(programme + ".saving", programme);  // as editors save: whole, at once
  await page.waitForFunction(
    (wanted) => window.agendapackMark === undefined && document.body.innerText.includes(wanted),
    after, { timeout: 90000, polling: 200 });
  report.reloaded = await page.evaluate(() => window.agendapackMark === undefined);
  report.text = await page.evaluate(() => document.body.innerText);
  report.shown = report.text.includes(after);
} catch (error) {
  report.error = String(error);
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
