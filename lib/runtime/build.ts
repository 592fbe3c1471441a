import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

const SOURCES = ["app", "components", "lib", "db/schema", "db/queries", "public", "next.config.ts", "tsconfig.json", "package-lock.json", "postcss.config.mjs", "proxy.ts"];
const STAMP = path.join(".next", "eddy-build-fingerprint");

/** A hash of everything the Next build reads, so `npm start` rebuilds exactly when the code changed. */
export async function sourceFingerprint(root: string): Promise<string> {
  const hash = createHash("sha256");
  const files: string[] = [];
  for (const s of SOURCES) await collect(path.join(root, s), files);
  files.sort();
  for (const f of files) {
    hash.update(path.relative(root, f));
    hash.update(await fs.readFile(f));
  }
  return hash.digest("hex");
}

async function collect(p: string, out: string[]): Promise<void> {
  const st = await fs.stat(p).catch(() => null);
  if (!st) return;
  if (st.isFile()) return void out.push(p);
  for (const e of await fs.readdir(p)) await collect(path.join(p, e), out);
}

/** Runs `next build` unless the last build was made from these very sources. */
export async function ensureBuilt(root: string, log: (l: string) => void): Promise<void> {
  const want = await sourceFingerprint(root);
  const have = await fs.readFile(path.join(root, STAMP), "utf8").catch(() => "");
  const built = await fs.access(path.join(root, ".next", "BUILD_ID")).then(() => true, () => false);
  if (built && have === want) return;
  log(built ? "The code changed since the last build; rebuilding the console…" : "Building the console (the first start takes a few minutes)…");
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"], {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit code ${code}).`))));
  });
  // Hash again: `next build` may itself touch inputs (tsconfig.json), which must not force the next start to rebuild.
  await fs.writeFile(path.join(root, STAMP), await sourceFingerprint(root));
  log(`Built in ${Math.round((Date.now() - started) / 1000)} s.`);
}
