import { sql } from "drizzle-orm";
import { boolean, integer, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * A registered FLINK_HOME on the Eddy host. Installation-wide (a path on this server serves every
 * team), like StreamPark's t_flink_env. What was read from it at registration is kept, so pages
 * and builds do not depend on the directory staying readable; `sync` reads it again.
 */
export const flinkVersions = pgTable(
  "flink_versions",
  {
    id: serial("id").primaryKey(),
    name: text("name").notNull(),
    home: text("home").notNull(),
    version: text("version").notNull(),
    major: integer("major").notNull(),
    minor: integer("minor").notNull(),
    commit: text("commit"),
    distJar: text("dist_jar").notNull(),
    configFile: text("config_file"),
    configText: text("config_text").notNull().default(""),
    description: text("description").notNull().default(""),
    isDefault: boolean("is_default").notNull().default(false),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    syncedAt: timestamp("synced_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("flink_versions_name_lower_key").on(sql`lower(${t.name})`),
    uniqueIndex("flink_versions_home_key").on(t.home),
    // At most one default.
    uniqueIndex("flink_versions_one_default").on(t.isDefault).where(sql`${t.isDefault}`),
  ],
);
