import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type ReceivedMail = { to: string[]; subject: string; text: string; html: string; parsed: ParsedMail };

/**
 * How the server answers one message, decided when its data has arrived: accept it (undefined), refuse it with an
 * SMTP reply (such as 451 or 550), or never answer ('hang'), as a server that stalls mid-conversation.
 */
export type SmtpAnswer = undefined | { code: number; message: string } | 'hang';

export type SmtpServerOptions = {
  answer?: (recipients: string[]) => SmtpAnswer;
  /** Refuses these recipients at RCPT TO with 550, as a server that knows its mailboxes. */
  unknownRecipients?: readonly string[];
  /** Milliseconds to wait before accepting each message: a slow server. */
  delayMs?: number;
  /** A fixed port, for a server that restarts where its clients expect it. */
  port?: number;
};

/** A real SMTP server on a loopback port that keeps every message it accepts. */
export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<{
  url: string;
  port: number;
  messages: ReceivedMail[];
  /** Every DATA the server received, accepted or not, by recipients. */
  attempts: string[][];
  waitForMessage(predicate?: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** Resolves once `count` attempts have arrived. */
  waitForAttempts(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}> {
  const messages: ReceivedMail[] = [];
  const attempts: string[][] = [];
  const waiters: Array<() => void> = [];
  const wake = () => {
    for (const resolve of waiters.splice(0)) resolve();
  };
  const refused = new Set((options.unknownRecipients ?? []).map((address) => address.toLowerCase()));
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // Open connections (a hung conversation, a client's pool) are cut soon after close() instead of after 30 s.
    closeTimeout: 200,
    onRcptTo(address, _session, callback) {
      if (!refused.has(address.address.toLowerCase())) return callback();
      callback(
        Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected`), { responseCode: 550 }),
      );
    },
    onData(stream, session, callback) {
      const recipients = session.envelope.rcptTo.map((address) => address.address);
      simpleParser(stream)
        .then(async (parsed) => {
          attempts.push(recipients);
          wake();
          const answer = options.answer?.(recipients);
          if (answer === 'hang') return;
          if (answer) {
            callback(Object.assign(new Error(answer.message), { responseCode: answer.code }));
            return;
          }
          if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
          messages.push({
            to: recipients,
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            parsed,
          });
          wake();
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const waitUntil = async (isDone: () => boolean, timeoutMs: number, describe: () => string) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (isDone()) return;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(describe());
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    attempts,
    async waitForMessage(predicate = () => true, timeoutMs = 5000) {
      await waitUntil(
        () => messages.some(predicate),
        timeoutMs,
        () => `No matching mail arrived within ${timeoutMs} ms (${messages.length} received).`,
      );
      const found = messages.find(predicate);
      if (!found) throw new Error('The matching mail disappeared.');
      return found;
    },
    async waitForAttempts(count, timeoutMs = 10_000) {
      await waitUntil(
        () => attempts.length >= count,
        timeoutMs,
        () => `Only ${attempts.length} of ${count} messages arrived within ${timeoutMs} ms.`,
      );
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Pulls the first sign-in link out of a mail's text. */
export function extractSignInLink(mail: ReceivedMail): string {
  const match = /https?:\/\/\S+\/sign-in\/link\/[A-Za-z0-9_-]+/.exec(mail.text);
  if (!match) throw new Error(`No sign-in link in the mail "${mail.subject}".`);
  return match[0];
}
