// Pagefind's index of the records agendapack gives it (site/search.py).
// Reads {"entry": URL of pagefind/lib/index.js, "records": [...]} as JSON on stdin and
// prints the index's files as JSON, [{"path", "data" (base64)}], sorted by path, on stdout.
// The records are added one after another, never at once, so that the same records always
// make the same index, byte for byte.
import { text } from "node:stream/consumers";

const { entry, records } = JSON.parse(await text(process.stdin));
const pagefind = await import(entry);
const { index, errors } = await pagefind.createIndex({ forceLanguage: "en" });
if (!index) {
  process.stderr.write(`${errors.join("; ")}\n`);
  process.exit(1);
}
for (const record of records) {
  const added = await index.addCustomRecord(record);
  if (added.errors.length) {
    process.stderr.write(`${record.url}: ${added.errors.join("; ")}\n`);
    await pagefind.close();
    process.exit(1);
  }
}
const written = await index.getFiles();
await pagefind.close();
if (written.errors.length) {
  process.stderr.write(`${written.errors.join("; ")}\n`);
  process.exit(1);
}
const files = written.files
  .map((f) => ({ path: f.path, data: Buffer.from(f.content).toString("base64") }))
  .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
process.stdout.write(JSON.stringify(files));
