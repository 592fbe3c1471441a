import { index, integer, pgTable, serial, text, timestamp, uniqueIndex, boolean } from "drizzle-orm/pg-core";
import { teams } from "./teams";
import { users } from "./users";

/**
 * A team's `${name}` value, substituted into job SQL and program arguments at validation and
 * deployment. A secret's value is stored encrypted (lib/crypto) and shown only with
 * variable:view_secret; it never enters the audit log.
 */
export const variables = pgTable(
  "variables",
  {
    id: serial("id").primaryKey(),
    teamId: integer("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** Plain text, or for secrets the sealed value (see lib/crypto/secrets.ts). */
    value: text("value").notNull(),
    secret: boolean("secret").notNull().default(false),
    description: text("description").notNull().default(""),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // Variable names are case-sensitive, as ${Name} and ${name} are different placeholders.
  (t) => [uniqueIndex("variables_team_name_key").on(t.teamId, t.name), index("variables_team_idx").on(t.teamId)],
);
