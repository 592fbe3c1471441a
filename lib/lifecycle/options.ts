import { z } from "zod";
import { idSchema } from "@/lib/validation";

const dir = z
  .string()
  .trim()
  .max(2048)
  .regex(/^[A-Za-z][A-Za-z0-9+.-]*:\/\/\S*$|^\/\S*$/, "Give a URI like hdfs:///flink/savepoints or s3://bucket/path, or an absolute path.")
  .optional();

/**
 * Where a start restores from: the newest savepoint or retained checkpoint, none, one of the job's
 * recorded snapshots, or a path someone gives.
 */
export const restoreSchema = z
  .union([
    z.enum(["latest", "none"]),
    z.object({ snapshotId: idSchema }),
    z.object({ path: z.string().trim().min(1).max(2048).regex(/^[A-Za-z][A-Za-z0-9+.-]*:\/\/\S*$|^\/\S*$/, "Give the savepoint's URI or absolute path.") }),
  ])
  .default("latest");

export const actionOptions = {
  build: z.object({}).strict(),
  start: z.object({ restore: restoreSchema, allowNonRestoredState: z.boolean().default(false) }).strict(),
  stop: z.object({ drain: z.boolean().default(false), savepointDirectory: dir }).strict(),
  cancel: z.object({}).strict(),
  savepoint: z.object({ savepointDirectory: dir }).strict(),
  restart: z.object({ drain: z.boolean().default(false), savepointDirectory: dir, allowNonRestoredState: z.boolean().default(false) }).strict(),
} as const;

export type ActionKind = keyof typeof actionOptions;
export const actionKinds = Object.keys(actionOptions) as ActionKind[];
export type StartOptions = z.infer<(typeof actionOptions)["start"]>;
