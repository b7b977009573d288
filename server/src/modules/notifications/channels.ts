import fs from "node:fs";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";

/** One outgoing message as a channel sees it. */
export interface Outgoing {
  id: string;
  recipient: string;
  kind: string;
  subject: string;
  body: string;
}

/**
 * A delivery channel. `send` resolves once the far side accepted the message and throws
 * otherwise; the outbox retries. An SMS gateway is one more implementation of this interface.
 */
export interface Channel {
  readonly name: string;
  send(msg: Outgoing): Promise<void>;
}

/** The demo channel: appends each message as one JSON line to a file (a stand-in for the SMS gateway). */
export function fileChannel(file: string): Channel {
  return {
    name: "file",
    async send(msg) {
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      await fs.promises.appendFile(file, `${JSON.stringify({ at: new Date().toISOString(), ...msg })}\n`);
    },
  };
}

/** POSTs the message as JSON; any 2xx is delivered, anything else (or no answer in 10 s) is retried. */
export function webhookChannel(url: string, timeoutMs = 10_000): Channel {
  return {
    name: "webhook",
    async send(msg) {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": msg.id },
        body: JSON.stringify(msg),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) throw new Error(`webhook answered ${res.status}`);
    },
  };
}

/** Mail through an SMTP server (`smtp://user:pass@host:587`), or any nodemailer transport. */
export function smtpChannel(transport: string | Transporter, from: string): Channel {
  // Timeouts well inside the dispatcher's 60-second lease, so a stalled server cannot outlive it.
  const t =
    typeof transport === "string"
      ? nodemailer.createTransport({ url: transport, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 })
      : transport;
  return {
    name: "smtp",
    async send(msg) {
      await t.sendMail({ from, to: msg.recipient, subject: msg.subject, text: msg.body, messageId: `<${msg.id}@govhall>` });
    },
  };
}

/** Channels by the kind of recipient: `sms` (a mobile number) and `email`. */
export type Channels = Partial<Record<"sms" | "email", Channel>>;

export interface NotifyConfig {
  dataDir: string;
  notifySmsWebhook: string | undefined;
  notifySmtpUrl: string | undefined;
  notifyMailFrom: string;
}

/** The demo default writes SMS to `DATA_DIR/outbox-sms.jsonl`; a webhook URL sends them to a gateway instead. */
export function channelsFromConfig(c: NotifyConfig): Channels {
  return {
    sms: c.notifySmsWebhook ? webhookChannel(c.notifySmsWebhook) : fileChannel(path.join(c.dataDir, "outbox-sms.jsonl")),
    email: c.notifySmtpUrl ? smtpChannel(c.notifySmtpUrl, c.notifyMailFrom) : fileChannel(path.join(c.dataDir, "outbox-email.jsonl")),
  };
}
