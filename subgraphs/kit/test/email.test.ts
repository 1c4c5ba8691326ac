import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, linksIn } from '../src/email/mailer.ts';
import { createLogger } from '../src/log.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../src/testing/smtp.ts';

const base = { NODE_ENV: 'test' as const, MAIL_FROM: 'Acme <no-reply@acme.test>', SMTP_URL: undefined };
const link = 'https://acme.test/account/accept-invitation?token=abc123_-XYZ';

describe('mail over SMTP', () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
  });
  afterAll(async () => {
    await smtp?.close();
  });

  it('arrives at a real SMTP server with subject, recipients, text with the link, and HTML', async () => {
    const mailer = createMailer({ ...base, MERIDIAN_DATA_DIR: '/nonexistent', SMTP_URL: smtp.url });
    const waiting = smtp.waitForMessage((m) => m.to.includes('ada@example.com'));
    await mailer.send({
      to: 'ada@example.com',
      subject: 'You are invited to Acme — ünïcode',
      text: `Accept your invitation: ${link}\nIt expires in 72 hours.`,
      html: `<p><a href="${link}">Accept your invitation</a></p>`,
    });
    const mail = await waiting;
    expect(mail).toMatchObject({
      to: ['ada@example.com'],
      from: 'no-reply@acme.test',
      subject: 'You are invited to Acme — ünïcode',
    });
    expect(linksIn(mail.text)).toEqual([link]);
    expect(mail.html).toContain(`href="${link}"`);

    await mailer.send({ to: ['bob@example.com', 'eve@example.com'], subject: 'Second', text: 'no links' });
    const second = await smtp.waitForMessage((m) => m.subject === 'Second');
    expect(second.to).toEqual(['bob@example.com', 'eve@example.com']);
    expect(second.html).toBeUndefined();
    expect(smtp.messages).toHaveLength(2);
    mailer.close?.();
  });

  it('waitForMessage gives up after its timeout', async () => {
    await expect(smtp.waitForMessage((m) => m.subject === 'never', 50)).rejects.toThrow('no matching mail');
  });
});

describe('development mail folder', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meridian-mail-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes each message as an .eml file and logs subject, recipient and links', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = createLogger({ name: 'mail', level: 'info', destination });
    const mailer = createMailer({ ...base, MERIDIAN_DATA_DIR: dir }, { log });
    await mailer.send({ to: 'ada@example.com', subject: 'Reset your password', text: `Reset it here: ${link}` });
    const files = await readdir(join(dir, 'mail'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    const eml = await readFile(join(dir, 'mail', files[0] ?? ''), 'utf8');
    expect(eml).toContain('Subject: Reset your password');
    expect(eml).toContain('To: ada@example.com');
    expect(eml).toContain('From: Acme <no-reply@acme.test>');
    expect(eml).toContain(link);
    const entry = JSON.parse(lines.at(-1) ?? '{}');
    expect(entry).toMatchObject({ to: 'ada@example.com', subject: 'Reset your password', links: [link] });
    expect(entry.file).toBe(join(dir, 'mail', files[0] ?? ''));
  });

  it('is refused in production: mail must not vanish silently', () => {
    expect(() => createMailer({ ...base, NODE_ENV: 'production', MERIDIAN_DATA_DIR: dir })).toThrow(
      'SMTP_URL is required in production',
    );
  });
});
