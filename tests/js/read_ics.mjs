// Read an iCalendar file with ical.js, Thunderbird's parser, and print its events as JSON:
// uid, summary, status, sequence, start and end as UTC instants, and what subscribers'
// apps read to follow a change (TRANSP, ORGANIZER, ATTACH, LAST-MODIFIED, DTSTAMP).
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const text = readFileSync(process.argv[2], "utf8");
const calendar = new ICAL.Component(ICAL.parse(text));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}
const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  const utc = (time) => new Date(time.toUnixTime() * 1000).toISOString();
  return {
    uid: event.uid,
    summary: event.summary,
    status: component.getFirstPropertyValue("status"),
    sequence: event.sequence,
    description: event.description,
    start: utc(event.startDate),
    end: utc(event.endDate),
    allDay: event.startDate.isDate,
    transp: component.getFirstPropertyValue("transp"),
    organizer: component.getFirstPropertyValue("organizer"),
    organizerName: component.getFirstProperty("organizer")?.getParameter("cn") ?? null,
    attach: component.getAllProperties("attach").map((p) => p.getFirstValue()),
    categories: component.getAllProperties("categories").flatMap((p) => p.getValues()),
    lastModified: component.getFirstPropertyValue("last-modified")?.toString() ?? null,
    dtstamp: component.getFirstPropertyValue("dtstamp")?.toString() ?? null,
  };
});
process.stdout.write(JSON.stringify({
  name: calendar.getFirstPropertyValue("x-wr-calname"),
  description: calendar.getFirstPropertyValue("x-wr-caldesc"),
  events,
}));
