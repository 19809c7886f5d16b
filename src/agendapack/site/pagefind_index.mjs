// Pagefind's indexes of the records agendapack gives it (site/search.py).
// Reads {"entry": URL of pagefind/lib/index.js, "shards": [{"out": folder, "records": [...]}]}
// as JSON on stdin and writes each shard's index into its folder, with one Pagefind
// process for them all. The records are added one after another, never at once, so that
// the same records always make the same index, byte for byte.
import { text } from "node:stream/consumers";

const { entry, shards } = JSON.parse(await text(process.stdin));
const pagefind = await import(entry);

async function fail(message) {
  process.stderr.write(`${message}\n`);
  await pagefind.close();
  process.exit(1);
}

for (const shard of shards) {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: "en" });
  if (!index) await fail(errors.join("; "));
  for (const record of shard.records) {
    const added = await index.addCustomRecord(record);
    if (added.errors.length) await fail(`${record.url}: ${added.errors.join("; ")}`);
  }
  // written by Pagefind itself: the files never pass through this process
  const written = await index.writeFiles({ outputPath: shard.out });
  if (written.errors.length) await fail(written.errors.join("; "));
  await index.deleteIndex();
}
await pagefind.close();
