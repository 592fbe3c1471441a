import { sql } from "drizzle-orm";
import { bigint, index, integer, pgEnum, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { teams } from "./teams";
import { users } from "./users";

/** What a jar is for: a JAR job's program, a connector, a UDF library, or any other dependency. */
export const resourceKind = pgEnum("resource_kind", ["app", "connector", "udf", "library"]);

/**
 * An uploaded jar, owned by a team and reused by its jobs. The file lives under the data
 * directory, named by its SHA-256 (so a name can never steer the path); a job version records the
 * checksum it was saved with, so a build can tell if the file changed.
 */
export const resources = pgTable(
  "resources",
  {
    id: serial("id").primaryKey(),
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: resourceKind("kind").notNull().default("library"),
    description: text("description").notNull().default(""),
    size: bigint("size", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    /** Main-Class from META-INF/MANIFEST.MF, if any. */
    mainClass: text("main_class"),
    /** Class names found in the jar (capped), offered when choosing an entry class. */
    classes: text("classes").array().notNull().default(sql`'{}'::text[]`),
    /** Path relative to the data directory. */
    storagePath: text("storage_path").notNull(),
    uploadedBy: integer("uploaded_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("resources_team_name_lower_key").on(t.teamId, sql`lower(${t.name})`), index("resources_team_idx").on(t.teamId)],
);
