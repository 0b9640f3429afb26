import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ImapFlow } from "imapflow";

const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../scripts/dovecot-test-server.sh");

export type TestImapServer = { port: number; folder: string; stop(): void };

/**
 * A real IMAP server (Debian's dovecot) for one test file, started by the same script a
 * developer can run. Fails loudly when dovecot is missing: these tests never skip.
 */
export function startDovecot(): TestImapServer {
  let output: string;
  try {
    output = execFileSync(script, ["start"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    throw new Error(`The IMAP tests need dovecot (apt-get install dovecot-imapd; .ci/run installs it). Starting it failed:\n${stderr}`);
  }
  const port = Number(/^PORT=(\d+)$/m.exec(output)?.[1]);
  const folder = /^FOLDER=(.+)$/m.exec(output)?.[1];
  if (!port || !folder) throw new Error(`dovecot-test-server.sh printed no port:\n${output}`);
  return { port, folder, stop: () => execFileSync(script, ["stop", folder], { stdio: "ignore" }) };
}

/** An IMAP session as the outside world (the mail provider delivering mail, the customer's client). */
export async function openImap(port: number, user: string): Promise<ImapFlow> {
  const client = new ImapFlow({ host: "127.0.0.1", port, secure: false, auth: { user, pass: user }, logger: false });
  client.on("error", () => undefined);
  await client.connect();
  return client;
}
