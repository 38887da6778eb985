// A member asks for the export of their data on their profile, sees it ready, downloads the
// ZIP, switches the profile to English, then deletes their account and lands signed out with
// a sentence. Keyboard only, axe on every screen, 375 px checked.
import { test } from 'node:test';
import { readFile } from 'node:fs/promises';
import {
  acceptInvitation,
  activate,
  checkA11y,
  checkNarrow,
  chooseRadio,
  expectHeading,
  expectLang,
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
} from './support.mjs';

const baseUrl = requireEnv('MAILLAGE_BASE_URL');
const adminInviteUrl = requireEnv('MAILLAGE_ADMIN_INVITE_URL');
// Set to a folder to keep pictures of the screens at 1280 and 375 px (not needed by the test).
const shots = process.env.MAILLAGE_SCREENSHOT_DIR;

async function picture(page, name) {
  if (!shots) return;
  const size = page.viewportSize();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${shots}/${name}-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 375, height: 740 });
  await page.screenshot({ path: `${shots}/${name}-375.png`, fullPage: true });
  await page.setViewportSize(size);
}

test('a member exports their data, then deletes their account', { timeout: 300_000 }, async () => {
  const browser = await launch();
  try {
    const admin = { email: uniqueEmail('admin'), displayName: 'Rose Administratrice', password: strongPassword() };
    const member = { email: uniqueEmail('lea'), displayName: 'Léa Martin', password: strongPassword() };
    const a = await newPage(browser, baseUrl);
    const b = await newPage(browser, baseUrl);

    await step(a, 'the administrator joins and invites a member', async () => {
      await acceptInvitation(a, adminInviteUrl, admin);
      await inviteMember(a, member.email);
    });

    await step(b, 'the member asks for their data on their profile', async () => {
      const link = await linkFromOutbox(a, member.email, '/invitation/');
      await acceptInvitation(b, link, { displayName: member.displayName, password: member.password });
      await activate(b, b.getByRole('link', { name: 'Profil', exact: true }), 'the profile link');
      await waitFor(b.getByRole('heading', { level: 2, name: 'Vos données' }), 'the “Vos données” section');
      await activate(b, b.getByRole('button', { name: 'Télécharger mes données' }), 'the export button');
      await waitFor(b.getByText('Votre archive est en préparation'), 'the “being prepared” status');
    });

    await step(b, 'the export becomes ready and downloads once, as a ZIP', async () => {
      await waitFor(b.getByText(/Votre archive est prête/), 'the “ready” status', 30_000);
      await checkA11y(b, 'the profile with a ready export');
      await checkNarrow(b, 'the profile with a ready export');
      await picture(b, 'gdpr-ready');
      const downloading = b.waitForEvent('download');
      await activate(b, b.getByRole('link', { name: 'Télécharger l’archive (ZIP)' }), 'the download link');
      const download = await downloading;
      const bytes = await readFile(await download.path());
      if (bytes.length < 100 || bytes.readUInt32LE(0) !== 0x04034b50) throw new Error(`the download is not a ZIP (${bytes.length} bytes)`);
      await waitFor(b.getByText(/Votre archive a été téléchargée/), 'the “downloaded” status');
    });

    await step(b, 'the member switches their profile to English', async () => {
      await tabTo(b, b.getByLabel('Langue', { exact: true }), 'the language field');
      await b.keyboard.press('ArrowDown');
      await activate(b, b.getByRole('button', { name: 'Enregistrer', exact: true }), 'the save button');
      await expectHeading(b, 'My profile');
      await expectLang(b, 'en');
      await waitFor(b.getByRole('heading', { level: 2, name: 'Your data' }), 'the “Your data” section');
      await waitFor(b.getByText(/Your archive was downloaded/), 'the downloaded status in English');
    });

    await step(b, 'the member deletes their account in a dialog', async () => {
      await activate(b, b.getByRole('button', { name: 'Delete my account' }), 'the delete button');
      const dialog = b.getByRole('dialog', { name: 'Delete your account' });
      await waitFor(dialog, 'the deletion dialog');
      await typeInto(b, dialog.getByLabel('Your password'), member.password, 'the password field');
      await chooseRadio(b, dialog.getByRole('group', { name: 'Your posts' }), dialog.getByLabel(/Delete them/), 'the posts choice');
      await typeInto(b, dialog.getByLabel('To confirm, type DELETE'), 'DELETE', 'the confirmation field');
      await checkA11y(b, 'the deletion dialog');
      await picture(b, 'gdpr-dialog');
      await activate(b, dialog.getByRole('button', { name: 'Delete for good' }), 'the confirm button');
      await expectHeading(b, 'Sign in');
      await waitFor(b.getByRole('status').filter({ hasText: 'Your account is deleted.' }), 'the sentence saying the account is deleted');
      await checkA11y(b, 'the sign-in page after deletion');
      await picture(b, 'gdpr-deleted');
    });
    expectNoPageErrors(a);
    expectNoPageErrors(b);
  } finally {
    await browser.close();
  }
});
