// The notification centre: a mention in one context changes the badge live in the other, the
// list leads to its place, marks read one and all, and a follow level decides what is told.
// Keyboard only, axe on every page and state visited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  acceptInvitation,
  activate,
  checkA11y,
  checkNarrow,
  chooseRadio,
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
  typeInto,
  uniqueEmail,
  waitFor,
  waitGone,
} from './support.mjs';

const baseUrl = requireEnv('MAILLAGE_BASE_URL');
const adminInviteUrl = requireEnv('MAILLAGE_ADMIN_INVITE_URL');
const THEME = 'Vie du réseau';

const badge = (page, count) =>
  page.getByRole('navigation').getByRole('link', { name: new RegExp(`^Notifications ${count} notifications? non lues?$`) });
const plainBadge = (page) => page.getByRole('navigation').getByRole('link', { name: 'Notifications', exact: true });

async function mention(page, title, name, text) {
  await typeInto(page, page.getByLabel('Message', { exact: true }), `@${name.split(' ')[0]}`, 'the reply field');
  await waitFor(page.getByRole('option', { name }), `${name} proposed in the mention list`);
  await page.keyboard.press('Enter');
  await waitGone(page.getByRole('listbox'), 'the mention list to close');
  await page.keyboard.type(` ${text}`);
  // What is sent is the name, then the words in the order typed (a caret moved after the pick mixes them).
  const typed = await page.getByLabel('Message', { exact: true }).inputValue();
  assert.ok(typed.replace(/\s+/g, ' ').endsWith(`@${name} ${text}`), `the reply field holds “@${name} ${text}”, not “${typed}”`);
  await activate(page, page.getByRole('button', { name: 'Envoyer' }), 'the send button');
  await waitFor(page.getByRole('article').filter({ hasText: text }), `the reply “${text}” in “${title}”`);
}

