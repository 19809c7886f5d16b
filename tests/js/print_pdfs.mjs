// Print HTML pages to tagged PDF with Debian's headless Chromium, as a council's officer
// prints a web page (Chrome's "Save as PDF"): one browser start for every page.
// Usage: node print_pdfs.mjs OUT_DIR PAGE.html...; each PAGE.html is printed to
// OUT_DIR/PAGE.pdf on A4 with the page's own backgrounds, headers and footers off.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [out, ...pages] = process.argv.slice(2);
const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "chr-")), {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const page = await browser.newPage();
for (const html of pages) {
  await page.goto(pathToFileURL(resolve(html)).href);
  const name = basename(html).replace(/\.html$/, ".pdf");
  await page.pdf({ path: join(out, name), format: "A4", printBackground: true,
                   tagged: true, outline: true, margin: { top: "15mm", bottom: "15mm",
                   left: "15mm", right: "15mm" } });
}
await browser.close();
