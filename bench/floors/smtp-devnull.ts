import http from "node:http";
import { SMTPServer } from "smtp-server";

/** The SMTP floor: a bare smtp-server that reads every mail and throws it away (SMTP_PORT; /ready on PORT). */
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["AUTH", "STARTTLS"],
  logger: false,
  onData(stream, _session, callback) {
    stream.on("data", () => undefined);
    stream.on("end", () => callback());
  },
});
await new Promise<void>((resolve) => smtp.listen(Number(process.env.SMTP_PORT), "127.0.0.1", resolve));
http.createServer((_request, response) => response.end("ok")).listen(Number(process.env.PORT), "127.0.0.1");
