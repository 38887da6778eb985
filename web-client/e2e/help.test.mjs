// Who knows what, live: a pioneer completes their directory profile (overseas, can help with
// mécénat) and is confirmed by the administrator; a newcomer asks for help, the pioneer sees it
// arrive live, accepts, they exchange in the private conversation, the newcomer marks it solved
// and the credit shows on the pioneer's profile. Then the directory is filtered by competence
// and by an overseas territory chosen on the map. Keyboard only, axe on every screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  acceptInvitation,
  activate,
  checkA11y,
  checkNarrow,
  expectHeading,
  expectNoPageErrors,
  inviteMember,
  launch,
  linkFromOutbox,
  newPage,
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

/** Focuses a select with Tab and moves through it with the arrow keys until `value` is chosen. */
async function chooseOption(page, select, value, what) {
  await tabTo(page, select, what);
  await page.keyboard.press('Home');
  for (let i = 0; i < 40 && (await select.inputValue()) !== value; i++) await page.keyboard.press('ArrowDown');
  assert.equal(await select.inputValue(), value, `${what} is set to ${value}`);
}

async function toggle(page, checkbox, what) {
  await tabTo(page, checkbox, what);
  await page.keyboard.press('Space');
}

test('a newcomer asks, a pioneer helps live, and the directory finds them', { timeout: 300_000 }, async () => {
  const browser = await launch();
  try {
    const adminPage = await newPage(browser, baseUrl);
    const pioneerPage = await newPage(browser, baseUrl);
    const newcomerPage = await newPage(browser, baseUrl);
    const admin = { email: uniqueEmail('admin'), displayName: 'Ana Administratrice', password: strongPassword() };
    const pioneer = { email: uniqueEmail('pioneer'), displayName: 'Paul Hoarau', password: strongPassword() };
    const newcomer = { email: uniqueEmail('newcomer'), displayName: 'Nina Nouvelle', password: strongPassword() };
    const title = `Trouver un premier mécène ${Date.now()}`;

    await step(adminPage, '1. The administrator joins and invites a pioneer and a newcomer', async () => {
      await acceptInvitation(adminPage, adminInviteUrl, admin);
      await inviteMember(adminPage, pioneer.email);
      await inviteMember(adminPage, newcomer.email);
    });

    await step(pioneerPage, '2. The pioneer joins and completes their directory profile', async () => {
      const link = await linkFromOutbox(adminPage, pioneer.email, '/invitation/');
      await acceptInvitation(pioneerPage, link, { displayName: pioneer.displayName, password: pioneer.password });
      await activate(pioneerPage, pioneerPage.getByRole('navigation').getByRole('link', { name: 'Annuaire', exact: true }), 'the Annuaire link');
      await expectHeading(pioneerPage, 'Annuaire');
      await checkA11y(pioneerPage, 'the directory');
      await activate(pioneerPage, pioneerPage.getByRole('link', { name: 'Compléter mon profil d’annuaire' }), 'the profile link');
      await expectHeading(pioneerPage, 'Mon profil d’annuaire');
      const canHelp = pioneerPage.getByRole('group', { name: 'Je peux aider sur' });
      await waitFor(canHelp.getByLabel('Mécénat et mécénat de compétences'), 'the competence checkboxes');
      await checkA11y(pioneerPage, 'the directory profile form');
      await chooseOption(pioneerPage, pioneerPage.getByLabel('Territoire'), '04', 'the territory select');
      // the territory proposes its zone, and changes nothing until the pioneer takes it
      await activate(pioneerPage, pioneerPage.getByRole('button', { name: 'Utiliser La Réunion — UTC+4' }), 'the proposed zone');
      await typeInto(pioneerPage, pioneerPage.getByLabel(/^Organisation/), 'Tiers-lieu de Saint-Pierre', 'the organisation field');
      await toggle(pioneerPage, canHelp.getByLabel('Mécénat et mécénat de compétences'), 'the mécénat checkbox');
      await toggle(pioneerPage, pioneerPage.getByLabel(/Je suis pionnier/), 'the pioneer checkbox');
      await activate(pioneerPage, pioneerPage.getByRole('button', { name: 'Enregistrer' }), 'the save button');
      await waitFor(pioneerPage.getByRole('status').filter({ hasText: 'Profil enregistré.' }), 'the saved notice');
      const me = await pioneerPage.evaluate(async () => (await fetch('/api/me')).json());
      assert.equal(me.timeZone, 'Indian/Reunion', 'the zone taken from the proposal');
    });

    await step(adminPage, '3. The administrator confirms the pioneer from the directory', async () => {
      await activate(adminPage, adminPage.getByRole('navigation').getByRole('link', { name: 'Annuaire', exact: true }), 'the Annuaire link');
      await expectHeading(adminPage, 'Annuaire');
      await typeInto(adminPage, adminPage.getByRole('searchbox', { name: 'Rechercher' }), 'Hoarau', 'the search field');
      await adminPage.keyboard.press('Enter');
      await activate(adminPage, adminPage.getByRole('link', { name: pioneer.displayName }), 'the pioneer in the results');
      await expectHeading(adminPage, pioneer.displayName);
      await checkA11y(adminPage, 'a profile page');
      await activate(adminPage, adminPage.getByRole('button', { name: 'Confirmer comme pionnier' }), 'the confirm button');
      await waitFor(adminPage.getByRole('button', { name: 'Retirer la confirmation de pionnier' }), 'the pioneer confirmed');
    });

    await step(newcomerPage, '4. The newcomer joins; the pioneer waits on the Entraide page', async () => {
      const link = await linkFromOutbox(adminPage, newcomer.email, '/invitation/');
      await acceptInvitation(newcomerPage, link, { displayName: newcomer.displayName, password: newcomer.password });
      await activate(pioneerPage, pioneerPage.getByRole('navigation').getByRole('link', { name: 'Entraide', exact: true }), 'the Entraide link');
      await expectHeading(pioneerPage, 'Entraide');
      await waitFor(pioneerPage.getByRole('heading', { name: 'Demandes qui vous sont proposées' }), 'the offered requests');
      await checkA11y(pioneerPage, 'the help page');
    });

    await step(newcomerPage, '5. The newcomer asks for help and sees the proposed pioneer and why', async () => {
      await activate(newcomerPage, newcomerPage.getByRole('navigation').getByRole('link', { name: 'Entraide', exact: true }), 'the Entraide link');
      await expectHeading(newcomerPage, 'Entraide');
      await activate(newcomerPage, newcomerPage.getByRole('link', { name: 'Demander de l’aide', exact: true }), 'the ask link');
      await expectHeading(newcomerPage, 'Demander de l’aide');
      await waitFor(newcomerPage.getByLabel('Mécénat et mécénat de compétences'), 'the competence checkboxes');
      await checkA11y(newcomerPage, 'the ask form');
      await typeInto(newcomerPage, newcomerPage.getByLabel('Titre'), title, 'the title field');
      await typeInto(newcomerPage, newcomerPage.getByLabel('De quoi avez-vous besoin ?'), 'Nous cherchons un premier mécène local.', 'the need field');
      await toggle(newcomerPage, newcomerPage.getByLabel('Mécénat et mécénat de compétences'), 'the mécénat checkbox');
      await chooseOption(newcomerPage, newcomerPage.getByLabel('Urgence'), 'high', 'the urgency select');
      await activate(newcomerPage, newcomerPage.getByRole('button', { name: 'Envoyer la demande' }), 'the send button');
      await expectHeading(newcomerPage, title);
      const matches = newcomerPage.getByRole('region', { name: 'Pionniers proposés' });
      await waitFor(matches.getByText(pioneer.displayName), 'the pioneer among the proposed pioneers');
      await waitFor(matches.getByText('Vous partagez 1 compétence : Mécénat et mécénat de compétences (+10 points)'), 'the competence reason');
      await checkA11y(newcomerPage, 'the request page');
    });

    await step(pioneerPage, '6. The pioneer sees the request arrive live and accepts it', async () => {
      await waitFor(pioneerPage.getByRole('status').filter({ hasText: `Nouvelle demande d’aide : ${title}` }), 'the live announcement');
      const offered = pioneerPage.getByRole('region', { name: 'Demandes qui vous sont proposées' });
      await activate(pioneerPage, offered.getByRole('link', { name: title }), 'the offered request');
      await expectHeading(pioneerPage, title);
      await checkA11y(pioneerPage, 'the offered request');
      await activate(pioneerPage, pioneerPage.getByRole('button', { name: 'J’accepte d’aider' }), 'the accept button');
      await waitFor(pioneerPage.getByRole('heading', { name: 'Conversation privée' }), 'the private conversation');
    });

    await step(newcomerPage, '7. They exchange in the private conversation, live', async () => {
      await waitFor(newcomerPage.getByText(`Acceptée par ${pioneer.displayName}`), 'the acceptance, live');
      await typeInto(newcomerPage, newcomerPage.getByLabel('Votre message'), 'Bonjour, merci de votre aide !', 'the message field');
      await activate(newcomerPage, newcomerPage.getByRole('button', { name: 'Envoyer', exact: true }), 'the send button');
      await waitFor(pioneerPage.getByRole('log').getByText('Bonjour, merci de votre aide !'), 'the newcomer’s message at the pioneer’s');
      await typeInto(pioneerPage, pioneerPage.getByLabel('Votre message'), 'Avec plaisir : appelons-nous demain.', 'the reply field');
      await activate(pioneerPage, pioneerPage.getByRole('button', { name: 'Envoyer', exact: true }), 'the reply button');
      await waitFor(newcomerPage.getByRole('log').getByText('Avec plaisir : appelons-nous demain.'), 'the pioneer’s reply at the newcomer’s');
      // Written without a connection, a message waits in the offline queue and goes once back online.
      await newcomerPage.context().setOffline(true);
      await waitFor(newcomerPage.getByRole('status').filter({ hasText: 'Hors ligne : vos messages partiront à la reconnexion' }), 'the offline banner');
      await typeInto(newcomerPage, newcomerPage.getByLabel('Votre message'), 'Écrit dans le train, sans réseau.', 'the message field, offline');
      await activate(newcomerPage, newcomerPage.getByRole('button', { name: 'Envoyer', exact: true }), 'the send button, offline');
      await waitFor(newcomerPage.getByRole('log').getByText('En attente d’envoi'), 'the message marked as waiting');
      await newcomerPage.context().setOffline(false);
      await waitFor(pioneerPage.getByRole('log').getByText('Écrit dans le train, sans réseau.'), 'the offline message at the pioneer’s, once back online');
      await waitGone(newcomerPage.getByRole('log').getByText('En attente d’envoi'), 'the waiting mark to go');
      assert.equal(await pioneerPage.getByRole('log').getByText('Écrit dans le train, sans réseau.').count(), 1, 'the message arrived once');
      await checkA11y(newcomerPage, 'the conversation');
      await checkA11y(pioneerPage, 'the conversation (pioneer)');
    });

    await step(newcomerPage, '7b. The page says who reads; the newcomer invites the administrator, the pioneer sees it live', async () => {
      await waitFor(newcomerPage.locator('p').filter({ hasText: `Visible par : vous et ${pioneer.displayName}` }), 'who can read, before');
      const select = newcomerPage.getByLabel('Animateur·rice à inviter');
      await tabTo(newcomerPage, select, 'the facilitator select');
      for (let i = 0; i < 40 && (await select.locator('option:checked').textContent()) !== admin.displayName; i++) await newcomerPage.keyboard.press('ArrowDown');
      assert.equal(await select.locator('option:checked').textContent(), admin.displayName, 'the administrator is chosen');
      await activate(newcomerPage, newcomerPage.getByRole('button', { name: 'Inviter un·e animateur·rice' }), 'the invite button');
      await waitFor(newcomerPage.getByRole('status').filter({ hasText: `${admin.displayName} peut maintenant lire cette conversation.` }), 'the invitation confirmed');
      await waitFor(pioneerPage.locator('p').filter({ hasText: `${admin.displayName} (animation, sur invitation)` }), 'the new reader at the pioneer’s, live');
      await checkA11y(newcomerPage, 'the conversation with an invited reader');
      await checkNarrow(newcomerPage, 'the conversation with an invited reader');
      if (process.env.MAILLAGE_SCREENSHOT_DIR) {
        await newcomerPage.screenshot({ path: `${process.env.MAILLAGE_SCREENSHOT_DIR}/help-readers-1280.png`, fullPage: true });
        await newcomerPage.setViewportSize({ width: 375, height: 740 });
        await newcomerPage.screenshot({ path: `${process.env.MAILLAGE_SCREENSHOT_DIR}/help-readers-375.png`, fullPage: true });
        await newcomerPage.setViewportSize({ width: 1024, height: 800 });
      }
    });

    await step(newcomerPage, '8. The newcomer marks it solved with thanks', async () => {
      await typeInto(newcomerPage, newcomerPage.getByLabel('Un mot de remerciement'), 'Merci Paul !', 'the thanks field');
      await activate(newcomerPage, newcomerPage.getByRole('button', { name: 'Marquer comme résolue' }), 'the solve button');
      await waitFor(newcomerPage.getByText(`Résolue avec ${pioneer.displayName}`), 'the solved status');
      await waitFor(pioneerPage.getByText('Remerciements : Merci Paul !'), 'the thanks at the pioneer’s, live');
    });

    await step(newcomerPage, '9. The directory filtered by competence shows the pioneer and the credit', async () => {
      await activate(newcomerPage, newcomerPage.getByRole('navigation').getByRole('link', { name: 'Annuaire', exact: true }), 'the Annuaire link');
      await expectHeading(newcomerPage, 'Annuaire');
      await chooseOption(newcomerPage, newcomerPage.getByLabel('Compétence', { exact: true }), 'mecenat', 'the competence filter');
      await chooseOption(newcomerPage, newcomerPage.getByLabel('Sens'), 'can_help', 'the direction filter');
      await activate(newcomerPage, newcomerPage.getByRole('button', { name: 'Rechercher' }), 'the search button');
      await newcomerPage.waitForURL(/competence=mecenat&mode=can_help/);
      await waitFor(newcomerPage.getByRole('heading', { level: 2, name: '1 personne' }), 'one person who can help with mécénat');
      const card = newcomerPage.getByRole('listitem').filter({ hasText: pioneer.displayName });
      await waitFor(card.getByText(/1 demande résolue/), 'the solved credit on the card');
      // Among the results only: the page's other lists (navigation, live notices) may name the newcomer.
      assert.equal(await newcomerPage.locator('ul.directory-results > li').filter({ hasText: newcomer.displayName }).count(), 0, 'the newcomer cannot help with mécénat');
      await checkA11y(newcomerPage, 'the filtered directory');
      await activate(newcomerPage, card.getByRole('link', { name: pioneer.displayName }), 'the pioneer’s card');
      await expectHeading(newcomerPage, pioneer.displayName);
      await waitFor(newcomerPage.getByText('1 demande résolue'), 'the credit on the profile');
    });

    await step(newcomerPage, '10. The map filters the directory by an overseas territory', async () => {
      await activate(newcomerPage, newcomerPage.getByRole('navigation').getByRole('link', { name: 'Annuaire', exact: true }), 'the Annuaire link');
      await expectHeading(newcomerPage, 'Annuaire');
      await activate(newcomerPage, newcomerPage.getByRole('button', { name: 'Afficher la carte' }), 'the map button');
      const reunion = newcomerPage.getByRole('button', { name: /^La Réunion : 1 membres, dont 1 pionniers/ });
      await waitFor(reunion, 'La Réunion on the map with its pioneer');
      await waitFor(newcomerPage.getByRole('button', { name: /^Polynésie française : 0 membres/ }), 'Polynésie française on the map');
      await checkA11y(newcomerPage, 'the map');
      await activate(newcomerPage, reunion, 'the La Réunion tile');
      await newcomerPage.waitForURL(/territory=04/);
      await waitFor(newcomerPage.getByRole('heading', { level: 2, name: '1 personne' }), 'one person in La Réunion');
      await waitFor(newcomerPage.getByRole('link', { name: pioneer.displayName }), 'the pioneer in the results');
      await checkA11y(newcomerPage, 'the directory filtered by the map');
    });

    for (const page of [adminPage, pioneerPage, newcomerPage]) expectNoPageErrors(page);
  } finally {
    await browser.close();
  }
});
