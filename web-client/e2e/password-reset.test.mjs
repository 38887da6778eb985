// A person who forgot the password gets a link by mail, sets a new password, and only the new
// one works. Context A (the administrator, signed in) reads the outbox; context B is anonymous.
import { test } from 'node:test';
import {
  acceptInvitation,
  activate,
  checkA11y,
  expectHeading,
  expectNoPageErrors,
  launch,
  linkFromOutbox,
  newPage,
  requireEnv,
  signIn,
  step,
  strongPassword,
  tabTo,
  typeInto,
  uniqueEmail,
} from './support.mjs';

const baseUrl = requireEnv('MAILLAGE_BASE_URL');
const adminInviteUrl = requireEnv('MAILLAGE_ADMIN_INVITE_URL');

test('a forgotten password is replaced through the e-mailed link', { timeout: 300_000 }, async () => {
  const browser = await launch();
  try {
    const admin = { email: uniqueEmail('admin'), displayName: 'Rose Administratrice', password: strongPassword() };
    const newPassword = strongPassword();
    let link = '';
    const a = await newPage(browser, baseUrl);
    const b = await newPage(browser, baseUrl);

    // A: the administrator joins and stays signed in.
    await step(a, 'A: the administrator joins and stays signed in', async () => {
      await acceptInvitation(a, adminInviteUrl, admin);
      await checkA11y(a, 'the home page');
    });

    // B: anonymous, asks for a reset from the sign-in page.
    await step(b, 'B: anonymous, asks for a reset from the sign-in page', async () => {
      await b.goto('/');
      await expectHeading(b, 'Se connecter');
      await checkA11y(b, 'the sign-in page');
      await activate(b, b.getByRole('link', { name: 'Mot de passe oublié ?' }), 'the forgotten-password link');
      await expectHeading(b, 'Mot de passe oublié');
      await checkA11y(b, 'the reset request page');
      await typeInto(b, b.getByLabel('Adresse e-mail'), admin.email, 'the email field');
      await b.keyboard.press('Enter');
      await b.getByRole('status').filter({ hasText: 'Si un compte utilise cette adresse' }).waitFor();
      await checkA11y(b, 'the reset confirmation');
    });

    // A: reads the link in the outbox.
    await step(a, 'A: reads the link in the outbox', async () => {
      link = await linkFromOutbox(a, admin.email, '/password-reset/');
    });

    // B: sets the new password.
    await step(b, 'B: sets the new password', async () => {
      await b.goto(link);
      await expectHeading(b, 'Nouveau mot de passe');
      await checkA11y(b, 'the new password page');
      await typeInto(b, b.getByLabel('Nouveau mot de passe', { exact: true }), newPassword, 'the new password field');
      await typeInto(b, b.getByLabel('Confirmation du mot de passe'), newPassword, 'the confirmation field');
      await b.keyboard.press('Enter');
      await b.getByRole('status').filter({ hasText: 'Votre mot de passe a été changé' }).waitFor();
      await checkA11y(b, 'the password changed message');
      await activate(b, b.getByRole('link', { name: 'Aller à la page de connexion' }), 'the sign-in link');
    });

    // The old password is refused, with the server's explanation shown.
    await step(b, "The old password is refused, with the server's explanation shown", async () => {
      await signIn(b, admin.email, admin.password);
      await b.getByRole('alert').waitFor();
      await expectHeading(b, 'Se connecter');
      await checkA11y(b, 'the sign-in page with an error');
    });

    // The new one works.
    await step(b, 'The new one works', async () => {
      await tabTo(b, b.getByLabel('Mot de passe', { exact: true }), 'the password field');
      await b.keyboard.press('ControlOrMeta+A');
      await b.keyboard.type(newPassword);
      await b.keyboard.press('Enter');
      await expectHeading(b, `Bonjour ${admin.displayName}`);
      await checkA11y(b, 'the home page after the reset');
    });

    // The reset signed the person out everywhere: A's open page is told at once, without reloading.
    await step(a, "The reset closed A's socket: A is told the session ended and offered to sign in", async () => {
      await a.getByRole('status').filter({ hasText: 'Votre session a pris fin' }).waitFor({ timeout: 10_000 });
      await expectHeading(a, 'Se connecter');
      await checkA11y(a, 'the sign-in page after the session ended');
    });
    expectNoPageErrors(a);
    expectNoPageErrors(b);
  } finally {
    await browser.close();
  }
});
