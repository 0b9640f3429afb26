import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = path.dirname(fileURLToPath(import.meta.url));

/** The embeddable chat widget: one self-contained script, dist/widget/widget.js, served at /widget.js. */
export default defineConfig({
  root,
  publicDir: false,
  build: {
    outDir: path.join(root, "../dist/widget"),
    emptyOutDir: true,
    sourcemap: true,
    target: "es2020",
    lib: { entry: path.join(root, "src/main.ts"), formats: ["iife"], name: "CaredeskChat", fileName: () => "widget.js" },
  },
});
