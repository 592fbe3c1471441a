import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { loadConfig } from "@/lib/config";

/**
 * Encryption at rest for secrets (secret variables, alert channel credentials): AES-256-GCM.
 * The key comes from EDDY_SECRET_KEY, or else from `secret.key` in the data directory, created on
 * first use. It is never stored in the database, so a dump of the database alone reveals nothing.
 * Several processes on one database must share the key (same data directory, or the variable).
 */
const VERSION = "v1";
let cached: { source: string; key: Buffer } | undefined;

function keySource(): string {
  return process.env.EDDY_SECRET_KEY ? "env" : path.join(loadConfig().dataDir, "secret.key");
}

function key(): Buffer {
  const source = keySource();
  if (cached?.source === source) return cached.key;
  let k: Buffer;
  if (source === "env") {
    // Any string works; hashing makes it exactly 32 bytes.
    k = createHash("sha256").update(process.env.EDDY_SECRET_KEY!, "utf8").digest();
  } else {
    try {
      k = Buffer.from(fs.readFileSync(source, "utf8").trim(), "base64");
    } catch {
      fs.mkdirSync(path.dirname(source), { recursive: true });
      const fresh = randomBytes(32);
      try {
        // "wx": if another process created it meanwhile, read theirs instead of overwriting it.
        fs.writeFileSync(source, fresh.toString("base64"), { mode: 0o600, flag: "wx" });
        k = fresh;
      } catch {
        k = Buffer.from(fs.readFileSync(source, "utf8").trim(), "base64");
      }
    }
    if (k.length !== 32) throw new Error(`${source} does not hold a 32-byte key; restore it, or set EDDY_SECRET_KEY.`);
  }
  cached = { source, key: k };
  return k;
}

/** Encrypts `plaintext` into a printable string: v1:<iv>:<tag>:<ciphertext>, base64url parts. */
export function sealSecret(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ct.toString("base64url")].join(":");
}

export function isSealed(value: string): boolean {
  return value.startsWith(`${VERSION}:`) && value.split(":").length === 4;
}

/** Decrypts what sealSecret made; throws when the key is not the one it was sealed with. */
export function openSecret(sealed: string): string {
  const [version, iv, tag, ct] = sealed.split(":");
  if (version !== VERSION || !iv || !tag || ct === undefined) throw new Error("Not a sealed secret.");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new Error("A secret could not be decrypted: the secret key differs from the one it was stored with.");
  }
}

/** The fixed mask shown instead of a secret's value. */
export const SECRET_MASK = "••••••••";
