import { sql } from "drizzle-orm";
import { type AnyPgColumn, boolean, integer, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { teams } from "./teams";

export const users = pgTable(
  "users",
  {
    id: serial("id").primaryKey(),
    username: text("username").notNull(),
    displayName: text("display_name").notNull().default(""),
    email: text("email").notNull().default(""),
    passwordHash: text("password_hash").notNull(),
    isAdmin: boolean("is_admin").notNull().default(false),
    enabled: boolean("enabled").notNull().default(true),
    // Bumped on password change, reset and disable: a session minted with an older value is void.
    sessionVersion: integer("session_version").notNull().default(1),
    lastTeamId: integer("last_team_id").references((): AnyPgColumn => teams.id, { onDelete: "set null" }),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_username_lower_key").on(sql`lower(${t.username})`)],
);

export type UserRow = typeof users.$inferSelect;
