// Read an iCalendar file with ical.js, Thunderbird's parser, and print its events as JSON:
// uid, summary, status, sequence, and start and end as UTC instants.
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
  };
});
process.stdout.write(JSON.stringify({
  name: calendar.getFirstPropertyValue("x-wr-calname"),
  events,
}));
