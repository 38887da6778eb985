// A second calendar engine for the specs: expands an iCalendar text (stdin) with ical.js and
// prints, per occurrence, its UID, RECURRENCE-ID and start as UTC instants, and its status.
// Usage: node expand.mjs /path/to/ical.js/dist/ical.js < feed.ics
import { pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';

const ICAL = (await import(pathToFileURL(process.argv[2]).href)).default;
const text = readFileSync(0, 'utf8');
const root = new ICAL.Component(ICAL.parse(text));
for (const tz of root.getAllSubcomponents('vtimezone')) {
  ICAL.TimezoneService.register(tz);
}
const iso = (time) => time.toJSDate().toISOString().replace('.000Z', 'Z');
const events = root.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
const masters = events.filter((e) => !e.isRecurrenceException());
for (const e of events.filter((x) => x.isRecurrenceException())) {
  const master = masters.find((m) => m.uid === e.uid);
  if (master) master.relateException(e);
}
const out = [];
for (const master of masters) {
  if (!master.isRecurring()) {
    out.push({ uid: master.uid, recurrenceId: null, start: iso(master.startDate), end: iso(master.endDate),
      status: master.component.getFirstPropertyValue('status') });
    continue;
  }
  const it = master.iterator();
  let next;
  let guard = 0;
  while ((next = it.next()) && guard++ < 1000) {
    const details = master.getOccurrenceDetails(next);
    out.push({ uid: master.uid, recurrenceId: iso(details.recurrenceId), start: iso(details.startDate),
      end: iso(details.endDate), status: details.item.component.getFirstPropertyValue('status') });
  }
}
process.stdout.write(JSON.stringify(out));
