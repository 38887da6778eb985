// Unread counts, mentions, answers, deletion and locking, live between two people. Keyboard
// only, axe on every page and state visited.
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

async function themeUnread(page, label) {
  return page.evaluate(async (name) => {
    const response = await fetch('/api/themes', { headers: { Accept: 'application/json' } });
    return (await response.json()).find((th) => th.labelFr === name)?.unread;
  }, label);
}

test('mention, unread, answer, deletion and lock, live', { timeout: 300_000 }, async () => {
  const browser = await launch();
  try {
    const adminPage = await newPage(browser, baseUrl);
    const memberPage = await newPage(browser, baseUrl);
    const admin = { email: uniqueEmail('admin'), displayName: 'Ana Administratrice', password: strongPassword() };
    const member = { email: uniqueEmail('member'), displayName: 'Bruno Membre', password: strongPassword() };
    const title = `Qui connaît un fonds de dotation ? ${Date.now()}`;
    const reply = 'voici ce que je sais.';
    const doomed = 'Message envoyé par erreur.';
    const suffix = String(Date.now() % 100000);
    const newTheme = { slug: `tiers-lieux-${suffix}`, labelFr: `Tiers-lieux ${suffix}`, labelEn: `Third places ${suffix}` };

    await step(adminPage, '1. The administrator joins, invites a member who joins in a second context', async () => {
      await acceptInvitation(adminPage, adminInviteUrl, admin);
      await inviteMember(adminPage, member.email);
      const link = await linkFromOutbox(adminPage, member.email, '/invitation/');
      await acceptInvitation(memberPage, link, { displayName: member.displayName, password: member.password });
      await waitFor(memberPage.getByRole('status').filter({ hasText: 'Connecté' }), 'the member’s connection');
    });

    await step(adminPage, '2. The administrator asks a question, then goes back to the list of themes', async () => {
      await openTheme(adminPage, THEME);
      await waitFor(adminPage.getByRole('group', { name: 'Suivi' }), 'the “Suivi” control of the theme');
      await checkA11y(adminPage, 'the theme page with its follow control');
      const kinds = adminPage.getByRole('group', { name: 'Type de fil' });
      await chooseRadio(adminPage, kinds, kinds.getByLabel('Question'), 'the question kind');
      await typeInto(adminPage, adminPage.getByLabel('Titre'), title, 'the title field');
      await typeInto(adminPage, adminPage.getByLabel('Premier message'), 'Des expériences ?', 'the first message field');
      await activate(adminPage, adminPage.getByRole('button', { name: 'Publier le fil' }), 'the publish button');
      await expectHeading(adminPage, title);
      await waitFor(adminPage.getByRole('heading', { level: 2, name: 'Modération' }), 'the moderation tools');
      await checkA11y(adminPage, 'the thread page of a moderator');
      await checkNarrow(adminPage, 'the thread page of a moderator');
      await activate(adminPage, adminPage.getByRole('navigation').getByRole('link', { name: 'Discussions', exact: true }), 'the Discussions link');
      await expectHeading(adminPage, 'Discussions');
      await waitFor(adminPage.getByRole('heading', { level: 2, name: 'Nouveau thème' }), 'the new-theme form of the administrator');
      await checkA11y(adminPage, 'the Discussions page of an administrator');
      const form = adminPage.getByRole('region', { name: 'Nouveau thème' });
      await typeInto(adminPage, form.getByLabel('Identifiant'), newTheme.slug, 'the slug field');
      await typeInto(adminPage, form.getByLabel('Nom en français'), newTheme.labelFr, 'the French name field');
      await typeInto(adminPage, form.getByLabel('Nom en anglais'), newTheme.labelEn, 'the English name field');
      await adminPage.keyboard.press('Enter');
      await waitFor(adminPage.getByRole('main').getByRole('link', { name: new RegExp(`^${newTheme.labelFr}`) }), 'the new theme in the list');
      await checkA11y(adminPage, 'the Discussions page with a new theme');
      await checkNarrow(adminPage, 'the Discussions page of an administrator');
    });

    await step(memberPage, '3. The member opens the question and mentions the administrator with the autocomplete', async () => {
      await openTheme(memberPage, THEME);
      await activate(memberPage, memberPage.getByRole('main').getByRole('link', { name: new RegExp(`^${title.replace(/[?]/g, '\\?')}`) }), 'the question link');
      await expectHeading(memberPage, title);
      assert.equal(await memberPage.getByRole('heading', { name: 'Modération' }).count(), 0, 'no moderation tools for a member');
      await typeInto(memberPage, memberPage.getByLabel('Message', { exact: true }), 'Merci @Ana', 'the reply field');
      const option = memberPage.getByRole('option', { name: admin.displayName });
      await waitFor(option, 'the administrator proposed in the mention list');
      const field = memberPage.getByLabel('Message', { exact: true });
      assert.equal(await field.getAttribute('aria-activedescendant'), await option.getAttribute('id'), 'the first option is active');
      await checkA11y(memberPage, 'the composer with the mention list open');
      await memberPage.keyboard.press('Enter');
      await waitGone(memberPage.getByRole('listbox'), 'the mention list to close after the choice');
      await memberPage.keyboard.type(reply);
      assert.equal(await field.inputValue(), `Merci @${admin.displayName} ${reply}`);
      await activate(memberPage, memberPage.getByRole('button', { name: 'Envoyer' }), 'the send button');
      await waitFor(memberPage.getByRole('article').filter({ hasText: reply }).getByRole('button', { name: 'Supprimer' }), 'the member’s reply, sent');
    });

    await step(adminPage, '4. The administrator’s theme list shows the unread reply live, then the thread', async () => {
      await waitFor(adminPage.getByRole('main').getByRole('link', { name: new RegExp(`^${THEME}.*1 non lu`) }), 'the theme link to say “1 non lu”, live');
      await checkA11y(adminPage, 'the Discussions page with an unread count');
      await activate(adminPage, adminPage.getByRole('main').getByRole('link', { name: new RegExp(`^${THEME}`) }), 'the theme link');
      await expectHeading(adminPage, THEME);
      await waitFor(adminPage.getByRole('main').getByRole('link', { name: /1 non lu/ }), 'the thread link to say “1 non lu”');
      await activate(adminPage, adminPage.getByRole('main').getByRole('link', { name: /1 non lu/ }), 'the question link');
      await expectHeading(adminPage, title);
      const post = adminPage.getByRole('article').filter({ hasText: reply });
      await waitFor(post.locator('.mention', { hasText: `@${admin.displayName}` }), 'the mention highlighted in the reply');
      let unread = null;
      for (let i = 0; i < 20 && unread !== 0; i++) {
        await adminPage.waitForTimeout(250);
        unread = await themeUnread(adminPage, THEME);
      }
      assert.equal(unread, 0, 'opening the thread marked it read on the server');
    });

    await step(adminPage, '5. The administrator marks the reply as the answer; the member sees it live', async () => {
      const post = adminPage.getByRole('article').filter({ hasText: reply });
      await activate(adminPage, post.getByRole('button', { name: 'Marquer comme réponse' }), 'the mark-as-answer button');
      await waitFor(post.getByText('Réponse retenue'), 'the “Réponse retenue” marker');
      await waitFor(adminPage.getByRole('button', { name: 'Rouvrir la question' }), 'the reopen button');
      const memberPost = memberPage.getByRole('article').filter({ hasText: reply });
      await waitFor(memberPost.getByText('Réponse retenue'), 'the “Réponse retenue” marker on the member’s page, live');
      await waitFor(memberPage.getByText('Résolu', { exact: true }), 'the “Résolu” badge on the member’s page, live');
      await checkA11y(memberPage, 'the thread page with an accepted answer');
    });

    await step(memberPage, '6. The member deletes a post after confirming; the administrator sees the tombstone live', async () => {
      await typeInto(memberPage, memberPage.getByLabel('Message', { exact: true }), doomed, 'the reply field');
      await activate(memberPage, memberPage.getByRole('button', { name: 'Envoyer' }), 'the send button');
      const mine = memberPage.getByRole('article').filter({ hasText: doomed });
      await activate(memberPage, mine.getByRole('button', { name: 'Supprimer' }), 'the delete button');
      await waitFor(mine.getByRole('button', { name: 'Oui, supprimer' }), 'the confirmation step');
      assert.ok(await mine.getByRole('button', { name: 'Oui, supprimer' }).evaluate((el) => el === document.activeElement), 'the focus is on the confirmation');
      await checkA11y(memberPage, 'the thread page with a deletion to confirm');
      await memberPage.keyboard.press('Enter');
      await waitFor(adminPage.getByText('Message supprimé', { exact: true }), 'the tombstone on the administrator’s page, live');
      await waitGone(adminPage.getByRole('article').filter({ hasText: doomed }), 'the deleted text to vanish on the administrator’s page');
      await waitFor(memberPage.getByText('Message supprimé', { exact: true }), 'the tombstone on the member’s page');
    });

    await step(adminPage, '7. The administrator mutes the thread, pins and locks it; the member’s composer goes live', async () => {
      const follow = adminPage.getByRole('group', { name: 'Suivi' });
      await chooseRadio(adminPage, follow, follow.getByLabel('Silencieux'), 'the “Silencieux” level');
      await waitFor(adminPage.getByRole('status').filter({ hasText: 'Suivi enregistré.' }), 'the follow level saved');
      await activate(adminPage, adminPage.getByRole('button', { name: 'Épingler' }), 'the pin button');
      await waitFor(adminPage.getByRole('button', { name: 'Désépingler' }), 'the unpin button');
      await activate(adminPage, adminPage.getByRole('button', { name: 'Verrouiller' }), 'the lock button');
      await waitFor(adminPage.getByRole('button', { name: 'Déverrouiller' }), 'the unlock button');
      await waitGone(memberPage.getByLabel('Message', { exact: true }), 'the member’s composer to disappear, live');
      await waitFor(memberPage.getByText(/^Fil verrouillé/), 'the “Fil verrouillé” message for the member');
      await checkA11y(memberPage, 'the locked thread (member)');
      await checkA11y(adminPage, 'the locked thread (moderator)');
      await tabTo(memberPage, memberPage.getByRole('link', { name: 'Retour au thème' }), 'the back-to-theme link');
      await memberPage.keyboard.press('Enter');
      await expectHeading(memberPage, THEME);
      const item = memberPage.getByRole('listitem').filter({ hasText: title });
      await waitFor(item.getByText('Épinglé', { exact: true }), 'the “Épinglé” badge in the member’s list');
      await waitFor(item.getByText('Résolu', { exact: true }), 'the “Résolu” badge in the member’s list');
      await checkA11y(memberPage, 'the theme page with a pinned, solved, locked thread');
      await checkNarrow(memberPage, 'the theme page with badges and the follow control');
    });

    await step(adminPage, '8. The administrator moves the thread; it leaves the member’s list, the open page follows', async () => {
      await tabTo(adminPage, adminPage.getByLabel('Déplacer vers…'), 'the move-to select');
      const select = adminPage.getByLabel('Déplacer vers…');
      for (let i = 0; i < 40 && (await select.inputValue()) !== newTheme.slug; i++) await adminPage.keyboard.press('ArrowDown');
      const options = await select.locator('option').evaluateAll((os) => os.map((o) => o.value).join(', '));
      assert.equal(await select.inputValue(), newTheme.slug, `the new theme is chosen in the select (options: ${options})`);
      await activate(adminPage, adminPage.getByRole('button', { name: 'Déplacer', exact: true }), 'the move button');
      await waitGone(memberPage.getByRole('main').getByRole('link', { name: new RegExp(`^${title.replace(/[?]/g, '\\?')}`) }), 'the moved thread to leave the member’s list, live');
      await waitFor(adminPage.getByText('Ce fil a été déplacé vers un autre thème.'), 'the move notice on the open thread');
      await waitFor(adminPage.getByRole("main").locator(`a[href="/themes/${newTheme.slug}"]`), 'the back link to point at the new theme');
      await waitFor(adminPage.getByRole('article').filter({ hasText: reply }), 'the thread’s posts after the move');
      await activate(adminPage, adminPage.getByRole('button', { name: 'Déverrouiller' }), 'the unlock button after the move');
      await waitFor(adminPage.getByRole('button', { name: 'Verrouiller' }), 'the unlock, seen on the new theme’s stream');
      await checkA11y(adminPage, 'the thread page after a move');
    });

    expectNoPageErrors(adminPage);
    expectNoPageErrors(memberPage);
  } finally {
    await browser.close();
  }
});
