import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.dirname(fileURLToPath(import.meta.url));
/** The widget loads on customers' pages, often on slow phones: it must stay small (see DESIGN.md). */
const BUDGET_GZIP_BYTES = 60 * 1024;

describe("the chat widget bundle", () => {
  let outDir: string;
  let script: Buffer;

  beforeAll(async () => {
    // Built from the current sources with the production config, not read from a stale dist/.
    outDir = await mkdtemp(path.join(tmpdir(), "caredesk-widget-"));
    await build({ configFile: path.join(root, "vite.config.ts"), logLevel: "silent", build: { outDir, emptyOutDir: true } });
    script = await readFile(path.join(outDir, "widget.js"));
  }, 60_000);
  afterAll(() => rm(outDir, { recursive: true, force: true }));

  it(`stays within the budget of ${BUDGET_GZIP_BYTES / 1024} KB gzipped`, () => {
    const gzipped = gzipSync(script, { level: 9 }).byteLength;
    expect(gzipped).toBeGreaterThan(1000); // a real bundle, not an empty file
    expect(gzipped).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  });

  it("is one self-contained classic script that carries both languages", () => {
    const text = script.toString("utf8");
    expect(text).not.toMatch(/^\s*import\s|\bexport\s*\{/m);
    expect(text).toContain("Chat with us");
    expect(text).toContain("Chatten Sie mit uns");
    expect(text).toContain("attachShadow");
  });
});
