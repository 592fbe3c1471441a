import { integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/** Failed sign-ins per (username, address), for throttling. Kept in Postgres so every console process agrees. */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    username: text("username").notNull(),
    address: text("address").notNull(),
    failures: integer("failures").notNull().default(0),
    windowStartedAt: timestamp("window_started_at", { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.username, t.address] })],
);
