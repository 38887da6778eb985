// A facilitator schedules a bimonthly peer session rotating between two start times; a member
// living in Nouméa sees it (and the rotation) at her
// own time beside Paris time, answers yes, downloads the .ics (parsed with ical.js, an
// independent parser, to the same instant as the API), sees the video-room link; after the
// start the facilitator publishes the catch-up pack and it appears live in the member's theme
// page. The next occurrence, moved onto New Caledonia's Citizenship Day, shows her a holiday
// badge; moved again to within a day, it reaches her by e-mail with the new time and an .ics.
// Keyboard only; axe on every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import ICAL from 'ical.js';
import {
  acceptInvitation,
  activate,
  checkA11y,
  expectHeading,
  expectNoPageErrors,
  inviteMember,
  launch,
  linkFromOutbox,
  newPage,
  openTheme,
  requireEnv,
  step,
  strongPassword,
  tabTo,
  typeInto,
  uniqueEmail,
  waitFor,
} from './support.mjs';

const baseUrl = requireEnv('MAILLAGE_BASE_URL');
const adminInviteUrl = requireEnv('MAILLAGE_ADMIN_INVITE_URL');
const THEME = 'Vie du réseau';

/** Parts of an instant in a zone: { day, month, year, hour, minute } as two-digit strings. */
function partsIn(instant, timeZone) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(instant);
  return Object.fromEntries(parts.map((p) => [p.type, p.value]));
}

/** The first VEVENT's start of an iCalendar text, as a JS Date, by ical.js with its VTIMEZONEs. */
function icalStart(text) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent'));
  return { start: event.startDate.toJSDate(), uid: event.uid, tzid: event.startDate.zone?.tzid };
}

