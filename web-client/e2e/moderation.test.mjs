// Moderation: a member reports a post, a facilitator-level person (here the administrator) sees
// it arrive live in the queue and hides it; the member sees the tombstone live and reads the
// outcome in the notification centre. Keyboard only, axe on every page and state visited.
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
const shots = process.env.MAILLAGE_SCREENSHOT_DIR;

async function picture(page, name) {
  if (!shots) return;
  const size = page.viewportSize();
  await page.screenshot({ path: `${shots}/${name}-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 375, height: 740 });
  await page.screenshot({ path: `${shots}/${name}-375.png`, fullPage: true });
  await page.setViewportSize(size);
}

test('a reported post reaches the queue live, is hidden, and the reporter is told', { timeout: 300_000 }, async () => {
  const browser = await launch();
  try {
    const adminPage = await newPage(browser, baseUrl);
    const memberPage = await newPage(browser, baseUrl);
    const suffix = String(Date.now() % 100000);
    const admin = { email: uniqueEmail('admin'), displayName: `Odile Modère ${suffix}`, password: strongPassword() };
    const member = { email: uniqueEmail('member'), displayName: `Paul Signale ${suffix}`, password: strongPassword() };
    const title = `Des offres incroyables ${Date.now()}`;
    const body = 'Achetez mes produits miracles, prix cassés !';

    await step(adminPage, '1. The administrator joins, invites a member who joins, and starts a thread', async () => {
      await acceptInvitation(adminPage, adminInviteUrl, admin);
      await inviteMember(adminPage, member.email);
      const link = await linkFromOutbox(adminPage, member.email, '/invitation/');
      await acceptInvitation(memberPage, link, { displayName: member.displayName, password: member.password });
      await openTheme(adminPage, THEME);
      await typeInto(adminPage, adminPage.getByLabel('Titre'), title, 'the title field');
      await typeInto(adminPage, adminPage.getByLabel('Premier message'), body, 'the first message field');
      await activate(adminPage, adminPage.getByRole('button', { name: 'Publier le fil' }), 'the publish button');
      await expectHeading(adminPage, title);
    });

    await step(adminPage, '2. The administrator opens the moderation queue: nothing waits', async () => {
      await activate(adminPage, adminPage.getByRole('navigation').getByRole('link', { name: 'Modération', exact: true }), 'the Modération link');
      await expectHeading(adminPage, 'Modération');
      await waitFor(adminPage.getByText('Aucun signalement en attente'), 'the empty queue');
      await waitFor(adminPage.getByRole('status').filter({ hasText: 'Connecté' }), 'the administrator’s connection');
    });

    await step(memberPage, '3. The member reports the post through the dialog', async () => {
      await openTheme(memberPage, THEME);
      await activate(memberPage, memberPage.getByRole('main').getByRole('link', { name: new RegExp(`^${title}`) }), 'the thread link');
      await expectHeading(memberPage, title);
      await waitFor(memberPage.getByRole('status').filter({ hasText: 'Connecté' }), 'the member’s connection');
      const post = memberPage.getByRole('article').filter({ hasText: body });
      await picture(memberPage, 'moderation-thread');
      await activate(memberPage, post.getByRole('button', { name: 'Signaler' }), 'the Signaler button');
      const dialog = memberPage.getByRole('dialog', { name: 'Signaler ce message' });
      await waitFor(dialog, 'the report dialog');
      const spam = dialog.getByRole('radio', { name: 'Publicité ou spam' });
      await tabTo(memberPage, spam, 'the spam reason');
      await memberPage.keyboard.press('Space');
      await typeInto(memberPage, dialog.getByLabel('Précisions (facultatif)'), 'De la publicité.', 'the details field');
      await checkA11y(memberPage, 'the report dialog');
      await picture(memberPage, 'moderation-report-dialog');
      await activate(memberPage, dialog.getByRole('button', { name: 'Envoyer le signalement' }), 'the send button');
      await waitGone(dialog, 'the dialog to close');
      await waitFor(memberPage.getByText('Merci : votre signalement a été transmis à l’équipe d’animation.'), 'the thanks');
    });

    await step(adminPage, '4. The report arrives live in the queue, in context', async () => {
      const card = adminPage.getByRole('article').filter({ has: adminPage.getByRole('heading', { name: `« ${title} » (thème ${THEME})` }) });
      await waitFor(card, 'the reported post in the queue, live');
      await waitFor(card.getByText(body), 'the post’s text');
      await waitFor(card.getByText(member.displayName), 'who reported it');
      await waitFor(card.getByText('1 signalement'), 'the count');
      await checkA11y(adminPage, 'the queue with a report');
      await checkNarrow(adminPage, 'the queue with a report');
      await picture(adminPage, 'moderation-queue');
    });

    await step(adminPage, '5. The administrator hides the post, after a confirmation', async () => {
      await activate(adminPage, adminPage.getByRole('button', { name: 'Masquer', exact: true }), 'the Masquer button');
      const confirm = adminPage.getByRole('dialog', { name: 'Masquer ce message ?' });
      await waitFor(confirm, 'the confirmation');
      await checkA11y(adminPage, 'the hide confirmation');
      await activate(adminPage, confirm.getByRole('button', { name: 'Masquer le message' }), 'the confirm button');
      await waitFor(adminPage.getByText('Aucun signalement en attente'), 'the queue empty again');
    });

    await step(memberPage, '6. The member sees the tombstone live and reads the outcome', async () => {
      await waitFor(memberPage.getByText('Message masqué par la modération'), 'the tombstone, live');
      await waitGone(memberPage.getByText(body), 'the hidden text');
      await checkA11y(memberPage, 'the thread with a hidden post');
      await picture(memberPage, 'moderation-tombstone');
      const badge = memberPage.getByRole('navigation').getByRole('link', { name: /^Notifications 1 notification non lue$/ });
      await activate(memberPage, badge, 'the Notifications link with one unread');
      await expectHeading(memberPage, 'Notifications');
      await waitFor(memberPage.getByRole('link', { name: `Non lue : Le message que vous avez signalé dans « ${title} » a été masqué` }), 'the outcome notification');
      await checkA11y(memberPage, 'the notification centre with the outcome');
    });

    expectNoPageErrors(adminPage);
    expectNoPageErrors(memberPage);
  } finally {
    await browser.close();
  }
});
