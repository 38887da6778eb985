// An administrator finds a member on the people screen and deactivates the account: the
// member's open page is told at once that the session ended, signing in again is refused with
// a clear sentence, and the audit log shows the action; the directory marks the account, and a
// pending invitation is sent again then revoked. Keyboard only, axe on every page.
import { test } from 'node:test';
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
  signIn,
  step,
  strongPassword,
  typeInto,
  uniqueEmail,
  waitFor,
} from './support.mjs';

const baseUrl = requireEnv('MAILLAGE_BASE_URL');
const adminInviteUrl = requireEnv('MAILLAGE_ADMIN_INVITE_URL');
// Set to a folder to keep pictures of the screens at 1280 and 375 px (not needed by the test).
const shots = process.env.MAILLAGE_SCREENSHOT_DIR;

async function picture(page, name) {
  if (!shots) return;
  const size = page.viewportSize();
  await page.screenshot({ path: `${shots}/${name}-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 375, height: 740 });
  await page.screenshot({ path: `${shots}/${name}-375.png`, fullPage: true });
  await page.setViewportSize(size);
}

test('an administrator deactivates a member, who is signed out at once', { timeout: 300_000 }, async () => {
  const browser = await launch();
  try {
    const admin = { email: uniqueEmail('admin'), displayName: 'Rose Administratrice', password: strongPassword() };
    const member = { email: uniqueEmail('bruno'), displayName: 'Bruno Lagarde', password: strongPassword() };
    const a = await newPage(browser, baseUrl);
    const b = await newPage(browser, baseUrl);

    await step(a, 'A: the administrator joins and invites a member', async () => {
      await acceptInvitation(a, adminInviteUrl, admin);
      await inviteMember(a, member.email);
    });

    await step(b, 'B: the member joins through the e-mailed link', async () => {
      const link = await linkFromOutbox(a, member.email, '/invitation/');
      await acceptInvitation(b, link, { displayName: member.displayName, password: member.password });
      await activate(b, b.getByRole('link', { name: 'Profil', exact: true }), 'the profile link');
      await waitFor(b.getByRole('heading', { level: 2, name: 'Vos sessions' }), 'the sessions section');
      await waitFor(b.getByText('Cette session'), 'this session in the list');
      await checkA11y(b, 'the profile with its sessions');
    });

    await step(a, 'A: finds the member on the people screen', async () => {
      await activate(a, a.getByRole('link', { name: 'Comptes' }), 'the accounts link');
      await expectHeading(a, 'Comptes');
      await typeInto(a, a.getByLabel('Rechercher par nom ou adresse e-mail'), 'lagarde', 'the people search field');
      await a.keyboard.press('Enter');
      await waitFor(a.getByRole('article', { name: member.displayName }), 'the member’s card');
      await waitFor(a.getByRole('list', { name: 'Personnes trouvées : 1' }), 'exactly one result');
      await checkA11y(a, 'the people screen with a search');
      await checkNarrow(a, 'the people screen');
    });

    await step(a, 'A: deactivates the account, after confirming', async () => {
      const card = a.getByRole('article', { name: member.displayName });
      await activate(a, card.getByRole('button', { name: 'Désactiver le compte' }), 'the deactivate button');
      await waitFor(card.getByRole('group', { name: 'Confirmation' }), 'the confirmation');
      await checkA11y(a, 'the deactivation confirmation');
      await activate(a, card.getByRole('button', { name: 'Oui, désactiver' }), 'the confirm button');
      await waitFor(a.getByRole('status').filter({ hasText: `Le compte de ${member.displayName} est désactivé.` }), 'the confirmation message');
      await waitFor(card.getByText('compte désactivé'), 'the deactivated badge');
      await waitFor(card.getByRole('button', { name: 'Réactiver le compte' }), 'the reactivate button');
      await checkA11y(a, 'the people screen after deactivation');
      await picture(a, 'people');
    });

    await step(b, 'B: the open page is told at once that the session ended', async () => {
      await waitFor(b.getByRole('status').filter({ hasText: 'Votre session a pris fin' }), 'the signed-out notice', 10_000);
      await expectHeading(b, 'Se connecter');
      await checkA11y(b, 'the sign-in page after the session ended');
      await picture(b, 'signed-out');
      await signIn(b, member.email, member.password);
      await waitFor(b.getByRole('alert').filter({ hasText: 'Ce compte a été désactivé' }), 'the deactivated account message');
      await checkA11y(b, 'the sign-in page refusing a deactivated account');
      await activate(b, b.getByRole('link', { name: 'Vos données personnelles' }), 'the privacy link in the footer');
      await expectHeading(b, 'Vos données personnelles');
      await checkA11y(b, 'the privacy page');
      await checkNarrow(b, 'the privacy page');
    });

    await step(a, 'A: the audit log shows the deactivation', async () => {
      await activate(a, a.getByRole('link', { name: 'Journal' }), 'the audit log link');
      await expectHeading(a, 'Journal d’administration');
      await waitFor(a.getByRole('listitem').filter({ hasText: `compte désactivé (${member.displayName})` }), 'the deactivation entry');
      await checkA11y(a, 'the audit log');
      await picture(a, 'audit');
      await checkNarrow(a, 'the audit log');
    });
    await step(a, 'A: the directory marks the deactivated member', async () => {
      await activate(a, a.getByRole('navigation').getByRole('link', { name: 'Annuaire', exact: true }), 'the directory link');
      await typeInto(a, a.getByRole('searchbox', { name: 'Rechercher' }), 'Lagarde', 'the directory search field');
      await a.keyboard.press('Enter');
      const item = a.getByRole('listitem').filter({ hasText: member.displayName });
      await waitFor(item.getByText('compte désactivé'), 'the deactivated badge in the directory');
      await checkA11y(a, 'the directory with a deactivated member');
    });

    await step(a, 'A: sends a pending invitation again, then revokes it, from the people screen', async () => {
      const pending = uniqueEmail('pending');
      await inviteMember(a, pending);
      await activate(a, a.getByRole('link', { name: 'Comptes' }), 'the accounts link');
      await expectHeading(a, 'Comptes');
      await waitFor(a.getByRole('heading', { level: 2, name: 'Invitations en attente' }), 'the pending invitations');
      await activate(a, a.getByRole('button', { name: `Renvoyer l’invitation de ${pending}` }), 'the resend button');
      await waitFor(a.getByRole('status').filter({ hasText: `Une nouvelle invitation a été envoyée à ${pending}.` }), 'the resend confirmation');
      await activate(a, a.getByRole('button', { name: `Révoquer l’invitation de ${pending}`, exact: true }), 'the revoke button');
      const dialog = a.getByRole('dialog', { name: `Révoquer l’invitation de ${pending}` });
      await waitFor(dialog, 'the revoke confirmation');
      await checkA11y(a, 'the revoke confirmation');
      await activate(a, dialog.getByRole('button', { name: 'Oui, révoquer' }), 'the confirm revoke button');
      await waitFor(a.getByRole('status').filter({ hasText: `L’invitation de ${pending} est révoquée.` }), 'the revoke confirmation message');
      await checkA11y(a, 'the people screen after revoking');
      await picture(a, 'people-invitations');
    });
    expectNoPageErrors(a);
    expectNoPageErrors(b);
  } finally {
    await browser.close();
  }
});
