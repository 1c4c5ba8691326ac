import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Env } from '../env.ts';
import { createLogger, type Logger } from '../log.ts';

export interface MailMessage {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  /** Releases the transport (optional, so a test can hand in a plain `{ send }`). */
  close?(): void;
}

export type MailerEnv = Pick<Env, 'NODE_ENV' | 'MERIDIAN_DATA_DIR' | 'SMTP_URL' | 'MAIL_FROM'>;

const linkPattern = /\bhttps?:\/\/[^\s<>"')]+/g;

/** The links in a message, which is what a developer needs from a sign-up or reset mail. */
export function linksIn(text: string): string[] {
  return [...new Set(text.match(linkPattern) ?? [])];
}

/**
 * Outgoing mail. With SMTP_URL: nodemailer over SMTP (`smtps://` for implicit TLS; `smtp://` upgrades with
 * STARTTLS when offered). Without it (development and tests only): each message is written as an `.eml`
 * file to `<data>/mail/`, and its subject, recipients and links are logged, so a developer can follow an
 * invitation or reset link without a mail server.
 */
export function createMailer(env: MailerEnv, options: { log?: Logger } = {}): Mailer {
  const log = options.log ?? createLogger({ name: 'mail' });
  const from = env.MAIL_FROM;
  if (env.SMTP_URL) {
    const transport = nodemailer.createTransport(env.SMTP_URL);
    return {
      async send(message) {
        await transport.sendMail({ from, ...message });
      },
      close: () => transport.close(),
    };
  }
  if (env.NODE_ENV === 'production') throw new Error('SMTP_URL is required in production');
  const folder = join(env.MERIDIAN_DATA_DIR, 'mail');
  // Builds the real MIME message without sending it anywhere.
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(message) {
      const info = await transport.sendMail({ from, ...message });
      await mkdir(folder, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}.eml`;
      const path = join(folder, name);
      await writeFile(path, info.message as Buffer);
      log.info(
        { to: message.to, subject: message.subject, links: linksIn(message.text), file: path },
        'mail written to the development folder',
      );
    },
    close: () => transport.close(),
  };
}
