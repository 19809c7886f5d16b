// The site's search page in Debian's headless Chromium, used as a person would: for each
// search given (JSON on argv[3]: [{"q", "committee"?, "year"?, "kind"?}]) it opens
// search.html, types the words with the keyboard, picks the filters, presses Enter and
// reads the results as they are shown (title, links, excerpt). Then axe-core checks the
// page with results on it. Prints a JSON report; the Python tests assert on it.
import { readFileSync, mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const page_url = process.argv[2];
const searches = JSON.parse(process.argv[3]);

const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "chr-")), {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});
const page = await browser.newPage();
const requests = [];
page.on("request", (r) => requests.push(r.url()));
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
const report = { searches: [], violations: [], requests, errors };

async function ready() {
  await page.waitForFunction(() => document.body.dataset.searchReady, null, { timeout: 20000 });
}

for (const search of searches) {
  const opened = requests.length;
  await page.goto(page_url);
  await ready();
  // the keyboard alone: Tab from the page's start until the search box has the focus
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement?.id === "q")) break;
  }
  const focused = await page.evaluate(() => document.activeElement?.id);
  await page.keyboard.type(search.q);
  for (const name of ["committee", "year", "kind"]) {
    if (search[name]) await page.selectOption(`#${name}`, search[name]);
  }
  const sent = requests.length;
  const before = await page.evaluate(() => document.getElementById("status").textContent);
  await page.focus("#q");
  await page.keyboard.press("Enter");
  await page.waitForFunction(
    (old) => {
      const s = document.getElementById("status").textContent;
      return s !== old && s !== "Searching." && /results? for|No results/.test(s);
    },
    before,
    { timeout: 20000 },
  );
  // every result, "Show more results" pressed until there are no more (unless told not to)
  while (search.more !== false && (await page.isVisible("#more"))) {
    const count = await page.locator("#results > li").count();
    await page.click("#more");
    await page.waitForFunction(
      (n) => document.querySelectorAll("#results > li").length > n, count, { timeout: 20000 });
  }
  const results = await page.evaluate(() =>
    [...document.querySelectorAll("#results > li")].map((li) => ({
      title: li.querySelector("h2").textContent,
      href: li.querySelector("h2 a").href,
      links: [...li.querySelectorAll(".where a")].map((a) => ({ text: a.textContent, href: a.href })),
      where: li.querySelector(".where").textContent,
      excerpt: li.querySelector(".excerpt").textContent,
      marked: [...li.querySelectorAll(".excerpt mark")].map((m) => m.textContent),
    })));
  report.searches.push({
    search,
    focused,
    url: page.url(),
    status: await page.evaluate(() => document.getElementById("status").textContent),
    loaded: requests.slice(opened, sent), // what opening the page fetched
    requested: requests.slice(sent), // what the search itself fetched
    results,
  });
}
await page.addScriptTag({ content: axeSource });
const result = await page.evaluate(async () => await window.axe.run(document, {
  runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
}));
report.violations = result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.html) }));
await browser.close();
process.stdout.write(JSON.stringify(report));
