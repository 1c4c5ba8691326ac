import type { Tenant } from '@meridian/kit';

/** Plain-text messages: every client renders them, and the link is the whole point. */

export function invitationMail(tenant: Tenant, to: string, link: string, expiresAt: Date) {
  return {
    to,
    subject: `You are invited to ${tenant.name} on Meridian`,
    text: [
      `Hello,`,
      ``,
      `You have been invited to join ${tenant.name}. Choose your name and password here:`,
      ``,
      link,
      ``,
      `The link works once and expires on ${expiresAt.toUTCString()}.`,
      `If you were not expecting this, ignore this message.`,
    ].join('\n'),
  };
}

export function passwordResetMail(tenant: Tenant, to: string, link: string, expiresAt: Date) {
  return {
    to,
    subject: `Reset your ${tenant.name} password`,
    text: [
      `Hello,`,
      ``,
      `Someone asked to reset the password of this account at ${tenant.name}. To choose a new one:`,
      ``,
      link,
      ``,
      `The link works once and expires on ${expiresAt.toUTCString()}.`,
      `If it was not you, ignore this message: your password stays as it is.`,
    ].join('\n'),
  };
}
