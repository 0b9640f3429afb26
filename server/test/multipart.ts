import { randomBytes } from "node:crypto";

/** A multipart/form-data body with one file field, as a browser's upload sends it. */
export function multipartFile(fileName: string, bytes: Buffer, { field = "file", contentType = "application/octet-stream" } = {}) {
  const boundary = `----caredesk-test-${randomBytes(8).toString("hex")}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, bytes, tail]), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

/** The smallest valid PNG (1×1 pixel): its bytes say what it is, whatever its name claims. */
export const tinyPng = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
