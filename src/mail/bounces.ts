/**
 * Reads bounce messages (delivery status notifications, RFC 3464) as mail servers send them back: one message, or
 * an mbox file of many. Only what marks an address failed is kept: the recipient, the action and status, the
 * diagnostic, and the Message-ID of the mail that bounced when the report quotes its headers.
 */

export type BounceReport = {
  recipient: string;
  /** RFC 3464 Action: failed, delayed, delivered, relayed or expanded. */
  action: string;
  /** RFC 3463 status code, e.g. 5.1.1. */
  status: string;
  diagnostic: string | null;
  /** Message-ID of the returned mail, when the report includes its headers. */
  messageId: string | null;
};

/** Splits an mbox file into its messages; a file that is not an mbox is one message. */
export function splitMailbox(raw: string): string[] {
  if (!raw.startsWith('From ')) return [raw];
  return raw
    .split(/^From .*\r?\n/m)
    .filter((message) => message.trim() !== '')
    .map((message) => message.replace(/^>(>*From )/gm, '$1'));
}

/** Unfolds header-style fields ("Name: value", continuation lines indented) into lower-case names and values. */
function readFields(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  let current: string | null = null;
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && current) {
      fields.set(current, `${fields.get(current) ?? ''} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    current = line.slice(0, colon).trim().toLowerCase();
    fields.set(current, line.slice(colon + 1).trim());
  }
  return fields;
}

/** "rfc822; name@kommun.se" -> "name@kommun.se" */
function readAddress(value: string | undefined): string | null {
  if (!value) return null;
  const address = (value.includes(';') ? value.slice(value.indexOf(';') + 1) : value).trim().replace(/^<|>$/g, '');
  return address.includes('@') ? address.toLowerCase() : null;
}

/** Parses the per-recipient groups of a message/delivery-status body. */
export function readDeliveryStatus(body: string, messageId: string | null): BounceReport[] {
  const [, ...recipientBlocks] = body.split(/\r?\n\s*\r?\n/);
  return recipientBlocks.flatMap((block) => {
    const fields = readFields(block);
    const recipient = readAddress(fields.get('final-recipient')) ?? readAddress(fields.get('original-recipient'));
    const action = fields.get('action')?.toLowerCase();
    if (!recipient || !action) return [];
    const diagnostic = fields.get('diagnostic-code');
    return [
      {
        recipient,
        action,
        status: fields.get('status') ?? '',
        diagnostic: diagnostic ? diagnostic.replace(/^smtp;\s*/i, '') : null,
        messageId,
      },
    ];
  });
}

/** Reads the delivery reports of one message; a message that is not a DSN yields none. */
export async function readBounceMessage(raw: string): Promise<BounceReport[]> {
  // mailparser and what it brings (MIME tables, HTML conversion: about 1.3 MB of the bundle) load on first use, so
  // a server that never reads a bounce does not compile them at every start.
  const { simpleParser } = await import('mailparser');
  const parsed = await simpleParser(raw, { keepDeliveryStatus: true });
  const parts = parsed.attachments;
  const status = parts.find((part) => part.contentType === 'message/delivery-status');
  if (!status) return [];
  // The returned message's headers come as text/rfc822-headers or inside a message/rfc822 part.
  const returned = parts.find(
    (part) => part.contentType === 'text/rfc822-headers' || part.contentType === 'message/rfc822',
  );
  const messageId = returned
    ? (/^message-id:\s*(<[^>\r\n]+>)/im.exec(returned.content.toString('utf8'))?.[1] ?? null)
    : null;
  return readDeliveryStatus(status.content.toString('utf8'), messageId);
}
