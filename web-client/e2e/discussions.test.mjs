// Two people in the same theme, live: the administrator opens a question, the member sees it
// appear, the reply and the reaction arrive without reload; the member's reply written offline
// is kept, shown pending, and sent exactly once on reconnection. Keyboard only, axe on every page.
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
  tabTo,
  typeInto,
  uniqueEmail,
  waitFor,
  waitGone,
} from './support.mjs';

const baseUrl = requireEnv('MAILLAGE_BASE_URL');
const adminInviteUrl = requireEnv('MAILLAGE_ADMIN_INVITE_URL');
const THEME = 'Vie du réseau';

/** The posts of a thread as the server has them. */
async function postsOf(page, threadId) {
  return page.evaluate(async (id) => {
    const response = await fetch(`/api/threads/${id}`, { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`GET /api/threads/${id} answered ${response.status}`);
    return (await response.json()).posts;
  }, threadId);
}

test('two people discuss live, and a reply written offline is sent once', { timeout: 300_000 }, async () => {
  const browser = await launch();
  try {
    const adminPage = await newPage(browser, baseUrl);
    const memberPage = await newPage(browser, baseUrl);
    const admin = { email: uniqueEmail('admin'), displayName: 'Ana Administratrice', password: strongPassword() };
    const member = { email: uniqueEmail('member'), displayName: 'Bruno Membre', password: strongPassword() };
    const title = `Financer un tiers-lieu ? ${Date.now()}`;
    const question = 'Qui a déjà monté un **fonds de dotation** ?';
    const answer = 'Oui, à Brest, avec la mairie.';
    const offlineReply = 'Merci ! Je vous écris depuis le train, hors ligne.';
    const corrected = 'Merci ! Écrit dans le train, envoyé à l’arrivée.';
    let threadId = '';

    await step(adminPage, '1. The administrator joins and invites a member', async () => {
      await acceptInvitation(adminPage, adminInviteUrl, admin);
      await inviteMember(adminPage, member.email);
    });

    await step(memberPage, '2. The member joins by the e-mailed link in a second browser context', async () => {
      const link = await linkFromOutbox(adminPage, member.email, '/invitation/');
      await acceptInvitation(memberPage, link, { displayName: member.displayName, password: member.password });
      await waitFor(memberPage.getByRole('status').filter({ hasText: 'Connecté' }), 'the member’s connection to say “Connecté”');
    });

    await step(adminPage, '3. Both open the theme through the Discussions page', async () => {
      await openTheme(adminPage, THEME);
      await checkA11y(adminPage, 'the theme page');
      await openTheme(memberPage, THEME);
      await checkA11y(memberPage, 'the theme page (member)');
      await checkNarrow(memberPage, 'the theme page');
      await activate(memberPage, memberPage.getByRole('link', { name: 'Tous les thèmes' }), 'the all-themes link');
      await expectHeading(memberPage, 'Discussions');
      const online = memberPage.getByRole('region', { name: /^En ligne maintenant/ });
      await waitFor(online.getByRole('listitem').filter({ hasText: admin.displayName }), 'the administrator in “En ligne maintenant”');
      await checkA11y(memberPage, 'the Discussions page');
      await checkNarrow(memberPage, 'the Discussions page');
      await activate(memberPage, memberPage.getByRole('main').getByRole('link', { name: new RegExp(`^${THEME}`) }), 'the theme link');
      await expectHeading(memberPage, THEME);
      await waitFor(memberPage.getByRole('heading', { level: 2, name: 'Fils de discussion' }), 'the list of threads');
    });

    await step(adminPage, '4. The administrator asks a question in a new thread', async () => {
      const kinds = adminPage.getByRole('group', { name: 'Type de fil' });
      await chooseRadio(adminPage, kinds, kinds.getByLabel('Question'), 'the question kind');
      await typeInto(adminPage, adminPage.getByLabel('Titre'), title, 'the title field');
      await typeInto(adminPage, adminPage.getByLabel('Premier message'), question, 'the first message field');
      await activate(adminPage, adminPage.getByRole('button', { name: 'Publier le fil' }), 'the publish button');
      await expectHeading(adminPage, title);
      await waitFor(adminPage.getByRole('article').filter({ hasText: 'Qui a déjà monté un fonds de dotation' }), 'the first post, rendered from Markdown');
      await waitFor(adminPage.locator('.post-body strong', { hasText: 'fonds de dotation' }), 'the bold words of the Markdown');
      threadId = adminPage.url().split('/threads/')[1];
      assert.ok(threadId, 'the thread has an address /threads/{id}');
      await checkA11y(adminPage, 'the thread page');
    });

    await step(memberPage, '5. The member sees the thread appear without reloading, and opens it', async () => {
      const item = memberPage.getByRole('listitem').filter({ has: memberPage.getByRole('link', { name: title }) });
      await waitFor(item, `the new thread “${title}” in the member’s list, live`);
      await waitFor(item.getByText('Question', { exact: true }), 'the “Question” badge on the new thread');
      await checkA11y(memberPage, 'the theme page with a live thread');
      await activate(memberPage, memberPage.getByRole('link', { name: title }), 'the new thread link');
      await expectHeading(memberPage, title);
      await waitFor(memberPage.getByRole('article').filter({ hasText: 'fonds de dotation' }), 'the first post on the member’s page');
      await checkA11y(memberPage, 'the thread page (member)');
    });

    await step(adminPage, '6. The administrator replies and reacts 👍 to the reply', async () => {
      await typeInto(adminPage, adminPage.getByLabel('Message', { exact: true }), answer, 'the reply field');
      await activate(adminPage, adminPage.getByRole('button', { name: 'Envoyer' }), 'the send button');
      const reply = adminPage.getByRole('article').filter({ hasText: answer }).filter({ hasNotText: 'En attente' });
      await waitFor(reply.getByRole('button', { name: 'Répondre' }), 'the administrator’s reply in the thread');
      // Only reactions given show; the others wait behind "Ajouter une réaction".
      await activate(adminPage, reply.getByRole('button', { name: 'Ajouter une réaction' }), 'the add-reaction button');
      await activate(adminPage, reply.getByRole('button', { name: /^👍/ }), 'the 👍 reaction of the reply');
      await waitFor(reply.getByRole('button', { name: /^👍.*, 1 réaction$/, pressed: true }), 'the 👍 button pressed with a count of 1');
    });

    await step(memberPage, '7. The member sees the reply and the reaction count live', async () => {
      const reply = memberPage.getByRole('article').filter({ hasText: answer });
      await waitFor(reply, 'the administrator’s reply on the member’s page, live');
      await waitFor(reply.getByRole('button', { name: /^👍.*, 1 réaction$/, pressed: false }), 'the 👍 count of 1 (not pressed by the member), live');
      await checkA11y(memberPage, 'the thread page with a live reply');
      await checkNarrow(memberPage, 'the thread page');
    });

    await step(memberPage, '8. The draft survives a reload', async () => {
      await typeInto(memberPage, memberPage.getByLabel('Message', { exact: true }), 'Brouillon', 'the reply field');
      await memberPage.waitForTimeout(200);
      await memberPage.reload();
      await expectHeading(memberPage, title);
      const field = memberPage.getByLabel('Message', { exact: true });
      await waitFor(field, 'the reply field after reload');
      assert.equal(await field.inputValue(), 'Brouillon', 'the draft is back after a reload');
      await waitFor(memberPage.getByRole('status').filter({ hasText: 'Connecté' }), 'the member’s connection to come back after the reload');
    });

    await step(memberPage, '9. Offline, the member’s reply is kept and shown pending', async () => {
      await memberPage.context().setOffline(true);
      await waitFor(memberPage.getByRole('status').filter({ hasText: 'Hors ligne : vos messages partiront à la reconnexion' }), 'the offline banner');
      await tabTo(memberPage, memberPage.getByLabel('Message', { exact: true }), 'the reply field');
      await memberPage.keyboard.press('ControlOrMeta+A');
      await memberPage.keyboard.type(offlineReply);
      await activate(memberPage, memberPage.getByRole('button', { name: 'Envoyer' }), 'the send button');
      const pending = memberPage.getByRole('article').filter({ hasText: offlineReply }).filter({ hasText: 'En attente d’envoi' });
      await waitFor(pending, 'the offline reply marked “En attente d’envoi”');
      await checkA11y(memberPage, 'the thread page offline');
    });

    await step(memberPage, '10. Back online, the reply is sent once', async () => {
      await memberPage.context().setOffline(false);
      await waitGone(memberPage.getByText('En attente d’envoi'), 'the pending mark to go once the reply is sent');
      const sent = memberPage.getByRole('article').filter({ hasText: offlineReply });
      await waitFor(sent.getByRole('button', { name: 'Modifier' }), 'the member’s reply as a real post (with its edit button)');
      await waitFor(adminPage.getByRole('article').filter({ hasText: offlineReply }), 'the member’s reply on the administrator’s page, live');
      await memberPage.reload();
      await expectHeading(memberPage, title);
      await waitFor(memberPage.getByRole('article').filter({ hasText: answer }), 'the thread after reload');
      assert.equal(await memberPage.getByRole('article').filter({ hasText: offlineReply }).count(), 1, 'one post with the offline text on the page');
      const posts = await postsOf(memberPage, threadId);
      assert.equal(posts.filter((p) => p.body === offlineReply).length, 1, 'the server holds exactly one post with the offline text');
      assert.equal(posts.length, 3, 'question, answer and the offline reply');
    });

    await step(memberPage, '11. The member corrects the reply; the history keeps the first version', async () => {
      const mine = memberPage.getByRole('article').filter({ hasText: offlineReply });
      await activate(memberPage, mine.getByRole('button', { name: 'Modifier' }), 'the edit button of the member’s reply');
      const field = memberPage.getByLabel('Modifier le message');
      await waitFor(field, 'the inline edit field');
      await memberPage.keyboard.press('ControlOrMeta+A');
      await memberPage.keyboard.type(corrected);
      await activate(memberPage, memberPage.getByRole('button', { name: 'Enregistrer' }), 'the save button of the edit');
      const edited = memberPage.getByRole('article').filter({ hasText: corrected });
      await waitFor(edited.getByText('modifié', { exact: true }), 'the “modifié” mark on the corrected reply');
      await waitFor(adminPage.getByRole('article').filter({ hasText: corrected }).getByText('modifié', { exact: true }), 'the correction on the administrator’s page, live');
      await activate(memberPage, edited.getByRole('button', { name: 'Voir l’historique des modifications' }), 'the history button');
      await waitFor(edited.locator('.history').getByText(offlineReply), 'the first version in the edit history');
      await checkA11y(memberPage, 'the thread page with an edit history open');
    });

    expectNoPageErrors(adminPage);
    expectNoPageErrors(memberPage);
  } finally {
    await browser.close();
  }
});