test('a mention shows live in the badge, is read from the centre, and a follow level decides', { timeout: 300_000 }, async () => {
  const browser = await launch();
  try {
    const adminPage = await newPage(browser, baseUrl);
    const memberPage = await newPage(browser, baseUrl);
    // Names of their own: other walks share the server and its people.
    const suffix = String(Date.now() % 100000);
    const admin = { email: uniqueEmail('admin'), displayName: `Zélie Notifiée ${suffix}`, password: strongPassword() };
    const member = { email: uniqueEmail('member'), displayName: `Yves Mentionneur ${suffix}`, password: strongPassword() };
    const title = `Un fonds pour les tiers-lieux ${Date.now()}`;
    const secondTitle = `Une rencontre à Nouméa ${Date.now()}`;

    await step(adminPage, '1. The administrator joins and invites a member, who joins in a second context', async () => {
      await acceptInvitation(adminPage, adminInviteUrl, admin);
      await waitFor(plainBadge(adminPage), 'the Notifications link without a count');
      await inviteMember(adminPage, member.email);
      const link = await linkFromOutbox(adminPage, member.email, '/invitation/');
      await acceptInvitation(memberPage, link, { displayName: member.displayName, password: member.password });
      await waitFor(memberPage.getByRole('status').filter({ hasText: 'Connecté' }), 'the member’s connection');
    });

    await step(adminPage, '2. The administrator opens a thread, then goes home', async () => {
      await openTheme(adminPage, THEME);
      await typeInto(adminPage, adminPage.getByLabel('Titre'), title, 'the title field');
      await typeInto(adminPage, adminPage.getByLabel('Premier message'), 'Des pistes ?', 'the first message field');
      await activate(adminPage, adminPage.getByRole('button', { name: 'Publier le fil' }), 'the publish button');
      await expectHeading(adminPage, title);
      await activate(adminPage, adminPage.getByRole('link', { name: 'Accueil', exact: true }), 'the home link');
      await expectHeading(adminPage, /Bonjour/);
      await waitFor(adminPage.getByRole('status').filter({ hasText: 'Connecté' }), 'the administrator’s connection');
    });

    await step(memberPage, '3. The member mentions the administrator; the administrator’s badge says 1, live', async () => {
      await openTheme(memberPage, THEME);
      await activate(memberPage, memberPage.getByRole('main').getByRole('link', { name: new RegExp(`^${title}`) }), 'the thread link');
      await expectHeading(memberPage, title);
      await mention(memberPage, title, admin.displayName, 'voici une piste.');
      await waitFor(badge(adminPage, 1), 'the administrator’s badge to say 1, live');
      await checkA11y(adminPage, 'the home page with an unread notification');
    });

    await step(adminPage, '4. The administrator opens the centre and marks the mention read', async () => {
      await activate(adminPage, badge(adminPage, 1), 'the Notifications link');
      await expectHeading(adminPage, 'Notifications');
      const list = adminPage.getByRole('list', { name: 'Vos notifications, les plus récentes d’abord' });
      const item = list.getByRole('link', { name: `Non lue : ${member.displayName} vous a mentionné·e dans « ${title} »` });
      await waitFor(item, 'the mention in the list, unread');
      await checkA11y(adminPage, 'the notification centre with an unread notification');
      await checkNarrow(adminPage, 'the notification centre');
      await activate(adminPage, list.getByRole('button', { name: /^Marquer comme lue/ }), 'the mark-read button');
      await waitFor(adminPage.getByRole('status').filter({ hasText: 'Notification marquée comme lue.' }), 'the confirmation');
      await waitFor(plainBadge(adminPage), 'the badge without a count');
      await waitFor(list.getByRole('link', { name: `${member.displayName} vous a mentionné·e dans « ${title} »`, exact: true }), 'the mention, now read');
      await checkA11y(adminPage, 'the notification centre with everything read');
    });

    await step(memberPage, '5. Two more mentions arrive live in the open centre; mark all read', async () => {
      await mention(memberPage, title, admin.displayName, 'et une autre.');
      await waitFor(badge(adminPage, 1), 'the badge to say 1 again, live');
      await mention(memberPage, title, admin.displayName, 'et encore une.');
      await waitFor(badge(adminPage, 2), 'the badge to say 2, live');
      await activate(adminPage, adminPage.getByRole('button', { name: 'Tout marquer comme lu' }), 'the mark-all-read button');
      await waitFor(adminPage.getByRole('status').filter({ hasText: 'Toutes les notifications sont lues.' }), 'the confirmation');
      await waitFor(plainBadge(adminPage), 'the badge without a count');
      const unread = await adminPage.evaluate(async () => (await (await fetch('/api/notifications')).json()).unread);
      assert.equal(unread, 0, 'the server agrees nothing is unread');
    });

    await step(adminPage, '6. A notification leads to its thread', async () => {
      const list = adminPage.getByRole('list', { name: 'Vos notifications, les plus récentes d’abord' });
      await activate(adminPage, list.getByRole('link').first(), 'the newest notification');
      await expectHeading(adminPage, title);
    });

    await step(adminPage, '7. The administrator follows the whole theme; a new thread of the member is told live', async () => {
      await openTheme(adminPage, THEME);
      const follow = adminPage.getByRole('group', { name: 'Suivi' });
      await chooseRadio(adminPage, follow, follow.getByLabel('Tout suivre'), 'the “Tout suivre” level');
      await waitFor(adminPage.getByText('Suivi enregistré.'), 'the follow level saved');
      await checkA11y(adminPage, 'the theme page following everything');
      await openTheme(memberPage, THEME);
      await typeInto(memberPage, memberPage.getByLabel('Titre'), secondTitle, 'the title field');
      await typeInto(memberPage, memberPage.getByLabel('Premier message'), 'Qui vient ?', 'the first message field');
      await activate(memberPage, memberPage.getByRole('button', { name: 'Publier le fil' }), 'the publish button');
      await expectHeading(memberPage, secondTitle);
      await waitFor(badge(adminPage, 1), 'the badge to say 1 for the new thread, live');
      await activate(adminPage, badge(adminPage, 1), 'the Notifications link');
      await expectHeading(adminPage, 'Notifications');
      await waitFor(adminPage.getByRole('link', { name: `Non lue : Nouveau fil de ${member.displayName} : « ${secondTitle} »` }), 'the new thread in the list');
      await checkA11y(adminPage, 'the notification centre with a new thread');
    });

    expectNoPageErrors(adminPage);
    expectNoPageErrors(memberPage);
  } finally {
    await browser.close();
  }
});
