import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The folder holding package.json, whether running from sources (tsx) or from dist/. */
export const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

function findProjectRoot(start: string): string {
  let folder = start;
  while (!existsSync(path.join(folder, "package.json"))) {
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error(`No package.json above ${start}`);
    folder = parent;
  }
  return folder;
}

export const migrationsFolder = path.join(projectRoot, "server/platform/db/migrations");
export const webBuildFolder = path.join(projectRoot, "dist/web");
export const widgetBuildFolder = path.join(projectRoot, "dist/widget");