test('a bimonthly session, seen from Nouméa, with its calendar file, room and catch-up pack', { timeout: 330_000 }, async () => {
  const browser = await launch();
  try {
    const host = await newPage(browser, baseUrl);
    const member = await newPage(browser, baseUrl);
    const admin = { email: uniqueEmail('organiser'), displayName: 'Odile Organisatrice', password: strongPassword() };
    const reader = { email: uniqueEmail('noumea'), displayName: 'Nina de Nouméa', password: strongPassword() };
    const title = `Rencontre bimestrielle ${Date.now()}`;
    let occurrenceUrl = '';
    let rotation = '';
    let start = null;

    await step(host, '1. The organiser joins and invites a member, who joins in a second context', async () => {
      await acceptInvitation(host, adminInviteUrl, admin);
      await inviteMember(host, reader.email);
      const link = await linkFromOutbox(host, reader.email, '/invitation/');
      await acceptInvitation(member, link, { displayName: reader.displayName, password: reader.password });
    });

    await step(member, '2. The member says she lives in New Caledonia and takes the zone proposed (Pacific/Noumea)', async () => {
      await activate(member, member.getByRole('link', { name: 'Profil', exact: true }), 'the profile link');
      await expectHeading(member, 'Mon profil');
      await tabTo(member, member.getByLabel(/^Territoire/), 'the territory field');
      await member.keyboard.type('Nouvelle-Calédonie');
      // a new territory proposes its zone; the member takes it
      await activate(member, member.getByRole('button', { name: 'Utiliser Nouvelle-Calédonie — UTC+11' }), 'the proposed zone');
      await activate(member, member.getByRole('button', { name: 'Enregistrer' }), 'the save button');
      await waitFor(member.getByText('Votre profil a été enregistré.'), 'the profile saved');
      const me = await member.evaluate(async () => (await fetch('/api/me')).json());
      assert.equal(me.timeZone, 'Pacific/Noumea');
    });

    await step(host, '3. The organiser schedules a bimonthly series starting in two minutes or less, Paris time', async () => {
      await activate(host, host.getByRole('navigation').getByRole('link', { name: 'Agenda', exact: true }), 'the Agenda link');
      await expectHeading(host, 'Agenda des sessions entre pairs');
      await checkA11y(host, 'the agenda');
      await activate(host, host.getByRole('link', { name: 'Programmer une série' }), 'the schedule link');
      await expectHeading(host, 'Programmer une série de sessions');
      await checkA11y(host, 'the series form');
      await tabTo(host, host.getByLabel(/^Thème/), 'the theme field');
      await host.keyboard.type(THEME);
      assert.equal(await host.getByLabel(/^Thème/).inputValue(), 'vie-du-reseau');
      await typeInto(host, host.getByLabel(/^Titre/), title, 'the title field');
      start = new Date(Math.ceil((Date.now() + 90_000) / 60_000) * 60_000);
      const paris = partsIn(start, 'Europe/Paris');
      await typeInto(host, host.getByLabel(/^Première session/), `${paris.year}-${paris.month}-${paris.day} ${paris.hour}:${paris.minute}`, 'the first-start field');
      const recurrence = host.getByLabel(/^Récurrence/);
      assert.equal(await recurrence.inputValue(), 'bimonthly');
      // Every other occurrence ten hours later, so the awkward hour rotates between territories.
      rotation = `${String((Number(paris.hour) + 10) % 24).padStart(2, '0')}:${paris.minute}`;
      await typeInto(host, host.getByLabel(/^Alterner avec/), rotation, 'the rotation field');
      // The fairness aid: holidays and hours where the theme's people live, then times that suit them.
      await activate(host, host.getByRole('button', { name: 'Vérifier jours fériés et horaires' }), 'the holidays and hours check');
      await waitFor(host.getByRole('heading', { name: 'Jours fériés et horaires' }), 'the holidays and hours result');
      await activate(host, host.getByRole('button', { name: 'Proposer des créneaux' }), 'the slot finder');
      await waitFor(host.getByRole('heading', { name: 'Créneaux proposés' }), 'the proposed times');
      await checkA11y(host, 'the series form with its fairness aid');
      if (process.env.MAILLAGE_SCREENS) {
        for (const width of [1280, 375]) {
          await host.setViewportSize({ width, height: 900 });
          await host.screenshot({ path: `${process.env.MAILLAGE_SCREENS}/series-form-planning-${width}.png`, fullPage: true });
        }
        await host.setViewportSize({ width: 1024, height: 800 });
      }
      await activate(host, host.getByRole('button', { name: 'Programmer', exact: true }), 'the schedule button');
      await expectHeading(host, title).catch(async (error) => {
        const summary = await host.locator('.error-summary').textContent({ timeout: 1000 }).catch(() => '');
        const typed = await host.getByLabel(/^Première session/).inputValue();
        throw new Error(`${error.message}\nform errors: ${summary}; first start typed: ${typed}`);
      });
      occurrenceUrl = new URL(host.url()).pathname;
      await checkA11y(host, 'the occurrence page (organiser)');
      const series = await host.evaluate(async (path) => (await fetch(`/api${path.replace('/sessions/', '/peer-sessions/')}`)).json(), occurrenceUrl);
      assert.equal(series.occurrence.startsAt, start.toISOString().replace('.000Z', 'Z'));
    });

    await step(member, '4. The member finds it in her agenda at Nouméa time, beside Paris time, and answers yes', async () => {
      await activate(member, member.getByRole('navigation').getByRole('link', { name: 'Agenda', exact: true }), 'the Agenda link');
      await expectHeading(member, 'Agenda des sessions entre pairs');
      await activate(member, member.getByRole('link', { name: title }).first(), 'the session link');
      await expectHeading(member, title);
      const noumea = partsIn(start, 'Pacific/Noumea');
      const paris = partsIn(start, 'Europe/Paris');
      await waitFor(member.getByText(new RegExp(`Chez vous \\(Pacific/Noumea\\) : .* à ${noumea.hour}:${noumea.minute}`)), 'the Nouméa time');
      await waitFor(member.getByText(new RegExp(`Chez l’organisateur \\(Europe/Paris\\) : .* à ${paris.hour}:${paris.minute}`)), 'the Paris time');
      await waitFor(member.getByText(`En alternance : ${paris.hour}:${paris.minute} / ${rotation} (Europe/Paris).`), 'the rotation');
      await checkA11y(member, 'the occurrence page (member)');
      await tabTo(member, member.getByRole('radio', { name: 'Oui, je viens' }), 'the yes answer');
      await activate(member, member.getByRole('button', { name: 'Enregistrer ma réponse' }), 'the answer button');
      await waitFor(member.getByText('Votre place est réservée.'), 'the booked seat');
    });

    await step(member, '5. She downloads the .ics: ical.js reads the same instant, in the organiser’s zone', async () => {
      const download = member.waitForEvent('download');
      await activate(member, member.getByRole('link', { name: 'Télécharger l’événement (.ics)' }), 'the .ics link');
      const file = await (await download).path();
      const parsed = icalStart(await readFile(file, 'utf8'));
      assert.equal(parsed.start.getTime(), start.getTime());
      assert.equal(parsed.tzid, 'Europe/Paris');
      assert.match(parsed.uid, /^occurrence-.*@maillage$/);
    });

    await step(member, '6. Her private calendar feed parses with ical.js to the same instant', async () => {
      await activate(member, member.getByRole('navigation').getByRole('link', { name: 'Agenda', exact: true }), 'the Agenda link');
      await activate(member, member.getByRole('button', { name: 'Créer mon adresse de calendrier' }), 'the feed button');
      const field = member.getByLabel('Adresse privée de votre calendrier');
      await waitFor(field, 'the feed address');
      const feed = await (await fetch(await field.inputValue())).text();
      const parsed = icalStart(feed);
      assert.equal(parsed.start.getTime(), start.getTime());
      assert.match(parsed.uid, /^series-.*@maillage$/);
      // rotating between two times: one VEVENT per time, each every four months
      assert.equal((feed.match(/RRULE:FREQ=MONTHLY;[^\r\n]*INTERVAL=4;BYDAY=/g) ?? []).length, 2);
      await checkA11y(member, 'the agenda with the feed address');
    });

    let moved = null;
    await step(member, '6b. She answers yes to the next occurrence; moved onto 24 September 2027, it shows her a holiday badge', async () => {
      const series = await host.evaluate(async (path) => {
        const detail = await (await fetch(`/api${path.replace('/sessions/', '/peer-sessions/')}`)).json();
        return (await fetch(`/api/peer-sessions/series/${detail.occurrence.seriesId}`)).json();
      }, occurrenceUrl);
      const next = series.occurrences[1];
      await member.goto(`/sessions/occurrences/${next.id}`);
      await expectHeading(member, title);
      await tabTo(member, member.getByRole('radio', { name: 'Oui, je viens' }), 'the yes answer');
      await activate(member, member.getByRole('button', { name: 'Enregistrer ma réponse' }), 'the answer button');
      await waitFor(member.getByText('Votre place est réservée.'), 'the booked seat');
      // No move form yet: the organiser moves it through the API, as a calendar tool would.
      const move = (start) => host.evaluate(async ({ id, start }) => {
        const { csrfToken } = await (await fetch('/api/session')).json();
        const reply = await fetch(`/api/peer-sessions/occurrences/${id}/move`, {
          method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken }, body: JSON.stringify({ start }),
        });
        return { status: reply.status, body: await reply.json() };
      }, { id: next.id, start });
      const onHoliday = await move('2027-09-24T10:00:00');
      assert.equal(onHoliday.status, 200, JSON.stringify(onHoliday.body));
      await member.reload();
      await expectHeading(member, title);
      await waitFor(member.getByText('Jour férié', { exact: true }), 'the holiday badge');
      await waitFor(member.getByText('Chez vous ce jour-là : Fête de la citoyenneté.'), 'the holiday named');
      await checkA11y(member, 'the occurrence page with its holiday badge');
      if (process.env.MAILLAGE_SCREENS) {
        for (const width of [1280, 375]) {
          await member.setViewportSize({ width, height: 900 });
          await member.screenshot({ path: `${process.env.MAILLAGE_SCREENS}/occurrence-holiday-${width}.png`, fullPage: true });
        }
        await member.setViewportSize({ width: 1024, height: 800 });
      }
      // Then to within a day (urgent): the e-mail leaves at the notifier's next pass.
      const soon = new Date(Math.ceil((Date.now() + 3 * 3600_000) / 60_000) * 60_000);
      const paris = partsIn(soon, 'Europe/Paris');
      const urgent = await move(`${paris.year}-${paris.month}-${paris.day}T${paris.hour}:${paris.minute}:00`);
      assert.equal(urgent.status, 200, JSON.stringify(urgent.body));
      moved = { id: next.id, start: soon };
    });

    await step(member, '7. Near the start she sees the room link', async () => {
      await member.goto(occurrenceUrl);
      await expectHeading(member, title);
      const room = member.getByRole('link', { name: 'Rejoindre la salle (nouvel onglet)' });
      await waitFor(room, 'the room link');
      assert.match(await room.getAttribute('href'), /^https:\/\/meet\.jit\.si\/Maillage-[0-9a-f]{32}$/);
      await tabTo(member, room, 'the room link');
    });

    await step(member, '8. After the start the organiser publishes the catch-up pack; it appears live in the theme', async () => {
      await openTheme(member, THEME);
      const wait = start.getTime() - Date.now() + 2000;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await host.reload();
      await expectHeading(host, title);
      await typeInto(host, host.getByLabel(/^Notes/), 'Nous avons parlé des tiers-lieux.', 'the notes field');
      await activate(host, host.getByRole('button', { name: 'Publier le compte rendu' }), 'the publish button');
      await waitFor(host.getByText('Compte rendu publié dans le thème.'), 'the published notice');
      await waitFor(host.getByRole('link', { name: 'Lire le compte rendu' }), 'the link to the pack');
      await checkA11y(host, 'the occurrence page after the pack');
      await waitFor(member.getByRole('main').getByRole('link', { name: new RegExp(`^Compte rendu : ${title}`) }), 'the pack arriving live in the theme', 20_000);
      await checkA11y(member, 'the theme with the pack');
    });

    await step(host, '9. The moved-session e-mail in the outbox holds the new time at Nouméa and an .ics read at that instant', async () => {
      const noumea = partsIn(moved.start, 'Pacific/Noumea');
      let mail = null;
      for (let i = 0; i < 90 && !mail; i += 1) {
        const outbox = await host.evaluate(async () => (await fetch('/api/admin/outbox')).json());
        mail = outbox.find((m) => m.to === reader.email && m.subject.includes('a été déplacée')) ?? null;
        if (!mail) await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      assert.ok(mail, 'no moved-session e-mail in the outbox');
      assert.match(mail.textBody, new RegExp(`à ${noumea.hour}:${noumea.minute} \\(Pacific/Noumea\\)`));
      assert.match(mail.textBody, /\(Europe\/Paris\)/);
      assert.equal(mail.attachments.length, 1);
      assert.match(mail.attachments[0].contentType, /method=REQUEST/);
      const parsed = icalStart(mail.attachments[0].content);
      assert.equal(parsed.start.getTime(), moved.start.getTime());
    });

    expectNoPageErrors(host);
    expectNoPageErrors(member);
  } finally {
    await browser.close();
  }
});
